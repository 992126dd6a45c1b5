import Foundation
import HearthBackup
import HearthMessages
import HearthVault

/// Messages and exit codes for backup-drive trouble. The vault is never changed by a backup,
/// so every message can say so.
enum BackupFailures {
    /// Runs `body`, turning `BackupError` into the calm message and exit code a person sees.
    static func translating<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as BackupError {
            throw failure(for: error)
        }
    }

    static func failure(for error: BackupError) -> CLIFailure {
        switch error {
        case .destinationNotFound(let path): return CLIFailure(.notFound, .backupFolderMissing(path))
        case .cannotWrite(let path, let code): return CLIFailure(.cannotCreate, .backupCannotWrite(path, errno: code))
        case .driveFull(let folder, let needed, let available):
            return CLIFailure(.ioError, .driveFull(folder: folder, needed: available == nil ? nil : megabytes(needed), free: available.map(megabytes)))
        case .driveFailed(let folder, let operation, let code):
            return CLIFailure(.ioError, .driveFailed(folder: folder, operation: operation, errno: code))
        case .tooLargeForFAT(let folder, let size): return CLIFailure(.cannotCreate, .tooLargeForFAT(folder: folder, size: megabytes(size)))
        case .readBackFailed(let folder, let detail, let removed):
            return CLIFailure(.ioError, .readBackFailed(folder: folder, detail: detail, removed: removed))
        case .folderBusy(let folder): return CLIFailure(.busy, .backupFolderBusy(folder))
        case .invalidKeepCount: return CLIFailure(.usage, .keepAtLeastOne)
        case .folderIsLink(let path): return CLIFailure(.cannotCreate, .backupFolderIsLink(path))
        case .folderHoldsVault(let folder, let vaultPath, let why):
            let isVaultFolder = if case .isVaultFolder = why { true } else { false }
            return CLIFailure(.cannotCreate, .backupFolderHoldsVault(folder: folder, vaultPath: vaultPath, isVaultFolder: isVaultFolder))
        }
    }

    static func megabytes(_ bytes: UInt64) -> String {
        ByteCountFormatter.string(fromByteCount: Int64(clamping: bytes), countStyle: .file)
    }
}
