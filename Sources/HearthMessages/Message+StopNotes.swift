import Foundation

// The catalogue (Message.swift): Ctrl-C during a key change, restore or backup (StopNote): said by the signal handler.

extension Message {
    public static var stopNoteNothingChanged: Message { Message("Stopped. Nothing was changed: the vault opens as before.") }
    // The "after" notes say only that the vault file was replaced, not by whom: another Hearth
    // (a session, a sync tool) may have saved it while this command was deriving keys.
    public static var stopNotePassphraseSaved: Message {
        Message("Stopped just as the vault was saved. `hearth key list` shows which passphrases open it now.")
    }
    public static var stopNoteNoKeyAdded: Message { Message("Stopped. Nothing was changed; no key was added.") }
    public static var stopNoteKeysKept: Message { Message("Stopped. Nothing was changed: the vault keeps its keys and opens as before.") }
    public static var stopNoteRekeyed: Message {
        Message("Stopped just as the vault was saved. `hearth key list` shows which keys open it now; after a rekey, make a fresh backup.")
    }
    public static var stopNoteNothingRestored: Message { Message("Stopped. Nothing was restored; the vault is as it was.") }
    public static var stopNoteRestored: Message {
        Message("Stopped just as the vault was saved. `hearth verify` shows what it holds now.")
    }
    public static var stopNoteBackup: Message {
        Message("Stopped. The vault was not changed; `hearth backup list` shows whether this backup was finished.")
    }
}
