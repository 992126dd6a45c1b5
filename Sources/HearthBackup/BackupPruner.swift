import Foundation
import HearthVault

/// `hearth backup --keep N`: after a new backup has been verified, removes this vault's older
/// backups in the same folder beyond the newest N.
///
/// Only backups known to be older are ever removed: those whose header authenticates with the
/// vault's key at the vault's key epoch (so their save numbers are genuine) and whose save
/// number is lower than the vault's (or that are an earlier copy of this very save). Anyone with
/// the drive can rewrite a header's numbers (and the file's name and date); only the header MAC
/// under the vault's key shows them genuine. So never removed: the new backup, backups of other
/// vaults, files it cannot read, backups at any other key epoch (lower or higher: the vault's key
/// cannot check them, and a lowered number is as easy to write as a raised one), a later save or
/// another save under the same number, one whose header does not authenticate, and one dated
/// after the new backup. When the drive holds a backup that claims to be newer than the vault,
/// the vault may be an older copy put back at its path: then nothing at all is removed in that
/// run. (The command also removes nothing when the vault's keys are not ones this account
/// trusts, or when it has no record of them: `decide`.)
public enum BackupPruner {
    /// Why a backup of this vault was kept, whatever --keep says.
    public enum KeepReason: Sendable, Equatable {
        /// A later save at the vault's key epoch, checked with the vault's key.
        case newerSave
        /// The vault's save number, checked with the vault's key, but other contents: a save
        /// made on another copy under the same number.
        case otherSameSave
        /// A higher key epoch than the vault's (the vault's key cannot check it).
        case newerKeys
        /// A lower key epoch than the vault's, by its header (made before a rekey, or a header
        /// whose number was lowered): the vault's key cannot check it.
        case olderKeys
        /// At the vault's key epoch, but its header does not authenticate with the vault's key.
        case doesNotAuthenticate
        /// Not checked (no keys at hand).
        case unchecked
        /// Dated after the new backup (a clock that was ahead, or a renamed file).
        case datedLater
    }

    /// What is on the drive for this vault, beside the backup just made.
    public struct Survey: Sendable {
        /// The backup just made (its header is the vault's, read back and checked).
        public let newBackup: BackupEntry
        /// The other backups of this vault, oldest first.
        public let others: [BackupEntry]

        /// Backups that are, or claim to be, newer than the vault: a higher key epoch, or a
        /// higher save number at its key epoch. Non-empty means the vault may have been rolled
        /// back, and nothing is pruned.
        public var newerThanVault: [BackupEntry] {
            guard let vault = newBackup.header else { return [] }
            return others.filter { entry in
                guard let header = entry.header else { return false }
                return (header.keyEpoch, header.generation) > (vault.keyEpoch, vault.generation)
            }
        }
    }

    /// What `keep` would do: backups to remove (oldest last), and those kept whatever it says.
    public struct Plan: Sendable {
        public var remove: [BackupEntry] = []
        public var protected: [(entry: BackupEntry, reason: KeepReason)] = []
    }

    public struct Result: Sendable {
        public var removed: [String] = []
        /// Files that could not be removed (name and reason).
        public var failed: [(name: String, reason: BackupFolder.NotRemoved)] = []
        /// Backups of this vault kept whatever --keep says, and why.
        public var protected: [(name: String, reason: KeepReason)] = []
    }

    /// Whether this account trusts the vault's keys, which --keep needs before it removes
    /// anything: a vault forged by someone holding retired keys and put at the vault's path must
    /// not decide which genuine backups go.
    public enum KeyTrust: Sendable, Equatable {
        case trusted
        /// Keys this account has not seen (a rekey elsewhere, or a forged vault).
        case untrusted(KeyIdentity)
        /// No record of this vault's keys yet.
        case noRecord
        /// The checks are off ($HEARTH_NO_ROLLBACK_CHECK): --keep removes nothing.
        case checksOff
    }

    /// How the newest backup that claims more than the vault was judged.
    public enum NewerEvidence: Sendable, Equatable {
        /// Its header authenticates with the vault's key.
        case checkedWithVaultKey
        /// A later key epoch: the vault's key cannot check it.
        case laterKeyEpoch
        /// Its header does not authenticate with the vault's key.
        case doesNotAuthenticate
    }

    /// What `hearth backup` does about older backups after the new one is checked.
    public enum Decision: Sendable {
        /// Nothing to say or remove (no --keep, or the folder could not be surveyed).
        case nothing
        /// The drive holds backups newer than the vault (`count`, the newest, how it was judged):
        /// the vault may be an older copy put back at its path. Said; nothing is removed.
        case newerOnDrive(count: Int, newest: BackupEntry, vault: VaultHeader, evidence: NewerEvidence)
        /// --keep is not applied, because of the vault's keys.
        case keepNotApplied(KeyTrust)
        /// Remove what the plan says (it may be nothing), and say what was kept.
        case prune(Plan)
    }

    /// Decides for a backup run with `keep` (nil: no --keep) over `survey` (nil: the new backup
    /// could not be read back in the folder). `keyTrust` is asked only when it decides.
    public static func decide(survey: Survey?, keep: Int?, keyTrust: () -> KeyTrust) -> Decision {
        guard let survey, let vault = survey.newBackup.header else { return .nothing }
        let newer = survey.newerThanVault
        if let newest = newer.max(by: BackupEntry.isOlder), let claimed = newest.header {
            let evidence: NewerEvidence = newest.standing == .authenticated
                ? .checkedWithVaultKey : claimed.keyEpoch > vault.keyEpoch ? .laterKeyEpoch : .doesNotAuthenticate
            return .newerOnDrive(count: newer.count, newest: newest, vault: vault, evidence: evidence)
        }
        guard let keep else { return .nothing }
        let trust = keyTrust()
        guard trust == .trusted else { return .keepNotApplied(trust) }
        return .prune(plan(survey, keep: keep))
    }

    /// Reads the folder and judges every backup of the vault with its epoch `keys`; nil when the
    /// new backup cannot be found or read (then nothing is pruned).
    public static func survey(folder: String, newBackupPath: String, keys: EpochKeys) -> Survey? {
        guard let vault = try? VaultSnapshot(path: newBackupPath).header else { return nil }
        let entries = BackupCatalog.entries(in: folder, comparedWith: vault, keys: keys)
        guard let newBackup = entries.first(where: { $0.path == newBackupPath }), newBackup.header != nil else { return nil }
        let others = entries.filter { $0.path != newBackupPath && $0.header?.vaultID == vault.vaultID }
        return Survey(newBackup: newBackup, others: others)
    }

    /// Which backups `keep` would remove. `survey.others` must have been judged with the vault's keys.
    public static func plan(_ survey: Survey, keep: Int) -> Plan {
        precondition(keep >= 1)
        var plan = Plan()
        guard let vault = survey.newBackup.header else { return plan }
        let newDate = survey.newBackup.date ?? .distantFuture
        var candidates: [BackupEntry] = []
        for entry in survey.others {
            guard let header = entry.header else { continue }
            switch entry.standing {
            case .authenticated where header.generation > vault.generation:
                plan.protected.append((entry, .newerSave))
            case .authenticated where header.generation == vault.generation && header.payloadID != vault.payloadID:
                plan.protected.append((entry, .otherSameSave))
            case .newerEpoch:
                plan.protected.append((entry, .newerKeys))
            case .olderEpoch:
                plan.protected.append((entry, .olderKeys))
            case .doesNotAuthenticate:
                plan.protected.append((entry, .doesNotAuthenticate))
            case .unchecked:
                plan.protected.append((entry, .unchecked))
            case .authenticated:
                if let date = entry.date, date > newDate {
                    plan.protected.append((entry, .datedLater))
                } else {
                    candidates.append(entry)
                }
            }
        }
        guard survey.newerThanVault.isEmpty else { return plan }
        // Newest first; the new backup is the first of the `keep` kept.
        let newestFirst = candidates.sorted { BackupEntry.isOlder($1, than: $0) }
        plan.remove = Array(newestFirst.dropFirst(keep - 1))
        return plan
    }

    /// Removes the planned backups (the folder's lock must be held). Each is removed by name in
    /// the locked folder only when it is still the very file that was judged (device and inode),
    /// and never when it is the vault at `vaultPath` (checked right before each removal).
    public static func execute(_ plan: Plan, folder: BackupFolder, vaultPath: String) -> Result {
        var result = Result()
        result.protected = plan.protected.map { ($0.entry.name, $0.reason) }
        for entry in plan.remove {
            guard let identity = entry.identity else {
                result.failed.append((entry.name, .notCheckedAgain))
                continue
            }
            if let why = folder.remove(entry.name, expected: identity, vaultPath: vaultPath) {
                result.failed.append((entry.name, why))
            } else {
                result.removed.append(entry.name)
            }
        }
        if !result.removed.isEmpty { folder.syncFolder() }
        return result
    }
}
