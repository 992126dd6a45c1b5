import Foundation

// The catalogue (Message.swift): secrets: where they come from, prompts for them.

extension Message {
    public static func passphrasePrompt(path: String) -> Message { Message("Passphrase (or recovery key) for \(path): ") }

    public static func otherCopyPassphrasePrompt(noun: String, path: String) -> Message {
        Message("\(noun.prefix(1).uppercased() + noun.dropFirst()) does not open with that passphrase (it may be an earlier one). Passphrase (or recovery key) for \(path): ")
    }

    public static var didNotOpenTryAgain: Message { Message("That did not open the vault. Please try again.") }

    public static func noSecretNoTerminal(keyChange: Bool) -> Message {
        if keyChange {
            return Message("""
                This command changes who can open the vault, so it always needs the passphrase, even while unlocked. Nothing was changed.
                There is no terminal to ask on: give it with --passphrase-fd N, --passphrase-file PATH or $HEARTH_PASSPHRASE.
                """)
        }
        return Message("""
            No passphrase was given, and there is no terminal to ask on. Nothing was changed.
            Give one with --passphrase-fd N, --passphrase-file PATH or $HEARTH_PASSPHRASE.
            """)
    }

    public static func otherCopyNoSecret(noun: String, path: String, prefix: String, environmentVariable: String) -> Message {
        Message("""
            \(noun.prefix(1).uppercased() + noun.dropFirst()) at \(path) does not open with the vault's passphrase, and there is no terminal to ask. Nothing was changed.
            Give its passphrase with --\(prefix)-passphrase-file PATH, --\(prefix)-passphrase-fd N or $\(environmentVariable).
            """)
    }

    public static var newPassphraseNoTerminal: Message {
        Message("""
            A new passphrase is needed, and there is no terminal to ask on. Nothing was changed.
            Give one with --new-passphrase-fd N, --new-passphrase-file PATH or $HEARTH_NEW_PASSPHRASE.
            """)
    }

    public static var newPassphraseEmpty: Message { Message("The new passphrase is empty. Nothing was changed; please choose one.") }
    public static var newPassphraseNotText: Message { Message("The new passphrase is not valid UTF-8 text. Nothing was changed.") }
    public static var newPassphraseIsRecoveryKey: Message {
        Message("That is a recovery key, not a passphrase; please choose a passphrase of your own. Nothing was changed.")
    }

    public static var newPassphrasePrompt: Message { Message("New passphrase: ") }

    public static var samePassphraseAgain: Message { Message("The same passphrase again: ") }
    public static var passphraseWasEmpty: Message { Message("The passphrase was empty; please choose one.") }
    public static var passphrasesDiffer: Message { Message("The two were not the same; please type it again.") }
    public static var terminalClosedBeforeConfirming: Message {
        Message("The terminal closed before the passphrase was confirmed. Nothing was changed.")
    }
    public static var passphrasesDifferedThrice: Message {
        Message("The two passphrases were not the same three times. Nothing was changed; please try again.")
    }

    public static func kdfEnvironmentInvalid(_ value: String) -> Message {
        Message("HEARTH_KDF must be interactive, moderate or sensitive. Nothing was changed.", detail: "It is \"\(value)\".")
    }

    public static var lowKDFCost: Message {
        Message.warning("Note: this unlocking cost is below `moderate`: fine for tests, weaker for real use.",
                detail: "A stolen vault file is easier to attack with guesses at a low key-derivation cost. The default is calibrated to about one second.")
    }

    public static func mistypedRecoveryKey(_ typo: Message) -> Message {
        Message("That does not open this vault as a passphrase.\nIf it was a recovery key: " + typo.withoutNothingChanged.text.replacingOccurrences(of: "\n", with: " "),
                detail: typo.detail)
    }

    public static func vaultLinkDangling(path: String) -> Message {
        Message("""
            The vault path \(path) is a link to a file that is not there. Nothing was read or changed.
            Point the link at your vault, or give the vault's own path with --vault.
            """)
    }

    public static func vaultLinkUnsafe(path: String, target: String, folder: String, othersOwnIt: Bool, mode: String) -> Message {
        Message("""
            The vault path \(path) is a link into a folder others can change, so Hearth did not follow it. Nothing was read or changed.
            Move the vault into a folder of your own\(othersOwnIt ? "" : " (or `chmod go-w \(folder)`)"), or give its path with --vault.
            """, detail: """
                It leads to \(target); the folder \(othersOwnIt ? "belongs to another account" : "can be changed by other users (mode \(mode))"). \
                Others could swap the vault, its lock or its temporary file there.
                """)
    }

    public static func vaultFolderOpen(folder: String, othersOwnIt: Bool, mode: String) -> Message {
        Message.warning(
            "Note: other users can change the vault's folder \(folder), so they could swap the vault file there; a folder of your own is safer.",
            detail: othersOwnIt ? "The folder belongs to another account." : "The folder's mode is \(mode) (`chmod go-w \(folder)` closes it).")
    }

    public static func secretFileUnreadable(path: String, errno code: Int32) -> Message {
        Message("Could not read the secret file \(path) (\(errnoText(code))). Nothing was changed.")
    }

    public static func secretFileNotOwn(path: String) -> Message {
        Message("""
            The secret file \(path) belongs to another user, or others may change it, so Hearth did not use it. Nothing was changed.
            Use a file of your own that only you can change (mode 600).
            """, detail: "Someone else could know what such a file holds (a passphrase planted before your script wrote there).")
    }
}
