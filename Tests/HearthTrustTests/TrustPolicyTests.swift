import HearthTrust
import Testing

/// The trust policy, case by case (Docs/SECURITY.md, "Rollback warning"): what was seen, what the
/// file shows, what the person accepted; the finding and the decisions for a read and a save.
/// Pure values, in process: the whole table runs in milliseconds.
@Suite struct TrustPolicyTests {
    static let vault: [UInt8] = Array(repeating: 7, count: 16)
    static let otherVault: [UInt8] = Array(repeating: 9, count: 16)
    static let here = TrustPlace(path: "/home/a/vault.hearth", realPath: "/home/a/vault.hearth")
    static let stick = TrustPlace(path: "/media/stick/vault.hearth", realPath: "/media/stick/vault.hearth")
    static let descriptor = TrustPlace(path: "/dev/fd/3", realPath: nil)

    /// A key line: epoch and a fingerprint of one repeated byte (`aaaa...` for 0xaa).
    static func key(_ epoch: UInt64, _ byte: UInt8) -> TrustRecord.KeyLine {
        TrustRecord.KeyLine(keyEpoch: epoch, keyFingerprint: String(repeating: String(format: "%02x", byte), count: 16))
    }

    static let trusted = key(2, 0xaa)

    /// What a file shows.
    static func file(
        _ key: TrustRecord.KeyLine?, epoch: UInt64? = nil, generation: UInt64 = 10, table: String = "T1",
        slots: [String] = ["s-new"], vault: [UInt8] = vault, payload: UInt8 = 1, format: UInt16 = 1
    ) -> VaultFileState {
        VaultFileState(
            vaultID: vault, generation: generation, keyEpoch: epoch ?? key?.keyEpoch ?? 2, key: key, slotTable: table,
            slots: slots, payloadID: [payload], formatVersion: format)
    }

    /// What was seen: the trusted line (nil: the vault is unknown), pending rekeys, retired
    /// tables, slots seen, and per place the newest save and its table.
    static func seen(
        _ line: TrustRecord.KeyLine? = trusted, pending: [TrustRecord.KeyLine] = [], retired: [String] = [],
        slots: [String] = ["s-old"], at places: [(TrustPlace, UInt64, String)] = [(here, 10, "T1")],
        legacy: [(TrustPlace, UInt64, UInt64)] = []
    ) -> TrustRecord {
        var record = TrustRecord()
        if let line {
            record.vaults[TrustRecord.vaultKey(vault)] = TrustRecord.VaultEntry(
                keyEpoch: line.keyEpoch, keyFingerprint: line.keyFingerprint, highestKeyEpoch: line.keyEpoch, pending: pending,
                seen: "2026-11-20", retiredSlotTables: retired, seenSlots: slots)
            for (place, generation, table) in places {
                record.paths[TrustRecord.pathKey(vault, realPath: place.realPath!)] = TrustRecord.PathEntry(
                    generation: generation, slotTable: table, keyEpoch: nil, seen: "2026-11-21")
            }
        }
        for (place, generation, epoch) in legacy {
            record.paths[TrustRecord.pathKey(vault, realPath: place.realPath!)] = TrustRecord.PathEntry(
                generation: generation, slotTable: nil, keyEpoch: epoch, seen: "2026-11-19")
        }
        return record
    }

    /// A decision without its report, to compare.
    enum Kind: Equatable {
        case proceed(TrustRecording), warn(TrustRecording), refuse, accepted, checksOff
        init(_ decision: TrustDecision) {
            switch decision {
            case .proceed(let record): self = .proceed(record)
            case .warn(_, let record): self = .warn(record)
            case .refuse: self = .refuse
            case .accepted: self = .accepted
            case .checksOff: self = .checksOff
            }
        }
    }

    struct Row: CustomTestStringConvertible, Sendable {
        let name: String
        let seen: TrustRecord
        let file: VaultFileState
        var place = TrustPlace(path: here.path, realPath: here.realPath)
        var now: VaultFileState? = nil
        var mayTrustFirst = true
        var accepted: KeyAcceptance? = nil
        var checksOff = false
        let finding: TrustFinding
        let read: Kind
        let write: Kind
        var testDescription: String { name }
    }

    static let exact = KeyAcceptance(epoch: 1, key: "bbbbbbbb")

    static let rows: [Row] = [
        // Nothing known
        Row(name: "first seen: trusted on first use", seen: TrustRecord(), file: file(trusted),
            finding: .firstSeen, read: .proceed(.firstTrust), write: .proceed(.seen)),
        Row(name: "first seen in a backup folder: not trusted first", seen: TrustRecord(), file: file(trusted), mayTrustFirst: false,
            finding: .firstSeen, read: .proceed(.nothing), write: .proceed(.seen)),
        Row(name: "another vault than the one known", seen: seen(), file: file(key(5, 0xcc), vault: otherVault),
            finding: .firstSeen, read: .proceed(.firstTrust), write: .proceed(.seen)),
        // The trusted key
        Row(name: "same save, same table", seen: seen(), file: file(trusted),
            finding: .same, read: .proceed(.seen), write: .proceed(.seen)),
        Row(name: "a newer save", seen: seen(), file: file(trusted, generation: 11),
            finding: .newer, read: .proceed(.seen), write: .proceed(.seen)),
        Row(name: "a newer save with a new table (key change elsewhere)", seen: seen(), file: file(trusted, generation: 11, table: "T2"),
            finding: .newer, read: .proceed(.seen), write: .proceed(.seen)),
        Row(name: "an older save at another path: nothing seen there", seen: seen(), file: file(trusted, generation: 3), place: stick,
            finding: .same, read: .proceed(.seen), write: .proceed(.seen)),
        Row(name: "an older save through a descriptor: no place", seen: seen(), file: file(trusted, generation: 3), place: descriptor,
            finding: .same, read: .proceed(.seen), write: .proceed(.seen)),
        Row(name: "an older save, same table: a note", seen: seen(), file: file(trusted, generation: 9),
            finding: .olderSave, read: .warn(.seen), write: .proceed(.seen)),
        Row(name: "an older save, the path meanwhile newer again: a race", seen: seen(), file: file(trusted, generation: 9),
            now: file(nil, generation: 10), finding: .olderSave, read: .proceed(.seen), write: .proceed(.seen)),
        Row(name: "an older save with another table", seen: seen(), file: file(trusted, generation: 9, table: "T0"),
            finding: .olderSlotTable, read: .warn(.nothing), write: .refuse),
        Row(name: "an older table, accepted exactly", seen: seen(), file: file(trusted, generation: 9, table: "T0"),
            accepted: KeyAcceptance(epoch: 2, key: "aaaaaaaa"),
            finding: .olderSlotTable, read: .warn(.nothing), write: .accepted),
        Row(name: "an older table, checks off", seen: seen(), file: file(trusted, generation: 9, table: "T0"), checksOff: true,
            finding: .olderSlotTable, read: .warn(.nothing), write: .checksOff),
        Row(name: "a retired table at another path", seen: seen(retired: ["T0"]), file: file(trusted, generation: 3, table: "T0"),
            place: stick, finding: .retiredSlotTable, read: .warn(.nothing), write: .refuse),
        Row(name: "a retired table with a forged higher save", seen: seen(retired: ["T0"]),
            file: file(trusted, generation: 1000, table: "T0"),
            finding: .retiredSlotTable, read: .warn(.nothing), write: .refuse),
        Row(name: "a retired table still the newest at this path (passwd on a copy)",
            seen: seen(retired: ["T1"]), file: file(trusted),
            finding: .same, read: .proceed(.seen), write: .proceed(.seen)),
        Row(name: "a retired table through a descriptor", seen: seen(retired: ["T0"]), file: file(trusted, table: "T0"),
            place: descriptor, finding: .retiredSlotTable, read: .warn(.nothing), write: .refuse),
        Row(name: "the trusted key with an acceptance: nothing to accept", seen: seen(), file: file(trusted),
            accepted: KeyAcceptance(epoch: 2, key: "aaaaaaaa"),
            finding: .same, read: .proceed(.seen), write: .proceed(.seen)),
        // Other keys
        Row(name: "a copy from before a rekey", seen: seen(), file: file(key(1, 0xbb)),
            finding: .olderKeys, read: .warn(.nothing), write: .refuse),
        Row(name: "older keys, accepted exactly", seen: seen(), file: file(key(1, 0xbb)), accepted: exact,
            finding: .olderKeys, read: .warn(.nothing), write: .accepted),
        Row(name: "older keys, another key accepted", seen: seen(), file: file(key(1, 0xbb)),
            accepted: KeyAcceptance(epoch: 1, key: "bbbbbbbc"),
            finding: .olderKeys, read: .warn(.nothing), write: .refuse),
        Row(name: "older keys, the right key at another epoch accepted", seen: seen(), file: file(key(1, 0xbb)),
            accepted: KeyAcceptance(epoch: 3, key: "bbbbbbbb"),
            finding: .olderKeys, read: .warn(.nothing), write: .refuse),
        Row(name: "older keys, checks off", seen: seen(), file: file(key(1, 0xbb)), checksOff: true,
            finding: .olderKeys, read: .warn(.nothing), write: .checksOff),
        Row(name: "older keys at another path", seen: seen(), file: file(key(1, 0xbb)), place: stick,
            finding: .olderKeys, read: .warn(.nothing), write: .refuse),
        Row(name: "older keys holding a seen slot: still older keys", seen: seen(slots: ["s-old"]),
            file: file(key(1, 0xbb), slots: ["s-old"]), finding: .olderKeys, read: .warn(.nothing), write: .refuse),
        Row(name: "other keys at the same epoch", seen: seen(), file: file(key(2, 0xcc)),
            finding: .otherKeys, read: .warn(.nothing), write: .refuse),
        Row(name: "other keys at a higher epoch (a rekey elsewhere?)", seen: seen(), file: file(key(7, 0xcc)),
            finding: .otherKeys, read: .warn(.nothing), write: .refuse),
        Row(name: "other keys at a higher epoch, accepted exactly", seen: seen(), file: file(key(7, 0xcc)),
            accepted: KeyAcceptance(epoch: 7, key: "CCCCCCCC"), finding: .otherKeys, read: .warn(.nothing), write: .accepted),
        Row(name: "other keys reusing a seen slot: no rekey made it", seen: seen(slots: ["s-old"]),
            file: file(key(7, 0xcc), slots: ["s-old", "s-x"]), finding: .reusedSlot, read: .warn(.nothing), write: .refuse),
        Row(name: "other keys reusing a seen slot at the same epoch", seen: seen(slots: ["s-old"]),
            file: file(key(2, 0xcc), slots: ["s-old"]), finding: .reusedSlot, read: .warn(.nothing), write: .refuse),
        Row(name: "format 2: a slot binds its epoch, so a seen one says nothing (other keys)", seen: seen(slots: ["s-old"]),
            file: file(key(7, 0xcc), slots: ["s-old"], format: 2), finding: .otherKeys, read: .warn(.nothing), write: .refuse),
        Row(name: "other keys, the path meanwhile rekeyed by another command: a race", seen: seen(), file: file(key(1, 0xbb)),
            now: file(nil, epoch: 3, generation: 11, payload: 2), finding: .olderKeys, read: .proceed(.nothing), write: .refuse),
        Row(name: "other keys, the path now the same save: no race", seen: seen(), file: file(key(1, 0xbb)),
            now: file(nil, epoch: 1, generation: 10), finding: .olderKeys, read: .warn(.nothing), write: .refuse),
        Row(name: "Hearth's own rekey, not yet seen in place", seen: seen(pending: [key(3, 0xdd)]), file: file(key(3, 0xdd)),
            finding: .ownRekey, read: .proceed(.seen), write: .proceed(.seen)),
        Row(name: "a rekey pending, another key at its epoch", seen: seen(pending: [key(3, 0xdd)]), file: file(key(3, 0xde)),
            finding: .otherKeys, read: .warn(.nothing), write: .refuse),
        // Read without a key: only claims
        Row(name: "claims a lower key epoch", seen: seen(), file: file(nil, epoch: 1),
            finding: .claimsOlderKeys, read: .warn(.nothing), write: .proceed(.seen)),
        Row(name: "claims an older save", seen: seen(), file: file(nil, generation: 4),
            finding: .claimsOlderSave, read: .warn(.nothing), write: .proceed(.seen)),
        Row(name: "claims a higher epoch: nothing decided", seen: seen(), file: file(nil, epoch: 9, generation: 90),
            finding: .same, read: .proceed(.nothing), write: .proceed(.seen)),
        Row(name: "a claim about an unknown vault", seen: TrustRecord(), file: file(nil),
            finding: .firstSeen, read: .proceed(.nothing), write: .proceed(.seen)),
        // Version 1 ledgers: an epoch seen at a path, no key
        Row(name: "v1: a lower epoch than seen here", seen: seen(nil, legacy: [(here, 10, 2)]), file: file(key(1, 0xbb)),
            finding: .olderKeys, read: .warn(.nothing), write: .refuse),
        Row(name: "v1: a higher epoch than seen here", seen: seen(nil, legacy: [(here, 10, 2)]), file: file(key(3, 0xbb)),
            finding: .otherKeys, read: .warn(.nothing), write: .refuse),
        Row(name: "v1: the epoch seen here, trusted on first read", seen: seen(nil, legacy: [(here, 10, 2)]), file: file(key(2, 0xbb)),
            finding: .firstSeen, read: .proceed(.firstTrust), write: .proceed(.seen)),
        Row(name: "v1: the epoch seen here, an older save", seen: seen(nil, legacy: [(here, 10, 2)]),
            file: file(key(2, 0xbb), generation: 8), finding: .olderSave, read: .warn(.seen), write: .proceed(.seen)),
        Row(name: "v1: a claim of a lower epoch", seen: seen(nil, legacy: [(here, 10, 2)]), file: file(nil, epoch: 1),
            finding: .claimsOlderKeys, read: .warn(.nothing), write: .proceed(.seen)),
    ]

    @Test(arguments: rows) func findingAndDecisions(_ row: Row) {
        let report = TrustPolicy.assess(row.file, at: row.place, seen: row.seen)
        #expect(report.finding == row.finding)
        #expect(Kind(TrustPolicy.decideRead(report, now: row.now, mayTrustFirst: row.mayTrustFirst)) == row.read, "read")
        #expect(Kind(TrustPolicy.decideWrite(report, accepted: row.accepted, checksOff: row.checksOff)) == row.write, "write")
        // What a refusal names is exactly the file's key; a claim names none.
        #expect(report.acceptance == row.file.key.map { KeyAcceptance(epoch: $0.keyEpoch, key: $0.short) })
    }

    @Test func theNumbersAMessageNeeds() {
        let older = TrustPolicy.assess(Self.file(Self.key(1, 0xbb), generation: 50), at: Self.here, seen: Self.seen())
        #expect(older.seenKeyEpoch == 2 && older.seenFingerprint == "aaaaaaaa" && older.fingerprint == "bbbbbbbb")
        #expect(older.seenOn == "2026-11-20" && older.path == Self.here.path)
        let save = TrustPolicy.assess(Self.file(Self.trusted, generation: 9), at: Self.here, seen: Self.seen())
        #expect(save.seenGeneration == 10 && save.seenOn == "2026-11-21")
    }

    @Test func acceptanceIsExactlyEpochAndEightHexDigits() {
        #expect(KeyAcceptance(parsing: "4:3F9A0C12") == KeyAcceptance(epoch: 4, key: "3f9a0c12"))
        for bad in ["", "4", "4:", ":3f9a0c12", "4:3f9a0c1", "4:3f9a0c123", "4:3f9a0c1g", "x:3f9a0c12", "4:3f9a:0c12", "-1:3f9a0c12"] {
            #expect(KeyAcceptance(parsing: bad) == nil, "\(bad)")
        }
    }

    // MARK: Remembering

    @Test func aSaveMakesItsKeyTrustedAndRetiresTheTableItReplaced() {
        var record = Self.seen()
        TrustPolicy.trust(Self.file(Self.trusted, generation: 11, table: "T2"), at: Self.here, in: &record, day: "2026-12-01", written: true)
        let entry = record.vaults[TrustRecord.vaultKey(Self.vault)]
        #expect(entry?.retiredSlotTables == ["T1"])
        #expect(TrustPolicy.assess(Self.file(Self.trusted, generation: 10, table: "T1"), at: Self.stick, seen: record).finding == .retiredSlotTable)
        // Another key written (a rekey): trusted from now on, pending emptied, highest epoch kept.
        var rekeyed = Self.seen(Self.key(5, 0xee), pending: [Self.key(6, 0x01)])
        TrustPolicy.trust(Self.file(Self.key(3, 0xdd)), at: Self.here, in: &rekeyed, day: "2026-12-01", written: true)
        let after = rekeyed.vaults[TrustRecord.vaultKey(Self.vault)]
        #expect(after?.line == Self.key(3, 0xdd) && after?.pending == [] && after?.highestKeyEpoch == 5)
        #expect(TrustPolicy.highestKeyEpoch(of: Self.vault, at: Self.here, in: rekeyed) == 5)
        // A read (not written) of an older save does not lower what was seen at the path.
        var read = Self.seen()
        TrustPolicy.trust(Self.file(Self.trusted, generation: 4), at: Self.here, in: &read, day: "2026-12-01", written: false)
        #expect(TrustPolicy.assess(Self.file(Self.trusted, generation: 9), at: Self.here, seen: read).finding == .olderSave)
        // A claim (no key) changes nothing.
        var claimed = Self.seen()
        TrustPolicy.trust(Self.file(nil, epoch: 1), at: Self.here, in: &claimed, day: "2026-12-01", written: true)
        #expect(claimed == Self.seen())
    }

    @Test func pendingKeyChangesAreNotedAndGivenBack() {
        // A rekey: pending until seen, dropped when abandoned.
        var record = Self.seen()
        let next = Self.file(Self.key(3, 0xdd), table: "T9")
        #expect(!TrustPolicy.notePending(next, in: &record))
        #expect(TrustPolicy.trusts(Self.key(3, 0xdd), of: Self.vault, in: record) == true)
        TrustPolicy.dropPending(next, at: Self.here, wasRetired: false, in: &record)
        #expect(TrustPolicy.trusts(Self.key(3, 0xdd), of: Self.vault, in: record) == false)
        #expect(TrustPolicy.trusts(Self.key(3, 0xdd), of: Self.otherVault, in: record) == nil)
        // A key change under the trusted key back to a table replaced before: current again, and
        // retired again when the change is abandoned.
        var change = Self.seen(retired: ["T0"])
        let back = Self.file(Self.trusted, generation: 11, table: "T0")
        #expect(TrustPolicy.notePending(back, in: &change))
        #expect(TrustPolicy.assess(back, at: Self.stick, seen: change).finding == .same)
        TrustPolicy.dropPending(back, at: Self.here, wasRetired: true, in: &change)
        #expect(TrustPolicy.assess(back, at: Self.stick, seen: change).finding == .retiredSlotTable)
        // At most four rekeys are pending.
        var many = Self.seen()
        for epoch in 3...8 { TrustPolicy.notePending(Self.file(Self.key(UInt64(epoch), 0x10)), in: &many) }
        #expect(many.vaults[TrustRecord.vaultKey(Self.vault)]?.pending.map(\.keyEpoch) == [5, 6, 7, 8])
    }

    @Test func theMemoryStoreKeepsWhatContextsRecord() {
        let store = MemoryTrustStore()
        store.update { TrustPolicy.trust(Self.file(Self.trusted), at: Self.here, in: &$0, day: "2026-12-01", written: true) }
        #expect(TrustPolicy.assess(Self.file(Self.key(1, 0xbb)), at: Self.here, seen: store.load()).finding == .olderKeys)
    }
}
