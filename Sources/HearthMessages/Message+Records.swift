import Foundation
import HearthRecords

// The catalogue (Message.swift): records: list, add, edit, delete, drafts.

extension Message {
    public static var countNotNegative: Message { Message("-n must be zero or more.") }
    public static var onWithRange: Message { Message("--on cannot be combined with --since or --until.") }
    public static func noState(_ kinds: String) -> Message {
        Message("\(kinds) have no nervous-system state; --state works for body and connect.")
    }
    public static var stateWords: Message { Message("--state must be one of: \(NervousSystemState.words.joined(separator: ", ")).") }
    public static func noPeopleLinks(_ kinds: String) -> Message {
        Message("\(kinds) do not link people; --person works for journal, connect, body and script.")
    }
    public static func noFeelings(_ kinds: String) -> Message {
        Message("\(kinds) do not name feelings; --feeling works for journal, connect, body and script.")
    }
    public static var dueIsForPeople: Message { Message("--due is for `hearth people list`.") }
    public static var fullNeedsJSON: Message { Message("--full goes with --json; `show` prints one record in full.") }

    public static var nobodyDue: Message { Message("Nobody is due for a check-in right now.") }
    public static func nothingToShow(_ plural: String) -> Message { Message("No \(plural) to show.") }

    public static var noChanges: Message { Message("No changes, so nothing was saved.") }
    public static var draftEmptiedNothingChanged: Message { Message("The draft was empty, so nothing was changed.") }

    public static func confirmDelete(what: String) -> Message { Message("Delete \(what)? This cannot be undone.") }
    public static var keptNothingDeleted: Message { Message("Kept; nothing was deleted.") }

    public static func deleted(person: Bool) -> Message {
        Message("""
            Deleted from this vault.\(person ? " Entries that named this person are kept, without the link." : "")
            Backups made before now still hold it; `hearth backup list` shows them.
            """)
    }

    public static var jsonWithEditor: Message {
        Message("--json reads the record from stdin; it cannot be combined with --edit or --draft.")
    }
    public static var jsonWithOptions: Message {
        Message("With --json every field comes from the JSON on stdin; please leave out the other options.")
    }

    public static var entryEmpty: Message { Message("The entry was empty, so nothing was saved.") }
    public static var stoppedNothingSaved: Message { Message("Stopped; nothing was saved.") }
    public static func saved(count: Int, plural: String) -> Message {
        Message(count == 1 ? "Saved." : "Saved \(count) \(plural).")
    }
    public static var editorUnchanged: Message {
        Message("The editor was closed without changes, so there was nothing to save. The draft was wiped.")
    }
    public static var draftEmpty: Message { Message("The draft was empty, so nothing was saved.") }

    public static func savedAsNew(singular: String, id: String) -> Message {
        Message("This \(singular) was deleted while you were editing, so your version was saved as a new one: \(id)")
    }

    public static func editConflict(singular: String, original: String, copy: String, tag: String) -> Message {
        Message("""
            This \(singular) was changed elsewhere while you were editing. Both versions are kept: the other as \(original), yours as \(copy).
            `hearth conflicts` lists it.
            """, detail: "Yours is tagged \(tag).")
    }

    public static func fixInEditor(problem: String) -> Message {
        Message("That could not be saved: \(problem)\nOpen the editor again to fix it?")
    }

    public static func couldNotSave(problem: String) -> Message { Message("That could not be saved: \(problem)") }

    public static func draftNotMarked(_ failure: Message, file: String, command: String) -> Message {
        failure.then(Message("""
            Your draft is at \(file), in memory only, but could not be marked as kept: save it now with `\(command) --draft \(file)`.
            """))
    }

    public static func draftKept(_ failure: Message, path: String, command: String, folder: String) -> Message {
        failure.then(Message("""
            Your draft is kept at \(path), in memory only (gone after a restart).
            Try again with `\(command) --draft \(path)`; to throw it away: rm -r \(folder)
            """))
    }

    public static func draftUnchanged(_ failure: Message, path: String) -> Message {
        failure.then(Message("Your draft at \(path) is unchanged."))
    }

    public static func noDraftAt(_ path: String) -> Message { Message("There is no draft at \(path). Nothing was changed.") }
    public static func draftNotText(_ path: String) -> Message { Message("The draft at \(path) is not UTF-8 text. Nothing was changed.") }

    public static func giveAnID(singular: String, action: String, command: String) -> Message {
        Message("Please give the id of the \(singular) to \(action) (`hearth \(command) list` shows them).")
    }

    public static func noneYet(_ plural: String) -> Message { Message("There are no \(plural) yet. Nothing was changed.") }

    public static var whichOne: Message { Message("Which one? (number) ") }

    public static var nothingChosen: Message { Message("Nothing was chosen, so nothing was changed.") }

    // Plaintext written out (export to files, editor drafts)

    public static func plaintextOnDisk(_ path: String) -> Message {
        Message("\(path) is on a disk, so your records would be stored there unencrypted. Write it anyway?")
    }

    public static func fileExists(_ path: String) -> Message {
        Message("\(path) already exists; it was left as it is. Nothing was written. Choose another name.")
    }

    public static func couldNotWrite(_ path: String, errno code: Int32) -> Message {
        Message("Could not write \(path) (\(errnoText(code))).")
    }

    public static func notAFolder(_ path: String) -> Message { Message("\(path) is a file, not a folder. Nothing more was written.") }

    public static func couldNotCreateFolder(_ path: String) -> Message { Message("Could not create the folder \(path). Nothing more was written.") }

    public static func noPrivateFolder(base: String, errno code: Int32) -> Message {
        Message("Could not make a private folder in \(base) (\(errnoText(code))). Nothing was changed.")
    }

    public static func privateFolderNotPrepared(base: String, errno code: Int32) -> Message {
        Message("Could not prepare the private folder in \(base) (\(errnoText(code))). Nothing was changed.")
    }

    public static var noMemoryFolder: Message {
        Message("""
            There is no memory-only folder (tmpfs) for the draft, and Hearth never writes your words to a disk unencrypted. Nothing was changed.
            Set XDG_RUNTIME_DIR to a tmpfs folder, or give the text on stdin.
            """)
    }

    public static func editorFailed(status: Int32, keptAt path: String?) -> Message {
        Message(path.map { "The editor ended with an error. Nothing was saved; your draft is kept at \($0)." }
                ?? "The editor ended with an error. Nothing was saved, and the draft was wiped.",
                detail: "Exit status \(status).")
    }

    public static func draftNotCreated(errno code: Int32) -> Message {
        Message("Could not create the draft (\(errnoText(code))). Nothing was changed.")
    }

    public static func draftNotWritten(errno code: Int32) -> Message {
        Message("Could not write the draft (\(errnoText(code))). Nothing was saved.")
    }

    public static var draftNotReadBack: Message { Message("The draft could not be read back. Nothing was saved.") }

    public static func editorNotStarted(errno code: Int32) -> Message {
        Message("Could not start the editor (\(errnoText(code))). Nothing was changed.")
    }
}
