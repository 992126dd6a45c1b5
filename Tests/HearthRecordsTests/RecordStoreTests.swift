import Foundation
import GRDB
import Testing
@testable import HearthRecords

@Suite struct RecordStoreTests {
    @Test func everyKindIsStoredAndReadBack() throws {
        let store = try RecordFixtures.store()
        let records = RecordFixtures.everyKind()
        try store.write { r in for record in records { try r.insert(record) } }
        for record in records {
            let back = try #require(try store.read { try $0.record(id: record.id) })
            #expect(back.withoutComputedFields == RecordNormalizer.normalize(record).withoutComputedFields, "\(record.kind)")
        }
        try store.checkSearchIndex()
        let counts = try store.read { try $0.counts() }
        #expect(counts[.connection] == 2 && counts[.person] == 1 && counts[.script] == 1)
    }

    @Test func lastContactAndRepairsAreComputed() throws {
        let store = try RecordFixtures.store()
        let records = RecordFixtures.everyKind()
        try store.write { r in for record in records { try r.insert(record) } }
        guard case .person(let sam)? = try store.read({ try $0.record(id: records[0].id) }) else { Issue.record(); return }
        #expect(sam.lastContact == RecordFixtures.time(3))
        guard case .connection(let rupture)? = try store.read({ try $0.record(id: records[2].id) }) else { Issue.record(); return }
        #expect(rupture.repairedBy == [records[3].id])
    }

    @Test func linksToUnknownPeopleAreRefusedAndNothingStays() throws {
        let store = try RecordFixtures.store()
        #expect(throws: RecordsError.self) {
            try store.write { r in
                try r.insert(.person(RecordFixtures.person("Ana")))
                try r.insert(.journal(RecordFixtures.journal("x", people: ["no-such-person"])))
            }
        }
        #expect(try store.read { try $0.counts() }.values.reduce(0, +) == 0)
    }

    @Test func filtersCombineWithAnd() throws {
        let store = try RecordFixtures.store()
        let sam = RecordFixtures.person("Sam")
        let ana = RecordFixtures.person("Ana")
        try store.write { r in
            try r.insert(.person(sam))
            try r.insert(.person(ana))
            for day in 0..<10 {
                try r.insert(.journal(RecordFixtures.journal(
                    "Day \(day)", day: day, people: day % 3 == 0 ? [sam.id] : [ana.id], feelings: day < 5 ? ["calm"] : ["tired"])))
            }
            try r.insert(.body(RecordFixtures.body(day: 1)))
        }
        func list(_ f: RecordFilter) throws -> [String] {
            try store.read { try $0.list(f) }.map { ($0.record as? JournalEntry)?.text ?? $0.kind.rawValue }
        }
        #expect(try list(RecordFilter(kind: .journal, person: sam.id)) == ["Day 0", "Day 3", "Day 6", "Day 9"])
        #expect(try list(RecordFilter(kind: .journal, feeling: "Calm", person: sam.id)) == ["Day 0", "Day 3"])
        #expect(try list(RecordFilter(kind: .journal, since: .instant(RecordFixtures.time(2).date), until: .instant(RecordFixtures.time(5).date)))
                == ["Day 2", "Day 3", "Day 4"])
        #expect(try list(RecordFilter(kind: .journal, limit: 2)) == ["Day 8", "Day 9"])
        #expect(try list(RecordFilter(kind: .journal, starred: true)).count == 5)
        #expect(try list(RecordFilter(kind: .body, state: .activated)) == ["body"])
        #expect(try list(RecordFilter(kind: .body, state: .frozen)).isEmpty)
        let people = try store.read { try $0.list(RecordFilter(kind: .person)) }.map { ($0.record as! Person).name }
        #expect(people == ["Ana", "Sam"])
    }

    @Test func editsKeepTheIndexInStepAndDeletesLeaveTombstones() throws {
        let store = try RecordFixtures.store()
        let records = RecordFixtures.everyKind()
        try store.write { r in for record in records { try r.insert(record) } }
        guard case .journal(var entry) = records[1] else { return }
        entry.text = "Rewritten with the word lighthouse"
        entry.common.updatedAt = RecordFixtures.time(9)
        try store.write { try $0.update(.journal(entry)) }
        #expect(store.needsCompaction)
        try store.checkSearchIndex()
        #expect(try store.read { try $0.search(SearchQuery("lighthouse")).hits }.map(\.id) == [entry.id])
        #expect(try store.read { try $0.search(SearchQuery("\"It was good\"")).hits }.isEmpty)

        // Deleting Sam unlinks them everywhere and leaves only a tombstone.
        let tombstone = try store.write { try $0.delete(id: records[0].id, at: RecordFixtures.time(10)) }
        #expect(tombstone.kind == .person)
        try store.checkSearchIndex()
        let journal = try #require(try store.read { try $0.record(id: entry.id) })
        guard case .journal(let after) = journal else { return }
        #expect(after.people.isEmpty)
        #expect(try store.read { try $0.tombstones() } == [tombstone])
        #expect(throws: RecordsError.self) { try store.write { try $0.insert(records[0]) } }
    }

    @Test func searchRanksAndFiltersAcrossKinds() throws {
        let store = try RecordFixtures.store()
        try store.write { r in for record in RecordFixtures.everyKind() { try r.insert(record) } }
        let hits = try store.read { try $0.search(SearchQuery("burden OR river"), highlight: ("[", "]")).hits }
        #expect(Set(hits.map(\.kind)) == [.belief, .connection])
        #expect(hits.allSatisfy { $0.snippet.contains("[") })
        #expect(try store.read { try $0.search(SearchQuery("river"), kinds: [.belief]).hits }.isEmpty)
        #expect(try store.read { try $0.search(SearchQuery("chest tight")).hits }.map(\.kind) == [.body])
        #expect(try store.read { try $0.search(SearchQuery("bur*")).hits }.map(\.kind) == [.belief])
        #expect(try store.read { try $0.search(SearchQuery("anxious")).hits }.map(\.kind) == [.body])
    }

    @Test func broadSearchesRankTheMostRecentMatchesOnly() throws {
        let store = try RecordFixtures.store()
        let window = 30
        try store.write { r in
            // The best match for "river" is the oldest; then more ordinary matches than the window.
            try r.insert(.journal(RecordFixtures.journal("river river river", day: 0)))
            try r.insert(.belief(RecordFixtures.belief(day: 0)))
            for i in 0..<(window + 50) { try r.insert(.journal(RecordFixtures.journal("Day \(i) by the river with friends", day: 1))) }
            try r.insert(.journal(RecordFixtures.journal("river river", day: 2)))
        }
        let broad = try store.read { try $0.search(SearchQuery("river"), limit: 5, window: window) }
        #expect(broad.windowed)
        #expect(broad.hits.first?.snippet.hasPrefix("river river ·") == true, "the best of the recent matches comes first")
        #expect(!broad.hits.contains { $0.snippet.hasPrefix("river river river") })
        let narrow = try store.read { try $0.search(SearchQuery("river NOT friends"), limit: 5, window: window) }
        #expect(!narrow.windowed && narrow.hits.map { $0.snippet.prefix(17) } == ["river river river", "river river · wal"])
        let filtered = try store.read { try $0.search(SearchQuery("burden OR river"), kinds: [.belief], window: window) }
        #expect(!filtered.windowed && filtered.hits.map(\.kind) == [.belief], "the window counts filtered matches only")
    }

    @Test func aVersionOneVaultIsUpgraded() throws {
        // SQLite's zeroing allocator must be in place before any connection opens.
        _ = PlaintextDatabase.zeroesFreedMemory
        let queue = try DatabaseQueue()
        try Schema.migrator.migrate(queue, upTo: "v1-journal")
        try queue.write { db in
            try db.execute(sql: """
                INSERT INTO journal_entry VALUES ('a1', '2026-01-02T10:00:00+02:00', 1767340800, '2026-01-02T10:00:00+02:00',
                    '2026-01-02T10:00:00+02:00', 'Old entry about the harbour', 1);
                INSERT INTO record_tag VALUES ('a1', 'Sea'), ('a1', 'walk');
                """)
        }
        // The v1 image replaces a fresh database, which is then migrated as `load` does.
        let database = try PlaintextDatabase.empty()
        try queue.backup(to: database.queue)
        #expect(try database.queue.read { try $0.tableExists("record") } == false)
        try Schema.migrator.migrate(database.queue)
        let store = RecordStore(database: database)
        let entry = try store.journalEntry(id: "a1")
        #expect(entry.text == "Old entry about the harbour" && entry.tags == ["sea", "walk"] && entry.starred)
        #expect(entry.at.offsetSeconds == 7200)
        #expect(try store.read { try $0.search(SearchQuery("harbour")).hits }.map(\.id) == ["a1"])
        try store.checkSearchIndex()
    }
}

/// `TimeWindow`: a whole day is the day a record shows; a time is an instant.
@Suite struct TimeWindowTests {
    static func time(_ iso: String) -> RecordTime { RecordTime(iso8601: iso)! }

    @Test func aDayIsTheDayTheRecordShows() throws {
        let paris = Self.time("2026-11-24T21:30:00+01:00")
        #expect(CalendarDay(paris).description == "2026-11-24")
        let day24 = try #require(CalendarDay(year: 2026, month: 11, day: 24))
        let day25 = try #require(CalendarDay(year: 2026, month: 11, day: 25))
        #expect(TimeWindow(since: .day(day24), until: .day(day24)).contains(paris))
        #expect(!TimeWindow(since: .day(day25), until: .day(day25)).contains(paris))
        // The same instant written in Kolkata is on the 25th there.
        let kolkata = RecordTime(date: paris.date, offsetSeconds: 19_800)
        #expect(TimeWindow(since: .day(day25)).contains(kolkata))
        #expect(!TimeWindow(until: .day(day24)).contains(kolkata))
        #expect(CalendarDay(year: 1, month: 1, day: 1)?.description == "0001-01-01")
        #expect(CalendarDay(year: 0, month: 1, day: 1) == nil && CalendarDay(year: 2026, month: 13, day: 1) == nil)
    }

    @Test func instantsAreExactAndUntilExcludesIt() {
        let t = Self.time("2026-11-24T21:30:00+01:00")
        #expect(TimeWindow(since: .instant(t.date)).contains(t))
        #expect(!TimeWindow(until: .instant(t.date)).contains(t))
        #expect(TimeWindow(until: .instant(t.date.addingTimeInterval(1))).contains(t))
        #expect(TimeWindow().contains(t))
    }

    @Test func emptyWindowsAreThoseEmptyInEveryZone() throws {
        let day24 = try #require(CalendarDay(year: 2026, month: 11, day: 24))
        let day25 = try #require(CalendarDay(year: 2026, month: 11, day: 25))
        #expect(TimeWindow(since: .day(day25), until: .day(day24)).isEmpty)
        #expect(!TimeWindow(since: .day(day24), until: .day(day24)).isEmpty)
        let noonUTC24 = Self.time("2026-11-24T12:00:00Z").date
        #expect(!TimeWindow(since: .instant(noonUTC24), until: .day(day24)).isEmpty)
        #expect(TimeWindow(since: .instant(noonUTC24.addingTimeInterval(3 * 86_400)), until: .day(day24)).isEmpty)
        #expect(TimeWindow(since: .instant(noonUTC24), until: .instant(noonUTC24)).isEmpty)
    }

    @Test func listingsFilterByTheShownDay() throws {
        let store = try RecordFixtures.store()
        try store.write { r in
            try r.insert(.journal(JournalEntry(common: RecordCommon(at: Self.time("2026-11-24T21:30:00+01:00")), text: "Paris")))
            try r.insert(.journal(JournalEntry(common: RecordCommon(at: Self.time("2026-11-25T01:00:00+05:30")), text: "Kolkata")))
        }
        let day24 = try #require(CalendarDay(year: 2026, month: 11, day: 24))
        let on24 = try store.read { try $0.list(RecordFilter(kind: .journal, since: .day(day24), until: .day(day24))) }
        #expect(on24.map { ($0.record as? JournalEntry)?.text } == ["Paris"])
    }
}
