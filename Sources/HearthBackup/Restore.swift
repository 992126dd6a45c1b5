import Foundation
import HearthCrypto
import HearthRecords
import HearthVault

/// What the current vault holds that a backup would take away if restored over it.
public struct RestoreComparison: Sendable, Equatable {
    /// The vault has been saved more times than the backup (or, when unreadable, says so).
    public let vaultIsNewerSave: Bool
    /// The backup holds this very save of the vault's records (the same encrypted payload;
    /// a passphrase change since then rewrites only the header).
    public let sameRecords: Bool
    /// Records in the vault that the backup neither holds nor deleted.
    public let onlyInVault: [String]
    /// Records both hold that the vault changed later.
    public let changedInVault: [String]

    /// True when restoring would drop something the vault holds (refused without --force).
    public var wouldLoseData: Bool { !sameRecords && (vaultIsNewerSave || !onlyInVault.isEmpty || !changedInVault.isEmpty) }

    public static func compare(
        vault: VaultHeader, vaultRecords: RecordInventory?, backup: VaultHeader, backupRecords: RecordInventory
    ) -> RestoreComparison {
        let same = vault.vaultID == backup.vaultID && vault.payloadID == backup.payloadID
        return RestoreComparison(
            vaultIsNewerSave: vault.generation > backup.generation, sameRecords: same,
            onlyInVault: vaultRecords?.missing(from: backupRecords) ?? [],
            changedInVault: vaultRecords?.newer(than: backupRecords) ?? [])
    }
}

/// The writing half of `hearth restore`. The caller holds the vault's writer lock.
public enum RestoreWriter {
    /// Executes `plan`: keeps the vault as it is beside it (when there is one), then saves the
    /// backup's records under the keys the plan names (`vaultKeys`: the vault's epoch keys, for
    /// `.vaults`). If the save fails, the safety copy is removed again (the vault is unchanged).
    /// Returns the safety copy's path.
    public static func execute(
        _ plan: RestorePlan, records: PlaintextDatabase, backup: VaultHeader, backupKeys: EpochKeys, vaultKeys: EpochKeys?,
        to path: String, writeGuard: (any VaultWriteGuard)? = nil
    ) throws -> String? {
        let safetyCopy = plan.keepsSafetyCopy ? try keepSafetyCopy(of: path) : nil
        do {
            switch plan.keys {
            case .vaults(let current):
                guard let vaultKeys else { throw VaultError.keysChangedMeanwhile }
                _ = try underCurrentKeys(
                    records: records, backup: backup, current: current, keys: vaultKeys, to: path, writeGuard: writeGuard)
            case .backups:
                _ = try withBackupKeys(
                    records: records, backup: backup, backupKeys: backupKeys, current: plan.place.header, to: path,
                    writeGuard: writeGuard)
            }
        } catch {
            if let safetyCopy { unlink(safetyCopy) }
            throw error
        }
        return safetyCopy
    }

    /// A fresh machine may not have the vault's folder yet: made `0700`, as `init` does.
    public static func makeFolder(of vaultPath: String) throws(VaultError) {
        let folder = PathName.folder(of: vaultPath)
        guard !folder.isEmpty, !FileManager.default.fileExists(atPath: folder) else { return }
        do {
            try FileManager.default.createDirectory(
                atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw VaultError.cannotCreate(path: folder, errno: EACCES)
        }
    }

    /// Keeps the vault as it is now beside it, as `<name>.before-restore-<UTC time>.hearth`:
    /// a hard link when the file system allows (instant, and the old file stays exactly as it
    /// was), else a complete copy written atomically. Returns its path.
    ///
    /// A vault path that is a symbolic link is first resolved: the copy is of the file it names,
    /// beside that file (a hard link of the link itself would follow whatever the link names after
    /// the restore, and keep nothing). A hard link is then checked to be the very same regular file.
    public static func keepSafetyCopy(of givenPath: String, now: Date = Date()) throws -> String {
        let vaultPath = realPath(givenPath)
        var original = stat()
        guard lstat(vaultPath, &original) == 0, (original.st_mode & S_IFMT) == S_IFREG else {
            throw VaultError.notFound(path: givenPath)
        }
        let folder = PathName.folder(of: vaultPath)
        var base = (vaultPath as NSString).lastPathComponent
        if base.lowercased().hasSuffix(".hearth") { base = String(base.dropLast(7)) }
        let stamp = String(BackupName.make(date: now, generation: 0).dropFirst(7).prefix(16))  // 20261124T213000Z
        var attempt = 1
        while true {
            let name = "\(base).before-restore-\(stamp)\(attempt > 1 ? "-\(attempt)" : "").hearth"
            let path = folder.isEmpty ? name : (folder as NSString).appendingPathComponent(name)
            if access(path, F_OK) == 0 {
                attempt += 1
                continue
            }
            if link(vaultPath, path) == 0 {
                var kept = stat()
                guard lstat(path, &kept) == 0, (kept.st_mode & S_IFMT) == S_IFREG,
                      kept.st_ino == original.st_ino, kept.st_dev == original.st_dev
                else {
                    unlink(path)
                    throw VaultError.cannotCreate(path: path, errno: EEXIST)
                }
                try AtomicFileWriter.syncFolder(of: path)
                return path
            }
            let code = errno
            if code == EEXIST {
                attempt += 1
                continue
            }
            // No hard links here (FAT, some network file systems): copy the bytes. First remove
            // what a restore killed while copying left (under the writer lock, as the vault's own).
            removeStaleSafetyCopyTemporaries(beside: vaultPath)
            let source = try VaultSnapshot(path: vaultPath)
            let writer = try AtomicFileWriter(destination: path)
            do {
                try source.copy { (bytes) throws(VaultError) in try writer.write(bytes) }
                try writer.commit()
            } catch {
                writer.abort()
                throw error
            }
            return path
        }
    }

    /// Removes the temporaries of safety copies that a restore killed mid-copy left beside the
    /// vault file at `vaultPath` (resolved): `.<name>.before-restore-<time>.hearth.tmp-<16 hex>`.
    /// Each copy has its own name, so the vault's own cleanup (by its name) does not see them.
    /// The caller holds the vault's writer lock.
    static func removeStaleSafetyCopyTemporaries(beside vaultPath: String) {
        var base = (vaultPath as NSString).lastPathComponent
        if base.lowercased().hasSuffix(".hearth") { base = String(base.dropLast(7)) }
        let prefix = ".\(base).before-restore-"
        AtomicFileWriter.removeStaleTemporaries(inFolderOf: vaultPath) { $0.hasPrefix(prefix) && $0.contains(".hearth.tmp-") }
    }

    /// Saves the backup's records under the vault's own key slots and keys (`current`,
    /// read under the lock, and its epoch keys), as the save after both.
    public static func underCurrentKeys(
        records: PlaintextDatabase, backup: VaultHeader, current: VaultHeader, keys: EpochKeys, to path: String,
        writeGuard: (any VaultWriteGuard)? = nil
    ) throws -> VaultHeader {
        var template = current
        template.generation = max(current.generation, backup.generation) &+ 1
        return try records.withSerializedImage { image in
            try Vault.write(template, keys: keys, payload: image, to: path, writeGuard: writeGuard)
        }
    }

    /// Saves the backup as it is, with its own key slots and keys (`--with-backup-keys`, or
    /// when there is no vault to take keys from), as the save after both.
    public static func withBackupKeys(
        records: PlaintextDatabase, backup: VaultHeader, backupKeys: EpochKeys, current: VaultHeader?, to path: String,
        writeGuard: (any VaultWriteGuard)? = nil
    ) throws -> VaultHeader {
        var template = backup
        template.generation = max(current?.generation ?? 0, backup.generation) &+ 1
        let folder = PathName.folder(of: path)
        if !folder.isEmpty, !FileManager.default.fileExists(atPath: folder) {
            try FileManager.default.createDirectory(
                atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        return try records.withSerializedImage { image in
            try Vault.write(template, keys: backupKeys, payload: image, to: path, writeGuard: writeGuard)
        }
    }
}
