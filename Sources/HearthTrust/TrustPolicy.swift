/// The decisions about older copies and unexpected keys (Docs/SECURITY.md, "Rollback warning"),
/// as pure functions over explicit values: what was seen (`TrustRecord`), what a file shows
/// (`VaultFileState`, at a `TrustPlace`), and what the person accepted (`KeyAcceptance`). No
/// file, clock or global is read here; `TrustLedger` brings them and keeps the record.
public enum TrustPolicy {
    // MARK: Finding

    /// What `file`, read at `place`, is compared with what `seen` holds.
    public static func assess(_ file: VaultFileState, at place: TrustPlace, seen: TrustRecord) -> TrustReport {
        let entry = seen.vaults[TrustRecord.vaultKey(file.vaultID)]
        let here = place.entry(file.vaultID, in: seen)
        func report(_ finding: TrustFinding, generation: UInt64? = nil, on day: String? = nil) -> TrustReport {
            TrustReport(
                finding: finding, place: place, file: file, seenGeneration: generation ?? file.generation,
                seenKeyEpoch: entry?.keyEpoch ?? here?.keyEpoch ?? file.keyEpoch,
                seenFingerprint: entry.map { String($0.keyFingerprint.prefix(8)) }, seenOn: day ?? entry?.seen ?? here?.seen ?? "")
        }
        guard let key = file.key else {
            // Read without a key: only what the file claims, and nothing decided from it.
            let trustedEpoch = entry?.keyEpoch ?? here?.keyEpoch
            if let trustedEpoch, file.keyEpoch < trustedEpoch { return report(.claimsOlderKeys, generation: here?.generation) }
            if let here, file.generation < here.generation { return report(.claimsOlderSave, generation: here.generation, on: here.seen) }
            return report(entry == nil && here == nil ? .firstSeen : .same)
        }
        if let entry {
            // Every save by Hearth writes format 2: a format-1 file of a vault this account saw
            // in format 2 is an older copy from before the upgrade, or one made to look like it
            // (format 1 binds neither the slots' epoch nor the key table).
            if entry.seenInFormat2, file.formatVersion < 2 { return report(.olderFormat, generation: here?.generation) }
            if entry.line == key {
                // A table this account saw replaced, at any path and whatever the save number,
                // unless it is still the newest seen at this very path (a copy elsewhere had a key
                // change of its own, `passwd --vault COPY`). Format 2 by T, format 1 by slot table.
                if entry.isRetired(file), !(here.map(file.hasTable(of:)) ?? false) {
                    return report(.retiredSlotTable, generation: here?.generation)
                }
                guard let here else { return report(.same) }
                if file.generation < here.generation {
                    let otherTable = here.slotTable != nil && !file.hasTable(of: here)
                    return report(otherTable ? .olderSlotTable : .olderSave, generation: here.generation, on: here.seen)
                }
                return report(file.generation > here.generation ? .newer : .same, generation: here.generation)
            }
            if entry.pending.contains(key) { return report(.ownRekey) }
            return report(key.keyEpoch < entry.keyEpoch ? .olderKeys : .otherKeys)
        }
        // A version 1 entry knows an epoch seen at this path, not its key: that epoch is trusted
        // on its first authenticated read; any other is a key this account did not see.
        if let here, let epoch = here.keyEpoch {
            if epoch != key.keyEpoch { return report(key.keyEpoch < epoch ? .olderKeys : .otherKeys, generation: here.generation) }
            if file.generation < here.generation { return report(.olderSave, generation: here.generation, on: here.seen) }
        }
        return report(.firstSeen)
    }

    // MARK: Deciding

    /// A read of the working vault (never of another copy: those are not assessed at all).
    /// `mayTrustFirst`: false for a file in a backup folder or named like a backup, whose keys
    /// a first read never makes the trusted ones. `now`: the file at the path as it is now (read
    /// without a key), when the finding may be a race with another command's save.
    public static func decideRead(_ report: TrustReport, now: VaultFileState?, mayTrustFirst: Bool = true) -> TrustDecision {
        // Only an authenticated read of the working vault is remembered; a claim never is.
        let remembers = mayTrustFirst && report.file.isAuthenticated
        let record: TrustRecording = remembers ? .seen : .nothing
        switch report.finding {
        case .firstSeen:
            return .proceed(record: remembers ? .firstTrust : .nothing)
        case .same, .newer, .ownRekey:
            return .proceed(record: record)
        case .olderSave:
            // The file at the path meanwhile became the newer save again: a read racing a save.
            if let now, now.vaultID == report.file.vaultID, now.generation >= report.seenGeneration {
                return .proceed(record: record)
            }
            return .warn(report, record: record)
        case .olderSlotTable, .retiredSlotTable, .olderKeys, .otherKeys, .olderFormat:
            // A read that started before another command's rekey or save, the file now newer: a race.
            if let now, now.vaultID == report.file.vaultID, now.payloadID != report.file.payloadID,
               now.keyEpoch >= report.seenKeyEpoch, now.generation > report.file.generation
            {
                return .proceed(record: .nothing)
            }
            return .warn(report, record: .nothing)
        case .claimsOlderKeys, .claimsOlderSave:
            return .warn(report, record: .nothing)
        }
    }

    /// A save into the file (read under the writer lock, so never a race). Refused when its keys
    /// need acceptance, unless the person accepted exactly them, or the checks are off.
    public static func decideWrite(_ report: TrustReport, accepted: KeyAcceptance?, checksOff: Bool = false) -> TrustDecision {
        guard report.finding.refusesWrites else { return .proceed(record: .seen) }
        if let accepted, accepted.accepts(report.file.key) { return .accepted(report) }
        if checksOff { return .checksOff(report) }
        return .refuse(report)
    }

    // MARK: Remembering

    /// Makes the file's key the trusted key line of the vault (when it is not already), and
    /// notes its save and slot table at `place`. `written`: Hearth wrote or the person accepted
    /// this file, so it is taken as the newest save there even when its number is lower.
    public static func trust(_ file: VaultFileState, at place: TrustPlace, in record: inout TrustRecord, day: String, written: Bool) {
        guard let line = file.key else { return }
        let key = TrustRecord.vaultKey(file.vaultID)
        let pathKey = place.key(file.vaultID)
        let old = place.entry(file.vaultID, in: record)
        let seenInFormat2 = record.vaults[key]?.seenInFormat2 ?? false
        if record.vaults[key]?.line != line {
            let previous = record.vaults[key]
            record.vaults[key] = TrustRecord.VaultEntry(
                keyEpoch: line.keyEpoch, keyFingerprint: line.keyFingerprint,
                highestKeyEpoch: max(previous?.highestKeyEpoch ?? 0, old?.keyEpoch ?? 0, line.keyEpoch), pending: [], seen: day,
                retiredSlotTables: previous?.retiredSlotTables, retiredKeyTables: previous?.retiredKeyTables,
                highestFormat: previous?.highestFormat)
        }
        // The highest format seen never goes down (an accepted format-1 file is saved as format 2).
        let highest = max(record.vaults[key]?.highestFormat ?? 0, file.formatVersion)
        record.vaults[key]?.highestFormat = highest
        // Written by Hearth (or accepted by the person): this file's tables are current again.
        if written { record.vaults[key]?.unretire(file) }
        guard let pathKey else { return }
        let newer = old.map { file.generation > $0.generation || (file.generation == $0.generation && !file.hasTable(of: $0)) } ?? true
        // The tables seen here are replaced: by a key change saved here, or by a newer save read
        // here with other tables (a key change elsewhere, through a sync folder). T is retired
        // whenever it changed; the slot table only while it still judges something (the vault not
        // yet seen in format 2, or the entry here from before T was recorded).
        if let old, written || file.generation > old.generation {
            if let table = old.keyTable, table != file.keyTable { record.vaults[key]?.retire(keyTable: table) }
            if let table = old.slotTable, table != file.slotTable, old.keyTable == nil || !seenInFormat2 {
                record.vaults[key]?.retire(table)
            }
        }
        // A drive's place read under its older key (the real path it was mounted at): moved over.
        if let legacy = place.legacyKey(file.vaultID), legacy != pathKey, let moved = record.paths.removeValue(forKey: legacy),
           record.paths[pathKey] == nil
        {
            record.paths[pathKey] = moved
        }
        if written || newer {
            record.paths[pathKey] = TrustRecord.PathEntry(
                generation: file.generation, slotTable: file.slotTable, keyTable: file.keyTable, keyEpoch: nil, seen: day,
                ownSaves: old?.ownSaves)
        } else if let old, old.keyEpoch != nil {
            // A version 1 entry, its epoch now trusted: kept as a plain path entry.
            record.paths[pathKey] = TrustRecord.PathEntry(
                generation: old.generation, slotTable: old.slotTable, keyTable: old.keyTable, keyEpoch: nil, seen: old.seen,
                ownSaves: old.ownSaves)
        }
    }

    /// A key change's new file (`file`) is about to be renamed into place. A rekey's new key is
    /// remembered as pending, so that it is recognised as this account's own even if the process
    /// ends before the save is recorded. A key change under the trusted key notes its new slot
    /// table, which may be one replaced before (a key added, then removed again), as current.
    /// Returns whether that slot table was retired before (for `dropPending`).
    @discardableResult
    public static func notePending(_ file: VaultFileState, in record: inout TrustRecord) -> Bool {
        let key = TrustRecord.vaultKey(file.vaultID)
        guard let line = file.key, var entry = record.vaults[key] else { return false }
        if entry.line == line {
            let wasRetired = entry.unretire(file)
            record.vaults[key] = entry
            return wasRetired
        }
        guard !entry.pending.contains(line) else { return false }
        entry.pending = Array((entry.pending + [line]).suffix(TrustRecord.maximumPending))
        record.vaults[key] = entry
        return false
    }

    /// A key change's new file was removed without being put in place (cancelled, refused,
    /// failed): a rekey's key is no longer pending (a sync client may have taken the flushed
    /// temporary file, and it must never be taken for this account's own); a key change under
    /// the trusted key gives back the retirement its slot table had (unless it is the one at `place`).
    public static func dropPending(_ file: VaultFileState, at place: TrustPlace, wasRetired: Bool, in record: inout TrustRecord) {
        let key = TrustRecord.vaultKey(file.vaultID)
        guard let line = file.key, var entry = record.vaults[key] else { return }
        if entry.line == line {
            let current = place.entry(file.vaultID, in: record).map(file.hasTable(of:)) ?? false
            if wasRetired, !current {
                if file.formatVersion >= 2, let table = file.keyTable { entry.retire(keyTable: table) }
                if file.formatVersion < 2 || !entry.seenInFormat2 { entry.retire(file.slotTable) }
                record.vaults[key] = entry
            }
            return
        }
        guard entry.pending.contains(line) else { return }
        entry.pending.removeAll { $0 == line }
        record.vaults[key] = entry
    }

    // MARK: Questions

    /// Whether `file` (read without a key) carries another key table than the newest save seen
    /// at its place, at a later save: its passphrases were changed since, most often on another
    /// computer sharing the vault. Only a claim: it words a wrong-passphrase answer, and decides nothing.
    public static func keyTableChangedSinceSeen(_ file: VaultFileState, at place: TrustPlace, seen: TrustRecord) -> Bool {
        guard let here = place.entry(file.vaultID, in: seen), seen.vaults[TrustRecord.vaultKey(file.vaultID)] != nil else { return false }
        return file.generation > here.generation && !file.hasTable(of: here)
    }

    /// Whether `key` is the key line trusted for the vault (or this account's own pending
    /// rekey), at whatever path; nil when nothing is known about the vault.
    public static func trusts(_ key: TrustRecord.KeyLine, of vaultID: [UInt8], in record: TrustRecord) -> Bool? {
        guard let entry = record.vaults[TrustRecord.vaultKey(vaultID)] else { return nil }
        return entry.line == key || entry.pending.contains(key)
    }

    /// The highest key epoch trusted for the vault (a rekey goes above it), or nil.
    public static func highestKeyEpoch(of vaultID: [UInt8], at place: TrustPlace, in record: TrustRecord) -> UInt64? {
        [record.vaults[TrustRecord.vaultKey(vaultID)]?.highestKeyEpoch, place.entry(vaultID, in: record)?.keyEpoch]
            .compactMap { $0 }.max()
    }
}
