import CPlatform
import Foundation
import HearthCrypto
import HearthRecords
import HearthVault

/// A backup that was written and then read back from the drive and checked in full.
public struct BackupOutcome: Sendable {
    public let path: String
    public let header: VaultHeader
    public let size: UInt64
    public let report: VaultCheckReport
    /// Problems of the vault itself that the faithful copy shares (`hearth verify` lists them).
    public var vaultProblems: [String] { report.problems }
    /// Leftovers of interrupted backups that were cleaned up first.
    public let staleRemoved: Int
    /// The vault's epoch keys (it was unlocked to make the backup): they check the headers of
    /// other backups at the same key epoch, so that pruning goes by authenticated numbers.
    public let epochKeys: EpochKeys
}

/// `hearth backup`: the vault's encrypted bytes copied exactly (no re-encryption: a backup is
/// a vault file of the same format, opening with the same keys), written atomically into
/// the drive's `Hearth/` folder, dropped from the page cache, then read back from the drive
/// and checked in full before anything is reported as done.
public enum BackupMaker {
    /// Slack for file-system overhead (cluster rounding, directory entries) in the space check.
    static let spaceMargin: UInt64 = 64 << 10
    /// FAT32 files end at 4 GiB minus one byte.
    static let fatFileLimit: UInt64 = (1 << 32) - 1

    /// The parts of making a backup that take time, as `make` reaches them (for a progress line).
    public enum Step: Sendable {
        /// Deriving the key from the passphrase (a second or more).
        case unlocking
        /// Writing the copy to the drive: bytes written so far, of the whole.
        case copying(written: UInt64, of: UInt64)
        /// Reading the copy back from the drive and checking every byte.
        case checking
    }

    /// Backs up the vault at `vaultPath` into `folder`. `credential` unlocks the vault (a
    /// wrong one fails before anything is written); the read-back uses the keys it yields.
    /// `step` hears each slow part as it begins.
    public static func make(
        vaultPath: String, into folder: BackupFolder, credential: VaultCredential, now: Date = Date(),
        step: ((Step) -> Void)? = nil
    ) throws -> BackupOutcome {
        let source = try VaultSnapshot(path: vaultPath)
        step?(.unlocking)
        let keys = try Vault.unlock(source.header, with: credential)
        let stale = folder.removeStaleTemporaries()

        if let mount = MountTable.mount(holding: folder.path), mount.isFAT, source.length > fatFileLimit {
            throw BackupError.tooLargeForFAT(folder: folder.path, size: source.length)
        }
        let needed = source.length + spaceMargin
        if let free = folder.freeBytes(), free < needed {
            throw BackupError.driveFull(folder: folder.path, needed: source.length, available: free)
        }

        let name = folder.freshName(date: now, generation: source.header.generation)
        let destination = folder.file(name)
        step?(.copying(written: 0, of: source.length))
        try write(source, to: destination, folder: folder) { written in step?(.copying(written: written, of: source.length)) }
        dropFromCache(destination)
        step?(.checking)

        // Read back from the drive: every byte is decrypted and authenticated again.
        let report: VaultCheckReport
        do {
            report = try VaultCheck.run(path: destination, keys: keys).report
            // The copy authenticated under the vault's keys; it must also be this very save,
            // with the same key slots (the MAC covers them, so they open as the vault's do).
            let copy = report.header
            guard copy.vaultID == source.header.vaultID, copy.generation == source.header.generation,
                  copy.payloadID == source.header.payloadID, copy.keyEpoch == source.header.keyEpoch,
                  copy.slots == source.header.slots
            else {
                throw VaultError.damaged(detail: "the copy on the drive is not the save that was written")
            }
        } catch {
            try handleFailedReadBack(error, source: source, keys: keys, destination: destination, folder: folder)
        }
        return BackupOutcome(
            path: destination, header: source.header, size: source.length, report: report, staleRemoved: stale,
            epochKeys: keys.epoch)
    }

    /// Writes the copy: temporary file, fsync, rename, fsync of the folder. `progress` hears the
    /// bytes written so far after each block.
    static func write(
        _ source: VaultSnapshot, to destination: String, folder: BackupFolder, progress: ((UInt64) -> Void)? = nil
    ) throws {
        let writer: AtomicFileWriter
        do {
            writer = try AtomicFileWriter(destination: destination)
        } catch {
            throw translate(error, folder: folder, needed: source.length, operation: "create the backup file")
        }
        do {
            var written: UInt64 = 0
            try source.copy { (bytes) throws(VaultError) in
                try writer.write(bytes)
                written += UInt64(bytes.count)
                progress?(written)
            }
            try writer.commit()
        } catch {
            writer.abort()
            // A failure to read the vault is about the vault, not the drive.
            if case .io(let operation, _) = error, operation == "read the vault" { throw error }
            if case .damaged = error { throw error }
            throw translate(error, folder: folder, needed: source.length, operation: "write the backup")
        }
    }

    /// Drops the new file's pages from the page cache, so the read-back comes from the drive.
    static func dropFromCache(_ path: String) {
        // The file just written; still, never through a link or waiting on what replaced it.
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)
        guard fd >= 0 else { return }
        _ = hearth_fadvise_dontneed(fd)
        close(fd)
    }

    /// The copy did not read back whole. Decide whether the vault or the drive is at fault,
    /// remove the bad copy, and throw the error that says which.
    static func handleFailedReadBack(
        _ error: any Error, source: VaultSnapshot, keys: UnlockedKeys, destination: String, folder: BackupFolder
    ) throws -> Never {
        let removed = unlink(destination) == 0
        folder.syncFolder()
        // Check the very bytes that were copied (the pinned descriptor, not the name).
        do {
            _ = try VaultCheck.run(path: source.pinnedPath, keys: keys)
        } catch {
            // The vault itself does not read: report that (65), not the drive.
            throw error
        }
        var detail = "the copy did not read back as written"
        if let vaultError = error as? VaultError {
            switch vaultError {
            case .damaged(let what): detail = what
            case .io(_, let code):
                if BackupError.isDriveGone(code) {
                    throw BackupError.driveFailed(folder: folder.path, operation: "read the backup back", errno: code)
                }
                detail = String(cString: strerror(code))
            default: break
            }
        }
        throw BackupError.readBackFailed(folder: folder.path, detail: detail, removed: removed)
    }

    /// File errors while writing, in the drive's terms.
    static func translate(_ error: VaultError, folder: BackupFolder, needed: UInt64, operation: String) -> BackupError {
        switch error {
        case .io(_, let code), .cannotCreate(_, let code):
            if BackupError.isFull(code) { return .driveFull(folder: folder.path, needed: needed, available: folder.freeBytes()) }
            if code == EFBIG { return .tooLargeForFAT(folder: folder.path, size: needed) }
            if BackupError.isDriveGone(code) || !folder.isReachable {
                return .driveFailed(folder: folder.path, operation: operation, errno: code)
            }
            return .cannotWrite(path: folder.path, errno: code)
        default:
            return .driveFailed(folder: folder.path, operation: operation, errno: EIO)
        }
    }
}
