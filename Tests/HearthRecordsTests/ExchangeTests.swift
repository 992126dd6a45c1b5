import Foundation
import Testing
@testable import HearthRecords

@Suite struct ExchangeTests {
    static func export(_ store: RecordStore) throws -> String {
        let (records, tombstones) = try store.read { (try $0.all(), try $0.tombstones()) }
        return JSONWriter.pretty(RecordArchive.document(records: records, tombstones: tombstones, exportedAt: RecordFixtures.t0))
    }

    @Test func exportImportRoundTripsEveryField() throws {
        let source = try RecordFixtures.store()
        try source.write { r in
            for record in RecordFixtures.everyKind() { try r.insert(record) }
            let gone = RecordFixtures.script(day: 9)
            try r.insert(.script(gone))
            try r.delete(id: gone.id, at: RecordFixtures.time(10))
        }
        let first = try Self.export(source)
        let target = try RecordFixtures.store()
        let contents = try RecordArchive.read(Array(first.utf8), now: .now())
        let report = try target.write { try $0.importRecords(contents.items, tombstones: contents.tombstones) }
        #expect(report.added == 7 && report.tombstones == 1)
        #expect(try Self.export(target) == first)
        // Importing again changes nothing.
        let again = try target.write { try $0.importRecords(contents.items, tombstones: contents.tombstones) }
        #expect(again.added == 0 && again.unchanged == 7 && again.tombstones == 0)
        #expect(try Self.export(target) == first)
        try target.checkSearchIndex()
    }

    @Test func newerVersionsReplaceOlderOnesAndDeletedRecordsStayDeleted() throws {
        let store = try RecordFixtures.store()
        var entry = RecordFixtures.journal("First version")
        try store.write { try $0.insert(.journal(entry)) }
        entry.text = "Second version"
        entry.common.updatedAt = RecordFixtures.time(5)
        let newer = RecordArchive.Item(record: .journal(entry), line: 1)
        #expect(try store.write { try $0.importRecords([newer], tombstones: []) }.updated == 1)
        entry.text = "Stale version"
        entry.common.updatedAt = RecordFixtures.time(2)
        #expect(try store.write { try $0.importRecords([.init(record: .journal(entry), line: 1)], tombstones: []) }.keptNewer == 1)
        #expect(try store.journalEntry(id: entry.id).text == "Second version")
        try store.write { try $0.delete(id: entry.id) }
        #expect(try store.write { try $0.importRecords([newer], tombstones: []) }.skippedDeleted == 1)
    }

    /// The progress callback hears each record (for the terminal's count), and what it throws
    /// (Ctrl-C) stops the import with nothing added: the write is one transaction.
    @Test func progressCountsEachRecordAndAThrowStopsTheImportWithNothingAdded() throws {
        struct Stop: Error {}
        let items = (0..<6).map { RecordArchive.Item(record: .journal(RecordFixtures.journal("Entry \($0)", day: $0)), line: $0 + 1) }
        let store = try RecordFixtures.store()
        var heard: [Int] = []
        #expect(throws: Stop.self) {
            try store.write { r in
                try r.importRecords(items, tombstones: []) { done, total in
                    #expect(total == 6)
                    heard.append(done)
                    if done == 3 { throw Stop() }
                }
            }
        }
        #expect(heard == [0, 1, 2, 3])
        #expect(try store.read { try $0.counts() }.values.reduce(0, +) == 0)

        heard = []
        let report = try store.write { r in try r.importRecords(items, tombstones: []) { done, _ in heard.append(done) } }
        #expect(report.added == 6 && heard == [0, 1, 2, 3, 4, 5, 6])
    }

    @Test func badInputNamesItsLineAndAddsNothing() throws {
        let store = try RecordFixtures.store()
        let lines = """
            {"kind": "belief", "belief": "I am too much"}
            {"kind": "journal", "text": "fine"}
            {"kind": "body", "state": "settled", "activation": 42}
            """
        #expect(throws: RecordsError.invalidInput("line 3: `activation` must be between 0 and 10")) {
            let contents = try RecordArchive.read(Array(lines.utf8), now: .now())
            try store.write { try $0.importRecords(contents.items, tombstones: contents.tombstones) }
        }
        let dangling = """
            {"kind": "journal", "text": "fine"}
            {"kind": "journal", "text": "with someone", "people": ["nobody-here"]}
            """
        let contents = try RecordArchive.read(Array(dangling.utf8), now: .now())
        #expect(throws: RecordsError.self) { try store.write { try $0.importRecords(contents.items, tombstones: []) } }
        do { _ = try store.write { try $0.importRecords(contents.items, tombstones: []) } } catch RecordsError.invalidInput(let why) {
            #expect(why.hasPrefix("line 2:"))
        }
        #expect(try store.read { try $0.counts() }.values.reduce(0, +) == 0)
    }

    @Test func jrnlExportsAreReadWithStableIds() throws {
        let jrnl = """
            {
              "tags": {"@work": 1, "@family": 1},
              "entries": [
                {
                  "title": "Called in sick.",
                  "body": "Used the time to rest.\\nFelt guilty, then less so.",
                  "date": "2024-03-01",
                  "time": "09:00",
                  "tags": ["@work"],
                  "starred": false
                },
                {
                  "title": "Dinner with my sister \\ud83c\\udf5d",
                  "body": "",
                  "date": "2024-03-02",
                  "time": "19:30",
                  "tags": ["@family"],
                  "starred": true,
                  "uuid": "ABCDEF0123456789ABCDEF0123456789",
                  "creator": {"device_agent": "x"}
                }
              ]
            }
            """
        let entries = try JrnlImport.entries(Array(jrnl.utf8), timeZone: TimeZone(identifier: "Europe/Berlin")!)
        #expect(entries.count == 2)
        #expect(entries[0].text == "Called in sick.\nUsed the time to rest.\nFelt guilty, then less so.")
        #expect(entries[0].at.iso8601 == "2024-03-01T09:00:00+01:00")
        #expect(entries[1].text == "Dinner with my sister 🍝" && entries[1].starred && entries[1].line == 12)
        let store = try RecordFixtures.store()
        let ids = try store.write { r in try entries.map { try r.derivedID(for: "\($0.at.iso8601)\n\($0.text)") } }
        let again = try store.write { r in try entries.map { try r.derivedID(for: "\($0.at.iso8601)\n\($0.text)") } }
        #expect(ids == again && Set(ids).count == 2 && ids.allSatisfy(RecordID.isValid))
        let other = try RecordFixtures.store()
        #expect(try other.write { try $0.derivedID(for: "\(entries[0].at.iso8601)\n\(entries[0].text)") } != ids[0])

        let broken = "{\"entries\": [\n{\"title\": \"x\", \"body\": \"\", \"date\": \"March 1\", \"time\": \"09:00\"}\n]}"
        #expect(throws: RecordsError.invalidInput("line 2: `date` and `time` must look like 2024-03-01 and 21:30")) {
            try JrnlImport.entries(Array(broken.utf8), timeZone: .current)
        }
    }
}

/// Imports look up what is here in batches: the answers must be those of one lookup a record.
@Suite struct BatchedImportTests {
    @Test func largeImportsAgainAddNothingAndSeeEveryKindOfRecordHere() throws {
        let store = try RecordFixtures.store()
        // More than one batch of lookups (500 ids a batch).
        let entries = (0..<1_100).map { RecordFixtures.journal("Entry \($0)", day: $0 % 100) }
        let items = entries.enumerated().map { RecordArchive.Item(record: .journal($0.element), line: $0.offset + 1) }
        #expect(try store.write { try $0.importRecords(items, tombstones: []) }.added == 1_100)
        // One deleted here, one newer in the input, one in the input twice (its second version newer).
        try store.write { r in try r.delete(id: entries[7].id, at: RecordFixtures.time(150)) }
        var newer = entries[600]
        newer.text = "Entry 600, edited"
        newer.common.updatedAt = RecordFixtures.time(200)  // newer, and not in the future
        var fresh = RecordFixtures.journal("Brand new", day: 3)
        var again = items
        again[600] = RecordArchive.Item(record: .journal(newer), line: 601)
        again.append(RecordArchive.Item(record: .journal(fresh), line: 1_101))
        fresh.text = "Brand new, a later version"
        fresh.common.updatedAt = RecordFixtures.time(201)
        again.append(RecordArchive.Item(record: .journal(fresh), line: 1_102))
        let report = try store.write { try $0.importRecords(again, tombstones: []) }
        #expect(report.added == 1 && report.updated == 2 && report.skippedDeleted == 1 && report.unchanged == 1_098)
        #expect(try store.journalEntry(id: newer.id).text == "Entry 600, edited")
        #expect(try store.journalEntry(id: fresh.id).text == "Brand new, a later version")
        try store.checkSearchIndex()
    }
}
