import Foundation
import GRDB
import Testing
@testable import HearthRecords

/// The search index takes a write's changes in one pass when the write ends
/// (`SearchIndexBacklog`): what it then holds, and what searches find, must be exactly what
/// indexing each record as it was written gives.
@Suite struct SearchIndexBulkTests {
    static let words = [
        "river", "walk", "tight", "chest", "exhale", "exhaled", "sister", "call", "tea", "window", "quiet", "burden",
        "minute", "pottery", "café", "naïve", "evening", "morning", "kitchen", "letter", "garden", "rain", "laugh",
        "shaky", "steady", "safe", "train", "listen", "boundary", "meeting", "coffee", "dog", "park", "bench", "warm",
    ]

    /// A text of `count` words picked by `seed` (the same seed, the same text).
    static func text(_ seed: Int, count: Int = 9) -> String {
        var state = UInt64(truncatingIfNeeded: seed &* 2_654_435_761 &+ 97)
        return (0..<count).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return words[Int(state >> 33) % words.count]
        }.joined(separator: " ")
    }

    /// `count` records of every kind, in export order (people first), linked to the people.
    static func records(count: Int, seed: Int) -> [AnyRecord] {
        var people: [Person] = []
        var others: [RecordKind: [AnyRecord]] = [:]
        for i in 0..<count {
            let s = seed + i
            let day = i % 40
            switch i % 6 {
            case 0:
                var p = RecordFixtures.person("Person \(text(s, count: 1))", day: day)
                p.notes = text(s)
                people.append(p)
            case 1:
                let ids = people.isEmpty ? [] : [people[i % people.count].id]
                var j = RecordFixtures.journal(text(s, count: 20), day: day, people: ids, feelings: [["calm", "anxious", "sad"][i % 3]])
                j.common.tags = [words[s % words.count]]
                others[.journal, default: []].append(.journal(j))
            case 2:
                var c = RecordFixtures.connection(people: people.isEmpty ? [] : [people[i % people.count].id], day: day)
                c.shared = text(s)
                c.notes = text(s + 1)
                c.supportReceived = [words[s % words.count]]
                others[.connection, default: []].append(.connection(c))
            case 3:
                var b = RecordFixtures.body(day: day)
                b.context = text(s)
                b.sensations = [.init(region: words[s % words.count], quality: "tight", intensity: 5)]
                others[.body, default: []].append(.body(b))
            case 4:
                var b = RecordFixtures.belief(day: day)
                b.belief = text(s)
                others[.belief, default: []].append(.belief(b))
            default:
                var x = RecordFixtures.script(day: day)
                x.script = text(s)
                x.instead = text(s + 2)
                others[.script, default: []].append(.script(x))
            }
        }
        return people.map(AnyRecord.person) + RecordKind.exportOrder.flatMap { others[$0] ?? [] }
    }

    /// `record` changed: new text, `updated_at` a day later.
    static func edited(_ record: AnyRecord, seed: Int) -> AnyRecord {
        var record = record
        switch record {
        case .journal(var j): j.text = text(seed, count: 15); record = .journal(j)
        case .person(var p): p.notes = text(seed); record = .person(p)
        case .connection(var c): c.shared = text(seed); record = .connection(c)
        case .body(var b): b.notes = text(seed); record = .body(b)
        case .belief(var b): b.counterBelief = text(seed); record = .belief(b)
        case .script(var x): x.trigger = text(seed); record = .script(x)
        }
        let updated = record.common.updatedAt
        record.common.updatedAt = RecordTime(date: updated.date.addingTimeInterval(86_400), offsetSeconds: updated.offsetSeconds)
        record.common.tags = [words[seed % words.count]]
        return record
    }

    static let queries = [
        "river", "walk*", "exha*", "\"tight chest\"", "sister OR tea", "cafe", "naive", "calm", "anxious", "Person",
        "garden NOT rain", "ex*", "warm bench", "listening", "tight",
    ]

    /// Everything a person or a check could see of the index: every word with how many records
    /// hold it and how often, FTS5's own bm25() of every match, and what `search` shows.
    struct IndexView: Equatable {
        var vocabulary: [String]
        var scores: [String]
        var searches: [String]
    }

    static func view(_ store: RecordStore) throws -> IndexView {
        try store.checkSearchIndex()
        return try store.read { r in
            let vocabulary = try Row.fetchAll(r.db, sql: "SELECT term, doc, cnt FROM temp.record_search_terms ORDER BY term")
                .map { "\($0[0] as String) \($0[1] as Int) \($0[2] as Int)" }
            var scores: [String] = []
            var searches: [String] = []
            for typed in queries {
                let query = try SearchQuery(typed)
                for row in try Row.fetchAll(r.db, sql: """
                    SELECT r.id, bm25(record_search) FROM record_search JOIN record r ON r.seq = record_search.rowid
                    WHERE record_search MATCH ? ORDER BY r.id
                    """, arguments: [query.fts5]) {
                    scores.append("\(typed) \(row[0] as String) \(String(format: "%.9f", row[1] as Double))")
                }
                let results = try r.search(query, limit: 1000, highlight: ("[", "]"))
                searches.append("\(typed) \(results.windowed): " + results.hits.map { "\($0.id) \($0.snippet)" }.joined(separator: " | "))
            }
            return IndexView(vocabulary: vocabulary, scores: scores, searches: searches)
        }
    }

    static func items(_ records: [AnyRecord]) -> [RecordArchive.Item] {
        records.enumerated().map { RecordArchive.Item(record: $0.element, line: $0.offset + 1) }
    }

    /// `records` as an import reads them from Hearth's own export (checked as read, not again).
    static func exported(_ records: [AnyRecord]) throws -> [RecordArchive.Item] {
        let document = RecordArchive.document(records: records, tombstones: [], exportedAt: RecordFixtures.t0)
        let items = try RecordArchive.read(Array(JSONWriter.compact(document).utf8), now: RecordFixtures.time(90)).items
        #expect(items.count == records.count && items.allSatisfy(\.isChecked))
        return items
    }

    @Test func anImportThatAddsUpdatesAndDeletesIndexesAsRecordByRecord() throws {
        let first = Self.records(count: 150, seed: 1)
        let later = RecordTime(date: RecordFixtures.time(60).date, offsetSeconds: 0)
        // The second round: every third record edited, new records, and deletions.
        let edits = first.enumerated().filter { $0.offset % 3 == 0 }.map { Self.edited($0.element, seed: 1000 + $0.offset) }
        let added = Self.records(count: 60, seed: 5000).filter { $0.kind != .person }
            .map { record -> AnyRecord in
                var record = record
                record.common.tags = ["later"]
                if case .journal(var j) = record { j.people = [first[0].id]; record = .journal(j) }
                if case .connection(var c) = record { c.people = [first[0].id]; record = .connection(c) }
                return record
            }
        let second = RecordKind.exportOrder.flatMap { kind in (edits + added).filter { $0.kind == kind } }
        let deleted = first.enumerated().filter { $0.offset % 5 == 1 && $0.element.kind != .person }.map(\.element.id)
            + [added[3].id, edits[2].id]

        // In bulk: one import, then one write with the second import and the deletions.
        let bulk = try RecordFixtures.store()
        let report = try bulk.write { try $0.importRecords(Self.exported(first), tombstones: []) }
        #expect(report.added == first.count)
        try bulk.write { r in
            let report = try r.importRecords(Self.exported(second), tombstones: [], now: later.date)
            #expect(report.updated == edits.count && report.added == added.count)
            for id in deleted { try r.delete(id: id) }
        }

        // Record by record, each in its own write.
        let single = try RecordFixtures.store()
        for record in first { try single.write { try $0.insert(record) } }
        for record in second {
            if edits.contains(where: { $0.id == record.id }) {
                try single.write { try $0.update(record) }
            } else {
                try single.write { try $0.insert(record) }
            }
        }
        for id in deleted { try single.write { try $0.delete(id: id) } }

        let bulkView = try Self.view(bulk), singleView = try Self.view(single)
        #expect(bulkView.vocabulary.count > 40)
        #expect(bulkView.searches.filter { !$0.hasSuffix(": ") }.count > 10)
        #expect(bulkView.vocabulary == singleView.vocabulary)
        #expect(bulkView.scores == singleView.scores)
        #expect(bulkView.searches == singleView.searches)
        // And the records themselves are stored alike (the export's are checked when read).
        #expect(try bulk.read { try $0.all() } == single.read { try $0.all() })
    }

    @Test func aRecordChangedTwiceOrItsSeqReusedInOneWriteIsIndexedOnce() throws {
        let first = Self.records(count: 30, seed: 7)
        let newest = try #require(first.last)
        let again = Self.edited(first[1], seed: 77), twice = Self.edited(again, seed: 78)
        let fresh = AnyRecord.journal(RecordFixtures.journal("a heron at the pond", day: 50))

        let bulk = try RecordFixtures.store()
        try bulk.write { r in
            _ = try r.importRecords(Self.items(first), tombstones: [])
            try r.update(again)
            try r.update(twice)
            try r.delete(id: newest.id)
            try r.insert(fresh)  // SQLite gives it the deleted record's seq
        }
        let single = try RecordFixtures.store()
        for record in first { try single.write { try $0.insert(record) } }
        try single.write { try $0.update(again) }
        try single.write { try $0.update(twice) }
        try single.write { try $0.delete(id: newest.id) }
        try single.write { try $0.insert(fresh) }

        let seqs = try bulk.read { r in try [newest.id, fresh.id].map { try Int64.fetchOne(r.db, sql: "SELECT seq FROM record WHERE id = ?", arguments: [$0]) } }
        #expect(seqs[0] == nil && seqs[1] == Int64(first.count))
        #expect(try Self.view(bulk) == Self.view(single))
        #expect(try bulk.read { try $0.search(SearchQuery("heron pond")).hits.map(\.id) } == [fresh.id])
    }

    @Test func aFailedImportLeavesTheIndexAsItWas() throws {
        let first = Self.records(count: 60, seed: 11)
        let store = try RecordFixtures.store()
        try store.write { _ = try $0.importRecords(Self.items(first), tombstones: []) }
        let before = try Self.view(store)
        // Edits and new records, then (scripts come last) a script linking a person who is not
        // there: refused.
        let broken = RecordFixtures.script(day: 3, people: ["no-such-person"])
        let second = first.prefix(20).enumerated().map { Self.edited($0.element, seed: 300 + $0.offset) }
            + Self.records(count: 12, seed: 900).filter { $0.kind == .body || $0.kind == .belief } + [.script(broken)]
        #expect(throws: RecordsError.self) {
            try store.write { _ = try $0.importRecords(Self.items(second), tombstones: [], now: RecordFixtures.time(60).date) }
        }
        #expect(try Self.view(store) == before)
        // Nothing of it waits to be applied by the next write either.
        try store.write { try $0.insert(.journal(RecordFixtures.journal("one more evening", day: 9))) }
        let after = try Self.view(store)
        #expect(after.vocabulary.count >= before.vocabulary.count)
        #expect(try store.read { r in try Int.fetchOne(r.db, sql: "SELECT count(*) FROM temp.record_search_removed") } == 0)
    }

    @Test func aSearchWithinAWriteFindsWhatItWrote() throws {
        let store = try RecordFixtures.store()
        let hits = try store.write { r in
            try r.insert(.journal(RecordFixtures.journal("the heron by the pond", day: 1)))
            return try r.search(SearchQuery("heron")).hits.count
        }
        #expect(hits == 1)
        try store.checkSearchIndex()
    }

    @Test func runsOfSeqsAreAscendingAndConsecutive() {
        #expect(SearchIndexBacklog.runs(of: []) == [])
        #expect(SearchIndexBacklog.runs(of: [5, 1, 2, 3, 9, 8, 11]) == [1...3, 5...5, 8...9, 11...11])
    }
}
