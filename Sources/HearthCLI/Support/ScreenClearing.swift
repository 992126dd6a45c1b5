import ArgumentParser
import Foundation
import HearthMessages

/// `--clear-after` for `show`: on a terminal, wait for any key, then clear the screen and its
/// scrollback, so that a record does not stay on a shared screen. Ctrl-C (the reflex when someone
/// walks in), a hang-up, `kill` and the end of input clear it too. `$HEARTH_CLEAR_AFTER=1`
/// makes it the default.
struct ClearAfterOption: ParsableArguments {
    @Flag(name: .customLong("clear-after"),
          help: "On a terminal: after reading, any key (or Ctrl-C) clears the screen and scrollback (default with $HEARTH_CLEAR_AFTER=1).")
    var clearAfter = false

    var wanted: Bool {
        clearAfter || Environment.value("HEARTH_CLEAR_AFTER").map { ["1", "yes", "true"].contains($0.lowercased()) } ?? false
    }

    /// Call after the record was printed. Does nothing when stdout is not a terminal. A signal
    /// that ended the wait ends the command after the clearing, as the signal asks (128 + N).
    func finish() throws {
        guard wanted, Console.stdoutIsTerminal else { return }
        // Without a terminal to wait on it clears at once.
        let signal = Terminal.waitForKey(prompt: .pressAnyKeyToClear)
        Console.writeRaw(ScreenClearing.sequence)
        if let signal { throw ExitCode(128 + signal) }
    }
}

enum ScreenClearing {
    /// Home, erase the screen, erase the scrollback (xterm, VTE, kitty, iTerm2, tmux, Linux console).
    static let sequence = "\u{1B}[H\u{1B}[2J\u{1B}[3J"
}
