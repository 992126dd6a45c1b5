import Foundation

// The catalogue (Message.swift): start-up, the argument parser, interruptions.

extension Message {
    public static var noRandomness: Message {
        Message("Hearth could not start: this system gave it no source of randomness. Nothing was changed.")
    }

    /// What ArgumentParser says about the command line (a missing argument, an unknown option).
    /// Its text is generated from the command's own definition; an unexpected word, which may be
    /// record text, is never repeated (`unexpectedWords`).
    public static func commandLine(_ parserText: String) -> Message {
        Message(parserText)
    }

    public static var unexpectedWords: Message {
        Message("""
            Error: this command does not take those words, so they were not used (and are not repeated here).
            Record text never goes on the command line: others can see it, and the shell may keep it in its history.
            Write it at the prompt, in $EDITOR with --edit, or give it on stdin.
            """)
    }

    /// An earlier edit's Hearth was killed (or the machine lost power) after the editor wrote in
    /// its draft: kept rather than wiped, since the words may never have been saved.
    public static func abandonedDraftKept(_ path: String, folder: String) -> Message {
        let command = (path as NSString).lastPathComponent == "practice.json"
            ? "`hearth practice --draft \(path)`" : "`--draft \(path)` on the command you were running (such as `hearth journal add`)"
        return Message("""
            An earlier edit ended without Hearth (it was stopped), and what was written is kept at \(path), in memory only.
            \(command) saves it; to throw it away: rm -r \(folder)
            """)
    }

    public static func stoppedDraftKept(at path: String) -> Message {
        Message("Stopped. Nothing was saved; your draft is still kept at \(path).")
    }

    public static var stoppedBeforeAnyDraft: Message { Message("Stopped. Nothing was saved.") }

    public static var stoppedDraftWiped: Message {
        Message("Stopped. Nothing was saved, and the draft was wiped.")
    }

    public static var memoryNotLocked: Message {
        Message.warning("""
            Note: this system did not let Hearth lock its keys in memory, so they could reach swap. \
            Everything else worked.
            """, detail: "The locked-memory limit (`ulimit -l`) is too low. A higher limit, or encrypted swap, avoids this.")
    }

    public static var nothingChanged: Message { Message("Nothing was changed.") }
    public static var nothingWritten: Message { Message("Nothing was written.") }
    public static var cancelled: Message { Message("Cancelled. Nothing was changed.") }
}
