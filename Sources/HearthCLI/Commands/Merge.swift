import ArgumentParser
import Foundation
import HearthBackup
import HearthMessages
import HearthRecords
import HearthRunContext
import HearthVault

struct Merge: HearthCommand {
    static let configuration = CommandConfiguration(
        abstract: "Bring another copy of the vault (a stick, a backup) into this one, losing nothing.",
        discussion: """
            Record by record: new on either side is kept; changed on one side takes that change; \
            changed on both keeps both (the other copy's version becomes a linked copy: see \
            `hearth conflicts`); deletions are honoured, except for a change made after the deletion, \
            which is kept. OTHER is checked in full first and never changed. Merging the same copy \
            again changes nothing. A time more than a day in the future decides nothing: both versions \
            are kept.

            When OTHER's keys are older than the vault's (made before a rekey, so whoever holds the \
            keys that rekey retired could have written it), are other keys under the same key epoch, \
            have a higher epoch this account did not see come about, or OTHER is another vault \
            (--import) whose keys this account does not know, the merge only adds: its changed records \
            become conflict copies beside yours, a record deleted here stays deleted, its deletions \
            delete nothing here, and everything that comes in from it is tagged from-untrusted-copy \
            and listed. --dry-run shows what a merge would do and writes nothing.

            When OTHER does not open with the vault's passphrase, give its own with \
            --other-passphrase-fd N, --other-passphrase-file PATH, $HEARTH_OTHER_PASSPHRASE, or on the \
            terminal when asked.
            """)

    @Argument(help: "The other copy of the vault (another machine's vault file, a backup).")
    var other: String?

    @Flag(help: "Merge every conflict copy a sync tool left beside the vault (see `hearth status`); remove each one merged in full.")
    var conflicts = false

    @Flag(name: .customLong("import"), help: "Bring in the records of a different vault (another vault id) too.")
    var importOtherVault = false

    @Flag(help: "Print what was done as one JSON object.")
    var json = false

    @Flag(name: .customLong("dry-run"), help: "Show what the merge would do, and change nothing.")
    var dryRun = false

    @OptionGroup(title: OptionTitle.vault) var vault: VaultOptions
    @OptionGroup(title: OptionTitle.otherSecret) var otherSecret: SecondCopySecretOptions<OtherCopyNaming>

    func validate() throws {
        guard (other == nil) == conflicts else { throw Message.mergeOtherOrConflicts.usageError }
        if conflicts && importOtherVault { throw Message.mergeOtherOrConflicts.usageError }
    }

    func execute() throws {
        guard let other else { return try mergeConflictCopies() }
        let vaultPath = vault.path
        try MergePlanner.checkOther(other, vaultPath: vaultPath)
        // OTHER is only read: it is never told to the trust context (neither checked nor recorded).
        let otherHeader = try MergePlanner.readOtherHeader(at: other)
        let header = try Vault.readHeader(at: vaultPath).header
        let (credential, keys) = try vault.opening { ($0, try Vault.unlock(header, with: $0)) }
        // Merging into a copy with keys from before a rekey seen here is refused before OTHER
        // is even opened: the merged records would be readable with the retired keys.
        try CommandTrust.openedForChange(vaultPath, header: header, identity: keys.epoch.identity)
        try MergePlanner.check(other: other, otherHeader: otherHeader, vault: header, importing: importOtherVault)
        let otherKeys = try otherSecret.unlock(path: other, header: otherHeader, vaultCredential: credential)
        let (report, theirs) = try ProgressLine.shared.during(.progressCheckingOtherCopy) {
            try VaultCheck.run(path: other, keys: otherKeys)
        }
        try MergePlanner.checkWhole(other: other, problems: report.problems)
        let trust = MergePlanner.trust(checked: report.header, openedWith: otherKeys, vault: header, vaultKeys: keys.epoch) {
            CommandTrust.current.trusts(otherKeys.epoch.identity, of: report.header.vaultID)
        }

        let lock = try WriterLock(vaultPath: vaultPath, timeout: VaultLocation.lockTimeout, environment: Environment.all)
        defer { withExtendedLifetime(lock) {} }
        // The merge is one transaction, saved whole or not at all: Ctrl-C before the save
        // leaves the vault as it was, and says so.
        let kept: Message = dryRun ? .keptDryRun : .keptNothingMerged
        var mergedVault: RecordVault?
        let merged = try ProgressLine.shared.clearedAfter {
            try StopRequest.catching(whatWasKept: kept) { stop in
                let mine = try ProgressLine.shared.during(ProgressLine.opening) {
                    try RecordVault.open(at: vaultPath, credential: .keys(keys.epoch), writeGuard: CommandTrust.current)
                }
                // The records live in memory: a dry run merges there and never saves.
                let merged = try RecordMerge.merge(from: theirs.store, into: mine.store, trust: trust.level, now: HearthClock.current.recordNow()) { done, total in
                    try stop.check()
                    ProgressLine.shared.count(.progressMerging, done, of: total)
                }
                try stop.check()
                if MergePlanner.saves(merged, dryRun: dryRun) {
                    ProgressLine.shared.status(.progressSaving)
                    try mine.save()
                    RecordAccess.tellFormatUpgrade(mine)
                }
                mergedVault = mine
                return merged
            }
        }
        try tell(merged, other: other, vaultPath: vaultPath, why: trust.onlyAddBecause.map(Message.OnlyAddReason.of))
        // After the merge: a save of this computer that it brought back is not said missing.
        if !dryRun, let mergedVault { MissingSaveNote.check(mergedVault) }
    }

    private func tell(_ report: MergeReport, other: String, vaultPath: String, why onlyAdd: Message.OnlyAddReason?) throws {
        if json {
            try Console.json(report.object(dryRun: dryRun))
        } else {
            let lines = report.lines
            if !lines.isEmpty { try Console.output(lines.joined(separator: "\n")) }
        }
        Console.message(.merged(report, other: other, vaultPath: vaultPath, dryRun: dryRun, onlyAdd: onlyAdd))
    }
}
