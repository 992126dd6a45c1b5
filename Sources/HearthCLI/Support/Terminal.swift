import CPlatform
import Foundation
import HearthDisplayWidth
import HearthCrypto
import HearthMessages
import HearthSession

/// Questions asked on the controlling terminal (`/dev/tty`), never on stdin/stdout, so that
/// piped input and output stay clean and prompts work inside scripts run from a terminal.
enum Terminal {
    /// Reads one line with echo on; nil without a terminal, or at Ctrl-D on an empty line.
    /// `suffix`: what follows the question on its line (" [y/N] ", ": ").
    static func readLine(prompt: Message, suffix: String = "") -> String? {
        let fd = HearthContext.current.terminal.open()
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        put(prompt.text + suffix, on: fd)
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        var ended = false
        while true {
            let n = read(fd, &byte, 1)
            if n < 0, errno == EINTR { continue }
            if n != 1 { break }
            if byte == 0x0A {
                ended = true
                break
            }
            bytes.append(byte)
        }
        if !ended && bytes.isEmpty { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Shows `prompt` and waits for any one key (read without echo, not waiting for Enter), the
    /// end of input, or a termination signal (Ctrl-C, hang-up, `kill`). Returns that signal, or nil
    /// for a key, the end of input, or no terminal (then it returns at once). The terminal's modes
    /// are restored before it returns, whatever ended the wait.
    static func waitForKey(prompt: Message) -> Int32? {
        let fd = HearthContext.current.terminal.open()
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        let signals = RunSignals.catcher(SignalCatcher.termination)
        defer { signals?.release() }
        put(prompt.text, on: fd)
        let keyMode = HearthContext.current.isProcess && hearth_tty_single_key_begin(fd) == 0
        defer {
            if keyMode { hearth_tty_single_key_end() }
            put("\n", on: fd)
        }
        var entries = [pollfd(fd: fd, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: signals?.descriptor ?? -1, events: Int16(POLLIN), revents: 0)]
        while true {
            if let signal = signals?.pending().first { return signal }
            let ready = poll(&entries, nfds_t(entries.count), -1)
            if ready < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if entries[1].revents != 0 { continue }
            if entries[0].revents != 0 {
                var byte: UInt8 = 0
                let n = read(fd, &byte, 1)
                if n < 0, errno == EINTR || errno == EAGAIN { continue }
                return signals?.pending().first
            }
        }
    }

    /// Says a message on the terminal (a line between questions); false without one.
    @discardableResult
    static func show(_ message: Message) -> Bool {
        showWrapped(message.text, then: "\n")
    }

    /// Shows a question without a line break after it (the answer follows on the same line).
    @discardableResult
    static func showPrompt(_ message: Message, suffix: String = "") -> Bool {
        showWrapped(message.text, then: suffix)
    }

    /// A message broken between words at the terminal's width (the terminal would break it
    /// mid-word), then `suffix` as it is.
    private static func showWrapped(_ text: String, then suffix: String) -> Bool {
        let fd = HearthContext.current.terminal.open()
        guard fd >= 0 else { return false }
        defer { close(fd) }
        return put(DisplayWidth.wrapped(text, to: Int(hearth_terminal_columns(fd))) + suffix, on: fd)
    }

    /// Draws a line over the one the cursor is on (the breathing guide's frames): the message,
    /// then `data`, both shown inert; false without a terminal.
    @discardableResult
    static func redrawLine(_ message: Message, then data: String) -> Bool {
        let fd = HearthContext.current.terminal.open()
        guard fd >= 0 else { return false }
        defer { close(fd) }
        return (try? DescriptorWriter.writeAll(fd, "\r\u{1B}[K" + TerminalText.neutralized(message.text + data))) != nil
    }

    /// Ends the line a prompt left open (the answer ended without Enter).
    @discardableResult
    static func endLine() -> Bool { showChoices("\n") }

    /// Writes a list to choose from (records, people, drives) to the terminal: data, not a
    /// message; false without one. Control characters are shown, not obeyed (`TerminalText`):
    /// lists may hold record text.
    @discardableResult
    static func showChoices(_ text: String) -> Bool {
        let fd = HearthContext.current.terminal.open()
        guard fd >= 0 else { return false }
        defer { close(fd) }
        return put(text, on: fd)
    }

    /// Everything Hearth shows on the terminal passes here: prompts may hold a drive's volume
    /// label or a file name from a drive, lists may hold record text.
    @discardableResult
    private static func put(_ text: String, on fd: Int32) -> Bool {
        ProgressLine.shared.clear()
        return (try? DescriptorWriter.writeAll(fd, TerminalText.neutralized(text))) != nil
    }

    /// Reads a secret with echo off (unless `echo`), straight into secret memory; nil without a terminal.
    /// Every secret prompt (passphrase, recovery key) comes here. Ctrl-Z at the prompt gives the
    /// terminal back with echo on and stops; `fg` turns echo off again and asks again from the
    /// start (as sudo, ssh and getpass do), so the secret never shows after a suspend.
    static func readSecret(prompt: Message, echo: Bool = false) throws -> SecretBytes? {
        let fd = HearthContext.current.terminal.open()
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        if echo {
            put(prompt.text, on: fd)
            return try SecretReader.readLine(fd: fd)
        }
        return try readHidden(from: fd, prompt: { put(prompt.text, on: fd) })
    }

    /// Reads one line from the terminal `fd` with echo off, whoever opened it: the prompt's own
    /// `/dev/tty`, or a descriptor or file given for a secret that turns out to be a terminal
    /// (`--recovery-key-fd 3 3</dev/tty`), which must not show what is typed either. `prompt`
    /// shows the question (again after Ctrl-Z and `fg`).
    static func readHidden(from fd: Int32, prompt: () -> Void) throws -> SecretBytes {
        prompt()
        let guarded = HearthContext.current.isProcess && hearth_secret_prompt_begin(fd) == 0
        defer {
            if guarded { hearth_secret_prompt_end() }
            endLine()
        }
        return try withoutActuallyEscaping(prompt) { prompt in
            try SecretReader.readLine(fd: fd, resumed: guarded ? {
                guard hearth_secret_prompt_resumed() != 0 else { return false }
                prompt()
                return true
            } : nil)
        }
    }
}

/// Reads secrets from descriptors into secret memory without passing through `String`.
enum SecretReader {
    /// Longest secret accepted (a passphrase is never this long; a wrong file might be).
    static let maximumLength = 4096

    /// Reads until end of file; strips one trailing newline ("\n" or "\r\n"). From a terminal
    /// (`--recovery-key-fd 3 3</dev/tty`) the first line is the secret: Enter ends it, and it is
    /// read with echo off, after the question `asking` ("Recovery key") on the terminal, as at
    /// Hearth's own prompt: a secret is never shown as it is typed, whichever way it comes.
    static func readAll(fd given: Int32, asking: Message) throws -> SecretBytes {
        let fd = Console.descriptor(given)
        if isatty(fd) == 1 {
            return try Terminal.readHidden(from: fd, prompt: { Terminal.showPrompt(.typingNotShown(asking)) })
        }
        let buffer = try SecretBytes(count: maximumLength + 1)
        var length = 0
        try buffer.withUnsafeMutableBytes { raw in
            while length <= maximumLength {
                let n = read(fd, raw.baseAddress! + length, maximumLength + 1 - length)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw CLIFailure(.ioError, .secretNotRead(errno: errno))
                }
                if n == 0 { break }
                length += n
            }
        }
        guard length <= maximumLength else {
            throw CLIFailure(.usage, .secretTooLong(limit: maximumLength))
        }
        return try buffer.prefix(strippingNewline(buffer, length: length))
    }

    /// Reads one line (for a terminal), without the newline. After a signal, `resumed` says
    /// whether the prompt was stopped and continued (and was shown again): then what was typed
    /// before is dropped and the line starts over.
    static func readLine(fd: Int32, resumed: (() -> Bool)? = nil) throws -> SecretBytes {
        let buffer = try SecretBytes(count: maximumLength)
        var length = 0
        buffer.withUnsafeMutableBytes { raw in
            var byte: UInt8 = 0
            while length < maximumLength {
                let n = read(fd, &byte, 1)
                if n < 0, errno == EINTR {
                    if resumed?() == true {
                        Memory.wipe(UnsafeMutableRawBufferPointer(rebasing: raw[0..<length]))
                        length = 0
                    }
                    continue
                }
                if n <= 0 || byte == 0x0A { break }
                raw[length] = byte
                length += 1
            }
            byte = 0
        }
        return try buffer.prefix(strippingNewline(buffer, length: length))
    }

    private static func strippingNewline(_ buffer: SecretBytes, length: Int) -> Int {
        buffer.withUnsafeBytes { raw in
            var end = length
            if end > 0, raw[end - 1] == 0x0A {
                end -= 1
                if end > 0, raw[end - 1] == 0x0D { end -= 1 }
            }
            return end
        }
    }

    /// Reads `path` as a secret. A terminal (`--passphrase-file /dev/tty`) is read as
    /// `readAll(fd:asking:)` reads one: a line, echo off. Any other file must be this account's
    /// own, writable by nobody else.
    static func readFile(_ path: String, asking: Message) throws -> SecretBytes {
        // Checked before opening too: opening another user's FIFO would wait on them. A device
        // that may be this account's terminal (its own, or /dev/tty) is opened first, since a
        // terminal is told apart only once open; any other device is refused before opening.
        var info = stat()
        if stat(path, &info) == 0 {
            let mayBeOwnTerminal = info.st_mode & S_IFMT == S_IFCHR && (info.st_uid == geteuid() || path == "/dev/tty")
            if !mayBeOwnTerminal { try checkOwnSecretFile(path, info) }
        }
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY)
        guard fd >= 0 else {
            let code = errno
            throw CLIFailure(code == ENOENT ? .notFound : .ioError, .secretFileUnreadable(path: path, errno: code))
        }
        defer { close(fd) }
        if isatty(fd) == 1 { return try readAll(fd: fd, asking: asking) }
        if fstat(fd, &info) == 0 { try checkOwnSecretFile(path, info) }
        return try readAll(fd: fd, asking: asking)
    }

    /// A secret file (or FIFO) that another user owns or may write could hold a passphrase they
    /// chose (planted in /dev/shm before the person's script wrote there): it is never used.
    private static func checkOwnSecretFile(_ path: String, _ info: stat) throws {
        guard info.st_uid != geteuid() || info.st_mode & 0o022 != 0 else { return }
        throw CLIFailure(.refused, .secretFileNotOwn(path: path))
    }

    /// Reads an environment variable into secret memory, then wipes it from this process's
    /// environment (its bytes are zeroed in place, so /proc/self/environ no longer shows it).
    static func takeEnvironment(_ name: String) throws -> SecretBytes? {
        try Environment.takeSecret(name)
    }
}
