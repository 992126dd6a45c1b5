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
    /// Ranking (bm25) costs time for every match; a search that matches more records than this
    /// ranks the most recently written ones only, so that it stays fast on a large vault.
    public static let searchWindow = 2000

    /// Full-text search, best matches first (FTS5's bm25 rank).
    /// - Parameters:
    ///   - query: what a person typed (see `SearchQuery`).
    ///   - highlight: the marks put around matched words in snippets.
    ///   - window: how many of the most recent matches are ranked at most.
    public func search(
        _ query: SearchQuery, kinds: [RecordKind] = [], since: Date? = nil, until: Date? = nil, limit: Int? = nil,
        highlight: (open: String, close: String) = ("", ""), window: Int = searchWindow
    ) throws -> SearchResults {
        var filters = ""
        var filterArguments: StatementArguments = []
        if !kinds.isEmpty {
            filters += " AND r.kind IN (\(kinds.map { _ in "?" }.joined(separator: ", ")))"
            for kind in kinds { filterArguments += [kind.rawValue] }
        }
        if let since {
            filters += " AND r.at_utc >= ?"
            filterArguments += [Int64(since.timeIntervalSince1970.rounded(.down))]
        }
        if let until {
            filters += " AND r.at_utc < ?"
            filterArguments += [Int64(until.timeIntervalSince1970.rounded(.up))]
        }
        do {
            // The window-th most recently written match, if there are that many: FTS5 walks
            // its matches newest first and stops there, without ranking any.
            let floor = try Int64.fetchOne(db, sql: """
                SELECT record_search.rowid FROM record_search JOIN record r ON r.seq = record_search.rowid
                WHERE record_search MATCH ?\(filters) ORDER BY record_search.rowid DESC LIMIT 1 OFFSET ?
                """, arguments: [query.fts5] + filterArguments + [max(1, window) - 1])
            var sql = """
                SELECT r.id, r.kind, r.at, snippet(record_search, 0, ?, ?, '…', 12) AS snippet
                FROM record_search JOIN record r ON r.seq = record_search.rowid
                WHERE record_search MATCH ?\(filters)
                """
            var arguments: StatementArguments = [highlight.open, highlight.close, query.fts5] + filterArguments
            if let floor {
                sql += " AND record_search.rowid >= ?"
                arguments += [floor]
            }
            sql += " ORDER BY record_search.rank, r.at_utc DESC"
            if let limit {
                sql += " LIMIT ?"
                arguments += [limit]
            }
            let hits = try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                SearchHit(
                    id: row["id"], kind: RecordKind(rawValue: row["kind"]) ?? .journal, at: try Self.time(row["at"]),
                    snippet: Self.oneLine(row["snippet"]))
            }
            return SearchResults(hits: hits, windowed: floor != nil)
        } catch let error as DatabaseError where error.message?.contains("fts5") == true || error.message?.contains("syntax") == true {
            throw RecordsError.invalidSearch
        }
    }

    /// Snippets are shown on one line.
    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }.joined(separator: " · ")
    }
}
