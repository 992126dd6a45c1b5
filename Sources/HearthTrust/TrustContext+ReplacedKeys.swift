import HearthVault

// Copies of a vault under keys this account saw replaced (Docs/SECURITY.md, "Merging copies
// under replaced keys"): a merge only adds from them, and the check for missing saves does not
// take their save history as proof.
extension TrustPolicy {
    /// Whether `file`, a copy of a vault read at `place`, carries a key table (format 2; the slot
    /// table for format 1) this account saw replaced, or is format 1 while the vault was seen in
    /// format 2. Its key epoch and key may be the vault's own: a `passwd` or `key remove` keeps
    /// both, so whoever knows the removed passphrase (or holds an old session's key) can still
    /// write a copy whose header checks. Not so when that table is still the newest seen at
    /// `place` itself (a copy that had a key change of its own, `passwd --vault COPY`).
    public static func holdsReplacedKeys(_ file: VaultFileState, at place: TrustPlace, seen: TrustRecord) -> Bool {
        guard let entry = seen.vaults[TrustRecord.vaultKey(file.vaultID)] else { return false }
        if entry.seenInFormat2, file.formatVersion < 2 { return true }
        guard entry.isRetired(file) else { return false }
        return !(place.entry(file.vaultID, in: seen).map(file.hasTable(of:)) ?? false)
    }
}

extension TrustContext {
    /// `TrustPolicy.holdsReplacedKeys` for the copy at `path` with header `header` (checked with
    /// its keys by the caller). Asked even with the rollback checks off: it refuses nothing, it
    /// only keeps a merge from taking that copy's changes, deletions and save history on trust.
    public func holdsReplacedKeys(copyAt path: String, header: VaultHeader) -> Bool {
        guard let store else { return false }
        return TrustPolicy.holdsReplacedKeys(VaultFileState(header: header, identity: nil), at: places(path), seen: store.load())
    }
}
