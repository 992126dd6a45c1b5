import HearthCrypto
import HearthRecords
import HearthVault

/// One conflict copy, opened, checked in full and ready to merge (`hearth merge --conflicts`).
public struct OpenedConflictCopy {
    public let copy: ConflictCopy
    public let records: RecordVault
    /// Its header, checked with its keys.
    public let header: VaultHeader
    public let trust: MergeTrust
    /// What merging it did (set once merged).
    public var report: MergeReport? = nil
}

/// The decisions of `hearth merge --conflicts` about each copy: which keys open it, and, once
/// the merged vault is saved, whether it may go (`MergePlanner.disposal`). The command asks,
/// shows progress, renders and executes; the secrets and the checks are given as closures.
public enum ConflictCopyMerge {
    /// Opens a copy as `hearth merge` opens OTHER: its header, the same vault, its keys (the
    /// vault's own key first, without deriving anything; else `askSecret` for the copy's own),
    /// a full check (`checking` wraps it, for progress), and how far it is trusted (`keysReplaced`:
    /// whether this account saw the copy's key table replaced, `TrustContext.holdsReplacedKeys`).
    public static func open(
        _ copy: ConflictCopy, vaultHeader: VaultHeader, vaultKeys: UnlockedKeys,
        askSecret: (VaultHeader) throws -> UnlockedKeys,
        checking: (() throws -> (report: VaultCheckReport, vault: RecordVault)) throws -> (report: VaultCheckReport, vault: RecordVault),
        keysReplaced: (String, VaultHeader) -> Bool = { _, _ in false },
        trusts: (KeyIdentity, [UInt8]) -> Bool?
    ) throws -> OpenedConflictCopy {
        let copyHeader = try MergePlanner.readOtherHeader(at: copy.path)
        try MergePlanner.check(other: copy.path, otherHeader: copyHeader, vault: vaultHeader, importing: false)
        let copyKeys: UnlockedKeys
        if copyHeader.keyEpoch == vaultKeys.epoch.epoch,
           let same = try? Vault.unlock(copyHeader, with: .keys(vaultKeys.epoch)) {
            copyKeys = same
        } else {
            copyKeys = try askSecret(copyHeader)
        }
        let (report, records) = try checking { try VaultCheck.run(path: copy.path, keys: copyKeys) }
        try MergePlanner.checkWhole(conflictCopy: copy.path, problems: report.problems)
        let trust = MergePlanner.trust(
            checked: report.header, openedWith: copyKeys, vault: vaultHeader, vaultKeys: vaultKeys.epoch,
            keysReplaced: keysReplaced(copy.path, report.header)
        ) {
            trusts(copyKeys.epoch.identity, report.header.vaultID)
        }
        return OpenedConflictCopy(copy: copy, records: records, header: report.header, trust: trust)
    }

    /// Each merged copy's fate, from the saved vault read back and checked in full (`check`,
    /// `saved`): each copy is merged again into it in memory, and a copy whose records are all
    /// there changes nothing. In a dry run nothing was saved and every copy is kept.
    public static func disposals(
        _ merged: [OpenedConflictCopy], check: VaultCheckReport?, saved: RecordVault?, dryRun: Bool
    ) throws -> [ConflictCopyDisposal] {
        guard !dryRun, let check, let saved else {
            return merged.map { MergePlanner.disposal(trust: $0.trust, report: $0.report!, againChanges: true, unchangedOnDisk: true, dryRun: true) }
        }
        return try merged.map { copy in
            var againChanges = !check.problems.isEmpty
            // A copy under replaced keys may go too (`MergePlanner.disposal`): checked the same way,
            // merged again only adding, as it was.
            if !againChanges, copy.trust.onlyAddBecause == nil || copy.trust.onlyAddBecause == .replacedKeys {
                againChanges = try RecordMerge.merge(from: copy.records.store, into: saved.store, trust: copy.trust.level).changedSomething
            }
            return MergePlanner.disposal(
                trust: copy.trust, report: copy.report!, againChanges: againChanges,
                sameKeySlots: copy.header.slotTableDigest == check.header.slotTableDigest,
                unchangedOnDisk: FileStamp(path: copy.copy.path) == copy.copy.identity, dryRun: false)
        }
    }
}
