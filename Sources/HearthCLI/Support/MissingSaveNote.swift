import HearthBackup
import HearthMessages
import HearthRecords
import HearthTrust

/// Says once per command, when the vault just opened lacks a save this computer made (a sync
/// tool kept another computer's save over it), where that save is and how it comes back
/// (`MissingSaves`; Docs/SECURITY.md, "Knowing when a save of yours is missing"). The command
/// goes on: what it writes is saved as usual, and the missing save stays in the copy that holds
/// it, which no write touches.
enum MissingSaveNote {
    /// The number of this computer's saves `vault` lacks (0 when nothing is known), said once;
    /// what was found is kept in the ledger (`TrustContext.settle`).
    @discardableResult
    static func check(_ vault: RecordVault, writing: Bool = false, say: Bool = true) -> Int {
        let opened = vault.opened
        let (path, vaultID, trust) = (opened.path, opened.header.vaultID, CommandTrust.current)
        let own = trust.ownSaves(path: path, vaultID: vaultID)
        let remembered = trust.missingSaves(path: path, vaultID: vaultID)
        guard !own.isEmpty || !remembered.isEmpty, let history = try? vault.saveHistory() else { return 0 }
        let review = MissingSaves.review(own: own, remembered: remembered, history: history) {
            ConflictCopyHistories.read(
                besideVault: path, vault: opened.header, keys: opened.keys.epoch,
                keysReplaced: { trust.holdsReplacedKeys(copyAt: $0, header: $1) })
        }
        trust.settle(review, path: path, vaultID: vaultID)
        let report = review.report
        guard !report.isEmpty, say, HearthContext.current.run.takeMissingSaveNote() else { return report.saves.count }
        Console.message(.ownSaveMissing(report, writing: writing, inOlderCopy: HearthContext.current.run.olderCopySaid))
        // The copies were named with what to do: the one line about them is not said again.
        if !report.foundIn.isEmpty { ConflictCopyNote.listedHere() }
        return report.saves.count
    }
}
