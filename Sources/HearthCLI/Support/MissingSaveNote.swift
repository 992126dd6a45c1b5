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
    /// The number of this computer's saves `vault` lacks (0 when nothing is known), said once.
    @discardableResult
    static func check(_ vault: RecordVault, writing: Bool = false, say: Bool = true) -> Int {
        let opened = vault.opened
        let own = CommandTrust.current.ownSaves(path: opened.path, vaultID: opened.header.vaultID)
        guard !own.isEmpty, let history = try? vault.saveHistory() else { return 0 }
        let missing = MissingSaves.missing(own, history: history)
        guard !missing.isEmpty, say, HearthContext.current.run.takeMissingSaveNote() else { return missing.count }
        let copies = ConflictCopyHistories.read(besideVault: opened.path, vaultID: opened.header.vaultID, keys: opened.keys.epoch)
        let report = MissingSaves.locate(missing, copies: copies)
        Console.message(.ownSaveMissing(report, timeZone: HearthContext.current.clock.timeZone, writing: writing))
        // The copies were named with what to do: the one line about them is not said again.
        if !report.foundIn.isEmpty { ConflictCopyNote.listedHere() }
        return missing.count
    }
}
