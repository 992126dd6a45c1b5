import ArgumentParser
import Foundation

/// `--clear-after` for `show`: on a terminal, wait for Enter, then clear the screen and its
/// scrollback, so that a record does not stay on a shared screen. `$HEARTH_CLEAR_AFTER=1`
/// makes it the default.
struct ClearAfterOption: ParsableArguments {
    @Flag(name: .customLong("clear-after"),
          help: "On a terminal: after reading, press Enter to clear the screen and scrollback (default with $HEARTH_CLEAR_AFTER=1).")
    var clearAfter = false

    var wanted: Bool {
        clearAfter || ProcessInfo.processInfo.environment["HEARTH_CLEAR_AFTER"].map { ["1", "yes", "true"].contains($0.lowercased()) } ?? false
    }

    /// Call after the record was printed. Does nothing when stdout is not a terminal.
    func finish() {
        guard wanted, Console.stdoutIsTerminal else { return }
        // Enter, or the end of input (Ctrl-D), clears; without a terminal to wait on it clears at once.
        _ = Terminal.readLine(prompt: "Press Enter to clear the screen. ")
        Console.writeRaw(ScreenClearing.sequence)
    }
}

enum ScreenClearing {
    /// Home, erase the screen, erase the scrollback (xterm, VTE, kitty, iTerm2, tmux, Linux console).
    static let sequence = "\u{1B}[H\u{1B}[2J\u{1B}[3J"
}
