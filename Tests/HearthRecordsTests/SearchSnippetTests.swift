import Foundation
import GRDB
import Testing
@testable import HearthRecords

/// Search snippets: FTS5's own choice of window and marks, found in work that stays in
/// proportion to the text (`hearth_snippet`, Sources/CPlatform/SearchSnippet.c).
@Suite struct SearchSnippetTests {
    /// Journal-like text of `words` words: sentences, commas, colons, line breaks, accents.
    static func text(_ seed: Int, words: Int) -> String {
        let vocabulary = ["river", "calm", "tea", "walked", "morning", "sister", "exhale", "chest", "tight", "felt",
                          "safe", "café", "Ärger", "naïve", "the", "with", "a", "long"]
        let gaps = [" ", " ", " ", " ", ", ", ". ", ": ", ".\n", "\n\n", " — ", "! ", " (", ") ", ".  ", "'", "-", " 🙂 "]
        var generator = SplitMix(seed: UInt64(seed))
        var text = ["", "", "— ", ". "][Int(generator.next() % 4)]
        let known = 2 + Int(generator.next() % UInt64(vocabulary.count - 1))
        for _ in 0..<words {
            text += vocabulary[Int(generator.next() % UInt64(known))] + gaps[Int(generator.next() % UInt64(gaps.count))]
        }
        return text + ["", ".", "\n"][Int(generator.next() % 3)]
    }

    @Test func snippetsAreFTS5sOwnForOrdinaryText() throws {
        // Short entries, entries about one window long, and long ones (the words are split in
        // steps, so these also check that splitting resumes where it stopped).
        let lengths = [1, 3, 11, 12, 13, 20, 40, 90, 300, 700]
        let store = try RecordFixtures.store()
        try store.write { r in
            for seed in 0..<160 { try r.insert(.journal(RecordFixtures.journal(Self.text(seed, words: lengths[seed % lengths.count]), day: seed))) }
        }
        let queries = ["river", "calm OR tea", "river calm", "\"tight felt\"", "tea*", "ca*", "walked OR morning OR sister",
                       "\"river river\"", "river NOT naïve", "calm OR (tea river)", "café", "naive", "\"long the\" OR long"]
        var compared = 0
        try store.read { (records: Records) throws in
            for typed in queries {
                let query = try SearchQuery(typed)
                for tokens in [12, 2, 5, 20] {
                    let rows = try Row.fetchAll(records.db, sql: """
                        SELECT rowid, snippet(record_search, 0, '[', ']', '…', ?) AS theirs,
                               hearth_snippet(record_search, '[', ']', '…', ?) AS ours
                        FROM record_search WHERE record_search MATCH ?
                        """, arguments: [tokens, tokens, query.fts5])
                    #expect(!rows.isEmpty, "\(typed)")
                    for row in rows {
                        let ours: String = row["ours"], theirs: String = row["theirs"]
                        #expect(ours == theirs, "\(typed), \(tokens) words, record \(row["rowid"] as Int64)")
                        compared += 1
                    }
                }
            }
        }
        #expect(compared > 2000)
    }

    @Test func aSnippetNearTheStartOfALongTextReadsOnlyItsStart() throws {
        // 20,000 times one word (140 KB): FTS5's snippet() scored a window at every match by
        // walking every match again (400 million steps here; a 500 KB entry took minutes), and
        // split the whole text into words twice.
        let repeated = String(repeating: "walked ", count: 20_000)
        let store = try RecordFixtures.store()
        try store.write { r in
            try r.insert(.journal(RecordFixtures.journal(repeated, day: 1)))
            try r.insert(.journal(RecordFixtures.journal("We walked by the river.", day: 2)))
        }
        try store.read { (records: Records) throws in
            let hits = try records.search(SearchQuery("walked"), highlight: ("[", "]")).hits
            #expect(hits.count == 2)
            let long = try #require(hits.first { $0.snippet.hasPrefix("[walked]") })
            #expect(long.snippet == Array(repeating: "[walked]", count: Records.snippetWords).joined(separator: " ") + "…")
            // The window is at the start, and no later one can score higher: the words after it
            // are never split (the splitting goes ahead in small steps).
            let rows = try String.fetchAll(records.db, sql: """
                SELECT hearth_snippet(record_search, '[', ']', '…', 12) FROM record_search
                WHERE record_search MATCH '"walked"' AND rowid = (SELECT min(rowid) FROM record_search)
                """)
            #expect(rows.count == 1)
            #expect(Records.snippetWordsRead > 0 && Records.snippetWordsRead <= 200, "\(Records.snippetWordsRead) words read")
        }
    }

    @Test func snippetsAreMadeForTheResultsShownOnly() throws {
        // Made in the ranking query, a snippet was made for every ranked match (up to 2000),
        // each reading its record's text, before all but the best were thrown away.
        let store = try RecordFixtures.store()
        try store.write { r in
            for i in 0..<60 { try r.insert(.journal(RecordFixtures.journal("A long day, then the lighthouse \(i).", day: i))) }
        }
        try store.read { (records: Records) throws in
            let before = Records.snippetsMade
            let hits = try records.search(SearchQuery("lighthouse"), limit: 3, highlight: ("[", "]")).hits
            #expect(Records.snippetsMade - before == 3)
            #expect(hits.count == 3 && hits.allSatisfy { $0.snippet.contains("[lighthouse]") })
            let all = try records.search(SearchQuery("lighthouse")).hits
            #expect(Records.snippetsMade - before == 63)
            #expect(all.count == 60 && Set(all.map(\.snippet)).count == 60, "each result has its own record's snippet")
        }
    }

    @Test func aSnippetStaysShortWhateverTheTextHolds() throws {
        // Long runs without words (before, between and after them) and one very long word: every
        // piece copied into a snippet is bounded, so a snippet is a few hundred bytes at most.
        let noise = String(repeating: "!?", count: 20_000)
        let texts = [
            noise + " lighthouse " + noise,
            "lighthouse" + noise + "keeper" + noise,
            "lighthouse " + String(repeating: "a", count: 50_000) + " keeper",
            String(repeating: "é", count: 30_000) + " lighthouse",
        ]
        let store = try RecordFixtures.store()
        try store.write { r in
            for (i, text) in texts.enumerated() { try r.insert(.journal(RecordFixtures.journal(text, day: i))) }
        }
        let hits = try store.read { try $0.search(SearchQuery("lighthouse"), highlight: ("[", "]")).hits }
        #expect(hits.count == texts.count)
        for hit in hits {
            #expect(hit.snippet.contains("[lighthouse]"))
            #expect(hit.snippet.utf8.count < 2_000, "\(hit.snippet.utf8.count) bytes")
        }
    }
}

/// A small seeded generator (SplitMix64), so that generated tests are the same on every run.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
