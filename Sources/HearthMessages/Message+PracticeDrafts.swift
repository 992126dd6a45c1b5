import Foundation
import HearthPractice

// The catalogue (Message.swift): what a practice says when its answers cannot all be stored at
// the end (a busy vault, a full disk, a vault changed or gone, records deleted meanwhile), and
// `hearth practice --draft PATH`, which stores them later. Each says what was kept, where, and
// the one command that saves it; ids only, never what was written.

extension Message {
    /// The save at the end failed; every answer of the practice is in a private draft.
    public static func practiceDraftKept(_ failure: Message, path: String, folder: String) -> Message {
        failure.then(Message("""
            Everything you wrote in this practice is kept at \(path), in memory only (gone after a restart).
            `hearth practice --draft \(path)` saves it; to throw it away: rm -r \(folder)
            """))
    }

    /// Ctrl-C (or a hang-up, `kill`) while the save waited for another writer: the wait ended.
    public static func practiceStoppedBeforeSave(ctrlC: Bool) -> Message {
        Message((ctrlC ? "Stopped with Ctrl-C" : "Stopped") + " while waiting for another Hearth to finish saving. Nothing was changed in the vault.")
    }

    /// The save at the end failed, and the draft could not be made: said plainly.
    public static func practiceNotKept(_ failure: Message) -> Message {
        failure.then(Message("""
            What you wrote in this practice could not be kept either: there is no memory-only folder for a draft,
            and Hearth never writes your words to a disk unencrypted.
            """, detail: "A draft goes in $XDG_RUNTIME_DIR or /dev/shm, memory-only (tmpfs) folders; neither could take it."))
    }

    /// Saved, except answers about records deleted meanwhile: those are in a private draft.
    /// `nothingElse`: all of it was about those records, so nothing was saved.
    public static func practiceSavedExcept(missing ids: [String], path: String, folder: String?, nothingElse: Bool = false) -> Message {
        Message("""
            \(nothingElse ? "Nothing was saved: all of it is about" : "Saved, except what you wrote about") \(gone(ids)).
            It is kept at \(path), in memory only, for you to read\(folder.map { "; when you are done with it: rm -r \($0)" } ?? ".")
            """)
    }

    /// Saved, except answers about records deleted meanwhile, and no draft could hold them.
    public static func practiceLeftOutNotKept(missing ids: [String]) -> Message {
        Message("""
            Saved, except what you wrote about \(gone(ids)): there is no memory-only folder (tmpfs) to keep it in, \
            and Hearth never writes your words to a disk unencrypted.
            """)
    }

    /// Saved; a new record named someone deleted meanwhile and is saved without that link.
    public static func practiceSavedWithoutLink(missing ids: [String]) -> Message {
        Message("Saved. It named \(gone(ids)), so it is saved without that link.")
    }

    /// Said when a practice begins: answers kept earlier still wait in memory (its message may
    /// never have been seen, after a hang-up). `others`: how many more wait beside it.
    public static func practiceDraftWaiting(_ path: String, others: Int) -> Message {
        Message("""
            What you wrote in an earlier practice is kept at \(path)\(others > 0 ? " (and \(plural(others, "other draft")) beside it)" : "").
            `hearth practice --draft \(path)` saves it whenever you like.
            """)
    }

    /// `practice --draft PATH` stored the whole draft.
    public static func practiceDraftSaved(wiped: Bool) -> Message {
        Message(wiped ? "Saved what you wrote in the practice; its draft is wiped." : "Saved what you wrote in the practice.")
    }

    private static func gone(_ ids: [String]) -> String {
        let shown = ids.prefix(3).joined(separator: ", ") + (ids.count > 3 ? ", …" : "")
        return ids.count == 1 ? "a record no longer in the vault (id \(shown))" : "records no longer in the vault (ids \(shown))"
    }
}
