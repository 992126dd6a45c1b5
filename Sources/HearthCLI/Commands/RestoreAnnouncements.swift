import Foundation
import HearthBackup
import HearthCommandJSON
import HearthMessages
import HearthVault

/// What `hearth restore` says before and after it restores, from what the planner found.
extension Restore {
    /// Says which backup is restored: its save, key epoch and date; whether it was made before a
    /// rekey of the vault; and whether its folder holds a newer backup of this vault (file names
    /// can be changed, so the one named newest may not be), as `RestorePlanner.notice` finds. A
    /// backup from before a rekey may have been written by whoever holds the retired keys: on a
    /// terminal, the person confirms.
    func describeBackup(_ backup: VaultHeader, vault current: VaultState, keys: UnlockedKeys?, announced: Bool) throws {
        let folder = PathName.folder(of: source).isEmpty ? "." : PathName.folder(of: source)
        let notice = RestorePlanner.notice(source: source, backup: backup, vault: current, vaultEpoch: keys?.epoch.epoch) {
            announced ? nil : BackupChoice.newest(in: folder, vault: current.header, keys: keys?.epoch)
        }
        var lines: [Message] = []
        if !announced {
            let entry = BackupCatalog.entry(path: source, comparedWith: nil)
            lines.append(.restoring(source, backup: Message.BackupFacts(
                name: entry.name, save: backup.generation, epoch: backup.keyEpoch, dated: Message.BackupFacts.dated(entry))))
            if let before = notice.beforeRekey { lines.append(.beforeRekey(backupEpoch: before.backupEpoch, vaultEpoch: before.vaultEpoch)) }
            if let newest = notice.newerInFolder, let newer = newest.header {
                lines.append(.newerBackupInFolder(
                    name: newest.name, folder: folder,
                    facts: Message.BackupFacts(name: newest.name, save: newer.generation, epoch: newer.keyEpoch, dated: nil),
                    checked: newest.standing == .authenticated))
            }
        }
        if notice.noVaultToCompare { lines.append(.noVaultToCompare) }
        if let first = lines.first { Console.message(lines.dropFirst().reduce(first) { $0.then($1) }) }
        if notice.beforeRekey != nil, !announced, Console.hasTerminal, !Console.confirm(.restoreFromBeforeRekey) {
            throw CLIFailure(.refused, .nothingChanged)
        }
    }

    func tellWhatHappened(report: VaultCheckReport, usedBackupKeys: Bool, vaultPath: String, safetyCopy: String?) throws {
        if json {
            try Console.json(VaultChangeJSON.restored(
                source: source, vaultPath: vaultPath, report: report, usedBackupKeys: usedBackupKeys, safetyCopy: safetyCopy))
        }
        let made = BackupName.parse((source as NSString).lastPathComponent).map { BackupList.displayDate($0.date) }
        let counts = report.recordCounts.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
        Console.message(.restored(
            save: report.header.generation, source: source, made: made, vaultPath: vaultPath, counts: counts,
            usedBackupKeys: usedBackupKeys, safetyCopy: safetyCopy))
    }
}
