import Foundation
import HearthMessages
import HearthSession

/// One question on the terminal whose answer can also be "stop": the end of input (Ctrl-D) or
/// Ctrl-C each end it at once and say so, instead of killing Hearth mid-way (a draft then left
/// behind) or waiting for Enter after a Ctrl-C.
enum TerminalQuestion {
    enum Answer: Equatable {
        case line(String)
        /// Ctrl-D, or no terminal.
        case ended
        /// Ctrl-C, hang-up or termination: the signal.
        case interrupted(Int32)
    }

    static func ask(_ prompt: Message) -> Answer {
        let fd = HearthContext.current.terminal.open()
        guard fd >= 0 else { return .ended }
        defer { close(fd) }
        // Our own catcher when none is active; with one active (an editor's draft is open), its
        // handler interrupts the read just the same (it never restarts a read).
        let signals = RunSignals.catcher(SignalCatcher.termination)
        defer { signals?.release() }
        Terminal.showPrompt(prompt)
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        while true {
            let n = read(fd, &byte, 1)
            if n < 0, errno == EINTR {
                if let signals {
                    if let signal = signals.pending().first { return .interrupted(signal) }
                    continue
                }
                return .interrupted(SIGINT)
            }
            if n != 1 { return bytes.isEmpty ? .ended : .line(String(decoding: bytes, as: UTF8.self)) }
            if byte == 0x0A { return .line(String(decoding: bytes, as: UTF8.self)) }
            bytes.append(byte)
        }
    }
}
