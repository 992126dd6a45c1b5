import Foundation
import HearthVault

// The catalogue (Message.swift): failures from the layers below (FailureReport).

extension Message {
    public static func recordNotFound(id: String) -> Message {
        Message("""
            There is no record with the id \(id). Nothing was changed.
            `hearth KIND list` shows the ids (KIND: journal, people, connect, body, belief, script).
            """)
    }

    public static func recordUnreadable(id: String) -> Message {
        Message("""
            The record \(id) could not be read. The rest of the vault is fine; nothing was changed.
            `hearth KIND delete \(id)` removes it; `hearth export --format json` keeps what it holds.
            """, detail: "It holds a stored value Hearth does not understand (from a damaged copy or an older version).")
    }

    public static func unreadableRecords(count: Int, names: String, leftOutOf what: String, deleteHint: String?) -> Message {
        let one = count == 1
        return Message("""
            \(one ? "One record" : "\(count) records") could not be read and \(one ? "is" : "are") left out of \(what): \(names).
            Everything else is fine; nothing was changed.
            \(deleteHint.map { "`\($0)` removes \(one ? "it" : "one"); " } ?? "")`hearth export --format json` keeps what \(one ? "it holds" : "they hold").
            """, detail: "\(one ? "It holds" : "They hold") a stored value Hearth does not understand (from a damaged copy or an older version).")
    }

    public static func invalidInput(_ why: String) -> Message {
        Message("That input could not be used: \(why). Nothing was added or changed.")
    }

    public static var recordsUnreadable: Message {
        Message("""
            The records inside the vault could not be read; the file looks damaged. Nothing was changed.
            `hearth restore BACKUP` brings a backup back.
            """)
    }

    public static var outOfMemory: Message {
        Message("There was not enough memory to finish. Nothing was changed. Close some programs and try again.")
    }

    public static var searchNotUnderstood: Message {
        Message("""
            That search could not be understood. Nothing was changed.
            Use words (all must match), "a phrase", prefix*, and AND, OR, NOT in capitals.
            """)
    }

    public static var newerRecords: Message {
        Message("""
            This vault was written by a newer Hearth. Nothing is wrong with it, and nothing was changed.
            Update Hearth to open it.
            """)
    }

    public static func unexpectedError(_ type: String) -> Message {
        Message("Something unexpected went wrong. Nothing was changed.\nPlease try again; with --verbose Hearth says what it was.",
                detail: "Error type: \(type).")
    }

    public static func vaultNotFound(path: String) -> Message {
        Message("""
            There is no vault at \(path).
            `hearth init` makes one; --vault PATH points to yours.
            """)
    }

    public static func notAVault(path: String) -> Message {
        Message("""
            \(path) is not a Hearth vault, or its beginning is damaged. Nothing was changed.
            """)
    }

    public static func notAFile(path: String, kind: String) -> Message {
        Message("""
            \(path) is \(kind), not a file, so it cannot be a vault. Nothing was read or changed.
            Point to the vault file itself.
            """)
    }

    public static func vaultDamaged(detail: String) -> Message {
        Message("""
            The vault file is damaged or was changed by something other than Hearth. Nothing was changed.
            `hearth verify BACKUP` checks a backup; `hearth restore BACKUP` brings it back.
            """, detail: "What failed: \(detail).")
    }

    public static func newerFormat(version: Int) -> Message {
        Message("""
            This vault was made by a newer Hearth. Nothing is wrong with it, and nothing was changed.
            Update Hearth to open it.
            """, detail: "Its format version is \(version).")
    }

    public static var wrongSecret: Message {
        Message("That passphrase or key does not open this vault. Nothing was changed. Please try again.")
    }

    public static var noSuchKeyKind: Message {
        Message("This vault has no key of that kind (no recovery key, perhaps). Nothing was changed. Try your passphrase.")
    }

    public static func vaultExists(path: String) -> Message {
        Message("""
            A vault already exists at \(path); it was left as it is.
            To make another, choose a different path with --vault.
            """)
    }

    public static func cannotCreate(path: String, errno code: Int32) -> Message {
        Message("Could not create \(path) (\(errnoText(code))). Nothing was changed.")
    }

    public static func ioFailure(operation: String, errno code: Int32) -> Message {
        Message("""
            Could not \(operation) (\(errnoText(code))). The vault on disk is unchanged; nothing was lost.
            Free some space or check the drive, then try again.
            """)
    }

    public static var vaultBusy: Message {
        Message("The vault is busy: another Hearth is saving to it. Nothing was changed. Please try again in a moment.")
    }

    public static func notEnoughMemory(neededMiB: UInt64, freeMiB: UInt64) -> Message {
        Message("""
            Unlocking needs about \(neededMiB) MiB of free memory; \(freeMiB) MiB is free now. Nothing was changed.
            Close some programs and try again.
            """)
    }

    public static var slotsFull: Message {
        Message("""
            All 8 key slots are in use. Nothing was changed.
            `hearth key remove SLOT` frees one.
            """)
    }

    public static func noSuchSlot(_ index: Int) -> Message {
        Message("There is no key in slot \(index). Nothing was changed. `hearth key list` shows the slots.")
    }

    public static var keyChangeNeedsSecret: Message {
        Message("""
            Changing keys needs your passphrase or recovery key itself, even while unlocked. Nothing was changed.
            Type it when asked, or give it with --passphrase-file PATH or --recovery-key-file PATH.
            """)
    }

    public static var lastKey: Message {
        Message("""
            That is the vault's only key; without it nobody could open the vault again. Nothing was changed.
            Add another key first (`hearth key add`), or change this one with `hearth passwd`.
            """)
    }

    public static func wouldLockOut(slot: Int) -> Message {
        Message("""
            Slot \(slot) is the key you unlocked with. Nothing was changed.
            To be sure you keep a way in, give another key of this vault first (unlock with it, or type it when asked).
            """)
    }

    public static func unconfirmedSlots(_ indices: [Int]) -> Message {
        let list = indices.map(String.init).joined(separator: ", ")
        return Message("""
            Rekey needs the passphrase or key of every slot it keeps; none was given for slot\(indices.count == 1 ? "" : "s") \(list). Nothing was changed.
            Run it on a terminal to be asked, give them with --keep-passphrase-file PATH, or add --drop-unconfirmed.
            """, detail: "--keep-recovery-key-file PATH gives a recovery key; --drop-unconfirmed removes the slots not given.")
    }

    public static var rekeyLimitReached: Message {
        Message("""
            This vault cannot be given a new master key again: it has reached the file format's limit. Nothing was changed.
            Make a new vault (`hearth init --vault NEW`) and bring the records over with `hearth merge --import`.
            """, detail: "Its key epoch is \(VaultHeader.maximumKeyEpoch). An epoch this high does not come from ordinary use: keep the old file aside.")
    }

    public static var sessionForOtherKeys: Message {
        Message("""
            This vault's keys changed since it was unlocked, so the session does not fit it. Nothing was changed.
            Unlock again (`hearth unlock`), or give the passphrase.
            """)
    }

    public static var keysChangedMeanwhile: Message {
        Message("Another Hearth changed this vault's keys in the meantime. Nothing was changed by this one; please run it again.")
    }

    public static func tooMuchKeyDerivation(limitGiB: UInt64) -> Message {
        Message("""
            This file asks for far more unlocking work than any Hearth vault needs, so Hearth stopped. Nothing was changed.
            A file Hearth made never does this: this one was altered or made elsewhere.
            """, detail: "Its key slots together ask for more than \(limitGiB) GiB × passes of Argon2id.")
    }

    public static func slotCostsOverLimit(totalGiB: UInt64, limitGiB: UInt64) -> Message {
        Message("""
            With that key-derivation cost, unlocking this vault would take too much work. Nothing was changed.
            Choose a lower cost (--kdf moderate), or remove a key slot you no longer use (`hearth key remove SLOT`).
            """, detail: "The slots together would ask for \(totalGiB) GiB × passes of Argon2id; one unlock may spend \(limitGiB).")
    }

    public static var noSecureMemory: Message {
        Message("""
            Hearth could not set aside secure memory for its keys. Nothing was changed.
            Close some programs and try again.
            """, detail: "The locked-memory limit (`ulimit -l`) may be too low.")
    }

    public static func recoveryKeyLength(count: Int) -> Message {
        Message("""
            That recovery key has \(count) characters; a recovery key has \(RecoveryKey.canonicalLength) (\(RecoveryKey.groupCount) groups of \(RecoveryKey.groupLength)). Nothing was changed.
            Please check it against the one you wrote down.
            """)
    }

    public static func recoveryKeyCharacter(group: Int) -> Message {
        Message("""
            Group \(group) of the recovery key has a character recovery keys never use. Nothing was changed.
            Please check that group against the one you wrote down (only digits and A to Z, without U).
            """)
    }

    public static func recoveryKeyTypo(groups wrong: [Int]) -> Message {
        let one = wrong.count == 1
        let which = one ? "group \(wrong[0])" : "groups " + wrong.map(String.init).joined(separator: ", ")
        return Message("""
            The recovery key looks mistyped in \(which). Nothing was changed.
            Please check \(one ? "that group" : "those groups") against the one you wrote down.
            """, detail: "Each group ends in a check character; in \(which) it does not match the others.")
    }

    public static func couldNotRead(_ what: String, errno code: Int32) -> Message {
        Message("Could not read \(what) (\(errnoText(code))). Nothing was changed.")
    }

    public static func inputTooLarge(_ what: String, limitMiB: Int) -> Message {
        Message("\(what.prefix(1).uppercased() + what.dropFirst()) is larger than Hearth reads (\(limitMiB) MiB). Nothing was added or changed.")
    }

    public static func draftNotAFile(path: String) -> Message {
        Message("\(path) is not a draft file (it is a folder, a pipe or a device). Nothing was changed.")
    }

    public static func outputFailed(path: String?, errno code: Int32) -> Message {
        Message("""
            Could not write \(path ?? "the output") (\(errnoText(code))). Only the output was lost; the vault is fine.
            Check where the output goes (free space, a drive still there) and try again.
            """, detail: "Anything this command saved is saved; `list` shows it.")
    }
}
