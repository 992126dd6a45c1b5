import Foundation

/// Output helpers: data on stdout, every message on stderr.
enum Console {
    /// On a terminal, control characters are shown, not obeyed (`TerminalText`).
    static func message(_ text: String) {
        let safe = stderrIsTerminal ? TerminalText.neutralized(text) : text
        FileHandle.standardError.write(Data((safe + "\n").utf8))
    }

    /// On a terminal, control characters are shown, not obeyed (`TerminalText`); into a pipe or
    /// file the text goes as it is.
    static func output(_ text: String) {
        let safe = stdoutIsTerminal ? TerminalText.neutralized(text) : text
        FileHandle.standardOutput.write(Data((safe + "\n").utf8))
    }

    /// Writes Hearth's own terminal sequences (clearing the screen) to stdout unchanged.
    static func writeRaw(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    static var stdinIsTerminal: Bool { isatty(STDIN_FILENO) == 1 }
    static var stdoutIsTerminal: Bool { isatty(STDOUT_FILENO) == 1 }
    static var stderrIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }

    /// True when a controlling terminal can be opened to ask questions.
    static var hasTerminal: Bool {
        if ProcessInfo.processInfo.environment["HEARTH_NO_TTY"] != nil { return false }
        let fd = open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY)
        if fd < 0 { return false }
        close(fd)
        return true
    }

    /// Asks a yes/no question on the terminal; `false` without a terminal.
    static func confirm(_ question: String, defaultYes: Bool = false) -> Bool {
        guard let answer = Terminal.readLine(prompt: question + (defaultYes ? " [Y/n] " : " [y/N] ")) else {
            return false
        }
        let trimmed = answer.trimmingCharacters(in: .whitespaces).lowercased()
        if trimmed.isEmpty { return defaultYes }
        return trimmed == "y" || trimmed == "yes"
    }
}
