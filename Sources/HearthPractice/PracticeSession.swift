import Foundation
import HearthRecords

/// One run of a practice: asks through a `PracticePrompt`, gathers what to store in `changes`
/// as each answer comes, and never loses it: Ctrl-D ends the flow after the answer on its line,
/// Ctrl-C (or a hang-up) ends it at once, and `changes` holds everything written until then.
/// The caller stores `changes` however the flow ended.
public final class PracticeSession {
    let prompt: PracticePrompt
    let data: PracticeData
    let clock: () -> Date
    let timeZone: TimeZone
    public let rhythm: BreathRhythm
    public private(set) var changes = PracticeChanges()
    /// Ctrl-D was pressed: the answer on that line was taken; the next question ends the flow.
    private(set) var leaving = false

    /// Activation at or above this offers a minute of breathing first.
    public static let breatheOfferAt = 7
    /// How long the breathing offered inside another flow lasts (any key ends it sooner).
    public static let offeredBreathMinutes = 1.0

    public init(prompt: PracticePrompt, data: PracticeData, clock: @escaping () -> Date, timeZone: TimeZone,
                rhythm: BreathRhythm = .standard) {
        self.prompt = prompt
        self.data = data
        self.clock = clock
        self.timeZone = timeZone
        self.rhythm = rhythm
    }

    /// Runs `practice` (nil: the menu first). `options` carries `--after` and `--minutes`.
    public func run(_ practice: Practice?, after: Bool = false, minutes: Double? = nil) -> PracticeEnding {
        do throws(Leave) {
            var chosen = practice
            if chosen == nil { chosen = try askMenu() }
            guard let chosen else { return .finished }
            switch chosen {
            case .reflect: try reflect()
            case .share: try after ? shareAfter() : share()
            case .belief: try belief()
            case .notice: try notice()
            case .breathe: try breathe(minutes: minutes)
            }
            return leaving ? .left : .finished
        } catch {
            switch error {
            case .left: return .left
            case .stopped(let signal): return .stopped(signal)
            }
        }
    }

    /// The menu alone, before the vault is unlocked (the person sees the choices first, and
    /// no answer is asked before the passphrase). Nil when left: the ending says how.
    public func chooseFromMenu() -> (chosen: Practice?, ending: PracticeEnding) {
        do throws(Leave) {
            let chosen = try askMenu()
            return (chosen, .finished)
        } catch {
            switch error {
            case .left: return (nil, .left)
            case .stopped(let signal): return (nil, .stopped(signal))
            }
        }
    }

    /// How a flow is left early (internal: `run` turns it into a `PracticeEnding`).
    enum Leave: Error { case left, stopped(Int32) }

    /// Now, as a record keeps it.
    var now: RecordTime {
        let date = clock()
        return RecordTime(date: Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down)),
                          offsetSeconds: timeZone.secondsFromGMT(for: date))
    }

    var today: String { String(now.iso8601.prefix(10)) }

    func record(_ key: String, _ change: PracticeChange?) { changes.set(key, change) }

    // MARK: Asking

    /// One answer, trimmed ("" when skipped). After Ctrl-D the answer on that line still counts;
    /// the next question ends the flow.
    func ask(_ question: PracticeQuestion) throws(Leave) -> String {
        if leaving { throw .left }
        let answer: PracticeAnswer
        do throws(PracticeStop) {
            answer = try prompt.ask(question)
        } catch {
            throw .stopped(error.signal)
        }
        if case .ended = answer { leaving = true }
        return answer.text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A whole number in `range`, asked again until it fits; nil when skipped.
    func askNumber(_ question: PracticeQuestion, _ range: ClosedRange<Int>) throws(Leave) -> Int? {
        while true {
            let text = try ask(question)
            if text.isEmpty { return nil }
            if let n = Int(text), range.contains(n) { return n }
            leaving = false  // what was typed must fit before it is kept, even after Ctrl-D
            prompt.say(.numberBetween(range))
        }
    }

    /// A word of a vocabulary, asked again until it fits; nil when skipped.
    func askWord<W: VocabularyWord>(_ question: PracticeQuestion, _ type: W.Type) throws(Leave) -> W? {
        while true {
            let text = try ask(question)
            if text.isEmpty { return nil }
            if let word = W(word: text) { return word }
            leaving = false
            prompt.say(.oneOf(W.words))
        }
    }

    /// Yes or no (Enter: no).
    func askYes(_ question: PracticeQuestion) throws(Leave) -> Bool {
        let text = try ask(question).lowercased()
        return text == "y" || text == "yes"
    }

    /// Someone from the numbered list of people: a number, a name or its beginning; nil when skipped.
    func askPerson(_ question: PracticeQuestion) throws(Leave) -> Person? {
        while true {
            let text = try ask(question)
            if text.isEmpty { return nil }
            if let person = person(named: text) { return person }
            leaving = false
            prompt.say(.notInTheList)
        }
    }

    func showPeople() {
        prompt.show(data.people.enumerated().map { "  \($0.offset + 1). \($0.element.name)" })
    }

    func person(named typed: String) -> Person? {
        if let n = Int(typed), data.people.indices.contains(n - 1) { return data.people[n - 1] }
        let candidates = data.people.map { PersonReference.Candidate(id: $0.id, name: $0.name) }
        guard case .one(let found)? = PersonReference(typed)?.resolve(among: candidates) else { return nil }
        return data.people.first { $0.id == found.id }
    }

    /// After an activation of 7 or more: a minute of slow breathing, if the person wants it.
    func offerBreath(_ activation: Int?) throws(Leave) {
        guard let activation, activation >= Self.breatheOfferAt else { return }
        guard try askYes(.breatheFirst) else { return }
        prompt.say(.breatheIntro(minutes: Int(Self.offeredBreathMinutes.rounded(.up))))
        try guide(minutes: Self.offeredBreathMinutes)
        prompt.say(.breatheBackToFlow)
    }

    private func askMenu() throws(Leave) -> Practice? {
        for (index, practice) in Practice.allCases.enumerated() { prompt.say(.menuItem(practice, number: index + 1)) }
        prompt.say(.menuHow)
        while true {
            let text = try ask(.whichPractice)
            if text.isEmpty { return nil }
            if let practice = Practice(choice: text) { return practice }
            leaving = false
            prompt.say(.notAPractice)
        }
    }
}
