import HearthTrust
import Testing

/// A vault on a stick is one place for the ledger wherever the stick is mounted (by its file
/// system and the path inside it, not the mount path), another stick is another place, and a
/// ledger written by an older Hearth (by the real path where the stick was mounted then, or by
/// the path inside any drive) still reads and is moved over on the next record, but never
/// excuses a table retired since.
@Suite struct DrivePlaceTests {
    typealias P = TrustPolicyTests

    static func on(_ mountPoint: String, _ inside: String = "/vault.hearth", fileSystem: String = "7F64-9DDA") -> TrustPlace {
        TrustPlace(path: mountPoint + inside, realPath: mountPoint + inside, onDrive: .init(fileSystem: fileSystem, path: inside))
    }

    static let here = on("/media/alice/STICK")
    static let elsewhere = on("/media/alice/STICK1")
    static let otherFolder = on("/media/alice/STICK", "/old/vault.hearth")
    /// A spare stick with its own file system, mounted where the first one was.
    static let spare = on("/media/alice/STICK", fileSystem: "0C1E-55A2")
    /// The same path, as an older Hearth keyed it (no drive: by real path).
    static let oldHere = TrustPlace(path: here.path, realPath: here.realPath)
    static let oldElsewhere = TrustPlace(path: elsewhere.path, realPath: elsewhere.realPath)

    static func trusted(_ file: VaultFileState, at place: TrustPlace, in record: inout TrustRecord, written: Bool = true) {
        TrustPolicy.trust(file, at: place, in: &record, day: "2026-12-06", written: written)
    }

    @Test func oneStickIsOnePlaceWhereverItIsMounted() {
        var record = TrustRecord()
        Self.trusted(P.file2(P.trusted, generation: 12), at: Self.here, in: &record)
        // The same drive mounted elsewhere: an older save there is an older save of this place.
        let older = TrustPolicy.assess(P.file2(P.trusted, generation: 9), at: Self.elsewhere, seen: record)
        #expect(older.finding == .olderSave && older.seenGeneration == 12)
        #expect(TrustPolicy.assess(P.file2(P.trusted, generation: 12), at: Self.elsewhere, seen: record).finding == .same)
        // Another folder on the drive is another place.
        #expect(TrustPolicy.assess(P.file2(P.trusted, generation: 9), at: Self.otherFolder, seen: record).finding == .same)
        #expect(record.paths.count == 1)
    }

    /// A passphrase changed while the stick was mounted elsewhere, then a copy from before it put
    /// back on the stick: refused, wherever the stick is mounted now (by mount path, the old
    /// path's entry would still name the old table as the newest seen there, and let it through).
    @Test func aPassphraseChangedUnderAnotherMountPathStaysChanged() {
        var record = TrustRecord()
        Self.trusted(P.file2(P.trusted, generation: 12, keyTable: "K1"), at: Self.here, in: &record)
        Self.trusted(P.file2(P.trusted, generation: 13, table: "T2", keyTable: "K2"), at: Self.elsewhere, in: &record)
        let putBack = TrustPolicy.assess(P.file2(P.trusted, generation: 12, keyTable: "K1"), at: Self.here, seen: record)
        #expect(putBack.finding == .retiredSlotTable && putBack.refusesWrites)
    }

    @Test func anOlderLedgerKeyedByTheMountPathStillReadsAndMovesOver() {
        var record = TrustRecord()
        let file = P.file2(P.trusted, generation: 12, keyTable: "K1")
        // What an older Hearth wrote: the place by the real path where the stick was mounted.
        TrustPolicy.trust(file, at: TrustPlace(path: Self.here.path, realPath: Self.here.realPath), in: &record, day: "2026-12-01", written: true)
        let oldKey = TrustRecord.pathKey(P.vault, realPath: Self.here.realPath!)
        #expect(record.paths[oldKey] != nil)

        #expect(TrustPolicy.assess(P.file2(P.trusted, generation: 9, keyTable: "K1"), at: Self.here, seen: record).finding == .olderSave,
                "read under its older key")
        Self.trusted(P.file2(P.trusted, generation: 13, keyTable: "K1"), at: Self.here, in: &record, written: false)
        #expect(record.paths[oldKey] == nil, "moved over")
        #expect(record.paths[TrustRecord.drivePathKey(P.vault, fileSystem: "7F64-9DDA", pathOnDrive: "/vault.hearth")]?.generation == 13)
        #expect(TrustPolicy.assess(P.file2(P.trusted, generation: 12, keyTable: "K1"), at: Self.elsewhere, seen: record).finding == .olderSave)
    }

    /// A spare stick (another file system) holding the same vault at the same path is another
    /// place: it gets no older-save note from the first stick's saves, and does not move them.
    @Test func aSpareStickIsAnotherPlace() {
        var record = TrustRecord()
        Self.trusted(P.file2(P.trusted, generation: 12), at: Self.here, in: &record)
        #expect(TrustPolicy.assess(P.file2(P.trusted, generation: 9), at: Self.spare, seen: record).finding == .same)
        Self.trusted(P.file2(P.trusted, generation: 9), at: Self.spare, in: &record, written: false)
        #expect(record.paths.count == 2)
        #expect(TrustPolicy.assess(P.file2(P.trusted, generation: 11), at: Self.here, seen: record).finding == .olderSave)
        #expect(TrustPolicy.assess(P.file2(P.trusted, generation: 8), at: Self.spare, seen: record).finding == .olderSave)
    }

    /// Under an older Hearth the stick was opened at STICK (its old key table, save 10), another
    /// day at STICK1 where the passphrase was changed (a new table, the old one retired). A copy
    /// with the old table is put back; after the upgrade the stick is mounted at STICK again. The
    /// entry under STICK's old key still names the old table as the newest seen there: read,
    /// moved over or not, it never lets that copy through.
    @Test func aMovedOverEntryNeverExcusesARetiredTable() {
        var record = TrustRecord()
        let old = P.file2(P.trusted, generation: 10, table: "T1", keyTable: "K1")
        TrustPolicy.trust(old, at: Self.oldHere, in: &record, day: "2026-11-01", written: false)
        TrustPolicy.trust(old, at: Self.oldElsewhere, in: &record, day: "2026-11-02", written: false)
        let changed = P.file2(P.trusted, generation: 11, table: "T2", keyTable: "K2")
        TrustPolicy.trust(changed, at: Self.oldElsewhere, in: &record, day: "2026-11-02", written: true)
        #expect(record.vaults[TrustRecord.vaultKey(P.vault)]?.retiredKeyTables == ["K1"])

        let putBack = TrustPolicy.assess(old, at: Self.here, seen: record)
        #expect(putBack.finding == .retiredSlotTable && putBack.refusesWrites, "read under the older key")
        #expect(TrustPolicy.decideRead(putBack, now: old) == .warn(putBack, record: .nothing))

        // Moved over by a record that keeps it (an older save, not newer than it), then the copy again.
        Self.trusted(P.file2(P.trusted, generation: 9, table: "T2", keyTable: "K2"), at: Self.here, in: &record, written: false)
        let moved = record.paths[TrustRecord.drivePathKey(P.vault, fileSystem: "7F64-9DDA", pathOnDrive: "/vault.hearth")]
        #expect(moved?.generation == 10 && moved?.movedOver == true && record.paths[TrustRecord.pathKey(P.vault, realPath: Self.here.realPath!)] == nil)
        #expect(TrustPolicy.assess(old, at: Self.here, seen: record).finding == .retiredSlotTable, "moved over")

        // A save read here replaces it: then its own tables are the newest here again.
        Self.trusted(P.file2(P.trusted, generation: 12, table: "T2", keyTable: "K2"), at: Self.here, in: &record, written: false)
        #expect(record.paths[TrustRecord.drivePathKey(P.vault, fileSystem: "7F64-9DDA", pathOnDrive: "/vault.hearth")]?.movedOver == nil)
    }

    /// A ledger from the Hearth that keyed drives by the path inside them alone: read and moved
    /// over like the real-path entries; of several older entries the newest save counts.
    @Test func olderDriveKeysAreReadTheNewestFirstAndMovedOver() {
        var record = TrustRecord()
        let pathOnly = TrustRecord.legacyDrivePathKey(P.vault, pathOnDrive: "/vault.hearth")
        let realPath = TrustRecord.pathKey(P.vault, realPath: Self.here.realPath!)
        Self.trusted(P.file2(P.trusted, generation: 12), at: Self.here, in: &record)
        let current = TrustRecord.drivePathKey(P.vault, fileSystem: "7F64-9DDA", pathOnDrive: "/vault.hearth")
        record.paths[pathOnly] = record.paths.removeValue(forKey: current)
        record.paths[realPath] = TrustRecord.PathEntry(generation: 8, slotTable: "T1", keyTable: "K1", keyEpoch: nil, seen: "2026-11-01")
        let report = TrustPolicy.assess(P.file2(P.trusted, generation: 11), at: Self.here, seen: record)
        #expect(report.finding == .olderSave && report.seenGeneration == 12)
        Self.trusted(P.file2(P.trusted, generation: 13), at: Self.here, in: &record, written: false)
        #expect(record.paths.keys.sorted() == [current], "both older keys moved over into one")
        #expect(record.paths[current]?.generation == 13)
    }

    @Test func aPlaceOffAnyDriveIsStillItsRealPath() {
        let place = TrustPlace(path: "/home/a/vault.hearth", realPath: "/home/a/vault.hearth")
        var record = TrustRecord()
        Self.trusted(P.file2(P.trusted), at: place, in: &record)
        #expect(record.paths[TrustRecord.pathKey(P.vault, realPath: "/home/a/vault.hearth")] != nil)
        #expect(TrustPlace(path: "/dev/fd/3", realPath: nil, onDrive: .init(fileSystem: "A", path: "/x")).onDrive == nil,
                "a descriptor has no place")
    }

    /// The words for a passphrase that no longer opens: the key table at the place changed at a
    /// later save (a passphrase changed on the other computer), read without a key.
    @Test func keySlotsChangedSinceSeenIsAboutALaterSaveWithAnotherTable() {
        var record = TrustRecord()
        Self.trusted(P.file2(P.trusted, generation: 12, keyTable: "K1"), at: Self.here, in: &record)
        func changed(_ generation: UInt64, _ table: String, at place: TrustPlace = Self.here, in seen: TrustRecord? = nil) -> Bool {
            TrustPolicy.keyTableChangedSinceSeen(P.file2(nil, generation: generation, keyTable: table), at: place, seen: seen ?? record)
        }
        #expect(changed(14, "K2"), "a later save with other key slots")
        #expect(changed(14, "K2", at: Self.elsewhere), "the same stick, mounted elsewhere")
        #expect(!changed(14, "K1"), "the same key slots: a wrong passphrase is just wrong")
        #expect(!changed(11, "K2"), "an older save: not a change made since")
        #expect(!changed(14, "K2", at: Self.otherFolder), "nothing seen at that place")
        #expect(!changed(14, "K2", in: TrustRecord()), "nothing known")
    }
}
