import ArgumentParser
import HearthRecords
import HearthVault

/// Exit codes of the command-line contract (sysexits), ../shared/CLI.md.
public enum ExitStatus: Int32, Sendable {
    case ok = 0
    case refused = 1
    case usage = 64
    case invalidData = 65
    case notFound = 66
    case newerFormat = 69
    case cannotCreate = 73
    case ioError = 74
    case busy = 75
    case wrongSecret = 77
}

/// A failure the CLI reports: a calm message for stderr and the exit status.
/// Messages never contain a secret or record text.
public struct CLIFailure: Error, Sendable {
    public let status: ExitStatus
    public let message: String

    public init(_ status: ExitStatus, _ message: String) {
        self.status = status
        self.message = message
    }
}

enum FailureReport {
    /// Turns any error from the layers below into the message and status a person sees.
    static func failure(for error: any Error) -> CLIFailure {
        switch error {
        case let failure as CLIFailure:
            return failure
        case let vault as VaultError:
            return failure(for: vault)
        case let recovery as RecoveryKeyError:
            return failure(for: recovery)
        case let typo as RecoveryKeyInput.Typo:
            return typo.failure
        case let records as RecordsError:
            switch records {
            case .recordNotFound(let id):
                return CLIFailure(.notFound, "There is no record with the id \(id) in this vault. Nothing was changed. `hearth KIND list` (journal, people, connect, body, belief, script) shows the ids.")
            case .recordUnreadable(let id):
                return CLIFailure(.invalidData, UnreadableRecords.message(id: id))
            case .invalidInput(let why):
                return CLIFailure(.invalidData, "That input could not be used: \(why). Nothing was added or changed.")
            case .databaseUnreadable:
                return CLIFailure(.invalidData, "The records inside the vault could not be read; the file looks damaged. Nothing was changed. A backup can be restored with `hearth restore`.")
            case .outOfMemory:
                return CLIFailure(.ioError, "There was not enough memory to finish. Nothing was changed.")
            case .invalidSearch:
                return CLIFailure(.usage, """
                    That search could not be understood. Use words (all must match), "a phrase", prefix*, \
                    and AND, OR, NOT in capitals, with balanced quotes and parentheses.
                    """)
            case .newerSchema:
                return CLIFailure(.newerFormat, "The records in this vault were written by a newer Hearth. Nothing is wrong with the file; please update Hearth to open it. Nothing was changed.")
            }
        default:
            return CLIFailure(.ioError, "Something unexpected went wrong (\(type(of: error))). Nothing was changed.")
        }
    }

    static func failure(for error: VaultError) -> CLIFailure {
        switch error {
        case .notFound(let path):
            return CLIFailure(.notFound, "No vault found at \(path). Create one with `hearth init`, or point to yours with --vault PATH.")
        case .notAVault(let path):
            return CLIFailure(.invalidData, "\(path) is not a Hearth vault (or its beginning is damaged). Nothing was changed.")
        case .notAFile(let path, let kind):
            return CLIFailure(.invalidData, "\(path) is \(kind), not a file, so it is not a Hearth vault. Nothing was read or changed. Point to the vault file itself.")
        case .damaged(let detail):
            return CLIFailure(.invalidData, "The vault file is damaged or was altered: \(detail). Nothing was changed. If you have a backup, `hearth verify PATH` checks it and `hearth restore PATH` brings it back.")
        case .newerFormat(let version):
            return CLIFailure(.newerFormat, "This vault was made by a newer Hearth (format \(version)). Nothing is wrong with the file; please update Hearth to open it.")
        case .wrongSecret:
            return CLIFailure(.wrongSecret, "That passphrase or key does not open this vault. Nothing was changed. Please try again.")
        case .noMatchingSlot:
            return CLIFailure(.wrongSecret, "This vault has no key of that kind (for example no recovery key). Nothing was changed. Try your passphrase instead.")
        case .alreadyExists(let path):
            return CLIFailure(.cannotCreate, "A vault already exists at \(path); it was left as it is. To make another, choose a different path with --vault.")
        case .cannotCreate(let path, let code):
            return CLIFailure(.cannotCreate, "Could not create \(path) (\(describe(errno: code))). Nothing was changed.")
        case .io(let operation, let code):
            return CLIFailure(.ioError, "Could not \(operation) (\(describe(errno: code))). The vault on disk is unchanged; nothing was lost. Free some space or check the drive, then try again.")
        case .busy:
            return CLIFailure(.busy, "The vault is busy: another Hearth command is saving to it. Nothing was changed. Please try again in a moment.")
        case .insufficientMemory(let needed, let available):
            return CLIFailure(.ioError, "Unlocking needs about \(needed >> 20) MiB of free memory, and only \(available >> 20) MiB is free right now. Nothing was changed. Close some programs and try again.")
        case .slotTableFull:
            return CLIFailure(.refused, "All 8 key slots are in use. Remove one with `hearth key remove SLOT` first. Nothing was changed.")
        case .noSuchSlot(let index):
            return CLIFailure(.notFound, "There is no key in slot \(index). `hearth key list` shows the slots. Nothing was changed.")
        case .slotSecretRequired:
            return CLIFailure(.wrongSecret, "Changing keys needs your passphrase or recovery key itself; an unlocked session is not enough. Nothing was changed. Give it with --passphrase-fd, --passphrase-file, --recovery-key-file or at the prompt.")
        case .lastSlot:
            return CLIFailure(.refused, "That is the vault's only key: without it nobody could ever open the vault again, so it was not removed. Nothing was changed. Add another key first (`hearth key add`), or change this one with `hearth passwd`.")
        case .wouldLockOut(let index):
            return CLIFailure(.refused, "Slot \(index) is the key you unlocked with. To be sure you keep a way in, first give another key of this vault (unlock with it, or type it when asked on a terminal). Nothing was changed.")
        case .unconfirmedSlots(let indices):
            let list = indices.map(String.init).joined(separator: ", ")
            return CLIFailure(.refused, "Rekey needs the secret of every key slot it keeps, and none was given for slot\(indices.count == 1 ? "" : "s") \(list). Nothing was changed. Give them with --keep-passphrase-file PATH or --keep-recovery-key-file PATH, run rekey on a terminal to be asked, or add --drop-unconfirmed to remove those slots.")
        case .keyEpochExhausted:
            return CLIFailure(.refused, "This vault is at key epoch \(VaultHeader.maximumKeyEpoch), the highest the file format allows, so it cannot be rekeyed again. Nothing was changed. To get a fresh master key, make a new vault (`hearth init --vault NEW`) and bring the records over with `hearth merge --import`; an epoch this high did not come from ordinary use, so keep the old file aside.")
        case .sessionForOtherEpoch:
            return CLIFailure(.wrongSecret, "The unlocked session is for another key epoch than this vault (its keys were replaced since it was unlocked), so its key does not fit. Nothing was changed. Please unlock again (`hearth unlock`) or give the passphrase.")
        case .sessionSlotTableChanged:
            return CLIFailure(.wrongSecret, "This vault's keys changed since it was unlocked (a passphrase or key was changed, added or removed), so the session's key is not used for it. Nothing was changed. Please unlock again (`hearth unlock`) or give the passphrase.")
        case .keysChangedMeanwhile:
            return CLIFailure(.busy, "Another Hearth command changed this vault's keys in the meantime. Nothing was changed by this one; please run it again.")
        case .olderKeysThanSeen(let warning):
            // 1, not 65: the file is a sound vault that opened; Hearth refuses, as with restore over
            // newer records, because the write would be unsafe (readable with retired keys).
            return CLIFailure(.refused, RollbackWarnings.refusal(for: warning))
        case .tooMuchKeyDerivation(let limit):
            return CLIFailure(.invalidData, """
                This file asks for more key-derivation work than any Hearth vault needs (its key slots together ask \
                for more than \(limit >> 30) GiB × passes of Argon2id); stopped before spending it. Nothing was changed. \
                A file Hearth made never asks for that much: this one was altered or made elsewhere.
                """)
        case .slotCostsOverLimit(let total, let limit):
            return CLIFailure(.refused, """
                With that key-derivation cost, this vault's key slots would together ask for \(total >> 30) GiB × passes \
                of Argon2id, more than the \(limit >> 30) GiB × passes one unlock may spend; a slot tried after the \
                others might then never open. Nothing was changed. Choose a lower cost (--kdf moderate), or remove a \
                key slot you no longer use (`hearth key remove SLOT`).
                """)
        case .crypto:
            return CLIFailure(.ioError, "Secure memory could not be set aside for the keys (the locked-memory limit may be too low). Nothing was changed.")
        }
    }

    static func failure(for error: RecoveryKeyError) -> CLIFailure {
        let groups = RecoveryKey.groupCount
        switch error {
        case .wrongLength(let count):
            return CLIFailure(.wrongSecret, "That recovery key has \(count) characters; a recovery key has \(groups) groups of \(RecoveryKey.groupLength) (\(RecoveryKey.canonicalLength) characters, dashes not counted). Nothing was changed. Please check it against the one you wrote down.")
        case .unknownCharacter(let group):
            return CLIFailure(.wrongSecret, "Group \(group) of the recovery key has a character that recovery keys never use (only digits and the letters A to Z, without U). Nothing was changed. Please check that group against the one you wrote down.")
        case .checksumMismatch(let wrong):
            let which = wrong.count == 1
                ? "Group \(wrong[0]) of \(groups)"
                : "Groups " + wrong.map(String.init).joined(separator: ", ") + " of \(groups)"
            return CLIFailure(.wrongSecret, "\(which) of the recovery key \(wrong.count == 1 ? "does" : "do") not match \(wrong.count == 1 ? "its" : "their") check character: probably a character there was mistyped. Nothing was changed. Please check \(wrong.count == 1 ? "that group" : "those groups") against the one you wrote down.")
        }
    }

    static func describe(errno code: Int32) -> String {
        String(cString: strerror(code))
    }
}

#if canImport(Glibc)
import Glibc
#endif
