import ArgumentParser
import Foundation
import HearthBackup
import HearthMessages
import HearthRecords
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
                return merged
            }
        }
        try tell(merged, other: other, vaultPath: vaultPath, why: trust.onlyAddBecause.map(Self.why))
    }

    /// Why the merge only adds, in the catalogue's words.
    static func why(_ reason: MergeTrust.OnlyAddReason) -> Message.OnlyAddReason {
        switch reason {
        case .unseenHigherKeys(let key): .unseenHigherKeys(epoch: key.epoch, key: key.short)
        case .anotherVault: .anotherVault
        case .olderKeys(let other, let vault): .olderKeys(other: other, vault: vault)
        case .sameNumberOtherKeys(let epoch): .sameNumberOtherKeys(epoch: epoch)
        case .unboundSlotAboveVault(let other, let vault): .unboundSlotAboveVault(other: other, vault: vault)
        }
    }

    private func tell(_ report: MergeReport, other: String, vaultPath: String, why onlyAdd: Message.OnlyAddReason?) throws {
        if json {
            try Console.output((try? JSONText.encode(Self.object(report, dryRun: dryRun))) ?? "{}")
        } else {
            let lines = Self.lines(report)
            if !lines.isEmpty { try Console.output(lines.joined(separator: "\n")) }
        }
        Console.message(.merged(report, other: other, vaultPath: vaultPath, dryRun: dryRun, onlyAdd: onlyAdd))
    }

    static func lines(_ report: MergeReport) -> [String] {
        func row(_ action: String, _ kind: RecordKind, _ id: String, _ note: String = "") -> String {
            let padded = action.padding(toLength: 9, withPad: " ", startingAt: 0)
            let kindText = kind.rawValue.padding(toLength: 11, withPad: " ", startingAt: 0)
            return "\(padded) \(kindText) \(id)" + (note.isEmpty ? "" : "  " + note)
        }
        var lines: [String] = []
        lines += report.added.map { row("added", $0.kind, $0.id) }
        lines += report.updated.map { row("updated", $0.kind, $0.id) }
        lines += report.deleted.map { row("deleted", $0.kind, $0.id) }
        let notReplaced = Set(report.notReplaced.map(\.id)), unknownTime = Set(report.unknownTime.map(\.id))
        lines += report.conflicts.map {
            let note = notReplaced.contains($0.original)
                ? "changed on the other copy: kept beside yours as \($0.copy), not replacing it (only adding from it)"
                : unknownTime.contains($0.original)
                    ? "deleted here; the other copy's change is dated more than a day ahead: kept as \($0.copy)"
                    : $0.originalDeleted
                        ? "deleted here, changed there later: the other version kept as \($0.copy)"
                        : "changed on both sides: the other version kept as \($0.copy)"
            return row("conflict", $0.kind, $0.original, note)
        }
        lines += report.keptChangedAfterDeletion.map { row("kept", $0.kind, $0.id, "changed here after the other copy deleted it") }
        lines += report.stayedDeleted.map { row("deleted", $0.kind, $0.id, "stays deleted: deleted here after the other copy's change") }
        lines += report.notDeleted.map { row("kept", $0.kind, $0.id, "deleted on the other copy; not applied (only adding from it)") }
        lines += report.notBroughtBack.map {
            row("deleted", $0.kind, $0.id, "stays deleted: deleted here, still on the other copy (only adding from it)")
        }
        lines += report.fromUntrustedCopy.map { row("untrusted", $0.kind, $0.id, "came in from the other copy: tagged \(RecordMerge.untrustedTag)") }
        lines += report.datedNow.map { row("dated", $0.kind, $0.id, "its time was more than a day ahead: stored dated now") }
        let copied = Set(report.conflicts.map(\.original))
        lines += report.unknownTime.filter { !copied.contains($0.id) }.map {
            row("kept", $0.kind, $0.id, "deleted on the other copy at a time more than a day in the future: not applied")
        }
        return lines
    }

    static func object(_ report: MergeReport, dryRun: Bool) -> [String: Any] {
        func entries(_ list: [MergeReport.Entry]) -> [[String: String]] { list.map { ["kind": $0.kind.rawValue, "id": $0.id] } }
        return [
            "added": entries(report.added), "updated": entries(report.updated), "deleted": entries(report.deleted),
            "conflicts": report.conflicts.map {
                ["kind": $0.kind.rawValue, "original": $0.original, "copy": $0.copy, "original_deleted": $0.originalDeleted] as [String: Any]
            },
            "kept_changed_after_deletion": entries(report.keptChangedAfterDeletion),
            "stayed_deleted": entries(report.stayedDeleted), "dropped_links": entries(report.droppedLinks),
            "tombstones_noted": report.tombstonesNoted, "unchanged": report.unchanged,
            "saved": report.changedSomething && !dryRun, "dry_run": dryRun,
            "only_added": report.onlyAdded, "not_replaced": entries(report.notReplaced),
            "not_deleted": entries(report.notDeleted), "unknown_time": entries(report.unknownTime),
            "not_brought_back": entries(report.notBroughtBack), "from_untrusted_copy": entries(report.fromUntrustedCopy),
            "dated_now": entries(report.datedNow),
        ]
    }
}
