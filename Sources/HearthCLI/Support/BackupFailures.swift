import Foundation
import HearthBackup
import HearthMessages
import HearthVault

/// The messages of HearthBackup's refusals and drive trouble. Each exit code comes with the
/// error (`exitStatus`, decided in HearthBackup); here only the words are chosen.
extension FailureReport {
    /// Drive trouble: the vault is never changed by a backup, so every message can say so.
    static func failure(for error: BackupError) -> CLIFailure {
        let message: Message = switch error {
        case .destinationNotFound(let path): .backupFolderMissing(path)
        case .cannotWrite(let path, let code): .backupCannotWrite(path, errno: code)
        case .driveFull(let folder, let needed, let available):
            .driveFull(folder: folder, needed: available == nil ? nil : BackupFailures.megabytes(needed), free: available.map(BackupFailures.megabytes))
        case .driveFailed(let folder, let operation, let code): .driveFailed(folder: folder, operation: operation, errno: code)
        case .tooLargeForFAT(let folder, let size): .tooLargeForFAT(folder: folder, size: BackupFailures.megabytes(size))
        case .readBackFailed(let folder, let detail, let removed): .readBackFailed(folder: folder, detail: detail, removed: removed)
        case .folderBusy(let folder): .backupFolderBusy(folder)
        case .invalidKeepCount: .keepAtLeastOne
        case .folderIsLink(let path): .backupFolderIsLink(path)
        case .folderHoldsVault(let folder, let vaultPath, let why):
            .backupFolderHoldsVault(folder: folder, vaultPath: vaultPath, isVaultFolder: why == .isVaultFolder)
        case .onVaultsDrive(let destination, let drive, let vaultPath):
            .backupOnVaultsDrive(destination: destination, drive: drive, vaultPath: vaultPath)
        }
        return CLIFailure(error.exitStatus, message)
    }

    static func failure(for refusal: RestoreRefusal) -> CLIFailure {
        let message: Message = switch refusal {
        case .fromItself(let source): .restoreFromItself(source)
        case .backupNotFound(let source): .noBackupAt(source)
        case .backupHasProblems(let source, let problems): .backupHasProblems(source, problems: problems)
        case .vaultUnreadable(let path, let problem): .vaultUnreadableForRestore(path: path, problem: failure(for: problem).message)
        case .vaultAppeared(let path): .vaultAppearedDuringRestore(path)
        case .keysChanged: .keysChangedDuringRestore
        case .anotherVault(let source): .backupOfAnotherVault(source)
        case .vaultHasNewerData(let source, let comparison, let vaultSave, let backupSave, let unreadable):
            .vaultHasNewerData(
                source: source, onlyInVault: comparison.onlyInVault.count, changedInVault: comparison.changedInVault.count,
                vaultSave: vaultSave, backupSave: backupSave, unreadable: unreadable.map { failure(for: $0).message })
        case .severalVaults(let folder, let count, let source, let opened):
            .backupsOfSeveralVaults(folder: folder, count: count, source: source, opened: opened)
        case .noPlaceableBackup(let folder, let passedOver):
            .noPlaceableBackup(folder: folder, passedOver: passedOver.map(Message.BackupFacts.init))
        case .noneOpened(let folder, let passedOver): .noBackupOpened(folder: folder, skipped: passedOver.map(Message.skipped))
        }
        return CLIFailure(refusal.exitStatus, message)
    }

    static func failure(for refusal: MergeRefusal) -> CLIFailure {
        let message: Message = switch refusal {
        case .intoItself(let other): .mergeIntoItself(other)
        case .otherNotFound(let other): .noVaultFileAt(other)
        case .otherVault(let other): .otherVault(other)
        case .otherHasProblems(let other, let problems): .otherCopyHasProblems(other, problems: problems)
        }
        return CLIFailure(refusal.exitStatus, message)
    }
}

extension Message.BackupFacts {
    /// A backup's name and numbers (as its header claims), and its date.
    init(_ entry: BackupEntry) {
        self.init(name: entry.name, save: entry.header?.generation ?? 0, epoch: entry.header?.keyEpoch ?? 0, dated: Self.dated(entry))
    }

    /// "2026-11-24 21:30 UTC by its name" (or by the file's time).
    static func dated(_ entry: BackupEntry) -> String? {
        guard let date = entry.date else { return nil }
        let how = BackupName.parse(entry.name) != nil ? "by its name" : "by the file's time"
        return "\(BackupList.displayDate(date)) UTC \(how)"
    }
}

extension Message {
    /// A backup passed over in a folder on a fresh machine, and why.
    static func skipped(_ passed: FreshMachineChoice.PassedOver) -> (backup: BackupFacts, why: PassedOverReason) {
        let why: PassedOverReason = switch passed.reason {
        case .doesNotOpen: .doesNotOpen
        case .damaged(let detail): .damaged(detail)
        case .problems(let problems): .problems(problems)
        case .notTried: .notTried
        case .failed(let error): .failed(FailureReport.failure(for: error).message)
        }
        return (BackupFacts(passed.entry), why)
    }
}

enum BackupFailures {
    static func megabytes(_ bytes: UInt64) -> String {
        ByteCountFormatter.string(fromByteCount: Int64(clamping: bytes), countStyle: .file)
    }
}
