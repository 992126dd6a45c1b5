import HearthTrust
import Testing

/// A vault on a stick is one place for the ledger wherever the stick is mounted (by the path
/// inside the drive, not the mount path), and a ledger written by an older Hearth (by the real
/// path where the stick was mounted then) still reads and is moved over on the next record.
@Suite struct DrivePlaceTests {
    typealias P = TrustPolicyTests

    static let here = TrustPlace(path: "/media/alice/STICK/vault.hearth", realPath: "/media/alice/STICK/vault.hearth", pathOnDrive: "/vault.hearth")
    static let elsewhere = TrustPlace(path: "/media/alice/STICK1/vault.hearth", realPath: "/media/alice/STICK1/vault.hearth", pathOnDrive: "/vault.hearth")
    static let otherFolder = TrustPlace(path: "/media/alice/STICK/old/vault.hearth", realPath: "/media/alice/STICK/old/vault.hearth", pathOnDrive: "/old/vault.hearth")

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
        #expect(record.paths[TrustRecord.drivePathKey(P.vault, pathOnDrive: "/vault.hearth")]?.generation == 13)
        #expect(TrustPolicy.assess(P.file2(P.trusted, generation: 12, keyTable: "K1"), at: Self.elsewhere, seen: record).finding == .olderSave)
    }

    @Test func aPlaceOffAnyDriveIsStillItsRealPath() {
        let place = TrustPlace(path: "/home/a/vault.hearth", realPath: "/home/a/vault.hearth")
        var record = TrustRecord()
        Self.trusted(P.file2(P.trusted), at: place, in: &record)
        #expect(record.paths[TrustRecord.pathKey(P.vault, realPath: "/home/a/vault.hearth")] != nil)
        #expect(TrustPlace(path: "/dev/fd/3", realPath: nil, pathOnDrive: "/x").pathOnDrive == nil, "a descriptor has no place")
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
