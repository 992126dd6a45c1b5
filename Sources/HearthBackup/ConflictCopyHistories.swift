import HearthRecords
import HearthVault

/// The save histories of the conflict copies beside a vault (Docs/FORMAT.md, "Save history"),
/// read with the vault's keys in hand: where a save missing from the vault went. Nothing is
/// derived and nothing is written; a copy under other keys, or damaged, has no history here,
/// and neither has one a merge would not trust in full (`MergePlanner.wouldTrustInFull`: a
/// merge takes no history from it, and a planted history must not silence a missing save).
public enum ConflictCopyHistories {
    /// Each copy beside `vaultPath` (`ConflictCopies.find`), with its save history, or nil when
    /// it does not open with `keys` (another key epoch or other keys, damage) or would not be
    /// trusted in full (`keysReplaced(path, header)`: `TrustContext.holdsReplacedKeys`).
    public static func read(
        besideVault vaultPath: String, vault: VaultHeader, keys: EpochKeys,
        keysReplaced: (String, VaultHeader) -> Bool = { _, _ in false }
    ) -> [(path: String, history: [SaveMark]?)] {
        ConflictCopies.find(besideVault: vaultPath, vaultID: vault.vaultID).map { copy in
            guard copy.isReadable, copy.keyEpoch == keys.epoch,
                  let opened = try? RecordVault.open(at: copy.path, credential: .keys(keys)),
                  MergePlanner.wouldTrustInFull(
                      copy: opened.opened.header, vault: vault, vaultKeys: keys,
                      keysReplaced: keysReplaced(copy.path, opened.opened.header)),
                  let history = try? opened.saveHistory()
            else { return (copy.path, nil) }
            return (copy.path, history)
        }
    }
}
