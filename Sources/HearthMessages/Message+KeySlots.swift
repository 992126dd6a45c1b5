import Foundation
import HearthVault

// The catalogue (Message.swift): key slots: key list, add, remove, upgrade, check.

extension Message {
    public static func keyListLegend(used: Int) -> Message {
        Message("* the slot you unlocked with. \(used) of \(VaultHeader.slotCount) slots in use.")
    }

    /// `recommended`: today's recommended minimum cost, as it reads ("2 passes, 256 MiB").
    public static func weakSlots(_ slots: String, count: Int, justWritten: Bool, recommended: String) -> Message {
        Message.warning("""
            (!) Slot\(count == 1 ? "" : "s") \(slots) \(justWritten ? (count == 1 ? "was" : "were") + " written with" : (count == 1 ? "uses" : "use")) a low unlocking cost, so a stolen copy is easier to guess.
            \(justWritten ? "Fine for tests; for real use, unlock" : "Unlock") with that passphrase and run `hearth key upgrade`.
            """, detail: "Today's recommended minimum: \(recommended).")
    }

    public static var labelTooLong: Message {
        Message("The label is longer than \(SlotMetadata.maximumLabelBytes) bytes; please shorten it.")
    }

    public static var labelHasControlCharacters: Message {
        Message("The label may not contain control characters (tabs, line breaks, escapes).")
    }

    public static func recoveryKeyAlreadyThere(_ list: String) -> Message {
        Message("""
            This vault already has a recovery key (\(list)); it keeps working, and the new one is another way in.
            To replace the old one, remove its slot afterwards (`hearth key remove N`).
            """, detail: "`hearth rekey --new-recovery-key` replaces it along with the master key.")
    }

    public static func passphraseSlotAdded(slot: Int, cost: String, keys: Int) -> Message {
        Message("""
            Added a passphrase in slot \(slot). It is a full key: whoever has it can read everything.
            Taking it back later needs `hearth key remove \(slot)` and then `hearth rekey`.
            """, detail: "Key derivation: \(cost). Each of the \(keys) keys now opens this vault; a key can also add and remove keys, and rekey.")
    }

    public static func removingUnlockedKey(_ name: String) -> Message {
        Message("You unlocked with \(name), the one to be removed. To be sure you keep a way in, give another key first.")
    }

    public static var anotherKeyPrompt: Message { Message("Another passphrase or recovery key of this vault: ") }

    public static var anotherKeyDidNotOpen: Message { Message("That does not open any other slot of this vault. Please try again.") }

    public static func confirmRemoveKey(_ name: String) -> Message { Message("Remove \(name)? It will no longer open this vault.") }

    /// A removed key still opens old copies: said plainly, with what to do about it.
    public static func keyRemoved(_ name: String, recovery: Bool) -> Message {
        let what = recovery ? "recovery key" : "passphrase"
        return Message("""
            Removed \(name). Its \(what) no longer opens this vault.
            It still opens old backups and copies, and anyone with one of those can still read this vault.
            If someone may have it: run `hearth rekey` now, make a fresh backup, then destroy the old backups.
            """, detail: """
                The master key has not changed: someone who had that \(what) and any older copy can open this file \
                and every later save until `hearth rekey`. Deleting a file from a USB stick does not erase its bytes: \
                overwrite the whole stick or destroy it.
                """)
    }

    public static func slotAlreadyStrong(_ slot: Int, cost: String, recommended: String) -> Message {
        Message("Slot \(slot) already uses a cost at or above today's recommendation. Nothing was changed.",
                detail: "It uses \(cost); recommended here: \(recommended).")
    }

    public static func slotUpgraded(_ slot: Int, recovery: Bool, from: String, to: String) -> Message {
        Message("""
            Slot \(slot) now has a stronger unlocking cost; the same \(recovery ? "recovery key" : "passphrase") opens it.
            Older copies and backups keep the old cost until a fresh backup replaces them.
            """, detail: "It used \(from); it now uses \(to).")
    }

    public static func keyOpensSlot(_ name: String, recovery: Bool) -> Message {
        Message("That \(recovery ? "recovery key" : "passphrase") opens \(name) of this vault. Nothing was changed.")
    }
}
