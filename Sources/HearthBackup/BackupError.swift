import Foundation
import HearthExitCodes

/// What can go wrong with a backup drive or folder. The vault itself is never changed by a
/// backup; each case says what happened on the drive.
public enum BackupError: Error, Equatable, Sendable {
    /// The destination folder does not exist (66).
    case destinationNotFound(path: String)
    /// The destination exists but cannot be written (73).
    case cannotWrite(path: String, errno: Int32)
    /// Not enough free space; nothing was written (74). `available` is nil when unknown.
    case driveFull(folder: String, needed: UInt64, available: UInt64?)
    /// The drive stopped answering or turned read-only mid-write (74).
    case driveFailed(folder: String, operation: String, errno: Int32)
    /// The file would pass FAT32's 4 GiB limit (73).
    case tooLargeForFAT(folder: String, size: UInt64)
    /// The copy read back from the drive is not what was written (74); it was removed.
    case readBackFailed(folder: String, detail: String, removed: Bool)
    /// Another backup is being written to this folder (75).
    case folderBusy(folder: String)
    /// `--keep` must keep at least the new backup (64).
    case invalidKeepCount
    /// The backup folder is a symbolic link (73): it could lead anywhere, the vault's own folder too.
    case folderIsLink(path: String)
    /// The backup folder is the vault's own folder, or holds the vault's file (73).
    case folderHoldsVault(folder: String, vaultPath: String, why: VaultConflict)
    /// The destination is on the drive that holds the vault (mounted at `drive`), by whatever
    /// path (73): a backup there is lost with the drive (`BackupDestinationRule`).
    case onVaultsDrive(destination: String, drive: String, vaultPath: String)

    /// How a backup folder and the vault meet.
    public enum VaultConflict: Equatable, Sendable {
        /// The folder is the one the vault is in.
        case isVaultFolder
        /// The folder holds the vault's very file under this name (a hard link, or the vault itself).
        case holdsVault(name: String)
    }
}

extension BackupError {
    /// The exit code each case ends the command with (the codes named above).
    public var exitStatus: ExitStatus {
        switch self {
        case .destinationNotFound: .notFound
        case .cannotWrite, .tooLargeForFAT, .folderIsLink, .folderHoldsVault, .onVaultsDrive: .cannotCreate
        case .driveFull, .driveFailed, .readBackFailed: .ioError
        case .folderBusy: .busy
        case .invalidKeepCount: .usage
        }
    }

    /// Errors of the file calls that mean the drive went away or turned read-only.
    static func isDriveGone(_ code: Int32) -> Bool {
        // ECONNABORTED: a FUSE driver that dies mid-request; ENOTCONN: every request after.
        [EIO, ENODEV, ENXIO, ENOTCONN, ECONNABORTED, ESHUTDOWN, EROFS, ESTALE, ENOENT, EBADF, ENOMEDIUM].contains(code)
    }

    static func isFull(_ code: Int32) -> Bool { code == ENOSPC || code == EDQUOT }
}
