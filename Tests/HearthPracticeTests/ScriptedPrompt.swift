import Foundation
import HearthPractice
import Testing

/// A practice's prompt with answers written in advance: each question must be the one
/// expected, in order; waiting for a key steps the clock instead of waiting.
final class ScriptedPrompt: PracticePrompt {
    enum Reply: Equatable, Sendable {
        /// Typed, then Enter.
        case line(String)
        /// Typed, then Ctrl-D.
        case ended(String)
        /// Ctrl-C.
        case stop
    }

    private var script: [(PracticeQuestion, Reply)]
    private(set) var asked: [PracticeQuestion] = []
    private(set) var said: [PracticeLine] = []
    private(set) var shown: [String] = []
    private(set) var frames: [BreathFrame] = []
    private(set) var waited = 0.0
    private(set) var guidesEnded = 0
    /// Any key after this many seconds of waiting in the guide (nil: never).
    var keyAfter: Double?
    /// Ctrl-C after this many seconds of waiting in the guide.
    var stopAfter: Double?
    let clock: SteppedTime

    init(_ script: [(PracticeQuestion, Reply)], clock: SteppedTime = SteppedTime()) {
        self.script = script
        self.clock = clock
    }

    var unanswered: Int { script.count }

    func say(_ line: PracticeLine) { said.append(line) }

    func show(_ lines: [String]) { shown += lines }

    func ask(_ question: PracticeQuestion) throws(PracticeStop) -> PracticeAnswer {
        asked.append(question)
        guard !script.isEmpty else {
            Issue.record("no answer scripted for \(question)")
            return .ended("")
        }
        let (expected, reply) = script.removeFirst()
        #expect(question == expected, "asked \(question), expected \(expected)")
        switch reply {
        case .line(let text): return .line(text)
        case .ended(let text): return .ended(text)
        case .stop: throw PracticeStop(signal: SIGINT)
        }
    }

    func draw(_ frame: BreathFrame) { frames.append(frame) }

    func waitForKey(seconds: Double) throws(PracticeStop) -> KeyWait {
        if let stopAfter, waited >= stopAfter { throw PracticeStop(signal: SIGINT) }
        if let keyAfter, waited >= keyAfter { return .key }
        waited += seconds
        clock.advance(seconds)
        return .timeout
    }

    func endGuide() { guidesEnded += 1 }
}

/// Time a test moves by hand.
final class SteppedTime: @unchecked Sendable {
    private let lock = NSLock()
    private var date = Date(timeIntervalSince1970: 1_780_000_000)

    var now: Date { lock.withLock { date } }

    func advance(_ seconds: Double) { lock.withLock { date += seconds } }
}
