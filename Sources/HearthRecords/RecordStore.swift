import Foundation
import GRDB

/// Queries and changes over the records database. Knows nothing about files or keys.
public struct RecordStore {
    let database: PlaintextDatabase
    let changes: ChangeLog

    public init(database: PlaintextDatabase) {
        self.init(database: database, changes: ChangeLog())
    }

    init(database: PlaintextDatabase, changes: ChangeLog) {
        self.database = database
        self.changes = changes
    }

    /// Reads records (no change possible).
    public func read<T>(_ body: (Records) throws -> T) throws -> T {
        try Self.decoding { try database.queue.read { db in try body(Records(db: db, changes: changes)) } }
    }

    /// Changes records in one transaction: when `body` throws, nothing of it stays. The search
    /// index takes the changes in one pass when `body` returns (`SearchIndexBacklog`).
    @discardableResult
    public func write<T>(_ body: (Records) throws -> T) throws -> T {
        try Self.decoding {
            try database.queue.write { db in
                let records = Records(db: db, changes: changes)
                let result = try body(records)
                try records.updateSearchIndex()
                return result
            }
        }
    }

    /// A stored value that did not decode where no record could be named is damage (65), not
    /// an unexpected failure.
    static func decoding<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch is RowDecodingError {
            throw RecordsError.databaseUnreadable
        } catch is DecodingError {
            throw RecordsError.databaseUnreadable
        }
    }

    /// Removes every trace of replaced or deleted text from the database image: merges the
    /// search index into one segment (dropping deleted entries), then VACUUM rebuilds the file
    /// without free pages. With `secure_delete` on, freed pages were already zeroed.
    public func compact() throws {
        try database.queue.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA secure_delete = ON")
            try SearchIndex.optimize(db)
            try db.execute(sql: "VACUUM")
        }
        changes.needsCompaction = false
    }

    /// True when replaced or deleted text still needs `compact()` before a save.
    public var needsCompaction: Bool { changes.needsCompaction }

    /// Checks the search index against the records (FTS5 'integrity-check').
    public func checkSearchIndex() throws {
        try database.queue.write { db in try SearchIndex.checkIntegrity(db) }
    }

    // MARK: Journal (the first API, kept for its callers)

    /// Adds `entry`; its id must be new.
    public func add(_ entry: JournalEntry) throws {
        try write { try $0.insert(.journal(entry)) }
    }

    /// Journal entries matching `filter`, oldest first; with a limit, the latest `limit`.
    public func journalEntries(matching filter: RecordFilter = RecordFilter()) throws -> [JournalEntry] {
        var filter = filter
        filter.kind = .journal
        return try read { try $0.list(filter) }.compactMap {
            if case .journal(let entry) = $0 { return entry }
            return nil
        }
    }

    /// The entry with `id`, or `recordNotFound`.
    public func journalEntry(id: String) throws -> JournalEntry {
        guard case .journal(let entry)? = try read({ try $0.record(id: id) }) else { throw RecordsError.recordNotFound(id: id) }
        return entry
    }

    /// Number of records of each kind, for `status` (keys are kind names).
    public func counts() throws -> [String: Int] {
        let counts = try read { try $0.counts() }
        return Dictionary(uniqueKeysWithValues: counts.map { ($0.key.rawValue, $0.value) })
    }
}
