import Foundation
#if canImport(Glibc)
import Glibc
#endif
import HearthCrypto
import HearthMessages
import HearthSession

/// Lines typed at a guided prompt on the controlling terminal, with the keys told apart as
/// people expect of a program that takes text (jrnl, mail): Enter ends a line; Ctrl-D ends the
/// writing, keeping what is on the line as well as what came before; Ctrl-C (or a hang-up, or
/// `kill`) abandons. The terminal stays in its ordinary line mode (echo on, line editing), so
/// however the prompt ends there is no terminal state to restore.
///
/// Termination signals are caught from `init` until the reader is released, not only while a
/// line is read: a Ctrl-C between two questions also ends calmly, saying nothing was saved.
final class PromptLines {
    /// What one answer ended with.
    enum Line: Equatable {
        /// A line ended with Enter.
        case line(String)
        /// Ctrl-D: the writing is done. Holds what was on the line (maybe nothing).
        case finished(String)

        var text: String {
            switch self {
            case .line(let text), .finished(let text): text
            }
        }

        var isFinished: Bool {
            if case .finished = self { return true }
            return false
        }
    }

    /// Ctrl-C, a hang-up or `kill` while the prompt was open: nothing is saved.
    struct Abandoned: Error {
        let signal: Int32
    }

    private var signals: SignalCatcher?
    /// The question being asked, shown again when the prompt comes back after Ctrl-Z and `fg`.
    private var asking: (() -> Void)?

    /// `resumable`: after Ctrl-Z and `fg`, the question being asked is shown again.
    init(resumable: Bool = false) {
        signals = RunSignals.catcher(SignalCatcher.termination + (resumable ? [SIGCONT] : []))
    }

    /// The first termination signal that arrived since the last look; a continue (after Ctrl-Z)
    /// shows the question again.
    private func pendingStop() -> Int32? {
        let pending = signals?.pending() ?? []
        if pending.contains(SIGCONT) { asking?() }
        return pending.first { $0 != SIGCONT }
    }

    /// Stops catching signals (the default actions apply again).
    func release() {
        signals?.release()
        signals = nil
    }

    deinit { signals?.release() }

    /// Throws `Abandoned` if a termination signal arrived since the last look.
    func checkSignals() throws(Abandoned) {
        if let signal = pendingStop() { throw Abandoned(signal: signal) }
    }

    /// Shows `prompt` and reads one answer; nil without a terminal.
    func read(prompt: Message, suffix: String = "") throws(Abandoned) -> Line? {
        if HearthContext.current.terminal.isAbsent { return nil }
        try checkSignals()
        let fd = HearthContext.current.terminal.open()
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        Terminal.showPrompt(prompt, suffix: suffix)
        asking = { Terminal.showPrompt(prompt, suffix: suffix) }
        defer { asking = nil }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        defer {
            Memory.wipe(&bytes)
            Memory.wipe(&chunk)
        }
        var entries = [pollfd(fd: fd, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: signals?.descriptor ?? -1, events: Int16(POLLIN), revents: 0)]
        while true {
            if let signal = pendingStop() {
                Terminal.endLine()
                throw Abandoned(signal: signal)
            }
            let ready = poll(&entries, nfds_t(entries.count), -1)
            if ready < 0 {
                if errno == EINTR { continue }
                return .finished(Self.text(bytes))
            }
            if entries[1].revents != 0 { continue }
            guard entries[0].revents != 0 else { continue }
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                // The terminal went away (EIO after a hang-up): nobody is there to finish.
                throw Abandoned(signal: pendingStop() ?? SIGHUP)
            }
            if n == 0 {
                // Ctrl-D on an empty line. A hang-up looks the same: its signal says which.
                if let signal = pendingStop() { throw Abandoned(signal: signal) }
                Terminal.endLine()
                return .finished(Self.text(bytes))
            }
            bytes += chunk[0..<n]
            if bytes.last == 0x0A {
                bytes.removeLast()
                return .line(Self.text(bytes))
            }
            // In line mode a read ends early without a newline only when Ctrl-D handed over
            // what was on the line (a line longer than the chunk simply continues).
            if n < chunk.count {
                Terminal.endLine()
                return .finished(Self.text(bytes))
            }
        }
    }

    /// A yes/no question; nil at Ctrl-D or without a terminal.
    func confirm(_ question: Message, defaultYes: Bool = false) throws(Abandoned) -> Bool? {
        guard let answer = try read(prompt: question, suffix: defaultYes ? " [Y/n] " : " [y/N] ") else { return nil }
        let typed = answer.text.trimmingCharacters(in: .whitespaces).lowercased()
        if typed.isEmpty { return answer.isFinished ? nil : defaultYes }
        return typed == "y" || typed == "yes"
    }

    private static func text(_ bytes: [UInt8]) -> String {
        var text = String(decoding: bytes, as: UTF8.self)
        if text.hasSuffix("\r") { text.removeLast() }
        return text
    }
}
