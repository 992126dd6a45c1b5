import Foundation
import HearthVault

// This computer's own saves of each vault (Docs/SECURITY.md, "Knowing when a save of yours is
// missing"): remembered after every save of the working vault, read back on every open.
extension TrustContext: OwnSaveWitness {
    /// A save of the working vault at `path` drew `mark`: kept as one of this computer's last
    /// saves there (`OwnSave.remembered`). Kept even with the rollback checks off: it only
    /// serves to tell the person where their own change went.
    public func didSave(path: String, header: VaultHeader, mark: SaveMark) {
        guard let store, let key = places(path).key(header.vaultID) else { return }
        let save = OwnSave(mark, at: saveTime())
        let day = Self.day(now())
        store.update { seen in
            var entry = seen.paths[key] ?? TrustRecord.PathEntry(
                generation: header.generation, slotTable: TrustRecord.hex(header.slotTableDigest),
                keyTable: TrustRecord.hex(header.keyTableDigest), keyEpoch: nil, seen: day)
            entry.ownSaves = Array(((entry.ownSaves ?? []) + [save]).suffix(OwnSave.remembered))
            seen.paths[key] = entry
        }
    }

    /// This computer's last saves of the vault `vaultID` at `path`, oldest first.
    public func ownSaves(path: String, vaultID: [UInt8]) -> [OwnSave] {
        guard let store, let key = places(path).key(vaultID) else { return [] }
        return store.load().paths[key]?.ownSaves ?? []
    }

    /// The person put another state of the vault in place on purpose (a restore): the saves of
    /// this computer it does not hold are not looked for any more.
    public func forgetOwnSaves(path: String, vaultID: [UInt8]) {
        guard let store, let key = places(path).key(vaultID) else { return }
        store.update { seen in seen.paths[key]?.ownSaves = nil }
    }
}
