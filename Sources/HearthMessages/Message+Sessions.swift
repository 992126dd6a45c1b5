import Foundation

// The catalogue (Message.swift): sessions.

extension Message {
    public static var sessionEndedKeysChanged: Message {
        Message("This vault's keys changed since it was unlocked, so the session has ended. Nothing was lost; give the passphrase, or unlock again.")
    }

    public static var sessionNotForThisCopy: Message {
        Message("This copy of the vault is older than the unlocked session, so its passphrase is needed.")
    }

    public static var sessionKeyNotUsed: Message {
        Message("This vault's keys changed since it was unlocked, so the session is not used for it. Nothing was lost; give the passphrase, or unlock again.")
    }

    public static var sessionHeaderAltered: Message {
        Message("""
            The vault file was altered or damaged, so the unlocked session was locked to be safe. Nothing was changed.
            `hearth verify` with your passphrase checks it; `hearth restore BACKUP` brings a backup back.
            """, detail: "Its header does not authenticate with the session's key, although both are for the same key epoch.")
    }

    public static var sessionLockedToBeSafe: Message { Message("The unlocked session was locked to be safe.") }

    public static var sessionCannotSave: Message {
        Message("""
            This vault's keys changed since it was unlocked, so nothing was saved.
            Give the passphrase (or unlock again) and save it again.
            """)
    }

    public static var sessionSaveAskPassphrase: Message {
        Message("This vault's keys changed since it was unlocked. What you wrote is kept; give the passphrase to save it.")
    }

    public static var doesNotOpenTryAgain: Message { Message("That does not open this vault. Please try again.") }

    public static var notSavedCouldNotOpen: Message { Message("The vault could not be opened to save, so nothing was saved.") }
}
