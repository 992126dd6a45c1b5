import Foundation
import HearthBackup

// The catalogue (Message.swift): conflict copies a sync tool left beside the vault (status,
// merge --conflicts, the one line any command says on a terminal).

extension Message {
    public static var mergeOtherOrConflicts: Message {
        Message("Give either the other copy to merge (`hearth merge OTHER`) or --conflicts (every conflict copy beside the vault), not both.")
    }

    /// The one line any command says on a terminal when conflict copies lie beside the vault.
    public static func conflictCopiesBeside(count: Int) -> Message {
        Message("""
            \(count == 1 ? "A sync tool left a conflict copy" : "A sync tool left \(count) conflict copies") of this vault beside it: `hearth merge --conflicts` brings \(count == 1 ? "its" : "their") changes in (`hearth status` lists them).
            """)
    }

    /// After `hearth status` listed conflict copies: what to do with them.
    public static func conflictCopiesListed(count: Int) -> Message {
        Message("`hearth merge --conflicts` merges \(count == 1 ? "this copy" : "these copies") into the vault, and removes each one that is then wholly in it.")
    }

    public static func noConflictCopies(vaultPath: String) -> Message {
        Message("No conflict copies beside the vault. Nothing was changed.", detail: "Vault: \(vaultPath).")
    }

    /// What a merge brought in, in a few words (counts only).
    private static func mergeCounts(_ report: MergeReport) -> String {
        var parts: [String] = []
        if !report.added.isEmpty { parts.append("\(report.added.count) added") }
        if !report.updated.isEmpty { parts.append("\(report.updated.count) updated") }
        if !report.deleted.isEmpty { parts.append("\(report.deleted.count) deleted") }
        if !report.conflicts.isEmpty { parts.append("\(report.conflicts.count) kept twice (`hearth conflicts`)") }
        return parts.isEmpty ? "nothing new" : parts.joined(separator: ", ")
    }

    public static func conflictCopyMergedAndRemoved(path: String, report: MergeReport) -> Message {
        Message("Merged \(path) (\(mergeCounts(report))), checked that the vault holds all of it, and removed it.")
    }

    public static func conflictCopyMergedNotRemoved(path: String, errno code: Int32) -> Message {
        Message("Merged \(path) into the vault, but it could not be removed (\(errnoText(code))); you may delete it yourself.")
    }

    /// Why a merged conflict copy stays where it is.
    public enum ConflictCopyKeptReason: Sendable {
        case onlyAdded(OnlyAddReason)
        case unreadableRecords(Int)
        case notVerified
        case changedMeanwhile
        case otherKeySlots
        case dryRun
    }

    public static func conflictCopyMergedKept(path: String, report: MergeReport, because reason: ConflictCopyKeptReason) -> Message {
        switch reason {
        case .onlyAdded(let why):
            Message("""
                Only added from \(path) (\(mergeCounts(report))), and kept it: its keys are not your vault's. What came in is tagged \(RecordMerge.untrustedTag).
                """, detail: explain(why))
        case .unreadableRecords(let n):
            Message("Merged \(path) (\(mergeCounts(report))), and kept it: \(plural(n, "record")) in it could not be read.")
        case .notVerified:
            Message("Merged \(path) (\(mergeCounts(report))), and kept it: the saved vault did not check out as holding all of it. `hearth verify` checks the vault.")
        case .changedMeanwhile:
            Message("Merged \(path) (\(mergeCounts(report))), and kept it: the file changed while Hearth read it. Run `hearth merge --conflicts` again.")
        case .otherKeySlots:
            Message("""
                Merged \(path) (\(mergeCounts(report))), and kept it: its passphrases or keys differ from the vault's (changed on the other computer?), and only it opens with those. `hearth key list --vault` with its path shows them.
                """)
        case .dryRun:
            Message("Dry run: merging \(path) would give \(mergeCounts(report)). Nothing was changed.")
        }
    }

    /// Why a conflict copy was not merged at all.
    public enum ConflictCopyLeftReason: Sendable {
        case doesNotOpen, damaged, hasProblems
        case other(Message)
    }

    public static func conflictCopyLeft(path: String, because reason: ConflictCopyLeftReason) -> Message {
        switch reason {
        case .doesNotOpen:
            Message("Left \(path) as it is: it does not open with your vault's passphrase. `hearth merge` on it asks for its own.")
        case .damaged:
            Message("Left \(path) as it is: it is damaged or not a Hearth vault. Delete it once you are sure you do not need it.")
        case .hasProblems:
            Message("Left \(path) as it is: a full check found problems in it. `hearth verify` on it shows them.")
        case .other(let failure):
            Message("Left \(path) as it is:\n" + failure.text, detail: failure.detail)
        }
    }
}

extension Message.ConflictCopyKeptReason {
    /// Why a merged copy is kept (`MergePlanner.disposal`), in the catalogue's words.
    public static func of(_ reason: ConflictCopyDisposal.KeepReason) -> Self {
        switch reason {
        case .onlyAdded(let why): .onlyAdded(.of(why))
        case .unreadableRecords(let n): .unreadableRecords(n)
        case .notVerified: .notVerified
        case .changedMeanwhile: .changedMeanwhile
        case .otherKeySlots: .otherKeySlots
        case .dryRun: .dryRun
        }
    }
}
