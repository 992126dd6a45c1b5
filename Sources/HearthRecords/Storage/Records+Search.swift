import Foundation
import GRDB

/// One search result: which record, and a short piece of its text around the match.
public struct SearchHit: Equatable, Sendable {
    public var id: String
    public var kind: RecordKind
    public var at: RecordTime
    public var snippet: String
}

extension Records {
    /// Full-text search, best matches first (FTS5's bm25 rank).
    /// - Parameters:
    ///   - query: what a person typed (see `SearchQuery`).
    ///   - highlight: the marks put around matched words in snippets.
    public func search(
        _ query: SearchQuery, kinds: [RecordKind] = [], since: Date? = nil, until: Date? = nil, limit: Int? = nil,
        highlight: (open: String, close: String) = ("", "")
    ) throws -> [SearchHit] {
        var sql = """
            SELECT r.id, r.kind, r.at, snippet(record_search, 0, ?, ?, '…', 12) AS snippet
            FROM record_search JOIN record r ON r.seq = record_search.rowid
            WHERE record_search MATCH ?
            """
        var arguments: StatementArguments = [highlight.open, highlight.close, query.fts5]
        if !kinds.isEmpty {
            sql += " AND r.kind IN (\(kinds.map { _ in "?" }.joined(separator: ", ")))"
            for kind in kinds { arguments += [kind.rawValue] }
        }
        if let since {
            sql += " AND r.at_utc >= ?"
            arguments += [Int64(since.timeIntervalSince1970.rounded(.down))]
        }
        if let until {
            sql += " AND r.at_utc < ?"
            arguments += [Int64(until.timeIntervalSince1970.rounded(.up))]
        }
        sql += " ORDER BY record_search.rank, r.at_utc DESC"
        if let limit {
            sql += " LIMIT ?"
            arguments += [limit]
        }
        do {
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                SearchHit(
                    id: row["id"], kind: RecordKind(rawValue: row["kind"]) ?? .journal, at: try Self.time(row["at"]),
                    snippet: Self.oneLine(row["snippet"]))
            }
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
