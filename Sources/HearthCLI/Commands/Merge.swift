import ArgumentParser
import Foundation
import HearthBackup
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
    var other: String

    @Flag(name: .customLong("import"), help: "Bring in the records of a different vault (another vault id) too.")
    var importOtherVault = false

    @Flag(help: "Print what was done as one JSON object.")
    var json = false

    @Flag(name: .customLong("dry-run"), help: "Show what the merge would do, and change nothing.")
    var dryRun = false

    @OptionGroup var vault: VaultOptions
    @OptionGroup var otherSecret: SecondCopySecretOptions<OtherCopyNaming>

    func execute() throws {
        let vaultPath = vault.path
        guard realPath(other) != realPath(vaultPath) else {
            throw CLIFailure(.usage, .mergeIntoItself(other))
        }
        RollbackWarnings.ignore(other)
        RollbackWarnings.willWrite(to: vaultPath)
        let otherHeader = try readOtherHeader()
        let header = try Vault.readHeader(at: vaultPath).header
        let (credential, keys) = try vault.opening { ($0, try Vault.unlock(header, with: $0)) }
        // Merging into a copy with keys from before a rekey seen here is refused before OTHER
        // is even opened: the merged records would be readable with the retired keys.
        try RollbackWarnings.checkWritable(vaultPath, header: header, keys: keys.epoch)
        if otherHeader.vaultID != header.vaultID && !importOtherVault {
            throw CLIFailure(.refused, .otherVault(other))
        }
        let otherKeys = try otherSecret.unlock(path: other, header: otherHeader, vaultCredential: credential)
        let (report, theirs) = try ProgressLine.shared.during(.progressCheckingOtherCopy) {
            try VaultCheck.run(path: other, keys: otherKeys)
        }
        guard report.isGood else {
            throw CLIFailure(.refused, .otherCopyHasProblems(other, problems: report.problems))
        }

        var trust = Self.trust(other: report.header, vault: header, keys: keys.epoch)
        // A higher epoch is no proof of a newer key: someone holding a retired master key can
        // write any number. Unless this account saw that key come about, the merge only adds.
        let otherIdentity = otherKeys.epoch.identity
        if trust.level == .full, report.header.vaultID == header.vaultID, report.header.keyEpoch > keys.epoch.epoch,
           RollbackWarnings.trustsKey(otherIdentity, of: header.vaultID) == false
        {
            trust = (.onlyAdd, .unseenHigherKeys(epoch: otherIdentity.epoch, key: otherIdentity.short))
        }
        // Another vault (--import): whoever made it wrote it. Unless this account trusts its keys
        // (one of your own vaults), its records come in as from an untrusted copy.
        if report.header.vaultID != header.vaultID,
           RollbackWarnings.trustsKey(otherIdentity, of: report.header.vaultID) != true
        {
            trust = (.onlyAdd, .anotherVault)
        }

        let lock = try WriterLock(vaultPath: vaultPath, timeout: VaultLocation.lockTimeout)
        defer { withExtendedLifetime(lock) {} }
        // The merge is one transaction, saved whole or not at all: Ctrl-C before the save
        // leaves the vault as it was, and says so.
        let kept: Message = dryRun ? .keptDryRun : .keptNothingMerged
        let merged = try ProgressLine.shared.clearedAfter {
            try StopRequest.catching(whatWasKept: kept) { stop in
                let mine = try ProgressLine.shared.during(ProgressLine.opening) {
                    try RecordVault.open(at: vaultPath, credential: .epochKey(keys.epoch.epochKey))
                }
                // The records live in memory: a dry run merges there and never saves.
                let merged = try RecordMerge.merge(from: theirs.store, into: mine.store, trust: trust.level, now: HearthClock.current.recordNow()) { done, total in
                    try stop.check()
                    ProgressLine.shared.count(.progressMerging, done, of: total)
                }
                try stop.check()
                if merged.changedSomething && !dryRun {
                    ProgressLine.shared.status(.progressSaving)
                    try mine.save()
                }
                return merged
            }
        }
        try tell(merged, vaultPath: vaultPath, why: trust.reason)
    }

    /// How far OTHER's changes and deletions are taken. Both key epochs are authenticated (each
    /// header by its own key). A lower epoch means OTHER was made before a rekey of this vault:
    /// the keys that rekey retired open it, so whoever holds them could have written it. The same
    /// epoch with a header the vault's key does not authenticate means other keys under the same
    /// number (a copy rekeyed on its own). From either, the merge only adds.
    static func trust(other: VaultHeader, vault: VaultHeader, keys: EpochKeys) -> (level: RecordMerge.Trust, reason: Message.OnlyAddReason?) {
        guard other.vaultID == vault.vaultID else { return (.full, nil) }
        if other.keyEpoch < keys.epoch {
            return (.onlyAdd, .olderKeys(other: other.keyEpoch, vault: keys.epoch))
        }
        if other.keyEpoch == keys.epoch, !Vault.authenticates(other, with: keys) {
            return (.onlyAdd, .sameNumberOtherKeys(epoch: keys.epoch))
        }
        return (.full, nil)
    }

    private func readOtherHeader() throws -> VaultHeader {
        let result: Result<VaultHeader, VaultError> = Result { () throws(VaultError) in try Vault.readHeader(at: other).header }
        switch result {
        case .success(let header): return header
        case .failure(.notFound):
            throw CLIFailure(.notFound, .noVaultFileAt(other))
        case .failure(let error): throw error
        }
    }

    private func tell(_ report: MergeReport, vaultPath: String, why onlyAdd: Message.OnlyAddReason?) throws {
        if json {
            try Console.output((try? JSONText.encode(object(report))) ?? "{}")
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

    func object(_ report: MergeReport) -> [String: Any] {
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
