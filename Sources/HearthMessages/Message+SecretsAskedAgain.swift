import Foundation

// The catalogue (Message.swift): secrets asked again (SecretTries), hidden typing, new passphrases.

extension Message {
    /// What a secret read from a terminal descriptor is (`--passphrase-fd 3 3</dev/tty`).
    public static var askingPassphrase: Message { Message("Passphrase") }
    public static var askingRecoveryKey: Message { Message("Recovery key") }
    public static var askingNewPassphrase: Message { Message("New passphrase") }
    public static var askingPassphraseToKeep: Message { Message("Passphrase to keep") }
    public static var askingRecoveryKeyToKeep: Message { Message("Recovery key to keep") }
    public static func askingPassphraseOf(_ noun: String) -> Message { Message("Passphrase of \(noun)") }
    public static func askingRecoveryKeyOf(_ noun: String) -> Message { Message("Recovery key of \(noun)") }

    /// The question before a secret read with echo off from a descriptor that is a terminal.
    public static func typingNotShown(_ asking: Message) -> Message { Message("\(asking.text) (typing is not shown): ") }

    public static func backupsPassphrasePrompt(folder: String) -> Message {
        Message("Passphrase (or recovery key) of the backups in \(folder): ")
    }

    public static var noBackupThereOpened: Message { Message("That did not open any backup there. Please try again.") }

    public static func otherCopyPrompt(noun: String, path: String) -> Message {
        Message("Passphrase (or recovery key) of \(noun), \(path): ")
    }

    public static func otherCopyNotVaultsPassphrase(noun: String) -> Message {
        Message("\(noun.prefix(1).uppercased() + noun.dropFirst()) does not open with the vault's passphrase (it may be one you used before).")
    }

    public static func didNotOpenCopy(noun: String) -> Message { Message("That did not open \(noun). Please try again.") }

    public static func otherCopyNeedsSecret(noun: String, path: String, prefix: String, environmentVariable: String, triedVaultSecret: Bool) -> Message {
        let who = noun.prefix(1).uppercased() + noun.dropFirst()
        let what = triedVaultSecret
            ? "\(who) at \(path) does not open with the vault's passphrase, and there is no terminal to ask for its own."
            : "\(who) at \(path) needs its passphrase, and none was given and there is no terminal to ask on."
        return Message("""
            \(what) Nothing was changed.
            Give it with --\(prefix)-passphrase-fd N, --\(prefix)-passphrase-file PATH or $\(environmentVariable).
            """)
    }

    public static var nothingTyped: Message { Message("Nothing was typed, so it was not opened. Nothing was changed.") }
    public static var nothingTypedToSave: Message { Message("Nothing was typed.") }
    public static var doesNotOpenTheVault: Message { Message("That does not open the vault. Nothing was changed.") }
    public static var sameAsBefore: Message { Message("That is the same as a try before, which did not open it. Nothing was changed.") }
    public static var sameAsATryBefore: Message { Message("That is the same as a try before, which did not open any slot.") }

    /// The line between tries when the reading found something to check (`failure` names it).
    public static func pleaseTryAgain(after failure: Message) -> Message {
        let text = failure.withoutNothingChanged.text
        return Message(text.hasSuffix("Please try again.") ? text : text + " Please try again.", detail: failure.detail)
    }

    /// A new passphrase that is easy to guess: one calm line, then the choice.
    public enum Weakness: Sendable { case common, short, oneKind }

    public static func weakPassphrase(_ weakness: Weakness) -> Message {
        switch weakness {
        case .common: Message.warning("That passphrase is a common one, among the first that anyone guessing would try. A few unusual words together are much stronger.")
        case .short: Message.warning("That passphrase is short, so it is easier to guess. A few unusual words together are much stronger.")
        case .oneKind: Message.warning("That passphrase is mostly one kind of character, so it is easier to guess. A few unusual words together are much stronger.")
        }
    }

    public static var useItAnyway: Message { Message("Use it anyway? (y or n, not shown) [y/N] ") }
    public static var chooseAnother: Message { Message("Then please choose another.") }
}
