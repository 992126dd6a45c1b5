import CPlatform
import Foundation
import HearthSession

/// Waits for single keys on the terminal (no echo, no Enter) between frames of the breathing
/// guide, and gives the terminal back as it was on every way out: the end of the watch, Ctrl-C,
/// a hang-up or `kill` (caught, so the watch ends normally), and Ctrl-Z (the terminal is given
/// back before stopping, and taken again after `fg`).
final class KeyWatch {
    enum Event: Equatable {
        case key, timeout, ended, resumed
        case signal(Int32)
    }

    private let fd: Int32
    private var signals: SignalCatcher?
    private var keyMode = false
    private var ended = false

    /// Nil without a terminal.
    init?() {
        fd = HearthContext.current.terminal.open()
        guard fd >= 0 else { return nil }
        signals = RunSignals.catcher(SignalCatcher.termination + [SIGTSTP, SIGCONT])
        enterKeyMode()
    }

    private func enterKeyMode() {
        keyMode = HearthContext.current.isProcess && hearth_tty_single_key_begin(fd) == 0
    }

    private func leaveKeyMode() {
        if keyMode { hearth_tty_single_key_end() }
        keyMode = false
    }

    /// Waits up to `seconds` for a key or a signal.
    func wait(seconds: Double) -> Event {
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

    /// Ctrl-Z: the terminal as it was, then stop; after `fg`, key mode again (`resumed`: the
    /// guide draws its line again). A termination signal ends the watch.
    private func handleSignals() -> Event? {
        let pending = signals?.pending() ?? []
        if let ending = pending.first(where: { $0 != SIGTSTP && $0 != SIGCONT }) { return .signal(ending) }
        if pending.contains(SIGTSTP) {
            leaveKeyMode()
            Terminal.endLine()
            raise(SIGSTOP)
            enterKeyMode()
            _ = signals?.pending()
            return .resumed
        }
        return pending.contains(SIGCONT) ? .resumed : nil
    }

    /// The terminal as it was, the signals' default actions back.
    func end() {
        guard !ended else { return }
        ended = true
        leaveKeyMode()
        signals?.release()
        signals = nil
        close(fd)
    }

    deinit { end() }
}
