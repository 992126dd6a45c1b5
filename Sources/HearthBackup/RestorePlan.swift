import HearthExitCodes
import HearthRecords
import HearthVault

/// What `hearth restore` will write, decided before anything is written (`RestorePlanner`).
public struct RestorePlan: Sendable {
    /// Whose key slots and keys the restored records are saved under.
    public enum Keys: Sendable, Equatable {
        /// The vault's own (the header read under the lock): no old passphrase comes back.
        case vaults(VaultHeader)
        /// The backup's own (--with-backup-keys, or no vault to take keys from).
        case backups
    }

    /// What is at the vault's path now, and is replaced.
    public enum Place: Sendable {
        case empty
        case unreadable(VaultError)
        case readable(VaultHeader)

        /// The header replaced, when it could be read.
        public var header: VaultHeader? {
            if case .readable(let header) = self { header } else { nil }
        }
    }

    public let keys: Keys
    public let place: Place
    /// The save number written: the one after both the vault's and the backup's.
    public let save: UInt64
    /// What the vault holds that the backup lacks and the restore drops (--force over newer
    /// data); nil when nothing is lost.
    public let drops: RestoreComparison?

    /// The vault file as it is now is kept beside it first, whenever there is one.
    public var keepsSafetyCopy: Bool {
        if case .empty = place { false } else { true }
    }

    public var usesBackupKeys: Bool { keys == .backups }
}

/// What the planner decided: a restore to execute, or nothing to do.
public enum RestoreDecision: Sendable {
    case restore(RestorePlan)
    /// The vault already holds exactly the backup's records (and keys, when they are taken).
    case alreadyRestored(save: UInt64)

    /// Both end the command as done.
    public var exitStatus: ExitStatus { .ok }
}

/// What `hearth restore` says before it restores: which backup, and what stands out about it.
public struct RestoreNotice: Sendable {
    /// The backup's key epoch is below the vault's (same vault, both checked): keys that rekey
    /// retired open it. On a terminal the person confirms.
    public let beforeRekey: (backupEpoch: UInt64, vaultEpoch: UInt64)?
    /// A backup of this vault in the same folder with higher (key epoch, save) by numbers the
    /// vault's key can place.
    public let newerInFolder: BackupEntry?
    /// There is no vault to compare the backup with.
    public let noVaultToCompare: Bool
}
