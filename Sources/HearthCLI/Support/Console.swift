import CPlatform
import Foundation
import HearthDisplayWidth
import HearthMessages

/// Output helpers: data on stdout, every message on stderr.
enum Console {
    /// Whether messages show their technical detail too: `--verbose` anywhere on the command
    /// line, or `$HEARTH_VERBOSE` set to anything but empty or `0` (set once, as a run starts;
    /// kept in the run's own state, `HearthContext`).
    static var verbose: Bool {
        get { HearthContext.current.run.verbose }
        set { HearthContext.current.run.verbose = newValue }
    }

    /// `-q/--quiet`: no notes and no progress line; warnings (`Message.isWarning`), failures
    /// (`failure`) and output still show.
    static var quiet: Bool {
        get { HearthContext.current.run.quiet }
        set { HearthContext.current.run.quiet = newValue }
    }

    /// The run's stdin, stdout and stderr (0, 1 and 2 in the binary).
    static var descriptors: ConsoleDescriptors { HearthContext.current.console }

    /// Writes a message from the catalogue (`Message`) to stderr: the only way a message reaches
    /// it. On a terminal, control characters are shown, not obeyed (`TerminalText`). A message
    /// that cannot be written (stderr closed or full) is dropped: there is nowhere left to say so.
    static func message(_ message: Message) {
        guard !quiet || message.isWarning else { return }
        failure(message)
    }

    /// A message that says why the command failed or stopped: shown even with `--quiet`.
    static func failure(_ message: Message) {
        let text = message.rendered(verbose: verbose)
        ProgressLine.shared.clear()
        // On a terminal: shown, not obeyed, and broken between words at its width.
        let safe = stderrIsTerminal
            ? DisplayWidth.wrapped(TerminalText.neutralized(text), to: Int(hearth_terminal_columns(descriptors.error))) : text
        try? DescriptorWriter.writeAll(descriptors.error, safe + "\n")
    }

    /// A line of output on stdout. On a terminal, control characters are shown, not obeyed
    /// (`TerminalText`); into a pipe or file the text goes as it is.
    static func output(_ text: String) throws {
        try write(text + "\n")
    }

    /// Prose for stdout (insights, evidence): on a terminal, broken between words at its width
    /// (continuation lines keep the line's indent); into a pipe or a file, as it is.
    static func wrappedForOutput(_ text: String) -> String {
        guard stdoutIsTerminal else { return text }
        return DisplayWidth.wrapped(text, to: Int(hearth_terminal_columns(descriptors.output)))
    }

    /// Lines of a listing on stdout. On a terminal each is made inert, then fitted to the
    /// terminal's width (shortened with an ellipsis, by display width); into a pipe or a file
    /// they go whole, for scripts.
    static func fittedLines(_ lines: [String]) throws {
        guard stdoutIsTerminal, !lines.isEmpty else {
            for line in lines { try output(line) }
            return
        }
        let columns = Int(hearth_terminal_columns(descriptors.output))
        for line in lines {
            let inert = TerminalText.neutralized(line)
            try output(columns > 0 ? DisplayWidth.fitted(inert, to: columns) : inert)
        }
    }

    /// Output on stdout without a newline of its own (a whole export). Throws `OutputClosed` when
    /// the reader went away, and a calm I/O failure (74) for a full disk or any other error.
    static func write(_ text: String) throws {
        if stdoutIsTerminal { ProgressLine.shared.clear() }
        let safe = stdoutIsTerminal ? TerminalText.neutralized(text) : text
        do throws(DescriptorWriter.Failure) {
            try DescriptorWriter.writeAll(descriptors.output, safe)
        } catch {
            switch error {
            case .closedPipe: throw OutputClosed()
            case .failed(let code): throw outputFailure(code)
            }
        }
    }

    /// The message for output that could not be written (to stdout or to an export file).
    static func outputFailure(_ code: Int32, path: String? = nil) -> CLIFailure {
        CLIFailure(.ioError, .outputFailed(path: path, errno: code))
    }

    /// Writes Hearth's own terminal sequences (clearing the screen) to stdout unchanged.
    static func writeRaw(_ text: String) {
        try? DescriptorWriter.writeAll(descriptors.output, text)
    }

    /// Writes a progress fragment (`ProgressLine`'s "\r", erase, text) to stderr unchanged;
    /// dropped if it cannot be.
    static func progress(_ text: String) {
        try? DescriptorWriter.writeAll(descriptors.error, text)
    }

    /// A descriptor named on the command line (`--passphrase-fd 0`): 0, 1 and 2 are the run's
    /// own stdin, stdout and stderr; any other number is the process's descriptor.
    static func descriptor(_ number: Int32) -> Int32 {
        switch number {
        case STDIN_FILENO: return descriptors.input
        case STDOUT_FILENO: return descriptors.output
        case 2: return descriptors.error
        default: return number
        }
    }

    static var stdinIsTerminal: Bool { isatty(descriptors.input) == 1 }
    static var stdoutIsTerminal: Bool { isatty(descriptors.output) == 1 }
    static var stderrIsTerminal: Bool { isatty(descriptors.error) == 1 }

    /// True when a controlling terminal can be opened to ask questions.
    static var hasTerminal: Bool {
        let fd = HearthContext.current.terminal.open()
        if fd < 0 { return false }
        close(fd)
        return true
    }

    /// Asks a yes/no question on the terminal; `false` without a terminal.
    static func confirm(_ question: Message, defaultYes: Bool = false) -> Bool {
        guard let answer = Terminal.readLine(prompt: question, suffix: defaultYes ? " [Y/n] " : " [y/N] ") else {
            return false
        }
        let trimmed = answer.trimmingCharacters(in: .whitespaces).lowercased()
        if trimmed.isEmpty { return defaultYes }
        return trimmed == "y" || trimmed == "yes"
    }
}
