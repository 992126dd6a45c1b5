import Foundation
import HearthSession

/// Ctrl-C (or the terminal closing, or `kill`) during long work such as an import or a merge.
/// Without this, the signal ends the process wherever it is: the vault stays as it was (saves
/// are atomic), but the progress line is left half-drawn and nobody says what happened. Here the
/// signal is caught; the work stops at its next safe point (`check()`, between records, never
/// inside a save), everything on the way up is undone and wiped, and the person reads what was
/// kept. A signal that arrives once the save has begun waits for it: the save completes.
final class StopRequest {
    private let signals: SignalCatcher?
    private let whatWasKept: String

    private init(whatWasKept: String) {
        self.whatWasKept = whatWasKept
        signals = SignalCatcher([SIGINT, SIGTERM, SIGHUP])
    }

    /// Runs `body` with Ctrl-C, hang-up and `kill` caught; `body` calls `check()` between its
    /// steps. `whatWasKept` is said when it stops ("Nothing from this import was saved; ...").
    /// Prompts belong before or after `body`: a secret prompt handles these signals itself.
    static func catching<T>(whatWasKept: String, _ body: (StopRequest) throws -> T) throws -> T {
        let request = StopRequest(whatWasKept: whatWasKept)
        defer { request.signals?.release() }
        let result = try body(request)
        if request.signals?.pending().isEmpty == false {
            Console.message("Ctrl-C came while saving; the save was finished first, so it is complete.")
        }
        return result
    }

    /// Throws `Stopped` when a signal arrived since the work began.
    func check() throws {
        if let signal = signals?.pending().first {
            throw Stopped(signal: signal, message: "Stopped. " + whatWasKept)
        }
    }
}

/// Long work stopped by a signal before it saved anything. `HearthCommand.run` clears the
/// progress line, says `message`, and ends with 128 + the signal's number (130 for Ctrl-C), as
/// a shell expects from a command stopped that way.
struct Stopped: Error {
    let signal: Int32
    let message: String
}
