import Foundation
import HearthVault

// The catalogue (Message.swift): recovery keys handed over.

extension Message {
    public static func newRecoveryKeys(count: Int, slots: String, checked: Bool) -> Message {
        let one = count == 1
        return Message("""

            \(one ? "This is your new recovery key" : "These are your new recovery keys") (slot\(one ? "" : "s") \(slots)). Write \(one ? "it" : "them") on paper now: \(one ? "it is" : "they are") shown only this once.
            \(one ? "It opens" : "Each opens") the vault if your passphrase is forgotten; anyone who has \(one ? "it" : "one") can open the vault.\(checked ? "\n\(one ? "It becomes" : "They become") active once you have typed \(one ? "it" : "them") back." : "")

            """, detail: "Type a recovery key at the passphrase prompt to open the vault with it. Hearth does not keep it and cannot show it again.")
    }

    /// What the person is told when a new recovery key did not become active: `unchanged` and
    /// `tryAgain` come from the command (`RecoveryKeyHandover.Context`).
    public static func recoveryKeyNotActive(count: Int, why: Message?, unchanged: Message, tryAgain: Message) -> Message {
        let one = count == 1
        let notValid = one
            ? "The recovery key shown above is NOT valid and will never open this vault: please cross it out."
            : "The recovery keys shown above are NOT valid and will never open this vault: please cross them out."
        var text = ""
        if let why { text += why.text + "\n" }
        text += notValid + "\n" + unchanged.text + " " + tryAgain.text
        return Message(text, detail: why?.detail)
    }

    /// Said by the signal handler when Ctrl-C ends the type-back (`StopNote`).
    public static func stoppedKeyNotValid(_ notValid: Message) -> Message {
        Message("Stopped.\n" + notValid.text)
    }

    public static func recoveryKeyNotWritten(errno code: Int32) -> Message {
        Message("The recovery key could not be written out (\(errnoText(code))).")
    }

    public static func recoveryKeyNotSaved(errno code: Int32) -> Message {
        Message("The recovery key could not be saved where it was sent (\(errnoText(code))).")
    }

    public static func recoveryKeyUnconfirmed(_ failure: Message) -> Message {
        Message("""
            The new recovery key was put in place, but the disk did not confirm the change.
            `hearth key check` tells whether it opens the vault.
            """, detail: failure.fullText)
    }

    public static func recoveryKeyActive(count: Int, slots: String) -> Message {
        Message("""
            The recovery key is active (slot\(count == 1 ? "" : "s") \(slots)). `hearth key check` tests a key on paper at any time.
            """)
    }

    public static func typeRecoveryKeyBack(slot: Int?) -> Message {
        Message("Type the recovery key\(slot.map { " for slot \($0)" } ?? "") back from your paper (all of it, or its first and last groups), or press Enter to cancel: ")
    }

    public static var recoveryKeyNotThisOne: Message {
        Message("That is a well-formed key, but not this one. Please compare it again, group by group.")
    }

    public static var typeBackCancelled: Message { Message("Cancelled.") }

    public static var noMatchAfterThree: Message { Message("It did not match after three tries.") }

    public static var handoverUnchanged: Message { Message("Nothing was changed.") }

    public static var recoveryKeyTryAgain: Message { Message("Run `hearth key add --recovery` again when you are ready.") }

    public static var rekeyDidNotHappen: Message {
        Message("The rekey did not happen either: the vault opens with the keys it had.")
    }

    public static var rekeyTryAgain: Message { Message("Run `hearth rekey` again when you are ready.") }
}
