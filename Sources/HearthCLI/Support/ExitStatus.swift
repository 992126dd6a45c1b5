import ArgumentParser
import HearthBackup
import HearthDrafts
import HearthExitCodes
import HearthMessages
import HearthRecords
import HearthSession
import HearthVault

/// Exit codes of the command-line contract (sysexits), Docs/CLI.md. The enum lives below
/// the CLI (`HearthExitCodes`), so that plans and refusals there carry their code as a value.
public typealias ExitStatus = HearthExitCodes.ExitStatus

/// A failure the CLI reports: a message from the catalogue (`Message`) and the exit status.
/// Messages never contain a secret or record text.
public struct CLIFailure: Error, Sendable {
    public let status: ExitStatus
    public let message: Message

    init(_ status: ExitStatus, _ message: Message) {
        self.status = status
        self.message = message
    }
}

/// The one place where errors from the layers below become the message and exit status a person
/// sees: one function per error type (`BackupFailures.swift` holds HearthBackup's). A status
/// comes from the error's case, never from a message's text.
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
        case let keys as KeyChangeRefusal:
            return failure(for: keys)
        case let typo as RecoveryKeyInput.Typo:
            return typo.failure
        case let backup as BackupError:
            return failure(for: backup)
        case let restore as RestoreRefusal:
            return failure(for: restore)
        case let merge as MergeRefusal:
            return failure(for: merge)
        case let drafts as DraftFolderError:
            return failure(for: drafts)
        case is SessionHeaderAltered:
            return CLIFailure(.invalidData, .sessionHeaderAltered)
        case let lookup as RecordIDRefusal:
            return failure(for: lookup)
        case let records as RecordsError:
            switch records {
            case .recordNotFound(let id): return CLIFailure(.notFound, .recordNotFound(id: id))
            case .recordUnreadable(let id): return CLIFailure(.invalidData, .recordUnreadable(id: id))
            case .invalidInput(let why): return CLIFailure(.invalidData, .invalidInput(why))
            case .databaseUnreadable: return CLIFailure(.invalidData, .recordsUnreadable)
            case .outOfMemory: return CLIFailure(.ioError, .outOfMemory)
            case .invalidSearch: return CLIFailure(.usage, .searchNotUnderstood)
            case .newerSchema: return CLIFailure(.newerFormat, .newerRecords)
            }
        default:
            return CLIFailure(.ioError, .unexpectedError(String(describing: type(of: error))))
        }
    }

    static func failure(for error: VaultError) -> CLIFailure {
        switch error {
        case .notFound(let path):
            let unplugged = DriveLocation.driveNotMounted(for: path, roots: DriveDiscovery.roots(environment: Environment.all))
            return CLIFailure(.notFound, unplugged ? .vaultDriveNotMounted(path: path) : .vaultNotFound(path: path))
        case .notAVault(let path): return CLIFailure(.invalidData, .notAVault(path: path))
        case .notAFile(let path, let kind): return CLIFailure(.invalidData, .notAFile(path: path, kind: kind))
        case .damaged(let detail): return CLIFailure(.invalidData, .vaultDamaged(detail: detail))
        case .newerFormat(let version): return CLIFailure(.newerFormat, .newerFormat(version: Int(version)))
        case .wrongSecret: return CLIFailure(.wrongSecret, .wrongSecret)
        case .noMatchingSlot: return CLIFailure(.wrongSecret, .noSuchKeyKind)
        case .alreadyExists(let path): return CLIFailure(.cannotCreate, .vaultExists(path: path))
        case .cannotCreate(let path, let code): return CLIFailure(.cannotCreate, .cannotCreate(path: path, errno: code))
        case .io(let operation, let code):
            return CLIFailure(.ioError, error.isDriveGone ? .vaultDriveGone(operation: operation, errno: code) : .ioFailure(operation: operation, errno: code))
        case .busy: return CLIFailure(.busy, .vaultBusy)
        case .insufficientMemory(let needed, let available):
            return CLIFailure(.ioError, .notEnoughMemory(neededMiB: UInt64(needed) >> 20, freeMiB: UInt64(available) >> 20))
        case .slotTableFull: return CLIFailure(.refused, .slotsFull)
        case .noSuchSlot(let index): return CLIFailure(.notFound, .noSuchSlot(index))
        case .slotSecretRequired: return CLIFailure(.wrongSecret, .keyChangeNeedsSecret)
        case .lastSlot: return CLIFailure(.refused, .lastKey)
        case .wouldLockOut(let index): return CLIFailure(.refused, .wouldLockOut(slot: index))
        case .unconfirmedSlots(let indices): return CLIFailure(.refused, .unconfirmedSlots(indices))
        case .keyEpochExhausted: return CLIFailure(.refused, .rekeyLimitReached)
        case .sessionForOtherEpoch, .sessionSlotTableChanged: return CLIFailure(.wrongSecret, .sessionForOtherKeys)
        case .keysChangedMeanwhile: return CLIFailure(.busy, .keysChangedMeanwhile)
        case .writeRefused(let refusal):
            // 1, not 65: the file is a sound vault that opened; Hearth refuses, as with restore over
            // newer records, because the write would be unsafe (readable with retired keys).
            guard let report = CommandTrust.report(in: refusal) else { return CLIFailure(.refused, .nothingChanged) }
            return CLIFailure(.refused, .olderCopyRefusal(report))
        case .tooMuchKeyDerivation(let limit):
            return CLIFailure(.invalidData, .tooMuchKeyDerivation(limitGiB: UInt64(limit) >> 30))
        case .slotCostsOverLimit(let total, let limit):
            return CLIFailure(.refused, .slotCostsOverLimit(totalGiB: UInt64(total) >> 30, limitGiB: UInt64(limit) >> 30))
        case .crypto: return CLIFailure(.ioError, .noSecureMemory)
        }
    }

    static func failure(for error: KeyChangeRefusal) -> CLIFailure {
        switch error {
        case .slotIsRecoveryKey(let slot): CLIFailure(.usage, .slotIsRecoveryKey(slot))
        case .severalPassphraseSlots(let names):
            CLIFailure(.usage, .whichPassphrase(names.map(KeyCommandSupport.describe).joined(separator: ", ")))
        case .samePassphrase: CLIFailure(.usage, .samePassphrase)
        }
    }

    static func failure(for error: RecordIDRefusal) -> CLIFailure {
        switch error {
        case .otherKind(let id, let found, let wanted):
            CLIFailure(.notFound, .idOfOtherKind(id: id, found: found.singular, wanted: wanted.singular, command: found.commandName))
        case .tooShort(let kind): CLIFailure(.usage, .idTooShort(command: kind.commandName))
        case .noneStartsWith(let id, let kind): CLIFailure(.notFound, .noIDStartingWith(id, singular: kind.singular, command: kind.commandName))
        case .several(let id, let kind): CLIFailure(.usage, .severalIDsStartWith(id, plural: kind.plural))
        }
    }

    static func failure(for error: DraftFolderError) -> CLIFailure {
        switch error {
        case .noMemoryFolder: CLIFailure(.cannotCreate, .noMemoryFolder)
        case .noFolder(let base, let code): CLIFailure(.cannotCreate, .noPrivateFolder(base: base, errno: code))
        case .markerNotMade(let base, let code): CLIFailure(.cannotCreate, .privateFolderNotPrepared(base: base, errno: code))
        }
    }

    static func failure(for error: RecoveryKeyError) -> CLIFailure {
        switch error {
        case .wrongLength(let count): return CLIFailure(.wrongSecret, .recoveryKeyLength(count: count))
        case .unknownCharacter(let group): return CLIFailure(.wrongSecret, .recoveryKeyCharacter(group: group))
        case .checksumMismatch(let wrong): return CLIFailure(.wrongSecret, .recoveryKeyTypo(groups: wrong))
        }
    }
}

#if canImport(Glibc)
import Glibc
#endif
