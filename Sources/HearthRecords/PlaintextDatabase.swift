import CPlatform
import Foundation
import GRDB
import GRDBSQLite
import HearthCrypto
import HearthVault

/// The records database: SQLite held entirely in memory, loaded from the decrypted payload
/// (`sqlite3_deserialize`) and written back as one image (`sqlite3_serialize`).
/// No journal, WAL or temporary file ever reaches the disk.
public final class PlaintextDatabase {
    /// The GRDB connection; all record queries go through it.
    public let queue: DatabaseQueue

    /// SQLite's own allocator, so the vault decrypts straight into memory the database then owns.
    public static let allocator = PlaintextAllocator(
        allocate: { count in
            _ = allocatorConfigured
            guard let p = sqlite3_malloc64(UInt64(count)) else { return nil }
            let buffer = UnsafeMutableRawBufferPointer(start: p, count: count)
            MemoryHygiene.excludeFromCoreDumps(buffer)
            return buffer
        },
        release: { buffer in sqlite3_free(buffer.baseAddress) })

    /// SQLite zeroes every block it frees (set once, before SQLite's first use).
    private static let allocatorConfigured: Bool = hearth_sqlite_use_zeroing_allocator() == SQLITE_OK

    /// True when SQLite's heap is zeroed on free in this process.
    public static var zeroesFreedMemory: Bool { allocatorConfigured }

    private static func configuration() -> Configuration {
        _ = allocatorConfigured
        var config = Configuration()
        config.label = "hearth"
        config.prepareDatabase { db in
            // Temporary tables and indices stay in memory; freed pages are zeroed.
            try db.execute(sql: "PRAGMA temp_store = MEMORY")
            try db.execute(sql: "PRAGMA secure_delete = ON")
            // A decrypted image is authenticated, but only says who wrote it, not that it is
            // harmless: no writable schema, no functions called from schema objects.
            guard hearth_sqlite_harden(UnsafeMutableRawPointer(db.sqliteConnection)) == SQLITE_OK else {
                throw RecordsError.databaseUnreadable
            }
            // The words of the search index, for spelling out prefixes (see Records.search). A
            // temporary table: it lives with the connection and is never part of the saved image.
            try db.execute(sql: "CREATE VIRTUAL TABLE temp.record_search_terms USING fts5vocab(main, record_search, 'row')")
            // The indexed text of records changed in a write, until the index drops it when the
            // write ends (in memory, like every temporary table; its freed pages zeroed too: the
            // temporary database opened after the pragma above).
            try db.execute(sql: SearchIndexBacklog.schemaSQL)
            try db.execute(sql: "PRAGMA temp.secure_delete = ON")
            // Search ranks with a BM25 whose word weights come from a sample (see Records.search).
            guard hearth_sqlite_register_rank(UnsafeMutableRawPointer(db.sqliteConnection)) == SQLITE_OK else {
                throw RecordsError.databaseUnreadable
            }
            // Search snippets chosen as FTS5's snippet() chooses them, in work that does not grow
            // faster than the text (see SearchSnippet.c).
            guard hearth_sqlite_register_snippet(UnsafeMutableRawPointer(db.sqliteConnection)) == SQLITE_OK else {
                throw RecordsError.databaseUnreadable
            }
        }
        return config
    }

    private init(queue: DatabaseQueue) { self.queue = queue }

    /// A new, empty database with the current schema.
    public static func empty() throws -> PlaintextDatabase {
        let db = PlaintextDatabase(queue: try DatabaseQueue(configuration: configuration()))
        try Schema.migrator.migrate(db.queue)
        return db
    }

    /// Takes ownership of `image` (allocated by `allocator`) and opens it as the database,
    /// then brings its schema up to date (the upgrade is written on the next save).
    public static func load(image: UnsafeMutableRawBufferPointer, length: Int) throws -> PlaintextDatabase {
        let queue: DatabaseQueue
        do {
            queue = try DatabaseQueue(configuration: configuration())
        } catch {
            Memory.wipe(image)
            sqlite3_free(image.baseAddress)
            throw error
        }
        // From here SQLite owns `image` (FREEONCLOSE), even when deserialize fails.
        let rc: Int32 = queue.inDatabase { db in
            // FREEONCLOSE: SQLite owns and frees the buffer; RESIZEABLE: it may grow it.
            sqlite3_deserialize(
                db.sqliteConnection, "main", image.baseAddress!.assumingMemoryBound(to: UInt8.self),
                sqlite3_int64(length), sqlite3_int64(image.count),
                UInt32(SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_RESIZEABLE))
        }
        guard rc == SQLITE_OK else { throw RecordsError.databaseUnreadable }
        let database = PlaintextDatabase(queue: queue)
        do {
            try queue.inDatabase { db in
                try db.execute(sql: "PRAGMA secure_delete = ON")
                // A payload that authenticated but is not a database of ours.
                guard try Bool.fetchOne(db, sql: "SELECT count(*) > 0 FROM sqlite_master") == true else {
                    throw RecordsError.databaseUnreadable
                }
            }
            try Schema.migrator.migrate(queue)
        } catch let error as DatabaseError {
            _ = error
            throw RecordsError.databaseUnreadable
        }
        return database
    }

    /// Serializes the whole database into one image, hands it to `body`, then wipes it.
    ///
    /// A database loaded from a vault (`load`) already lives in one buffer that SQLite owns
    /// (memdb): `body` reads that buffer itself (`SQLITE_SERIALIZE_NOCOPY`), so a save does not
    /// make, fault in and wipe another copy of the whole plaintext. SQLite wipes the buffer when
    /// the database closes (the zeroing allocator). Otherwise (a new database) the image is a copy,
    /// wiped after `body`.
    public func withSerializedImage<R>(_ body: (UnsafeRawBufferPointer) throws -> R) throws -> R {
        try queue.inDatabase { db in
            var size: sqlite3_int64 = 0
            if let live = sqlite3_serialize(db.sqliteConnection, "main", &size, UInt32(SQLITE_SERIALIZE_NOCOPY)) {
                return try body(UnsafeRawBufferPointer(start: live, count: Int(size)))
            }
            guard let p = sqlite3_serialize(db.sqliteConnection, "main", &size, 0) else {
                throw RecordsError.outOfMemory
            }
            let image = UnsafeMutableRawBufferPointer(start: p, count: Int(size))
            MemoryHygiene.excludeFromCoreDumps(image)
            defer {
                Memory.wipe(image)
                sqlite3_free(p)
            }
            return try body(UnsafeRawBufferPointer(image))
        }
    }
}

/// Errors from the records layer.
public enum RecordsError: Error, Equatable, Sendable {
    /// The decrypted payload is not a readable records database.
    case databaseUnreadable
    case outOfMemory
    /// No record with that id (66).
    case recordNotFound(id: String)
    /// The record with that id is there, but a stored value of it does not decode (65). The
    /// rest of the vault reads; the record can be deleted and is exported raw.
    case recordUnreadable(id: String)
    /// Input that does not fit the record's rules (65). The text names fields, never values.
    case invalidInput(String)
    /// A search that cannot be understood (unbalanced quotes or parentheses, a lone operator).
    case invalidSearch
    /// The records were written by a newer Hearth, with a schema this one does not know (69).
    case newerSchema
}
