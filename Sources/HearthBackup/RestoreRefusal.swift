import HearthExitCodes
import HearthVault

/// Why `hearth restore` changes nothing. Each case carries what its message names, and its exit
/// code is decided here, with the policy (`exitStatus`), never from a message's text.
public enum RestoreRefusal: Error, Sendable {
    /// SOURCE is the vault itself.
    case fromItself(source: String)
    /// No file at SOURCE.
    case backupNotFound(source: String)
    /// The backup opened, but its full check found problems (restored only with --force).
    case backupHasProblems(source: String, problems: [String])
    /// The vault's header cannot be read, so its keys cannot be used (only --with-backup-keys).
    case vaultUnreadable(path: String, problem: VaultError)
    /// No vault was there when the secrets were asked for; one is there now.
    case vaultAppeared(path: String)
    /// The vault was rekeyed between unlocking and the writer lock.
    case keysChanged
    /// SOURCE is a backup of another vault (restored only with --force).
    case anotherVault(source: String)
    /// The vault holds what the backup lacks (restored only with --force).
    case vaultHasNewerData(source: String, comparison: RestoreComparison, vaultSave: UInt64?, backupSave: UInt64, unreadable: VaultError?)
    /// A folder of backups of several vaults and no vault to tell which (`opened`: those that
    /// open with the secret given, on a fresh machine).
    case severalVaults(folder: String, count: Int, source: String, opened: [String]?)
    /// No backup of this vault in the folder can be placed by numbers its key checks.
    case noPlaceableBackup(folder: String, passedOver: [BackupEntry])
    /// On a fresh machine, no backup in the folder opened and checked whole.
    case noneOpened(folder: String, passedOver: [FreshMachineChoice.PassedOver])

    public var exitStatus: ExitStatus {
        switch self {
        case .fromItself, .severalVaults: .usage
        case .backupNotFound, .noPlaceableBackup: .notFound
        case .backupHasProblems, .vaultUnreadable, .vaultAppeared, .keysChanged, .anotherVault, .vaultHasNewerData: .refused
        case .noneOpened(_, let passedOver):
            // Some did not open with the secret given: it may be the wrong one (77, asked again
            // on a terminal). Otherwise every one is damaged or failed its check (65).
            passedOver.contains { if case .doesNotOpen = $0.reason { true } else { false } } ? .wrongSecret : .invalidData
        }
    }
}
