import Foundation

// The catalogue (Message.swift): rekey.

extension Message {
    public static func keepFileOpensNothing(path: String, recovery: Bool) -> Message {
        Message("The \(recovery ? "recovery key" : "passphrase") in \(path) does not open any key slot of this vault. Nothing was changed.")
    }

    public static func rekeyUnconfirmed(_ list: String) -> Message {
        Message("""
            Rekey keeps only the keys you confirm. Not confirmed yet:
            \(list)
            Type each passphrase or recovery key to keep, one at a time; an empty line when done.
            """)
    }

    public static var keepPrompt: Message { Message("Passphrase or recovery key to keep (empty line when done): ") }

    public static func kept(_ names: String) -> Message { Message("Kept: \(names).") }

    public static func keptAlready(_ name: String) -> Message { Message("That opens \(name), which is kept already.") }

    public static var opensNoSlot: Message { Message("That does not open any slot of this vault.") }

    public static func tryAgainOrEnter(_ problem: Message) -> Message {
        Message(problem.text + "\nPlease try again, or press Enter when done.", detail: problem.detail)
    }

    public static var rekeyStoppedAfterThree: Message {
        Message("""
            Three entries did not open any slot, so rekey stopped. Nothing was changed.
            Run it again with the keys at hand (or give them with --keep-passphrase-file PATH).
            """)
    }

    public static func replaceUnconfirmedRecovery(_ name: String) -> Message {
        Message("\(name.prefix(1).uppercased() + name.dropFirst()) was not confirmed. Replace it with a new recovery key (the old one stops working)?")
    }

    public static func slotsToRemove(count: Int, list: String) -> Message {
        Message("""
            \(count == 1 ? "This slot" : "These \(count) slots") will be removed; \(count == 1 ? "its key" : "their keys") will no longer open this vault:
            \(list)
            """)
    }

    public static func confirmRemoveAndRekey(count: Int) -> Message { Message("Remove \(count == 1 ? "it" : "them") and rekey?") }

    public static var rekeyDeclined: Message {
        Message("""
            Nothing was changed: no slot was removed, and the vault was not rekeyed.
            Run `hearth rekey` again and type the keys you want to keep.
            """)
    }

    public static func reencrypting(megabytes: UInt64, percent: Int) -> Message {
        Message("Re-encrypting \(megabytes) MiB: \(percent)%")
    }

    /// Rekey done, with the facts that protect: old backups still open with the old keys.
    public static func rekeyed(fromEpoch: UInt64, toEpoch: UInt64, kept: String, removed: [Int], sessionLocked: Bool) -> Message {
        Message("""
            Rekeyed: only the kept keys open this vault from now on\(removed.isEmpty ? "" : " (removed: slot\(removed.count == 1 ? "" : "s") \(removed.map(String.init).joined(separator: ", ")))").\(sessionLocked ? " The unlocked session was locked." : "")
            Older backups still open with the old keys: make a fresh backup now, then destroy the old ones.
            Note the new key epoch, \(toEpoch), with your backup drive: `hearth backup list` shows it for each backup.
            """, detail: """
                A new master key protects the vault (key epoch \(fromEpoch) → \(toEpoch)); the records were \
                re-encrypted and the kept slots (\(kept)) re-wrapped with fresh salts. A removed key does not open this vault or its later saves, even for someone who kept the old master key. \
                `hearth backup list` shows each backup's key epoch; on a new machine it tells a backup made after this \
                rekey from one made before it. Deleting a file from a USB stick does not erase its bytes: overwrite the \
                whole stick or destroy it.
                """)
    }
}
