import Foundation
import HearthVault

/// `hearth backup --keep N`: after a new backup has been verified, removes this vault's
/// older backups in the same folder beyond the newest N. Never touches the new backup,
/// backups of other vaults, files it cannot read, or anything newer than the new backup.
public enum BackupPruner {
    public struct Result: Sendable {
        public var removed: [String] = []
        /// Files that could not be removed (name and reason).
        public var failed: [(name: String, reason: String)] = []
    }

    /// Which backups `keep` would remove, newest kept first. `newBackup` is the one just made.
    public static func plan(entries: [BackupEntry], newBackup: BackupEntry, keep: Int) -> [BackupEntry] {
        precondition(keep >= 1)
        guard let vaultID = newBackup.header?.vaultID, let newDate = newBackup.date else { return [] }
        let mine = entries.filter { entry in
            entry.path != newBackup.path && entry.header?.vaultID == vaultID && entry.date != nil
                && entry.date! <= newDate
        }
        // Newest first: by date, then save number, then name.
        let ordered = mine.sorted {
            ($0.date!, $0.header!.generation, $0.name) > ($1.date!, $1.header!.generation, $1.name)
        }
        return Array(ordered.dropFirst(keep - 1))
    }

    /// Removes the planned backups (the folder's lock must be held).
    public static func prune(folder: BackupFolder, newBackupPath: String, keep: Int) -> Result {
        let entries = BackupCatalog.entries(in: folder.path, comparedWith: nil)
        guard let newBackup = entries.first(where: { $0.path == newBackupPath }) else { return Result() }
        var result = Result()
        for entry in plan(entries: entries, newBackup: newBackup, keep: keep) {
            if unlink(entry.path) == 0 {
                result.removed.append(entry.name)
            } else {
                result.failed.append((entry.name, String(cString: strerror(errno))))
            }
        }
        if !result.removed.isEmpty { folder.syncFolder() }
        return result
    }
}
