import Foundation
import HearthVault

/// Which backup `hearth restore FOLDER` takes: the newest of this vault by key epoch and save
/// number, never by file name or date (anyone with the drive can rename a file, for example a
/// backup from before a rekey to the newest name).
public enum BackupChoice {
    public enum Outcome: Sendable {
        /// The backup to restore, and the backups of this vault passed over because they claim
        /// to be newer but cannot be checked with the vault's key.
        case chosen(BackupEntry, passedOver: [BackupEntry])
        /// No backup of this vault in the folder that can be placed; those of it that claim more
        /// but cannot be checked with the vault's key.
        case none(passedOver: [BackupEntry])
        /// No vault to compare with, and the folder holds backups of several vaults.
        case severalVaults(Int)
    }

    /// Chooses in `folder`. With the vault's header and epoch `keys` (it was unlocked): among its
    /// backups whose numbers can be trusted to place them (authenticated at the vault's key
    /// epoch, or claiming a lower one), the highest (key epoch, save number). Without a vault (a
    /// fresh machine): the highest claimed by the only vault there; `restore` then chooses by
    /// opening them (`FreshMachineChoice`), so a header altered without the key does not restore.
    public static func newest(in folder: String, vault: VaultHeader?, keys: EpochKeys?) -> Outcome {
        newest(among: BackupCatalog.entries(in: folder, comparedWith: vault, keys: keys), vault: vault, checked: keys != nil)
    }

    /// The same choice among `entries` already judged (`checked`: with the vault's keys).
    static func newest(among entries: [BackupEntry], vault: VaultHeader?, checked: Bool) -> Outcome {
        let readable = entries.filter { $0.header != nil }
        guard let vault else {
            let vaults = Set(readable.map { $0.header!.vaultID })
            guard vaults.count <= 1 else { return .severalVaults(vaults.count) }
            guard let newest = readable.max(by: BackupEntry.isOlder) else { return .none(passedOver: []) }
            return .chosen(newest, passedOver: [])
        }
        let mine = readable.filter { $0.header!.vaultID == vault.vaultID }
        let placeable = !checked ? mine : mine.filter { $0.standing.canBePlaced }
        let unplaced = !checked ? [] : mine.filter { !$0.standing.canBePlaced }
        guard let newest = placeable.max(by: BackupEntry.isOlder) else { return .none(passedOver: unplaced) }
        return .chosen(newest, passedOver: unplaced.filter { BackupEntry.isOlder(newest, than: $0) })
    }

    /// The backup `hearth restore FOLDER` takes from `outcome`, with the files of this vault passed
    /// over; or why none is taken.
    public static func take(
        _ outcome: Outcome, folder: String, source: String
    ) throws(RestoreRefusal) -> (entry: BackupEntry, passedOver: [BackupEntry]) {
        switch outcome {
        case .chosen(let entry, let passedOver): return (entry, passedOver)
        case .none(let passedOver): throw .noPlaceableBackup(folder: folder, passedOver: passedOver)
        case .severalVaults(let count): throw .severalVaults(folder: folder, count: count, source: source, opened: nil)
        }
    }
}
