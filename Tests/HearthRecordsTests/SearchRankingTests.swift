import Foundation
import GRDB
import Testing
@testable import HearthRecords

/// Search ranking (BM25 with word weights from recent records) and prefixes spelled out as words.
@Suite struct SearchRankingTests {
    static let texts = [
        "A long exhale helped before the call", "exhaled slowly, then exhaled again", "exhausted after the visit",
        "The exhibit was loud", "tea by the window with Sam", "tight in the chest, then a long exhale",
        "tight in the chest all day", "the chest felt tight, then warm", "a walk by the river with my sister",
        "river river river", "Café on the corner with Ana", "my sister texted first",
    ]

    static func store(_ texts: [String] = texts) throws -> RecordStore {
        let store = try RecordFixtures.store()
        try store.write { r in
            for (i, text) in texts.enumerated() { try r.insert(.journal(RecordFixtures.journal(text, day: i))) }
        }
        return store
    }

    /// The rowids FTS5 itself matches for `expression`, and FTS5's own bm25() for each.
    static func bm25(_ expression: String, _ records: Records) throws -> [Int64: Double] {
        let rows = try Row.fetchAll(records.db, sql: """
            SELECT rowid, bm25(record_search) AS score FROM record_search WHERE record_search MATCH ?
            """, arguments: [expression])
        return Dictionary(uniqueKeysWithValues: rows.map { ($0["rowid"] as Int64, $0["score"] as Double) })
    }

    @Test func phrasesAreNumberedLeftToRight() throws {
        #expect(try SearchQuery("calm \"felt safe\" OR tea* NOT (sad)").phrases == ["\"calm\"", "\"felt safe\"", "\"tea\"*", "\"sad\""])
    }

    @Test func rankingIsBM25WhenTheSampleHoldsTheWholeVault() throws {
        // Fewer records than Records.searchSample: the weights are counted over every record, so
        // the ranking must be FTS5's own bm25() to the last digits printed.
        let store = try Self.store()
        for typed in ["river", "tight chest", "\"tight in the chest\"", "sister OR river", "exhale NOT tea", "the", "walk"] {
            try store.read { (records: Records) throws in
                let query = try SearchQuery(typed)
                let expected = try Self.bm25(query.fts5, records)
                #expect(!expected.isEmpty, "\(typed)")
                let rows = try Row.fetchAll(records.db, sql: """
                    SELECT rowid, rank FROM record_search WHERE record_search MATCH ? AND rank MATCH ?
                    """, arguments: [query.fts5, try records.rankFunction(query)])
                #expect(rows.count == expected.count, "\(typed)")
                for row in rows {
                    let ours: Double = row["rank"]
                    let theirs = try #require(expected[row["rowid"]])
                    #expect(abs(ours - theirs) < 1e-5 * max(1, abs(theirs)), "\(typed): \(ours) vs bm25 \(theirs)")
                }
            }
        }
    }

    @Test func theBestMatchComesFirst() throws {
        let store = try Self.store()
        let hits = try store.read { try $0.search(SearchQuery("river"), highlight: ("[", "]")).hits }
        #expect(hits.count == 2)
        #expect(hits.first?.snippet.hasPrefix("[river] [river] [river]") == true)
        let phrase = try store.read { try $0.search(SearchQuery("\"tight in the chest\" exhale")).hits }
        #expect(phrase.map(\.snippet).first?.hasPrefix("tight in the chest, then a long exhale") == true)
        #expect(phrase.count == 1)
    }

    @Test func prefixesAreSpelledOutAsTheWordsOfTheVault() throws {
        let store = try Self.store()
        try store.read { (records: Records) throws in
            let expanded = try records.expandingPrefixes(SearchQuery("exha* sister"))
            #expect(expanded.fts5 == "( \"exhale\" OR \"exhaled\" OR \"exhausted\" ) AND \"sister\"")
            // A prefix of one word becomes that word; case does not matter.
            #expect(try records.expandingPrefixes(SearchQuery("EXHIB*")).fts5 == "\"exhibit\"")
            // Two and three letters have their own index, so they stay prefixes; so do accents
            // (the tokenizer folds them) and prefixes that start no word at all.
            #expect(try records.expandingPrefixes(SearchQuery("exh*")).fts5 == "\"exh\"*")
            #expect(try records.expandingPrefixes(SearchQuery("cafè*")).fts5 == "\"cafè\"*")
            #expect(try records.expandingPrefixes(SearchQuery("zzzz*")).fts5 == "\"zzzz\"*")
            #expect(try records.expandingPrefixes(SearchQuery("\"long exha\"*")).fts5 == "\"long exha\"*")
            // Whatever the spelling, the same records match as with FTS5's own prefix search.
            for typed in ["exha*", "exhal*", "EXHA* OR sist*", "exhaus* NOT river", "cafè*", "the* chest"] {
                let ours = try records.search(SearchQuery(typed)).hits.map(\.id).sorted()
                let own = try String.fetchAll(records.db, sql: """
                    SELECT r.id FROM record_search JOIN record r ON r.seq = record_search.rowid WHERE record_search MATCH ?
                    """, arguments: [SearchQuery(typed).fts5]).sorted()
                #expect(!own.isEmpty, "\(typed)")
                #expect(ours == own, "\(typed)")
            }
        }
    }

    @Test func aPrefixOfVeryManyWordsStaysAPrefix() throws {
        let words = (0..<(Records.prefixWordsMost + 1)).map { "sunset\(String(format: "%03d", $0))" }
        let store = try Self.store(Self.texts + [words.joined(separator: " ")])
        try store.read { (records: Records) throws in
            #expect(try records.expandingPrefixes(SearchQuery("sunset*")).fts5 == "\"sunset\"*")
            #expect(try records.search(SearchQuery("sunset*")).hits.count == 1)
            #expect(try records.expandingPrefixes(SearchQuery("sunset00*")).fts5.components(separatedBy: " OR ").count == 10)
        }
    }
}
