import Foundation
import HearthBackup
import HearthRecords
import Testing

/// `hearth conflicts resolve` decided in process: a row per choice, over a record kept twice.
struct ConflictResolutionTests {
    static let at = RecordTime(iso8601: "2026-03-01T09:30:00+01:00")!
    static let later = RecordTime(iso8601: "2026-03-02T10:00:00+01:00")!

    /// A store with an original journal entry, its conflict copy (tagged) and the link between
    /// them; `withOriginal: false` deletes the original afterwards; `withCopy: false` links a copy
    /// that is not there.
    static func conflict(withOriginal: Bool = true, withCopy: Bool = true) throws -> (store: RecordStore, original: String, copy: String) {
        let store = RecordStore(database: try PlaintextDatabase.empty())
        let original = try RecordJSON.record(from: JSONObject(["text": .string("Mine"), "tags": .strings(["walk"])]), kind: .journal, now: at)
        let copy = try RecordJSON.record(
            from: JSONObject(["text": .string("Theirs"), "tags": .strings(["walk", "edit-conflict", RecordMerge.conflictTag])]),
            kind: .journal, now: at)
        try store.write { r in
            try r.insert(original)
            // A copy gone while its link stays (deleting it here would take the link too).
            if withCopy { try r.insert(copy) }
            try r.linkConflict(ConflictLink(copyID: copy.id, originalID: original.id, origin: .edit, notedAt: at))
            if !withOriginal { try r.delete(id: original.id) }
        }
        return (store, original.id, copy.id)
    }

    static func text(_ id: String, in store: RecordStore) throws -> String? {
        guard case .journal(let entry)? = try store.read({ try $0.record(id: id) }) else { return nil }
        return entry.text
    }

    static func tags(_ id: String, in store: RecordStore) throws -> [String]? {
        try store.read { try $0.record(id: id) }?.common.tags
    }

    @Test func keepingTheOriginalDeletesTheCopy() throws {
        let (store, original, copy) = try Self.conflict()
        let outcome = try store.write { try ConflictResolution.resolve(copy: copy, keeping: .original, in: $0, now: Self.later) }
        #expect(outcome == .keptOriginal(original: original, copy: copy))
        #expect(try Self.text(original, in: store) == "Mine" && Self.text(copy, in: store) == nil)
        #expect(try store.read { try $0.conflictLinks() }.isEmpty)
    }

    @Test func keepingTheCopyPutsItsContentUnderTheOriginalsId() throws {
        let (store, original, copy) = try Self.conflict()
        let created = try store.read { try $0.record(id: original) }?.common.createdAt
        let outcome = try store.write { try ConflictResolution.resolve(copy: copy, keeping: .copy, in: $0, now: Self.later) }
        #expect(outcome == .copyReplacedOriginal(original: original, copy: copy))
        #expect(try Self.text(original, in: store) == "Theirs" && Self.text(copy, in: store) == nil)
        #expect(try Self.tags(original, in: store) == ["walk"], "the conflict tags go")
        let kept = try #require(try store.read { try $0.record(id: original) })
        #expect(kept.common.createdAt == created && kept.common.updatedAt == Self.later)
        #expect(try store.read { try $0.conflictLinks() }.isEmpty)
    }

    @Test func keepingTheCopyWhenTheOriginalIsGoneKeepsItUnderItsOwnId() throws {
        let (store, original, copy) = try Self.conflict(withOriginal: false)
        let outcome = try store.write { try ConflictResolution.resolve(copy: copy, keeping: .copy, in: $0, now: Self.later) }
        #expect(outcome == .copyStandsAlone(copy: copy))
        #expect(try Self.text(copy, in: store) == "Theirs" && Self.text(original, in: store) == nil)
        #expect(try Self.tags(copy, in: store) == ["walk"])
    }

    @Test func keepingBothLeavesTwoRecordsWithoutTheTags() throws {
        let (store, original, copy) = try Self.conflict()
        let outcome = try store.write { try ConflictResolution.resolve(copy: copy, keeping: .both, in: $0, now: Self.later) }
        #expect(outcome == .keptBoth(original: original, copy: copy))
        #expect(try Self.text(original, in: store) == "Mine" && Self.text(copy, in: store) == "Theirs")
        #expect(try Self.tags(copy, in: store) == ["walk"])
        #expect(try store.read { try $0.conflictLinks() }.isEmpty)
    }

    @Test func aCopyAlreadyGoneOnlyLosesItsLink() throws {
        for keep in ConflictResolution.Keep.allCases {
            let (store, original, copy) = try Self.conflict(withCopy: false)
            let outcome = try store.write { try ConflictResolution.resolve(copy: copy, keeping: keep, in: $0, now: Self.later) }
            #expect(outcome == .copyGone(copy: copy))
            #expect(try Self.text(original, in: store) == "Mine")
            #expect(try store.read { try $0.conflictLinks() }.isEmpty)
        }
    }

    @Test func anIdThatIsNoConflictIsRefusedAndChangesNothing() throws {
        let (store, original, copy) = try Self.conflict()
        #expect(throws: ConflictResolution.NoSuchConflict(copy: original)) {
            try store.write { try ConflictResolution.resolve(copy: original, keeping: .copy, in: $0, now: Self.later) }
        }
        #expect(try Self.text(original, in: store) == "Mine" && Self.text(copy, in: store) == "Theirs")
        #expect(try store.read { try $0.conflictLinks() }.count == 1)
    }
}
