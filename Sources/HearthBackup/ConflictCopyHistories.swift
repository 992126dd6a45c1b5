import HearthRecords
import HearthVault

/// The save histories of the conflict copies beside a vault (Docs/FORMAT.md, "Save history"),
/// read with the vault's keys in hand: where a save missing from the vault went. Nothing is
/// derived and nothing is written; a copy under other keys, or damaged, has no history here.
public enum ConflictCopyHistories {
    /// Each copy beside `vaultPath` (`ConflictCopies.find`), with its save history, or nil when
    /// it does not open with `keys` (another key epoch or other keys, damage).
    public static func read(besideVault vaultPath: String, vaultID: [UInt8], keys: EpochKeys) -> [(path: String, history: [SaveMark]?)] {
        ConflictCopies.find(besideVault: vaultPath, vaultID: vaultID).map { copy in
            guard copy.isReadable, copy.keyEpoch == keys.epoch,
                  let opened = try? RecordVault.open(at: copy.path, credential: .keys(keys)),
                  let history = try? opened.saveHistory()
            else { return (copy.path, nil) }
            return (copy.path, history)
        }
    }
}
