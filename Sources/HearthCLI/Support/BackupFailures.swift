import Foundation
import HearthBackup
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
        let unchanged = "Your vault is unchanged, and older backups on the drive were not touched."
        switch error {
        case .destinationNotFound(let path):
            return CLIFailure(.notFound, "There is no folder at \(path) (is the drive plugged in and mounted?). Nothing was written. \(unchanged)")
        case .cannotWrite(let path, let code):
            return CLIFailure(.cannotCreate, "Hearth cannot write to \(path) (\(FailureReport.describe(errno: code))). Nothing was written. \(unchanged) Is the drive write-protected?")
        case .driveFull(let folder, let needed, let available):
            let sizes = available.map { " (the backup needs \(megabytes(needed)), the drive has \(megabytes($0)) free)" } ?? ""
            return CLIFailure(.ioError, "The drive holding \(folder) is full\(sizes). No backup file was left behind. \(unchanged) Free some space on it, or use `--keep N` to let Hearth remove older backups, then try again.")
        case .driveFailed(let folder, let operation, let code):
            return CLIFailure(.ioError, """
                The drive holding \(folder) stopped answering while Hearth tried to \(operation) \
                (\(FailureReport.describe(errno: code))); it may have been pulled out. \(unchanged) \
                If an unfinished file was left on the drive, the next backup to it removes it. Plug the drive \
                back in and run `hearth backup` again.
                """)
        case .tooLargeForFAT(let folder, let size):
            return CLIFailure(.cannotCreate, "The vault is \(megabytes(size)), and the drive holding \(folder) is formatted FAT32, which cannot hold a file of 4 GiB or more. Nothing was written. \(unchanged) A drive formatted exFAT (or ext4) can hold it.")
        case .readBackFailed(let folder, let detail, let removed):
            let what = removed ? "The bad copy was removed." : "The bad copy could not be removed; please delete it by hand."
            return CLIFailure(.ioError, "The backup written to \(folder) did not read back correctly (\(detail)): the drive may be failing. \(what) \(unchanged) Try another drive.")
        case .folderBusy(let folder):
            return CLIFailure(.busy, "Another backup is being written to \(folder) right now. Nothing was changed. Please try again when it is done.")
        case .invalidKeepCount:
            return CLIFailure(.usage, "--keep must be 1 or more: the new backup is always kept.")
        case .folderIsLink(let path):
            return CLIFailure(.cannotCreate, """
                \(path) is a symbolic link, not a folder: Hearth never writes or removes backups through a link, \
                which could lead anywhere (your vault's own folder too). Nothing was written. \(unchanged) \
                If you did not make that link, someone with access to the drive may have; remove it, or give \
                another folder.
                """)
        case .folderHoldsVault(let folder, let vaultPath, let why):
            let what = switch why {
            case .isVaultFolder: "\(folder) is the folder your vault \(vaultPath) is in"
            case .holdsVault(let name): "\(folder) holds your vault \(vaultPath) itself (as \(name))"
            }
            return CLIFailure(.cannotCreate, """
                \(what), so it is no place for backups: a backup belongs on another drive, and pruning there \
                could touch the vault. Nothing was written. \(unchanged) Give another folder, such as a mounted \
                drive (`hearth backup /media/you/STICK`).
                """)
        }
    }

    static func megabytes(_ bytes: UInt64) -> String {
        ByteCountFormatter.string(fromByteCount: Int64(clamping: bytes), countStyle: .file)
    }
}
