import Foundation
import HearthTrust
import HearthVault

// The catalogue (Message.swift): restore.

extension Message {
    /// A backup named in a message: its name, and for `--verbose` its numbers.
    public struct BackupFacts: Sendable {
        public let name: String
        public let save: UInt64
        public let epoch: UInt64
        /// "2026-11-24 21:30 UTC by its name", or nil.
        public let dated: String?

        public init(name: String, save: UInt64, epoch: UInt64, dated: String?) {
            self.name = name
            self.save = save
            self.epoch = epoch
            self.dated = dated
        }
    }

    private static func numbers(_ backup: BackupFacts) -> String {
        "save \(backup.save), key epoch \(backup.epoch)\(backup.dated.map { ", dated \($0)" } ?? "")"
    }

    public static func backupsOfSeveralVaults(folder: String, count: Int, source: String, opened: [String]?) -> Message {
        Message("""
            \(folder) holds backups of \(count) different vaults\(opened == nil ? "" : " that open with what was given"), and there is no vault here to tell which is yours. Nothing was changed.
            Name the backup to restore (`hearth backup list \(source)` shows them).
            """, detail: opened.map { "They are: \($0.joined(separator: ", "))." })
    }

    public static func noPlaceableBackup(folder: String, passedOver: [BackupFacts]) -> Message {
        Message("There is no backup of this vault in \(folder) that Hearth can place. Nothing was changed.")
            .then(passedOver.isEmpty ? nil : notTaken(passedOver))
    }

    /// Backups that claim to be newer but that the vault's key cannot check.
    public static func notTaken(_ entries: [BackupFacts]) -> Message {
        Message("""
            Not taken: \(entries.map(\.name).joined(separator: ", ")), which your vault's key cannot check (a rekey your vault does not have?).
            To restore one anyway, name it, with --with-backup-keys.
            """, detail: "They claim: " + entries.map { "\($0.name) (\(numbers($0)))" }.joined(separator: "; ") + ". Your vault may be an older copy.")
    }

    public static func newestBackupChosen(folder: String, backup: BackupFacts, checked: Bool, beforeRekey: Message?, passedOver: [BackupFacts]) -> Message {
        Message("The newest backup of this vault in \(folder) is \(backup.name).",
                detail: "By key epoch and save number\(checked ? ", checked with your vault's key" : ""): \(numbers(backup)).")
            .then(beforeRekey)
            .then(passedOver.isEmpty ? nil : notTaken(passedOver))
    }

    public static func beforeRekey(backupEpoch: UInt64, vaultEpoch: UInt64) -> Message {
        Message("This backup is from before a rekey of your vault: the keys that rekey retired open it, so whoever still holds one could have written it.",
                detail: "The backup is at key epoch \(backupEpoch); your vault is at \(vaultEpoch).")
    }

    /// Why a backup in a folder was passed over on a fresh machine.
    public enum PassedOverReason: Sendable {
        case doesNotOpen
        case damaged(String)
        case problems([String])
        case notTried
        case failed(Message)
    }

    private static func reason(_ why: PassedOverReason) -> String {
        switch why {
        case .doesNotOpen: "it does not open with what was given (restore it by name to give an earlier passphrase)"
        case .damaged(let detail): "damaged or altered: \(detail)"
        case .problems(let problems): "it opened, but a check found problems: \(problems.joined(separator: "; "))"
        case .notTried: "not tried: it would ask for too much unlocking work after the others (restore it by name to try it alone)"
        case .failed(let message): message.text.replacingOccurrences(of: "\n", with: " ")
        }
    }

    public static func passedOver(_ skipped: [(backup: BackupFacts, why: PassedOverReason)]) -> Message? {
        guard !skipped.isEmpty else { return nil }
        return Message("Passed over \(plural(skipped.count, "backup")) that did not open, check whole, or were not tried.",
                       detail: skipped.map { "  \($0.backup.name) (says \(numbers($0.backup))): \(reason($0.why))" }.joined(separator: "\n"))
    }

    public static func freshMachineChosen(folder: String, backup: BackupFacts, skipped: [(backup: BackupFacts, why: PassedOverReason)]) -> Message {
        let chosen = Message("The newest backup in \(folder) that opens with what was given is \(backup.name).",
                             detail: "By key epoch and save number: \(numbers(backup)).")
        return passedOver(skipped).map { $0.then(chosen) } ?? chosen
    }

    public static func noBackupOpened(folder: String, skipped: [(backup: BackupFacts, why: PassedOverReason)]) -> Message {
        let wrongSecret = skipped.contains { if case .doesNotOpen = $0.why { true } else { false } }
        return Message("""
            None of the backups in \(folder) could be restored. Nothing was changed.
            \(wrongSecret ? "Give the passphrase the backups were made with (--passphrase-file PATH, or --backup-passphrase-file PATH)." : "`hearth verify BACKUP` checks one.")
            """, detail: skipped.map { "  \($0.backup.name) (says \(numbers($0.backup))): \(reason($0.why))" }.joined(separator: "\n"))
    }

    public static var restoreThisBackup: Message { Message("Restore this backup?") }

    public static func restoreFromItself(_ source: String) -> Message {
        Message("\(source) is the vault itself. Name a backup to restore from.")
    }

    public static func backupHasProblems(_ source: String, problems: [String]) -> Message {
        Message("""
            The backup at \(source) opened, but a check found problems. Nothing was changed.
            `hearth verify \(source)` shows them; --force restores it anyway.
            """, detail: "Problems: \(problems.joined(separator: "; ")).")
    }

    public static func vaultUnreadableForRestore(path: String, problem: Message) -> Message {
        Message("""
            The vault at \(path) cannot be read, so its keys cannot be used for the restored records. Nothing was changed.
            To restore with the backup's own passphrases, add --with-backup-keys (the unreadable vault is kept beside it).
            """, detail: problem.fullText)
    }

    public static func vaultAppearedDuringRestore(_ path: String) -> Message {
        Message("A vault appeared at \(path) while restoring. Nothing was changed; please run the restore again.")
    }

    public static func noBackupAt(_ source: String) -> Message {
        Message("There is no backup at \(source). Nothing was changed. `hearth backup list` shows the backups on a drive.")
    }

    public static var keysChangedDuringRestore: Message {
        Message("The vault's keys changed while restoring (a rekey?). Nothing was changed; please run the restore again.")
    }

    public static func backupOfAnotherVault(_ source: String) -> Message {
        Message("""
            \(source) is a backup of another vault, not of this one. Nothing was changed.
            `hearth merge \(source) --import` brings its records in; --force replaces your vault with it (yours is kept beside it).
            """)
    }

    public static func alreadyRestored(save: UInt64) -> Message {
        Message("Your vault already holds exactly the records of this backup. Nothing was changed.", detail: "Save \(save).")
    }

    public static func vaultHasNewerData(
        source: String, onlyInVault: Int, changedInVault: Int, vaultSave: UInt64?, backupSave: UInt64, unreadable: Message?
    ) -> Message {
        var reasons: [String] = []
        if onlyInVault > 0 { reasons.append("\(plural(onlyInVault, "record")) the backup does not have") }
        if changedInVault > 0 { reasons.append("\(plural(changedInVault, "record")) changed since") }
        if vaultSave != nil { reasons.append("later saves") }
        return Message("""
            Your vault holds newer data than this backup (\(reasons.joined(separator: ", "))), so nothing was changed.
            `hearth merge \(source)` brings the backup's records in without losing anything.
            To replace the vault anyway, add --force (the vault as it is now is kept beside it).
            """, detail: [vaultSave.map { "Your vault is save \($0); the backup is save \(backupSave)." },
                          unreadable.map { "Its records could not be read to compare: \($0.fullText)" }]
                .compactMap { $0 }.joined(separator: "\n"))
    }

    public static func withBackupKeysSays(epoch: UInt64, slots: Int) -> Message {
        Message("""
            With --with-backup-keys the vault takes the backup's own keys.
            It then opens with the passphrases that opened the backup, including any removed since, and no longer with the ones it has now.
            """, detail: "Key epoch \(epoch), \(plural(slots, "key slot")).")
    }

    public static var restoreWithBackupKeys: Message { Message("Restore with the backup's keys?") }

    public static func olderKeysUndoRekey(backupEpoch: UInt64, newer: String, withBackupKeys: Bool) -> Message {
        Message("""
            The backup's keys are from before a rekey: taking them undoes it, and the keys that rekey took back open the vault again.
            \(withBackupKeys ? "To restore the records without that, leave out --with-backup-keys." : "Anything written from now on could be read with them.")
            """, detail: "The backup is at key epoch \(backupEpoch); \(newer).")
    }

    public static func unexpectedBackupKeys(_ seen: TrustReport, withBackupKeys: Bool) -> Message {
        let first = seen.finding.isOtherKey
            ? "The backup's keys are not the ones this account trusts for this vault\(seen.finding == .olderKeys ? ": they are from before a rekey, and taking them undoes it" : ""). Whoever holds them can read what is written from now on."
            : "The backup's key slots are older than those seen for this vault: passphrases or keys changed or removed since open the vault again."
        return Message(first + (withBackupKeys ? "\nTo restore the records without that, leave out --with-backup-keys." : ""),
                       detail: seen.finding.isOtherKey
                        ? "The backup: \(keyName(seen.keyEpoch, seen.fingerprint)); trusted: \(keyName(seen.seenKeyEpoch, seen.seenFingerprint)), seen on \(seen.seenOn)."
                        : "Newer key slots were seen on \(seen.seenOn).")
    }

    public static func olderKeysNeedConfirmation(_ acceptance: KeyAcceptance) -> Message {
        Message("""
            Nothing was changed. If you do want the older keys back, run this again with --accept-keys \(acceptance).
            Then run `hearth rekey` afterwards, to take access back again.
            """)
    }

    public static var restoreWithOlderKeys: Message { Message("Restore with these older keys anyway?") }

    public static func restoring(_ source: String, backup: BackupFacts) -> Message {
        Message("Restoring \(source).", detail: numbers(backup).prefix(1).uppercased() + numbers(backup).dropFirst() + ".")
    }

    public static func newerBackupInFolder(name: String, folder: String, facts: BackupFacts, checked: Bool) -> Message {
        Message("""
            Note: the same folder holds a newer backup of this vault: \(name).
            `hearth restore \(folder)` takes the newest by its numbers (file names can be changed).
            """, detail: "\(numbers(facts))\(checked ? ", checked with your vault's key" : "").")
    }

    public static var noVaultToCompare: Message {
        Message("There is no vault here to compare with: if you noted a higher key epoch at your last rekey, this backup is from before it.")
    }

    public static var restoreFromBeforeRekey: Message { Message("Restore this backup from before the rekey?") }

    public static func restored(
        save: UInt64, source: String, made: String?, vaultPath: String, counts: String, usedBackupKeys: Bool, safetyCopy: String?
    ) -> Message {
        var lines = ["Restored \(source) into \(vaultPath)\(counts.isEmpty ? "" : ": \(counts)")."]
        lines.append(usedBackupKeys
            ? "It opens with the passphrases the backup was made with, including any removed since; if someone may know one, run `hearth rekey`."
            : "It keeps your vault's current passphrases: the backup's older keys did not come back.")
        if let safetyCopy {
            lines.append("Your vault as it was is kept at \(safetyCopy); delete it when you are sure you do not need it.")
        }
        return Message(lines.joined(separator: "\n"), detail: """
            Save \(save)\(made.map { ", made \($0) UTC" } ?? "").\(usedBackupKeys ? " After a rekey, make a fresh backup." : "")\
            \(safetyCopy.map { " `hearth merge \($0)` brings back anything it holds that the backup lacks." } ?? "")
            """)
    }
}
