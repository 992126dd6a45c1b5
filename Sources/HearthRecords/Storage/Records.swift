import Foundation
import GRDB

/// Reads and changes records within one database access (one transaction when writing).
/// Obtained from `RecordStore.read` or `RecordStore.write`; do not keep it beyond the closure.
public struct Records {
    let db: Database
    let changes: ChangeLog
    let reading = ReadingLog()
    /// Search-index changes of this write, made when it ends (`updateSearchIndex`).
    let searchBacklog = SearchIndexBacklog()

    init(db: Database, changes: ChangeLog) {
        self.db = db
        self.changes = changes
    }

    /// The records that listings (`list`, `all`) left out so far because their stored values
    /// do not decode, in the order met. Callers report them by id.
    public var unreadable: [UnreadableRecord] { reading.unreadable }

    // MARK: Looking up

    /// The row of the record with `id`, if any; `recordUnreadable` when it does not decode.
    func row(id: String) throws -> RecordRow? {
        guard let row = try Row.fetchOne(try statement("SELECT * FROM record WHERE id = ?"), arguments: [id]) else { return nil }
        do {
            return try RecordRow(row: row)
        } catch let error where Self.isDecodingFailure(error) {
            throw RecordsError.recordUnreadable(id: id)
        }
    }

    func row(seq: Int64) throws -> RecordRow? {
        try RecordRow.fetchOne(db, key: seq)
    }

    /// The kind of the record with `id`, or nil when there is none.
    public func kind(of id: String) throws -> RecordKind? {
        try String?.fetchOne(try statement("SELECT kind FROM record WHERE id = ?"), arguments: [id]).flatMap { $0 }
            .flatMap(RecordKind.init(rawValue:))
    }

    /// Ids that start with `prefix` (case-insensitively), of one kind when given; at most `limit`.
    public func ids(startingWith prefix: String, kind: RecordKind?, limit: Int = 2) throws -> [String] {
        let lower = prefix.lowercased()
        // A range over the unique index: ids made here are lower case.
        var sql = "SELECT id FROM record WHERE id >= ? AND id < ?"
        var arguments: StatementArguments = [lower, lower + "\u{10FFFF}"]
        if let kind {
            sql += " AND kind = ?"
            arguments += [kind.rawValue]
        }
        sql += " ORDER BY id LIMIT ?"
        arguments += [limit]
        return try String?.fetchAll(db, sql: sql, arguments: arguments).compactMap { $0 }
    }

    /// The record with `id`, or nil.
    public func record(id: String) throws -> AnyRecord? {
        guard let row = try row(id: id) else { return nil }
        return try record(from: row)
    }

    /// The tombstone of a deleted record, if it was deleted here.
    public func tombstone(id: String) throws -> Tombstone? {
        try Tombstone.fetchOne(try statement("SELECT * FROM tombstone WHERE id = ?"), arguments: [id])
    }

    /// Every tombstone, oldest deletion first. One whose values do not decode (a NULL or an
    /// unknown kind, in a copy made by something else) is skipped: it says nothing usable.
    public func tombstones() throws -> [Tombstone] {
        var out: [Tombstone] = []
        let cursor = try Row.fetchCursor(db, sql: "SELECT * FROM tombstone ORDER BY deleted_at, id")
        while let row = try cursor.next() {
            if let tombstone = try? Tombstone(row: row) { out.append(tombstone) }
        }
        return out
    }

    /// Number of records of each kind (every kind present, zero when empty).
    public func counts() throws -> [RecordKind: Int] {
        var counts = Dictionary(uniqueKeysWithValues: RecordKind.allCases.map { ($0, 0) })
        for row in try Row.fetchAll(db, sql: "SELECT kind, count(*) AS n FROM record GROUP BY kind") {
            // A kind that is NULL or unknown (a damaged or foreign row) is not counted.
            guard let word = try? row.decode(String?.self, forColumn: "kind"), let kind = RecordKind(rawValue: word),
                  let n = try? row.decode(Int.self, forColumn: "n")
            else { continue }
            counts[kind] = n
        }
        return counts
    }

    // MARK: Listing

    /// Records matching `filter`, oldest first (people: by name); with a limit, the latest
    /// `limit` (people: the first by name).
    public func list(_ filter: RecordFilter) throws -> [AnyRecord] {
        var clauses: [String] = []
        var arguments: StatementArguments = []
        if let kind = filter.kind {
            clauses.append("r.kind = ?")
            arguments += [kind.rawValue]
        }
        let window = TimeWindow(since: filter.since, until: filter.until).sqlConditions(prefix: "r.")
        clauses += window.clauses
        arguments += window.arguments
        if let tag = filter.tag {
            clauses.append("r.seq IN (SELECT record_seq FROM record_tag WHERE tag = ?)")
            arguments += [RecordNormalizer.tag(tag)]
        }
        if let feeling = filter.feeling {
            clauses.append("r.seq IN (SELECT record_seq FROM record_feeling WHERE feeling = ?)")
            arguments += [FeelingVocabulary.normalized(feeling)]
        }
        if let person = filter.person {
            clauses.append("r.seq IN (SELECT rp.record_seq FROM record_person rp JOIN record p ON p.seq = rp.person_seq WHERE p.id = ?)")
            arguments += [person]
        }
        if let state = filter.state {
            clauses.append("""
                (r.seq IN (SELECT seq FROM body_check_in WHERE state = ?)
                 OR r.seq IN (SELECT seq FROM connection WHERE state_before = ? OR state_after = ?))
                """)
            arguments += [state.rawValue, state.rawValue, state.rawValue]
        }
        if filter.starred {
            clauses.append("r.starred = 1")
        }
        let whereSQL = clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND ")
        let byName = filter.kind == .person
        var sql = "SELECT r.* FROM record r \(whereSQL) "
        sql += byName
            ? "ORDER BY (SELECT name FROM person WHERE seq = r.seq) COLLATE NOCASE, r.seq"
            : "ORDER BY r.at_utc DESC, r.seq DESC"
        if let limit = filter.limit {
            sql += " LIMIT ?"
            arguments += [limit]
        }
        var rows = try recordRows(sql: sql, arguments: arguments)
        if !byName { rows.reverse() }
        return try records(from: rows)
    }

    /// Every record, in export order (people first, then each kind by time). Records that do
    /// not decode, or whose kind is unknown, are noted in `unreadable`.
    public func all() throws -> [AnyRecord] {
        let known = RecordKind.allCases.map { "'\($0.rawValue)'" }.joined(separator: ",")
        for row in try Row.fetchAll(db, sql: "SELECT seq, id FROM record WHERE kind IS NULL OR kind NOT IN (\(known))") {
            try noteUnreadable(seq: try? row.decode(Int64?.self, atIndex: 0), id: try? row.decode(String?.self, atIndex: 1))
        }
        var records: [AnyRecord] = []
        for kind in RecordKind.exportOrder {
            let rows = try recordRows(sql: "SELECT * FROM record WHERE kind = ? ORDER BY at_utc, id", arguments: [kind.rawValue])
            records += try self.records(from: rows)
        }
        return records
    }

    // MARK: Internal

    /// A prepared statement kept by the connection for `sql`: statements run once per record
    /// (lookups by id, the search index, detail rows) are compiled once, not thousands of times
    /// in an import.
    func statement(_ sql: String) throws -> Statement {
        try db.cachedStatement(sql: sql)
    }

    /// Brings the search index up to date with the records written so far (`SearchIndexBacklog`).
    /// `RecordStore.write` calls it when its body returns; a search within a write calls it first.
    func updateSearchIndex() throws {
        if !searchBacklog.isEmpty { try searchBacklog.apply(db) }
    }

    func requireSeq(of id: String) throws -> Int64 {
        guard let seq = try Int64.fetchOne(try statement("SELECT seq FROM record WHERE id = ?"), arguments: [id]) else {
            throw RecordsError.recordNotFound(id: id)
        }
        return seq
    }
}

/// What a write changed that the save must take care of.
final class ChangeLog: @unchecked Sendable {
    /// Text was replaced or removed: compact before the next save so it leaves no trace.
    var needsCompaction = false
}

/// Filters for listing records; every filter given must hold (AND).
public struct RecordFilter: Sendable {
    public var kind: RecordKind?
    /// From this instant or day on (a day: as records show it, `TimeWindow`).
    public var since: TimeBound?
    /// Before this instant, or up to and including this day.
    public var until: TimeBound?
    public var limit: Int?
    public var tag: String?
    public var feeling: String?
    /// A person's id: records that link them.
    public var person: String?
    public var state: NervousSystemState?
    public var starred: Bool

    public init(
        kind: RecordKind? = nil, since: TimeBound? = nil, until: TimeBound? = nil, limit: Int? = nil, tag: String? = nil,
        feeling: String? = nil, person: String? = nil, state: NervousSystemState? = nil, starred: Bool = false
    ) {
        self.kind = kind
        self.since = since
        self.until = until
        self.limit = limit
        self.tag = tag
        self.feeling = feeling
        self.person = person
        self.state = state
        self.starred = starred
    }
}
