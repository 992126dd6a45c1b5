import Foundation

/// How a practice talks with the person: the terminal in the binary, scripted answers in tests.
/// A flow never touches the terminal itself, so every question, its order and what is stored is
/// tested in process.
public protocol PracticePrompt: AnyObject {
    /// Says one line of the flow (an introduction, a note between questions).
    func say(_ line: PracticeLine)
    /// Shows the person's own words or a numbered list to choose from: data, not a message.
    func show(_ lines: [String])
    /// Asks one question and returns what was typed. Throws `PracticeStop` at Ctrl-C, a hang-up
    /// or `kill`.
    func ask(_ question: PracticeQuestion) throws(PracticeStop) -> PracticeAnswer
    /// Draws one frame of the breathing guide over the previous one.
    func draw(_ frame: BreathFrame)
    /// Waits up to `seconds` for any key. Throws `PracticeStop` at a termination signal.
    func waitForKey(seconds: Double) throws(PracticeStop) -> KeyWait
    /// Ends the breathing guide's line (the terminal is as it was before the guide).
    func endGuide()
}

/// One answer at a prompt.
public enum PracticeAnswer: Equatable, Sendable {
    /// A line ended with Enter.
    case line(String)
    /// Ctrl-D: the person is done for now. Holds what was on the line (maybe nothing).
    case ended(String)

    public var text: String {
        switch self {
        case .line(let text), .ended(let text): text
        }
    }
}

/// What ended a wait for a key.
public enum KeyWait: Equatable, Sendable {
    case key
    case timeout
    /// No terminal to wait on (the end of input): treated as a key.
    case ended
}

/// Ctrl-C, a hang-up or `kill` during a practice: the flow stops, and what was written is kept.
public struct PracticeStop: Error, Equatable {
    public let signal: Int32

    public init(signal: Int32) { self.signal = signal }
}
