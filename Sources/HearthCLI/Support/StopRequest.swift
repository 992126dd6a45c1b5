import Foundation
import HearthMessages
import HearthSession

/// Ctrl-C (or the terminal closing, or `kill`) during long work such as an import or a merge.
/// Without this, the signal ends the process wherever it is: the vault stays as it was (saves
/// are atomic), but nobody says what happened. Here the signal is caught; the work stops at its
/// next safe point (`check()`, between records, never inside a save; a wait for the writer lock
/// ends at once), everything on the way up is rolled back and wiped, and the person reads what
/// was kept. A signal that arrives once the save has begun waits for it: the save completes.
final class StopRequest: @unchecked Sendable {
    private let signals: SignalCatcher?
    private let whatWasKept: Message
    private let lock = NSLock()
    private var arrived: Int32?

    /// The request of the work running now (one at a time: signals have one catcher), kept in
    /// the run's own state.
    private static var current: StopRequest? {
        get { HearthContext.current.run.stopRequest }
        set { HearthContext.current.run.stopRequest = newValue }
    }

    private init(whatWasKept: Message) {
        self.whatWasKept = whatWasKept
        signals = RunSignals.catcher([SIGINT, SIGTERM, SIGHUP])
    }

    /// Runs `body` with Ctrl-C, hang-up and `kill` caught; `body` calls `check()` between its
    /// steps. `whatWasKept` is said when it stops ("Nothing from this import was saved; ...").
    /// Prompts belong before or after `body`: a secret prompt handles these signals itself.
    /// When `body` fails after a signal arrived (a wait for the lock given up), it stopped too.
    static func catching<T>(whatWasKept: Message, _ body: (StopRequest) throws -> T) throws -> T {
        let request = StopRequest(whatWasKept: whatWasKept)
        current = request
        defer {
            current = nil
            request.signals?.release()
        }
        let result: T
        do {
            result = try body(request)
        } catch let stopped as Stopped {
            throw stopped
        } catch {
            if let signal = request.signal { throw request.stopped(signal) }
            throw error
        }
        if request.signal != nil {
            Console.message(.savedDespiteCtrlC)
        }
        return result
    }

    /// True when a signal arrived during the work running now.
    static var isRequested: Bool {
        current?.signal != nil
    }

    /// The first signal that arrived, if any.
    var signal: Int32? {
        lock.withLock {
            if arrived == nil { arrived = signals?.pending().first }
            return arrived
        }
    }

    /// Throws `Stopped` when a signal arrived since the work began.
    func check() throws {
        if let signal { throw stopped(signal) }
    }

    private func stopped(_ signal: Int32) -> Stopped {
        Stopped(signal: signal, message: .stopped(kept: whatWasKept))
    }
}

/// Long work stopped by a signal before it saved anything. `HearthCommand.run` clears the
/// progress line, says `message`, and ends with 128 + the signal's number (130 for Ctrl-C), as
/// a shell expects from a command stopped that way.
struct Stopped: Error {
    let signal: Int32
    let message: Message
}
