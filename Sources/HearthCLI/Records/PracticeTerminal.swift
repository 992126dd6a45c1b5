import Foundation
import HearthMessages
import HearthPractice
import HearthSession

/// A practice's prompt on the terminal: questions through `PromptLines` (line mode; Ctrl-D
/// ends, Ctrl-C stops, Ctrl-Z and `fg` show the question again), the breathing guide's frames
/// drawn over one line, keys through `KeyWatch`. Only one of the two holds the signals at a time.
/// (`@unchecked Sendable`: used on the run's thread only; the writer lock's wait asks it.)
final class PracticeTerminal: PracticePrompt, @unchecked Sendable {
    private var lines: PromptLines? = PromptLines(resumable: true)
    private var savingSignal: Int32?
    private var keys: KeyWatch?
    private var lastFrame: BreathFrame?

    func say(_ line: PracticeLine) { Terminal.show(.practiceLine(line)) }

    func show(_ lines: [String]) { Terminal.showChoices(lines.map { $0 + "\n" }.joined()) }

    func ask(_ question: PracticeQuestion) throws(PracticeStop) -> PracticeAnswer {
        endGuide()
        if lines == nil { lines = PromptLines(resumable: true) }
        do throws(PromptLines.Abandoned) {
            guard let line = try lines?.read(prompt: .practiceQuestion(question)) else { return .ended("") }
            return line.isFinished ? .ended(line.text) : .line(line.text)
        } catch {
            throw PracticeStop(signal: error.signal)
        }
    }

    func draw(_ frame: BreathFrame) {
        if keys == nil {
            // The line reader lets go of the signals first: one catcher at a time.
            lines?.release()
            lines = nil
            let fd = HearthContext.current.terminal.open()
            keys = fd >= 0 ? KeyWatch(fd: fd, ownsProcess: HearthContext.current.isProcess) : nil
        }
        lastFrame = frame
        Terminal.redrawLine(.breathPhase(frame.phase), then: frame.bar)
    }

    func waitForKey(seconds: Double) throws(PracticeStop) -> KeyWait {
        guard let keys else { return .ended }
        switch keys.wait(seconds: seconds) {
        case .key: return .key
        case .timeout: return .timeout
        case .ended: return .ended
        case .resumed:
            if let lastFrame { Terminal.redrawLine(.breathPhase(lastFrame.phase), then: lastFrame.bar) }
            return .timeout
        case .signal(let signal):
            endGuide()
            throw PracticeStop(signal: signal)
        }
    }

    func endGuide() {
        guard let keys else { return }
        keys.end()
        self.keys = nil
        lastFrame = nil
        Terminal.endLine()
        lines = PromptLines(resumable: true)  // the signals held again, until `release`
    }

    /// A termination signal that arrived after the last question (while saving): held until
    /// the save completed, then reported so that Hearth still ends with 128 + the signal.
    func signalWhileSaving() -> Int32? {
        do throws(PromptLines.Abandoned) {
            if savingSignal == nil { try lines?.checkSignals() }
        } catch {
            savingSignal = error.signal
        }
        return savingSignal
    }

    /// Lets go of the terminal and the signals.
    func release() {
        keys?.end()
        keys = nil
        lines?.release()
        lines = nil
    }
}
