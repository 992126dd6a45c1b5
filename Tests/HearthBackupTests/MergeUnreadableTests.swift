import Foundation
import GRDB
@testable import HearthBackup
import HearthRecords
import Testing

/// A record of the other copy whose stored values do not decode (a removed key holder could
/// plant one through an only-add merge before values were checked) is named, not brought over,
/// and never stops the merge of the rest.
@Suite struct MergeUnreadableTests {
    @Test func anUnreadableRecordOfTheOtherCopyIsNamedAndTheRestMerges() throws {
        let now = RecordTime.now()
        let theirs = try PlaintextDatabase.empty()
        let good = JournalEntry(at: now, createdAt: now, updatedAt: now, text: "kept", tags: [])
        let bad = JournalEntry(at: now, createdAt: now, updatedAt: now, text: "planted", tags: [])
        try RecordStore(database: theirs).write { r in
            try r.insert(.journal(good))
            try r.insert(.journal(bad))
        }
        try theirs.queue.write { db in
            try db.execute(sql: "UPDATE record SET at = '-0001-01-01T00:00:00Z' WHERE id = ?", arguments: [bad.common.id])
        }
        let mine = RecordStore(database: try PlaintextDatabase.empty())
        // Before: the whole merge failed, "the records inside the vault could not be read".
        let report = try RecordMerge.merge(from: RecordStore(database: theirs), into: mine, trust: .onlyAdd, now: now)
        #expect(report.unreadableInOther == [bad.common.id])
        #expect(try mine.read { try $0.all() }.map(\.id) == [good.common.id])
    }

    @Test func anUnreadableRecordHereIsLeftAsItIsAndTheRestMerges() throws {
        let now = RecordTime.now()
        let mineDatabase = try PlaintextDatabase.empty()
        let entry = JournalEntry(at: now, createdAt: now, updatedAt: now, text: "both", tags: [])
        try RecordStore(database: mineDatabase).write { try $0.insert(.journal(entry)) }
        let theirs = try PlaintextDatabase.empty()
        let other = JournalEntry(at: now, createdAt: now, updatedAt: now, text: "new there", tags: [])
        try RecordStore(database: theirs).write { r in
            try r.insert(.journal(entry))
            try r.insert(.journal(other))
        }
        try mineDatabase.queue.write { db in
            try db.execute(sql: "UPDATE record SET created_at = 'not a time' WHERE id = ?", arguments: [entry.common.id])
        }
        let mine = RecordStore(database: mineDatabase)
        let report = try RecordMerge.merge(from: RecordStore(database: theirs), into: mine, now: now)
        #expect(report.unreadableHere == [entry.common.id])
        #expect(try mine.read { try $0.record(id: other.common.id) } != nil)
        let kept = try mineDatabase.queue.read { db in
            try String.fetchOne(db, sql: "SELECT created_at FROM record WHERE id = ?", arguments: [entry.common.id])
        }
        #expect(kept == "not a time")
    }

    @Test func aRecordOfTheOtherCopyThatBreaksTheRulesIsNamedAndTheRestMerges() throws {
        let now = RecordTime.now()
        let theirs = try PlaintextDatabase.empty()
        let good = JournalEntry(at: now, createdAt: now, updatedAt: now, text: "kept", tags: [])
        let bad = JournalEntry(at: now, createdAt: now, updatedAt: now, text: "planted", tags: [])
        try RecordStore(database: theirs).write { r in
            try r.insert(.journal(good))
            try r.insert(.journal(bad))
        }
        // As an older Hearth let in: 2 MiB of text (it reads back; this vault refuses it).
        let long = String(repeating: "x", count: 2 << 20)
        try theirs.queue.write { db in
            try db.execute(sql: "UPDATE journal SET text = ? WHERE seq = (SELECT seq FROM record WHERE id = ?)", arguments: [long, bad.common.id])
        }
        let mine = RecordStore(database: try PlaintextDatabase.empty())
        // Before this check: the whole merge was refused as invalid input.
        let report = try RecordMerge.merge(from: RecordStore(database: theirs), into: mine, trust: .onlyAdd, now: now)
        #expect(report.unreadableInOther == [bad.common.id])
        #expect(try mine.read { try $0.all() }.map(\.id) == [good.common.id])
    }
}
