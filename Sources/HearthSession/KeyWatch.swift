import CPlatform
import Foundation

/// Waits for single keys on a terminal (no echo, no Enter) between the frames of something drawn
/// in time (the breathing guide), and gives the terminal back as it was on every way out: the
/// end of the watch, Ctrl-C, a hang-up or `kill` (caught, so the watch ends normally), and Ctrl-Z
/// (the terminal is given back before the process stops, and taken again after `fg`).
public final class KeyWatch {
    public enum Event: Equatable, Sendable {
        case key, timeout, ended
        /// Back after Ctrl-Z and `fg`: draw again.
        case resumed
        /// A termination signal: the watch should end.
        case signal(Int32)
    }

    private let fd: Int32
    private let ownsProcess: Bool
    private var signals: SignalCatcher?
    private var keyMode = false
    private var ended = false

    /// Watches terminal `fd` (the watch closes it). `ownsProcess`: this is the `hearth` process
    /// itself, so the terminal's modes and the signals may be changed (never in a test's process).
    public init(fd: Int32, ownsProcess: Bool) {
        self.fd = fd
        self.ownsProcess = ownsProcess
        if ownsProcess { signals = SignalCatcher(SignalCatcher.termination + [SIGTSTP, SIGCONT]) }
        enterKeyMode()
    }

    private func enterKeyMode() {
        keyMode = ownsProcess && hearth_tty_single_key_begin(fd) == 0
    }

    private func leaveKeyMode() {
        if keyMode { hearth_tty_single_key_end() }
        keyMode = false
    }

    /// Waits up to `seconds` for a key or a signal.
    public func wait(seconds: Double) -> Event {
        var entries = [pollfd(fd: fd, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: signals?.descriptor ?? -1, events: Int16(POLLIN), revents: 0)]
        let ready = poll(&entries, nfds_t(entries.count), Int32(max(0, seconds) * 1000))
        if let event = handleSignals() { return event }
        if ready < 0 { return errno == EINTR ? .timeout : .ended }
        guard ready > 0, entries[0].revents != 0 else { return .timeout }
        var byte: UInt8 = 0
        let n = read(fd, &byte, 1)
        if n < 0, errno == EINTR || errno == EAGAIN { return .timeout }
        return n == 1 ? .key : .ended
    }

    private func handleSignals() -> Event? {
        let pending = signals?.pending() ?? []
        if let ending = pending.first(where: { $0 != SIGTSTP && $0 != SIGCONT }) { return .signal(ending) }
        if pending.contains(SIGTSTP) {
            leaveKeyMode()
            _ = write(fd, "\n", 1)
            raise(SIGSTOP)  // here the process stops; `fg` continues it
            enterKeyMode()
            _ = signals?.pending()
            return .resumed
        }
        return pending.contains(SIGCONT) ? .resumed : nil
    }

    /// The terminal as it was, the signals' default actions back.
    public func end() {
        guard !ended else { return }
        ended = true
        leaveKeyMode()
        signals?.release()
        signals = nil
        close(fd)
    }

    deinit { end() }
}
