import CPlatform
import Foundation
import GRDB

/// One search result: which record, and a short piece of its text around the match.
public struct SearchHit: Equatable, Sendable {
    public var id: String
    public var kind: RecordKind
    public var at: RecordTime
    public var snippet: String
}

/// What a search found.
public struct SearchResults: Equatable, Sendable {
    /// Best matches first.
    public var hits: [SearchHit]
    /// True when more records matched than `Records.searchWindow`: the hits are then the best
    /// of the most recently written matches.
    public var windowed: Bool
}

extension Records {
    /// Ranking costs time for every match; a search that matches more records than this ranks
    /// the most recently written ones only, so that it stays fast on a large vault.
    public static let searchWindow = 2000

    /// A prefix that starts more words than this is searched as a prefix, not word by word.
    static let prefixWordsMost = 64

    /// How many words a snippet shows around the match.
    static let snippetWords = 12

    /// How many words of its record's text the last snippet made on this thread split (tests:
    /// a snippet is found without reading a long text to its end).
    static var snippetWordsRead: Int64 { hearth_snippet_tokens_read() }

    /// How many snippets this thread has made (tests).
    static var snippetsMade: Int64 { hearth_snippet_calls() }

    /// How many of the newest records the word weights of a search are estimated from.
    public static let searchSample = 10_000

    /// Full-text search, best matches first (BM25, with word weights from recent records).
    /// - Parameters:
    ///   - typed: what a person typed (see `SearchQuery`); longer prefixes are spelled out first.
    ///   - highlight: the marks put around matched words in snippets.
    ///   - window: how many of the most recent matches are ranked at most.
    public func search(
        _ typed: SearchQuery, kinds: [RecordKind] = [], since: TimeBound? = nil, until: TimeBound? = nil, limit: Int? = nil,
        highlight: (open: String, close: String) = ("", ""), window: Int = searchWindow
    ) throws -> SearchResults {
        try updateSearchIndex()  // inside a write: what it wrote so far is found too
        var filters = ""
        let query = try expandingPrefixes(typed)
        var filterArguments: StatementArguments = []
        if !kinds.isEmpty {
            filters += " AND r.kind IN (\(kinds.map { _ in "?" }.joined(separator: ", ")))"
            for kind in kinds { filterArguments += [kind.rawValue] }
        }
        let timeWindow = TimeWindow(since: since, until: until).sqlConditions(prefix: "r.")
        for clause in timeWindow.clauses { filters += " AND " + clause }
        filterArguments += timeWindow.arguments
        do {
            // The window-th most recently written match, if there are that many: FTS5 walks
            // its matches newest first and stops there, without ranking any.
            let floor = try Int64.fetchOne(db, sql: """
                SELECT record_search.rowid FROM record_search JOIN record r ON r.seq = record_search.rowid
                WHERE record_search MATCH ?\(filters) ORDER BY record_search.rowid DESC LIMIT 1 OFFSET ?
                """, arguments: [query.fts5] + filterArguments + [max(1, window) - 1])
            var sql = """
                SELECT r.seq, r.id, r.kind, r.at
                FROM record_search JOIN record r ON r.seq = record_search.rowid
                WHERE record_search MATCH ?\(filters)
                """
            var arguments: StatementArguments = [query.fts5] + filterArguments
            sql += " AND record_search.rank MATCH ?"
            arguments += [try rankFunction(query)]
            if let floor {
                sql += " AND record_search.rowid >= ?"
                arguments += [floor]
            }
            sql += " ORDER BY record_search.rank, r.at_utc DESC"
            if let limit {
                sql += " LIMIT ?"
                arguments += [limit]
            }
            // A hit whose stored values do not decode is left out (list and show report it).
            let rows = try Row.fetchAll(db, sql: sql, arguments: arguments)
            let seqs = rows.compactMap { try? $0.decode(Int64.self, forColumn: "seq") }
            let snippets = try snippets(of: seqs, matching: query, highlight: highlight)
            let hits = rows.compactMap { row -> SearchHit? in
                guard let seq = try? row.decode(Int64.self, forColumn: "seq"),
                      let id = try? row.decode(String.self, forColumn: "id"),
                      let kind = (try? row.decode(String.self, forColumn: "kind")).flatMap(RecordKind.init(rawValue:)),
                      let at = (try? row.decode(String.self, forColumn: "at")).flatMap(RecordTime.init(iso8601:))
                else { return nil }
                return SearchHit(id: id, kind: kind, at: at, snippet: Self.oneLine(snippets[seq] ?? ""))
            }
            return SearchResults(hits: hits, windowed: floor != nil)
        } catch let error as DatabaseError where error.message?.contains("fts5") == true || error.message?.contains("syntax") == true {
            throw RecordsError.invalidSearch
        }
    }

    /// The snippets of the records `seqs` for `query`, made after the ranking and only for the
    /// records shown: in the ranking query, SQLite makes the snippet of every ranked match (up to
    /// `searchWindow` of them) before it sorts and keeps the best, and each snippet reads its
    /// record's text. FTS5 finds each record of `rowid IN (...)` directly.
    private func snippets(of seqs: [Int64], matching query: SearchQuery, highlight: (open: String, close: String)) throws -> [Int64: String] {
        var snippets: [Int64: String] = [:]
        for start in stride(from: 0, to: seqs.count, by: 500) {
            let batch = Array(seqs[start..<min(seqs.count, start + 500)])
            let rows = try Row.fetchAll(db, sql: """
                SELECT rowid, hearth_snippet(record_search, ?, ?, '…', \(Self.snippetWords)) AS snippet
                FROM record_search WHERE record_search MATCH ? AND rowid IN (\(batch.map { _ in "?" }.joined(separator: ", ")))
                """, arguments: [highlight.open, highlight.close, query.fts5] + StatementArguments(batch))
            for row in rows {
                guard let rowid = try? row.decode(Int64.self, forColumn: "rowid") else { continue }
                snippets[rowid] = (try? row.decode(String?.self, forColumn: "snippet")).flatMap { $0 }
            }
        }
        return snippets
    }

    /// `typed` with its longer prefixes (`exha*`) spelled out as the words of the vault that
    /// start with them. The index keeps ready-made lists for prefixes of 2 and 3 letters only;
    /// for a longer one FTS5 would merge every matching word's full list of places, once for each
    /// query of a search, while the words themselves are quick to find and each is cheap to walk
    /// from the newest record back. Prefixes that are not plain ASCII letters and digits are left
    /// to FTS5 (its tokenizer folds case and accents), as are those with very many words.
    func expandingPrefixes(_ typed: SearchQuery) throws -> SearchQuery {
        try typed.expandingPrefixes { prefix in
            guard prefix.count > 3, prefix.count <= 64,
                  prefix.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)) })
            else { return nil }
            let lower = prefix.lowercased()
            var upper = Array(lower.utf8)
            upper[upper.count - 1] += 1
            let words = try String.fetchAll(db, sql: """
                SELECT term FROM temp.record_search_terms WHERE term >= ? AND term < ? ORDER BY term LIMIT ?
                """, arguments: [lower, String(decoding: upper, as: UTF8.self), Self.prefixWordsMost + 1])
            return words.count <= Self.prefixWordsMost ? words : nil
        }
    }

    /// The ranking for `query`: BM25 (FTS5's own formula) with each phrase's inverse document
    /// frequency estimated from the newest `searchSample` records. FTS5's bm25() counts every
    /// record that holds each phrase on every search, which for a phrase of common words in a
    /// large vault costs more than the rest of the search together; how rare a word is shows as
    /// well in the recent records, and counting there stays quick however large the vault grows.
    func rankFunction(_ query: SearchQuery) throws -> String {
        let sampleFloor = try Int64.fetchOne(db, sql: "SELECT seq FROM record ORDER BY seq DESC LIMIT 1 OFFSET ?",
                                             arguments: [Self.searchSample - 1]) ?? Int64.min
        let sampleSize = try Int.fetchOne(db, sql: "SELECT count(*) FROM record WHERE seq >= ?", arguments: [sampleFloor]) ?? 0
        let weights = try query.phrases.map { phrase -> String in
            let holding = try Int.fetchOne(db, sql: """
                SELECT count(*) FROM record_search WHERE record_search MATCH ? AND record_search.rowid >= ?
                """, arguments: [phrase, sampleFloor]) ?? 0
            let idf = log((Double(max(0, sampleSize - holding)) + 0.5) / (Double(holding) + 0.5))
            // As in bm25(): a word in more than half the records still counts, a little. Plain
            // decimals: FTS5 reads the rank function's arguments without exponents.
            return String(format: "%.6f", idf > 0 ? idf : 1e-6)
        }
        return "hearth_rank(\(weights.joined(separator: ", ")))"
    }

    /// Snippets are shown on one line.
    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }.joined(separator: " · ")
    }
}
