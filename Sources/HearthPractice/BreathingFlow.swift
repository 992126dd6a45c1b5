import Foundation
import HearthRecords

// `practice breathe [--minutes N]`: a paced breathing guide, any key stops it. Nothing is stored
// unless the person asks to note activation before and after: then a body check-in with
// `helped: breathing` and both activations.
extension PracticeSession {
    /// How long the guide runs when no `--minutes` is given.
    public static let defaultBreathMinutes = 3.0
    /// What a body check-in made here says helped.
    public static let breathingStrategy = "breathing"

    func breathe(minutes: Double?) throws(Leave) {
        var checkIn: BodyCheckIn?
        if try askYes(.noteActivationToo) {
            let start = now
            if let state = try askWord(.stateNow, NervousSystemState.self),
               let activation = try askNumber(.activationNow, BodyCheckIn.activationRange) {
                checkIn = BodyCheckIn(common: RecordCommon(at: start), state: state, activation: activation,
                                      helped: [.init(strategy: Self.breathingStrategy)])
                record("breathe", checkIn.map { PracticeChange.add(.body($0)) })
            }
        }
        let length = minutes ?? Self.defaultBreathMinutes
        prompt.say(.breatheIntro(minutes: Int(length.rounded(.up))))
        try guide(minutes: length)
        prompt.say(.breatheDone)
        if var body = checkIn {
            body.activationAfter = try askNumber(.activationAfterwards, BodyCheckIn.activationRange)
            record("breathe", .add(.body(body)))
        }
    }

    /// The guide itself: draws the rhythm until the time is up or a key is pressed. Waiting is
    /// the prompt's (a key or a timeout), and time is read from the session's clock, so tests
    /// step a clock instead of waiting.
    func guide(minutes: Double) throws(Leave) {
        if leaving { throw .left }
        let start = clock()
        let total = max(0, minutes) * 60
        defer { prompt.endGuide() }
        while true {
            let elapsed = clock().timeIntervalSince(start)
            if elapsed >= total { return }
            prompt.draw(rhythm.frame(at: elapsed))
            let wait: KeyWait
            do throws(PracticeStop) {
                wait = try prompt.waitForKey(seconds: min(rhythm.frameInterval, total - elapsed))
            } catch {
                throw .stopped(error.signal)
            }
            if wait != .timeout { return }
        }
    }
}
