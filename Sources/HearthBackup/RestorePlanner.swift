import Foundation
import HearthRecords
import HearthVault

/// The decisions of `hearth restore`, over explicit values: which backup of a folder is taken,
/// whether the backup may be restored, and what is written where. The command asks for secrets
/// and confirmations, says what the plan says, and executes it (`RestoreWriter.execute`).
public enum RestorePlanner {
    /// What the command was asked to do.
    public struct Options: Sendable {
        /// --force: restore over newer data, a backup with problems, or another vault's backup.
        public var force: Bool
        /// --with-backup-keys: take the backup's own key slots and keys.
        public var withBackupKeys: Bool

        public init(force: Bool = false, withBackupKeys: Bool = false) {
            self.force = force
            self.withBackupKeys = withBackupKeys
        }
    }

    /// The records on both sides, read only when the plan needs to compare them: the vault's
    /// (nil, with why, when they cannot be read) and the backup's.
    public struct Records: Sendable {
        public var vault: RecordInventory?
        public var vaultUnreadable: VaultError?
        public var backup: RecordInventory

        public init(vault: RecordInventory?, vaultUnreadable: VaultError? = nil, backup: RecordInventory) {
            self.vault = vault
            self.vaultUnreadable = vaultUnreadable
            self.backup = backup
        }

        /// Opens the vault at `vaultPath` with its epoch `keys` (under the writer lock) and takes
        /// both inventories; a vault whose records cannot be read is compared as holding none.
        public static func read(vaultAt vaultPath: String, keys: EpochKeys, backup: RecordVault) throws -> Records {
            var records = Records(vault: nil, backup: try backup.database.inventory())
            do {
                let opened = try RecordVault.open(at: vaultPath, credential: .keys(keys))
                records.vault = try opened.database.inventory()
            } catch let error as VaultError {
                records.vaultUnreadable = error
            }
            return records
        }
    }

    /// The backup's header (damage and "not a vault" show before any passphrase is asked for).
    public static func readBackupHeader(at source: String) throws -> VaultHeader {
        do {
            return try Vault.readHeader(at: source).header
        } catch .notFound {
            throw RestoreRefusal.backupNotFound(source: source)
        }
    }

    /// SOURCE may not be the vault itself (64).
    public static func checkSource(_ source: String, vaultPath: String) throws(RestoreRefusal) {
        guard realPath(source) != realPath(vaultPath) else { throw .fromItself(source: source) }
    }

    /// A backup whose full check found problems is restored only with --force.
    public static func checkBackup(
        source: String, problems: [String], options: Options
    ) throws(RestoreRefusal) {
        guard problems.isEmpty || options.force else { throw .backupHasProblems(source: source, problems: problems) }
    }

    /// What to write over `vault` (read under the writer lock) from `backup` (checked whole).
    /// `vaultEpoch`: the key epoch the vault was unlocked at before the lock, nil when it was not
    /// (there was no readable vault then). `records` reads both sides' records; it is called
    /// only when the vault is readable under the same keys and of the same vault (or --force).
    public static func plan(
        source: String, vaultPath: String, backup: VaultHeader, vault: VaultState, vaultEpoch: UInt64?,
        options: Options, records: () throws -> Records
    ) throws -> RestoreDecision {
        switch vault {
        case .missing:
            // No vault: the backup becomes it, with its own keys.
            return .restore(RestorePlan(keys: .backups, place: .empty, save: backup.generation &+ 1, drops: nil))
        case .unreadable(let problem):
            // Its keys cannot be had: only the backup's own, when asked for.
            guard options.withBackupKeys else { throw RestoreRefusal.vaultUnreadable(path: vaultPath, problem: problem) }
            return .restore(RestorePlan(keys: .backups, place: .unreadable(problem), save: backup.generation &+ 1, drops: nil))
        case .readable(let header):
            guard let vaultEpoch else { throw RestoreRefusal.vaultAppeared(path: vaultPath) }
            guard header.keyEpoch == vaultEpoch else { throw RestoreRefusal.keysChanged }
            if header.vaultID != backup.vaultID && !options.force { throw RestoreRefusal.anotherVault(source: source) }
            let both = try records()
            let comparison = RestoreComparison.compare(
                vault: header, vaultRecords: both.vault, backup: backup, backupRecords: both.backup)
            let sameKeys = header.keyEpoch == backup.keyEpoch && header.slots == backup.slots
            if comparison.sameRecords && (!options.withBackupKeys || sameKeys) {
                return .alreadyRestored(save: backup.generation)
            }
            if comparison.wouldLoseData && !options.force {
                throw RestoreRefusal.vaultHasNewerData(
                    source: source, comparison: comparison, vaultSave: comparison.vaultIsNewerSave ? header.generation : nil,
                    backupSave: backup.generation, unreadable: both.vaultUnreadable)
            }
            return .restore(RestorePlan(
                keys: options.withBackupKeys ? .backups : .vaults(header), place: .readable(header),
                save: max(header.generation, backup.generation) &+ 1, drops: comparison.wouldLoseData ? comparison : nil))
        }
    }

    /// What to say about `backup` before restoring it over `vault` (unlocked at `vaultEpoch`).
    /// `newestInFolder`: the newest backup of the vault in SOURCE's folder (`BackupChoice`),
    /// looked up only for a backup named by path.
    public static func notice(
        source: String, backup: VaultHeader, vault: VaultState, vaultEpoch: UInt64?,
        newestInFolder: () -> BackupChoice.Outcome?
    ) -> RestoreNotice {
        guard case .readable(let header) = vault else {
            return RestoreNotice(beforeRekey: nil, newerInFolder: nil, noVaultToCompare: vault.isMissing)
        }
        guard let vaultEpoch, header.vaultID == backup.vaultID else {
            return RestoreNotice(beforeRekey: nil, newerInFolder: nil, noVaultToCompare: false)
        }
        let beforeRekey = backup.keyEpoch < vaultEpoch ? (backup.keyEpoch, vaultEpoch) : nil
        var newer: BackupEntry?
        if case .chosen(let newest, _)? = newestInFolder(), realPath(newest.path) != realPath(source),
           let claimed = newest.header, (claimed.keyEpoch, claimed.generation) > (backup.keyEpoch, backup.generation)
        {
            newer = newest
        }
        return RestoreNotice(beforeRekey: beforeRekey, newerInFolder: newer, noVaultToCompare: false)
    }
}

extension VaultState {
    var isMissing: Bool {
        if case .missing = self { true } else { false }
    }
}
