import Foundation
import GRDB
import Testing
@testable import HearthRecords

/// One bad value never poisons the vault: every value is range-checked where it enters, and a
/// stored value that does not decode is reported by record, never a trap or a refusal of all.
@Suite struct ValueValidationTests {
    static let now = Date(timeIntervalSince1970: 1_790_000_000)

    // MARK: Times are range-checked where they are parsed

    @Test func outOfRangeTimesAndOffsetsAreRefusedByEveryParser() {
        let refused = [
            "-0001-01-01T00:00:00Z", "0000-12-31T23:00:00Z", "0001-01-01T00:30:00+01:00", "9999-12-31T23:30:00-01:00",
            "2026-01-01T00:00:00+99:99", "2026-01-01T00:00:00+19:00", "2026-01-01T00:00:00+01:60", "1200000d",
            "9999999999999999w", "999999999999999d", "-1-2-6T9:5:4Z", "12345-01-01", "10000-01-01T00:00:00Z",
        ]
        for text in refused {
            #expect(RecordTime.parse(text, now: Self.now, timeZone: TimeZone(identifier: "UTC")!) == nil, "\(text)")
            #expect(RecordTime(iso8601: text) == nil, "\(text)")
        }
        let accepted = [
            "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "2026-01-01T10:00:00+18:00", "2026-01-01T10:00:00-18:00",
            "2026-11-24", "3d", "99999d", "2026-11-24T21:30",
        ]
        for text in accepted {
            let time = RecordTime.parse(text, now: Self.now, timeZone: TimeZone(identifier: "Europe/Paris")!)
            #expect(time?.isValid == true, "\(text)")
        }
    }

    @Test func formattingNeverTrapsWhateverTheValue() {
        // Before: "Negative count not allowed" (a year below -999), or a trap converting to time_t.
        let odd: [(Double, Int)] = [
            (-1e14, 0), (1e14, 0), (-62_135_596_801, 0), (.nan, 0), (.infinity, 0), (0, 99 * 3600 + 99 * 60),
            (0, Int.max), (-9e18, Int.min),
        ]
        for (seconds, offset) in odd {
            let time = RecordTime(date: Date(timeIntervalSince1970: seconds), offsetSeconds: offset)
            #expect(!time.isValid)
            let text = time.iso8601
            #expect(RecordTime(iso8601: text) == nil, "\(text) must not read back as a valid time")
        }
        #expect(RecordTime(date: Date(timeIntervalSince1970: -62_135_596_800), offsetSeconds: 0).iso8601 == "0001-01-01T00:00:00Z")
    }

    // MARK: Every way in refuses an invalid value

    static func journalJSON(_ fields: String) throws -> JSONObject {
        try #require(try JSONReader.parse(Array("{\"kind\":\"journal\",\"text\":\"hello\"\(fields)}".utf8)).objectValue)
    }

    @Test func addJSONImportAndInsertRefuseOutOfRangeTimes() throws {
        let now = RecordTime(date: Self.now, offsetSeconds: 0)
        for at in ["-0001-01-01T00:00:00Z", "2026-01-01T00:00:00+99:99", "1200000d", "-1-2-6T9:5:4Z"] {
            #expect(throws: RecordsError.self) { try RecordJSON.record(from: try Self.journalJSON(",\"at\":\"\(at)\""), kind: nil, now: now) }
            let archive = "[{\"kind\":\"journal\",\"text\":\"hello\",\"at\":\"\(at)\"}]"
            #expect(throws: RecordsError.self) { try RecordArchive.read(Array(archive.utf8), now: now) }
        }
        // A time made in code (merge, a bug) is refused by the one rule every write passes.
        let store = try RecordFixtures.store()
        let bad = RecordTime(date: Date(timeIntervalSince1970: -62_135_596_800 - 86_400), offsetSeconds: 0)
        for record: AnyRecord in [
            .journal(JournalEntry(at: bad, createdAt: now, updatedAt: now, text: "x", tags: [])),
            .journal(JournalEntry(at: now, createdAt: now, updatedAt: bad, text: "x", tags: [])),
            .journal(JournalEntry(common: RecordCommon(at: RecordTime(date: Self.now, offsetSeconds: 20 * 3600)), text: "x")),
        ] {
            #expect(throws: RecordsError.self) { try store.write { try $0.insert(record) } }
            #expect(throws: RecordsError.self) {
                try store.write { try $0.importRecords([.init(record: record, line: 1)], tombstones: []) }
            }
        }
        #expect(try store.read { try $0.all() }.isEmpty)
    }

    @Test func nulAndOversizedTextAreRefused() throws {
        let now = RecordTime(date: Self.now, offsetSeconds: 0)
        let store = try RecordFixtures.store()
        #expect(throws: RecordsError.self) { try store.write { try $0.insert(.journal(JournalEntry(common: RecordCommon(at: RecordFixtures.time(0)), text: "a\u{0}b"))) } }
        let big = String(repeating: "a", count: RecordRules.maximumRecordTextBytes + 1)
        #expect(throws: RecordsError.self) { try store.write { try $0.insert(.journal(JournalEntry(common: RecordCommon(at: RecordFixtures.time(0)), text: big))) } }
        // Several fields together count too.
        let half = String(repeating: "b", count: RecordRules.maximumRecordTextBytes / 2 + 1)
        let script = Script(common: RecordCommon(at: RecordFixtures.time(0)), script: half, trigger: half)
        #expect(throws: RecordsError.self) { try store.write { try $0.insert(.script(script)) } }
        let fits = String(repeating: "c", count: RecordRules.maximumRecordTextBytes - 100)  // the id and tags count too
        try store.write { try $0.insert(.journal(JournalEntry(common: RecordCommon(at: RecordFixtures.time(0)), text: fits))) }
        #expect(throws: RecordsError.self) { try RecordJSON.record(from: try Self.journalJSON(",\"notes\":1"), kind: nil, now: now) }
    }

    @Test func theJSONReaderRefusesAHugeStringOrLineWhileReading() {
        let huge = "{\"text\":\"" + String(repeating: "x", count: JSONReader.maximumStringBytes + 1) + "\"}"
        #expect(throws: JSONReader.SyntaxError.self) { try JSONReader.parse(Array(huge.utf8)) }
        let longLine = "{\"text\":\"x\"}" + String(repeating: " ", count: JSONReader.maximumLineBytes) + "\n{\"text\":\"y\"}"
        #expect(throws: JSONReader.SyntaxError.self) { try JSONReader.parseLines(Array(longLine.utf8)) }
    }

    // MARK: A stored value that does not decode is reported by record

    @Test func aRecordWithAnUndecodableTimeIsReportedAndCanBeDeleted() throws {
        let store = try RecordFixtures.store()
        let good = JournalEntry(common: RecordCommon(at: RecordFixtures.time(0)), text: "kept")
        let bad = JournalEntry(common: RecordCommon(at: RecordFixtures.time(1)), text: "planted")
        try store.write { r in
            try r.insert(.journal(good))
            try r.insert(.journal(bad))
            // What an older Hearth stored for "-0001-01-01T00:00:00Z".
            try r.db.execute(sql: "UPDATE record SET at = '00-1-01-01T00:00:00Z' WHERE id = ?", arguments: [bad.common.id])
        }
        let (listed, unreadable) = try store.read { r in (try r.list(RecordFilter(kind: .journal)), r.unreadable) }
        #expect(listed.map(\.id) == [good.common.id])
        #expect(unreadable.map(\.id) == [bad.common.id])
        #expect(unreadable.first?.stored["at"] == .string("00-1-01-01T00:00:00Z"))
        #expect(unreadable.first?.stored["journal"]?.objectValue?["text"] == .string("planted"))
        let everything = try store.read { r in (try r.all(), r.unreadable) }
        #expect(everything.0.map(\.id) == [good.common.id] && everything.1.count == 1)
        #expect(throws: RecordsError.recordUnreadable(id: bad.common.id)) { try store.read { try $0.record(id: bad.common.id) } }
        #expect(try store.read { try $0.counts() }[.journal] == 2)
        // An import that holds the same id leaves the record here as it is, and says so.
        var replacement = bad
        replacement.text = "imported"
        let report = try store.write { try $0.importRecords([.init(record: .journal(replacement), line: 1)], tombstones: []) }
        #expect(report.unreadableHere == 1 && report.added == 0)
        // What verify finds, without building every record.
        #expect(try store.read { try $0.unreadableRecords() }.map(\.id) == [bad.common.id])
        try store.write { try $0.delete(id: bad.common.id, kind: .journal) }
        #expect(try store.read { try $0.unreadableRecords() }.isEmpty)
        #expect(try store.read { r in (try r.list(RecordFilter()).count, r.unreadable.count) } == (1, 0))
        try store.checkSearchIndex()
    }

    @Test func aStoredNumberOutOfRangeMakesThatRecordUnreadableOnly() throws {
        let store = try RecordFixtures.store()
        let sam = RecordFixtures.person("Sam"), kim = RecordFixtures.person("Kim")
        try store.write { r in
            try r.insert(.person(sam))
            try r.insert(.person(kim))
            // As a copy made by something else may hold (its schema without the CHECK).
            try r.db.execute(sql: "PRAGMA ignore_check_constraints = ON")
            try r.db.execute(
                sql: "UPDATE person SET check_in_days = 1000000000000000 WHERE seq = (SELECT seq FROM record WHERE id = ?)",
                arguments: [kim.common.id])
        }
        let (people, unreadable) = try store.read { r in (try r.list(RecordFilter(kind: .person)), r.unreadable) }
        #expect(people.map(\.id) == [sam.common.id])
        #expect(unreadable.map(\.id) == [kim.common.id])
    }

    /// Drops the NOT NULL constraints of `tables`, as a copy made by anything but Hearth may
    /// have: done on a plain copy (Hearth's own connections are in defensive mode), copied back.
    static func allowNulls(in tables: [String], _ database: PlaintextDatabase) throws {
        let plain = try DatabaseQueue()
        try database.queue.backup(to: plain)
        try plain.writeWithoutTransaction { db in
            // The version tables are WITHOUT ROWID (their keys are NOT NULL whatever the SQL
            // says): made again as plain tables, with their rows.
            try db.execute(sql: "PRAGMA legacy_alter_table = ON")  // the triggers name these tables
            for table in ["record_version", "record_head"] {
                try db.execute(sql: """
                    CREATE TABLE plain_\(table) (id TEXT, version TEXT); INSERT INTO plain_\(table) SELECT id, version FROM \(table);
                    DROP TABLE \(table); ALTER TABLE plain_\(table) RENAME TO \(table);
                    """)
            }
            let version = try Int.fetchOne(db, sql: "PRAGMA schema_version") ?? 0
            try db.execute(sql: "PRAGMA writable_schema = ON")
            for table in tables {
                try db.execute(sql: "UPDATE sqlite_master SET sql = replace(sql, 'NOT NULL', '') WHERE name = ?", arguments: [table])
            }
            try db.execute(sql: "PRAGMA schema_version = \(version + 1)")
            try db.execute(sql: "PRAGMA writable_schema = OFF")
        }
        try plain.backup(to: database.queue)
    }

    @Test func nullsInStoredColumnsNeverTrap() throws {
        let database = try PlaintextDatabase.empty()
        let store = RecordStore(database: database)
        let good = JournalEntry(common: RecordCommon(at: RecordFixtures.time(0)), text: "kept")
        let bad = JournalEntry(common: RecordCommon(at: RecordFixtures.time(1)), text: "planted")
        try store.write { r in
            try r.insert(.journal(good))
            try r.insert(.journal(bad))
        }
        try Self.allowNulls(in: ["record", "journal"], database)
        try database.queue.write { db in
            // Before: GRDB's row["kind"] and row[0] trapped (try! inside GRDB) on these NULLs.
            try db.execute(sql: "UPDATE record SET kind = NULL, at = NULL WHERE id = ?", arguments: [bad.common.id])
            try db.execute(sql: "INSERT INTO record_version (id, version) VALUES (NULL, 'v'), ('x', NULL)")
            try db.execute(sql: "INSERT INTO record_head (id, version) VALUES (NULL, NULL)")
        }
        try database.queue.write { db in
            try db.execute(sql: "INSERT INTO tombstone (id, kind, deleted_at) VALUES ('gone', 'no-such-kind', '2026-01-01T00:00:00Z')")
        }
        #expect(try store.read { try $0.tombstones() }.isEmpty)
        let counts = try store.read { try $0.counts() }
        #expect(counts[.journal] == 1)
        #expect(try store.read { try $0.versionHistory() }[good.common.id] != nil)
        _ = try store.read { try $0.currentVersions() }
        let all = try store.read { r in (try r.all(), r.unreadable) }
        #expect(all.0.map(\.id) == [good.common.id])
        #expect(all.1.map(\.id) == [bad.common.id])
        #expect(try store.read { try $0.list(RecordFilter()) }.map(\.id) == [good.common.id])
        #expect(throws: RecordsError.recordUnreadable(id: bad.common.id)) { try store.read { try $0.record(id: bad.common.id) } }
        // A NULL text in the kind's own table: that record alone is left out.
        try database.queue.write { db in
            try db.execute(sql: "UPDATE journal SET text = NULL WHERE seq = (SELECT seq FROM record WHERE id = ?)", arguments: [good.common.id])
        }
        let afterText = try store.read { r in (try r.list(RecordFilter(kind: .journal)), r.unreadable) }
        #expect(afterText.0.isEmpty && afterText.1.map(\.id) == [good.common.id])
    }

    // MARK: jrnl ids do not depend on the time zone

    @Test func jrnlEntriesGetTheSameIdContentInEveryTimeZone() throws {
        let file = Array("""
            {"entries": [{"title": "Walk", "body": "by the river", "date": "2024-03-01", "time": "21:30", "tags": [], "starred": false},
                         {"title": "Late", "body": "", "date": "2024-03-31", "time": "2:30", "tags": [], "starred": false}]}
            """.utf8)
        let zones = ["UTC", "Europe/Paris", "America/New_York"].map { TimeZone(identifier: $0)! }
        let contents = try zones.map { zone in try JrnlImport.entries(file, timeZone: zone).map(\.idContent) }
        #expect(contents[0] == contents[1] && contents[1] == contents[2])
        #expect(contents[0][1].contains("2024-03-31T02:30:00"))
    }
}
