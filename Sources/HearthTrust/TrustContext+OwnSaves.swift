import Foundation
import HearthVault

// This computer's own saves of each vault (Docs/SECURITY.md, "Knowing when a save of yours is
// missing"): noted before every save of the working vault is renamed into place, confirmed
// after, read back on every open; and the saves found missing, kept until they are back or the
// person lets them go.
extension TrustContext: OwnSaveWitness {
    /// A save of the working vault at `path` (now `header`) drew `mark` and is about to be
    /// renamed into place: noted as pending, so that a crash or a busy ledger after the rename
    /// cannot leave it unremembered. Kept even with the rollback checks off: it only serves to
    /// tell the person where their own change went.
    public func willSave(path: String, header: VaultHeader, mark: SaveMark) {
        remember(mark, path: path, header: header, pending: true)
    }

    /// A save of the working vault at `path` drew `mark` and is in place: confirmed (or kept
    /// as one of this computer's last saves there, when its pending note is not there).
    public func didSave(path: String, header: VaultHeader, mark: SaveMark) {
        remember(mark, path: path, header: header, pending: false)
    }

    private func remember(_ mark: SaveMark, path: String, header: VaultHeader, pending: Bool) {
        guard let store, let key = places(path).key(header.vaultID) else { return }
        let save = OwnSave(mark, day: Self.day(saveTime()), pending: pending)
        let day = Self.day(now())
        store.update { seen in
            var entry = seen.paths[key] ?? TrustRecord.PathEntry(
                generation: header.generation, slotTable: TrustRecord.hex(header.slotTableDigest),
                keyTable: TrustRecord.hex(header.keyTableDigest), keyEpoch: nil, seen: day)
            var saves = entry.ownSaves ?? []
            if let index = saves.firstIndex(where: { $0.id == save.id }) {
                saves[index].pending = pending ? true : nil
            } else {
                saves.append(save)
            }
            entry.ownSaves = Array(saves.suffix(OwnSave.remembered))
            seen.paths[key] = entry
        }
    }

    /// This computer's last saves of the vault `vaultID` at `path`, oldest first.
    public func ownSaves(path: String, vaultID: [UInt8]) -> [OwnSave] {
        guard let store, let key = places(path).key(vaultID) else { return [] }
        return store.load().paths[key]?.ownSaves ?? []
    }

    /// The saves of this computer found missing at `path` before and not seen back, oldest first.
    public func missingSaves(path: String, vaultID: [UInt8]) -> [OwnSave] {
        guard let store, let key = places(path).key(vaultID) else { return [] }
        return store.load().paths[key]?.missingSaves ?? []
    }

    /// Keeps what `review` found (`MissingSaves.review`): the saves missing now are kept until
    /// the vault holds them again (`returned`) or the person lets them go (`forgetOwnSaves`);
    /// pending saves seen written are confirmed, those never written forgotten.
    public func settle(_ review: MissingSaveReview, path: String, vaultID: [UInt8]) {
        let missing = review.report.saves.map { save in
            OwnSave(id: save.id, depth: save.depth, day: save.day)
        }
        guard let store, let key = places(path).key(vaultID) else { return }
        let known = Set((store.load().paths[key]?.missingSaves ?? []).map(\.id))
        // Nothing new to keep (the same saves still missing): the ledger is not written again.
        guard missing.contains(where: { !known.contains($0.id) }) || !review.confirmed.isEmpty || !review.dropped.isEmpty
            || !review.returned.isEmpty
        else { return }
        store.update { seen in
            guard var entry = seen.paths[key] else { return }
            if var saves = entry.ownSaves {
                saves.removeAll { review.dropped.contains($0.id) }
                for index in saves.indices where review.confirmed.contains(saves[index].id) { saves[index].pending = nil }
                entry.ownSaves = saves
            }
            var kept = (entry.missingSaves ?? []).filter { !review.returned.contains($0.id) }
            kept += missing.filter { save in !kept.contains { $0.id == save.id } }
            entry.missingSaves = kept.isEmpty ? nil : Array(kept.suffix(OwnSave.missingKept))
            seen.paths[key] = entry
        }
    }

    /// The person put another state of the vault in place on purpose (a restore), or let the
    /// missing saves go (`hearth status --forget-missing`): the saves of this computer the vault
    /// does not hold are not looked for any more. True when there were any to forget.
    @discardableResult
    public func forgetOwnSaves(path: String, vaultID: [UInt8]) -> Bool {
        guard let store, let key = places(path).key(vaultID) else { return false }
        var had = false
        store.update { seen in
            had = seen.paths[key]?.ownSaves != nil || seen.paths[key]?.missingSaves != nil
            seen.paths[key]?.ownSaves = nil
            seen.paths[key]?.missingSaves = nil
        }
        return had
    }
}
