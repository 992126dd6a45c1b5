import Foundation
@testable import HearthBackup
import HearthRecords
import Testing

/// RecordMerge in process: a copy with older keys only adds; a time more than a day in the
/// future decides nothing (both versions kept), in merges and imports.
@Suite struct MergeTrustTests {
    static let now = RecordTime.now()
    static let farFuture = RecordTime(date: Date().addingTimeInterval(400 * 86_400), offsetSeconds: 0)
    static func later(_ seconds: Double) -> RecordTime {
        RecordTime(date: now.date.addingTimeInterval(seconds), offsetSeconds: 0)
    }

    /// A database with `texts` as journal entries; returns it and the ids.
    static func database(_ texts: [String]) throws -> (PlaintextDatabase, [String]) {
        let database = try PlaintextDatabase.empty()
        var ids: [String] = []
        try RecordStore(database: database).write { r in
            for text in texts {
                let entry = JournalEntry(at: now, createdAt: now, updatedAt: now, text: text, tags: [])
                try r.insert(.journal(entry))
                ids.append(entry.common.id)
            }
        }
        return (database, ids)
    }

    /// Another copy of the same records and histories (what a copied vault file holds).
    static func copy(of database: PlaintextDatabase) throws -> PlaintextDatabase {
        try database.withSerializedImage { image in
            let buffer = try #require(PlaintextDatabase.allocator.allocate(image.count))
            buffer.copyMemory(from: image)
            return try PlaintextDatabase.load(image: buffer, length: image.count)
        }
    }

    static func edit(_ store: RecordStore, _ id: String, _ text: String, at time: RecordTime) throws {
        try store.write { r in
            guard case .journal(var entry)? = try r.record(id: id) else { throw RecordsError.recordNotFound(id: id) }
            entry.text = text
            entry.common.updatedAt = time
            try r.update(.journal(entry))
        }
    }

    static func text(_ store: RecordStore, _ id: String) throws -> String? {
        try store.read { r in
            guard case .journal(let entry)? = try r.record(id: id) else { return nil }
            return entry.text
        }
    }

    /// The merge's progress hears each of the other copy's records; what it throws (Ctrl-C)
    /// stops the merge with nothing changed here.
    @Test func aThrowFromProgressStopsTheMergeWithNothingChanged() throws {
        struct Stop: Error {}
        let (hereDB, _) = try Self.database(["One."])
        let (theirDB, _) = try Self.database(["Two.", "Three.", "Four."])
        let here = RecordStore(database: hereDB), theirs = RecordStore(database: theirDB)
        var heard: [Int] = []
        #expect(throws: Stop.self) {
            try RecordMerge.merge(from: theirs, into: here, now: Self.later(1)) { done, total in
                #expect(total == 3)
                heard.append(done)
                if done == 2 { throw Stop() }
            }
        }
        #expect(heard == [0, 1, 2])
        #expect(try here.read { try $0.all() }.count == 1)
        let report = try RecordMerge.merge(from: theirs, into: here, now: Self.later(1)) { _, _ in }
        #expect(report.changedSomething)
        #expect(try here.read { try $0.all() }.count == 4)
    }

    @Test func onlyAddKeepsTheirChangesAsCopiesAndAppliesNoDeletion() throws {
        let (hereDB, ids) = try Self.database(["One.", "Two.", "Three."])
        let theirDB = try Self.copy(of: hereDB)
        let here = RecordStore(database: hereDB), theirs = RecordStore(database: theirDB)
        try Self.edit(theirs, ids[0], "One, rewritten on the older copy.", at: Self.later(5))
        try theirs.write { r in _ = try r.delete(id: ids[1], at: Self.later(5)) }
        let planted = JournalEntry(at: Self.now, createdAt: Self.now, updatedAt: Self.now, text: "Planted.", tags: [])
        try theirs.write { r in try r.insert(.journal(planted)) }
        let gone = JournalEntry(at: Self.now, createdAt: Self.now, updatedAt: Self.now, text: "Never here.", tags: [])
        try theirs.write { r in
            try r.insert(.journal(gone))
            _ = try r.delete(id: gone.common.id, at: Self.later(5))
        }

        // Control: trusted fully, the same copy replaces and deletes.
        let control = RecordStore(database: try Self.copy(of: hereDB))
        let full = try RecordMerge.merge(from: theirs, into: control, now: Self.later(10))
        #expect(full.updated.map(\.id) == [ids[0]] && full.deleted.map(\.id) == [ids[1]])

        let report = try RecordMerge.merge(from: theirs, into: here, trust: .onlyAdd, now: Self.later(10))
        #expect(report.onlyAdded)
        #expect(report.added.map(\.id) == [planted.common.id])
        #expect(report.updated.isEmpty && report.deleted.isEmpty && report.tombstonesNoted == 0)
        #expect(report.notReplaced.map(\.id) == [ids[0]])
        #expect(report.notDeleted.map(\.id) == [ids[1]])
        #expect(try Self.text(here, ids[0]) == "One.")
        #expect(try Self.text(here, ids[1]) == "Two.")
        let copy = try #require(report.conflicts.first { $0.original == ids[0] })
        #expect(try Self.text(here, copy.copy) == "One, rewritten on the older copy.")
        #expect(try here.read { try $0.tombstone(id: gone.common.id) } == nil, "its deletions are not noted either")
        // Its histories were not learned: a later genuine merge is not misled by them.
        #expect(try here.read { try $0.versionHistory()[ids[0]]?.count } == 1)

        // Merging it again changes nothing.
        let again = try RecordMerge.merge(from: theirs, into: here, trust: .onlyAdd, now: Self.later(20))
        #expect(again.added.isEmpty && again.conflicts.isEmpty && !again.changedSomething)
    }

    @Test func aDeletionDatedFarAheadDeletesNothing() throws {
        let (hereDB, ids) = try Self.database(["One.", "Two."])
        let theirDB = try Self.copy(of: hereDB)
        let here = RecordStore(database: hereDB), theirs = RecordStore(database: theirDB)
        // Changed here after the copy; the copy "deletes" it with a time a year ahead.
        try Self.edit(here, ids[0], "One, changed here.", at: Self.later(5))
        try theirs.write { r in _ = try r.delete(id: ids[0], at: Self.farFuture) }
        // A deletion a few hours ahead (a clock somewhat off) still counts as a time.
        try Self.edit(here, ids[1], "Two, changed here.", at: Self.later(5))
        try theirs.write { r in _ = try r.delete(id: ids[1], at: Self.later(6 * 3600)) }

        let report = try RecordMerge.merge(from: theirs, into: here, now: Self.later(10))
        #expect(report.unknownTime.map(\.id) == [ids[0]])
        #expect(try Self.text(here, ids[0]) == "One, changed here.")
        #expect(report.deleted.map(\.id) == [ids[1]])
    }

    @Test func aDeletionHereDatedFarAheadDoesNotSwallowTheirChange() throws {
        let (hereDB, ids) = try Self.database(["One."])
        let theirDB = try Self.copy(of: hereDB)
        let here = RecordStore(database: hereDB), theirs = RecordStore(database: theirDB)
        try here.write { r in _ = try r.delete(id: ids[0], at: Self.farFuture) }
        try Self.edit(theirs, ids[0], "One, changed there.", at: Self.later(5))

        let report = try RecordMerge.merge(from: theirs, into: here, now: Self.later(10))
        #expect(report.stayedDeleted.isEmpty)
        #expect(report.unknownTime.map(\.id) == [ids[0]])
        let copy = try #require(report.conflicts.first)
        #expect(copy.originalDeleted)
        #expect(try Self.text(here, copy.copy) == "One, changed there.")
    }

    @Test func aChangeDatedFarAheadDoesNotReplaceOnImport() throws {
        let (database, ids) = try Self.database(["One.", "Two."])
        let store = RecordStore(database: database)
        func incoming(_ id: String, _ text: String, _ time: RecordTime) -> RecordArchive.Item {
            .init(record: .journal(JournalEntry(id: id, at: Self.now, createdAt: Self.now, updatedAt: time, text: text, tags: [])), line: 1)
        }
        let report = try store.write { r in
            try r.importRecords(
                [incoming(ids[0], "One, from the future.", Self.farFuture), incoming(ids[1], "Two, newer.", Self.later(60))],
                tombstones: [Tombstone(id: RecordID.make(), kind: .journal, deletedAt: Self.farFuture)],
                now: Self.now.date)
        }
        #expect(report.unknownTime == 1 && report.updated == 1 && report.tombstones == 1)
        #expect(try Self.text(store, ids[0]) == "One.")
        #expect(try Self.text(store, ids[1]) == "Two, newer.")
        let noted = try store.read { try $0.tombstones() }
        #expect(noted.allSatisfy { (RecordTime(iso8601: $0.deletedAt)?.date ?? .distantFuture) <= Date().addingTimeInterval(60) },
                "a deletion dated far ahead is noted as of now")
    }

    static func tags(_ store: RecordStore, _ id: String) throws -> [String] {
        try store.read { r in try r.record(id: id)?.common.tags ?? [] }
    }

    /// Review 2, finding 10: from a copy only added from, everything that comes in is tagged and
    /// listed; a record deleted here stays deleted, whatever time their change claims; times more
    /// than a day ahead are stored as now.
    @Test func onlyAddTagsWhatComesInAndBringsNothingDeletedBack() throws {
        let (hereDB, ids) = try Self.database(["One.", "Two."])
        let theirDB = try Self.copy(of: hereDB)
        let here = RecordStore(database: hereDB), theirs = RecordStore(database: theirDB)
        try here.write { r in _ = try r.delete(id: ids[0], at: Self.now) }
        // Their change to the deleted record claims 23 hours ahead: "written after the deletion".
        try Self.edit(theirs, ids[0], "One, planted back.", at: Self.later(23 * 3600))
        try Self.edit(theirs, ids[1], "Two, rewritten.", at: Self.later(5))
        let planted = JournalEntry(at: Self.now, createdAt: Self.farFuture, updatedAt: Self.farFuture, text: "Planted.", tags: [])
        try theirs.write { r in try r.insert(.journal(planted)) }

        // Control: trusted fully, the change "after" the deletion comes back as a conflict copy.
        let control = RecordStore(database: try Self.copy(of: hereDB))
        let full = try RecordMerge.merge(from: theirs, into: control, now: Self.later(10))
        #expect(full.conflicts.contains { $0.original == ids[0] && $0.originalDeleted })
        #expect(full.fromUntrustedCopy.isEmpty)
        #expect(try Self.tags(control, planted.common.id) == [])

        let report = try RecordMerge.merge(from: theirs, into: here, trust: .onlyAdd, now: Self.later(10))
        #expect(report.notBroughtBack.map(\.id) == [ids[0]])
        #expect(!report.conflicts.contains { $0.original == ids[0] })
        #expect(try here.read { try $0.record(id: ids[0]) } == nil, "it stays deleted")
        let copy = try #require(report.conflicts.first { $0.original == ids[1] })
        #expect(Set(report.fromUntrustedCopy.map(\.id)) == [planted.common.id, copy.copy])
        #expect(try Self.tags(here, planted.common.id) == [RecordMerge.untrustedTag])
        #expect(try Self.tags(here, copy.copy).contains(RecordMerge.untrustedTag))
        #expect(try Self.tags(here, copy.copy).contains(RecordMerge.conflictTag))
        // The planted record's times, a year ahead, are stored as now (the merge's now).
        #expect(report.datedNow.map(\.id) == [planted.common.id])
        let stored = try #require(try here.read { try $0.record(id: planted.common.id) })
        #expect(stored.common.updatedAt.date <= Self.later(11).date && stored.common.createdAt.date <= Self.later(11).date)

        // Merging it again brings nothing new.
        let again = try RecordMerge.merge(from: theirs, into: here, trust: .onlyAdd, now: Self.later(20))
        #expect(again.added.isEmpty && again.conflicts.isEmpty && again.fromUntrustedCopy.isEmpty)
    }

    @Test func aNewRecordDatedFarAheadIsImportedDatedNow() throws {
        let (database, _) = try Self.database([])
        let store = RecordStore(database: database)
        let entry = JournalEntry(at: Self.now, createdAt: Self.farFuture, updatedAt: Self.farFuture, text: "Ahead.", tags: [])
        let report = try store.write { r in
            try r.importRecords([.init(record: .journal(entry), line: 1)], tombstones: [], now: Self.now.date)
        }
        #expect(report.added == 1 && report.datedNow == 1)
        let stored = try #require(try store.read { try $0.record(id: entry.common.id) })
        #expect(stored.common.updatedAt.date == Self.now.date && stored.common.createdAt.date == Self.now.date)
    }
}
