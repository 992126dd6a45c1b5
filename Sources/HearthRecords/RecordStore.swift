import Foundation
import GRDB

/// Queries and changes over the records database. Knows nothing about files or keys.
public struct RecordStore {
    let database: PlaintextDatabase

    public init(database: PlaintextDatabase) { self.database = database }

    // MARK: Journal

    /// Adds `entry`; its id must be new.
    public func add(_ entry: JournalEntry) throws {
        try database.queue.write { db in
            try db.execute(
                sql: """
                    INSERT INTO journal_entry (id, at, at_utc, created_at, updated_at, text, starred)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    entry.id, entry.at.iso8601, Int64(entry.at.date.timeIntervalSince1970), entry.createdAt.iso8601,
                    entry.updatedAt.iso8601, entry.text, entry.starred,
                ])
            for tag in Set(entry.tags) {
                try db.execute(sql: "INSERT INTO record_tag (record_id, tag) VALUES (?, ?)", arguments: [entry.id, tag])
            }
        }
    }

    /// Journal entries matching `filter`, newest last; with a limit, the latest `limit`.
    public func journalEntries(matching filter: RecordFilter = RecordFilter()) throws -> [JournalEntry] {
        try database.queue.read { db in
            var clauses: [String] = []
            var arguments: StatementArguments = []
            if let since = filter.since {
                clauses.append("at_utc >= ?")
                arguments += [Int64(since.timeIntervalSince1970)]
            }
            if let until = filter.until {
                clauses.append("at_utc < ?")
                arguments += [Int64(until.timeIntervalSince1970)]
            }
            if let tag = filter.tag {
                clauses.append("id IN (SELECT record_id FROM record_tag WHERE tag = ?)")
                arguments += [tag]
            }
            let whereSQL = clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND ")
            var sql = "SELECT * FROM journal_entry \(whereSQL) ORDER BY at_utc DESC, created_at DESC"
            if let limit = filter.limit {
                sql += " LIMIT ?"
                arguments += [limit]
            }
            let rows = try Row.fetchAll(db, sql: sql, arguments: arguments)
            return try rows.reversed().map { try Self.entry(from: $0, db: db) }
        }
    }

    /// The entry with `id`, or `recordNotFound`.
    public func journalEntry(id: String) throws -> JournalEntry {
        try database.queue.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM journal_entry WHERE id = ?", arguments: [id]) else {
                throw RecordsError.recordNotFound(id: id)
            }
            return try Self.entry(from: row, db: db)
        }
    }

    /// Number of records of each kind, for `status`.
    public func counts() throws -> [String: Int] {
        try database.queue.read { db in
            ["journal": try Int.fetchOne(db, sql: "SELECT count(*) FROM journal_entry") ?? 0]
        }
    }

    private static func entry(from row: Row, db: Database) throws -> JournalEntry {
        let id: String = row["id"]
        let tags = try String.fetchAll(db, sql: "SELECT tag FROM record_tag WHERE record_id = ? ORDER BY tag", arguments: [id])
        func time(_ column: String) -> RecordTime {
            RecordTime(iso8601: row[column]) ?? RecordTime(date: Date(timeIntervalSince1970: 0), offsetSeconds: 0)
        }
        return JournalEntry(
            id: id, at: time("at"), createdAt: time("created_at"), updatedAt: time("updated_at"),
            text: row["text"], tags: tags, starred: row["starred"])
    }
}
