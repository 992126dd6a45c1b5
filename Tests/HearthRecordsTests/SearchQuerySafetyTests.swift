import Foundation
import GRDB
import Testing
@testable import HearthRecords

/// Whatever a person types, a search is either refused as not understood or runs: nothing typed
/// ever reaches FTS5 as syntax, so SQLite never fails on it.
@Suite struct SearchQuerySafetyTests {
    static func store() throws -> RecordStore {
        let store = try RecordFixtures.store()
        try store.write { r in
            for (i, text) in ["tea with river", "a cup of tea", "calm café", "NEAR the river", "日本 tea 🙂", "x-ray: done"].enumerated() {
                try r.insert(.journal(RecordFixtures.journal(text, day: i)))
            }
        }
        return store
    }

    /// Searches `typed` on `records`: nil when the query is refused as not understood.
    static func outcome(_ typed: String, _ records: Records) throws -> [SearchHit]? {
        let query: SearchQuery
        do {
            query = try SearchQuery(typed)
        } catch {
            #expect(error == .invalidSearch)
            return nil
        }
        #expect(!query.fts5.unicodeScalars.contains { $0.properties.generalCategory == .control }, "\(Self.scalars(typed))")
        return try records.search(query, highlight: ("[", "]")).hits
    }

    static func scalars(_ text: String) -> String {
        text.unicodeScalars.map { String($0.value, radix: 16) }.joined(separator: " ")
    }

    @Test func aQuoteWithACombiningMarkIsStillAQuote() throws {
        // `"` + U+0301 is one Swift Character but two scalars to FTS5: read by Character, the
        // quote went into a word unescaped and FTS5 failed with "unterminated string".
        try Self.store().read { (records: Records) throws in
            #expect(try Self.outcome("tea\"\u{301}", records) == nil, "an open quote is not understood")
            #expect(try Self.outcome("\"tea\"\u{301}", records)?.count == 3)
            #expect(try Self.outcome("\"tea\u{301}\" cup", records)?.count == 1)
            #expect(try Self.outcome("(\u{301}tea)\u{301}", records)?.count == 3)
            #expect(try SearchQuery("\"with\"\u{301} tea").fts5 == "\"with\" AND \"tea\"")
            #expect(SearchQuery.quoted("a\"\u{301}b") == "\"a\"\"\u{301}b\"")
        }
    }

    /// The fuzzer's saved reproducers (Fuzz/Crashes/query/) replayed in the suite too, without
    /// the sanitizer build: each is refused as not understood, or its search runs.
    @Test func theFuzzersSavedQueriesRunClean() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Fuzz/Crashes/query")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(!names.isEmpty, "no reproducers in \(folder.path)")
        try Self.store().read { (records: Records) throws in
            for name in names {
                let typed = String(decoding: try Data(contentsOf: folder.appendingPathComponent(name)), as: UTF8.self)
                _ = try Self.outcome(typed, records)
            }
        }
    }

    @Test func controlCharactersSeparateWordsAndNeverReachFTS5() throws {
        // FTS5 takes a NUL as the end of the query ("unterminated string").
        try Self.store().read { (records: Records) throws in
            #expect(try SearchQuery("tea\u{0}cup").fts5 == "\"tea\" AND \"cup\"")
            #expect(try SearchQuery("\"a\u{0}cup\u{1B}of\"").fts5 == "\"a cup of\"")
            #expect(try Self.outcome("tea\u{0}cup", records)?.count == 1)
            #expect(try Self.outcome("\"a\u{0}cup\"", records)?.count == 1)
            #expect(try Self.outcome("\u{0}", records) == nil)
            #expect(try Self.outcome("\u{0}\"\u{0}\"\u{7F}", records) == nil)
        }
    }

    @Test func randomTypingNeverFailsInSQLite() throws {
        let pieces = [
            "tea", "river", "café", "cafe\u{301}", "日本", "🙂", "x", "ray", "NEAR", "NEAR(", "AND", "OR", "NOT", "and",
            "\"", "\"", "\u{301}", "\u{308}", "\u{0}", "\u{1B}", "\u{7F}", "\u{85}", "*", "-", "^", ":", "+", "(", ")", "{", "}",
            ",", "'", "\\", "%", "_", "content:", "\"\"", " ", " ", " ", "\t", "\n", "\u{2028}", "\u{A0}", "\u{200B}",
            "\u{FEFF}", "\u{A7C0}", "\u{E000}", "\u{10FFFF}", "ß", "İ", "0", "42",
        ]
        var generator = SplitMix(seed: 12)
        var ran = 0, refused = 0
        try Self.store().read { (records: Records) throws in
            for _ in 0..<2_000 {
                let count = 1 + Int(generator.next() % 10)
                let typed = (0..<count).map { _ in pieces[Int(generator.next() % UInt64(pieces.count))] }.joined()
                do {
                    if try Self.outcome(typed, records) == nil { refused += 1 } else { ran += 1 }
                } catch {
                    Issue.record("\(Self.scalars(typed)): \(error)")
                }
            }
        }
        // Both kinds of outcome are exercised.
        #expect(ran > 500 && refused > 100, "ran \(ran), refused \(refused)")
    }
}
