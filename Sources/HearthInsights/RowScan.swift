import Foundation
import GRDB
import GRDBSQLite

/// A forward-only pass over a query's rows that reads columns in place. Insights visit a few
/// hundred thousand rows: copying each into a GRDB `Row`, or calling a closure that writes to
/// captured variables (each write checked for exclusive access), would cost more than SQLite.
///
///     var scan = try RowScan(db, "SELECT seq, at FROM record")
///     while try scan.next() { ... scan.int(0) ... }
struct RowScan: ~Copyable {
    private let statement: Statement
    private let handle: SQLiteStatement
    private let connection: SQLiteConnection
    private var finished = false

    init(_ db: Database, _ sql: String, arguments: StatementArguments = []) throws {
        let statement = try db.cachedStatement(sql: sql)
        try statement.setArguments(arguments)
        guard let connection = db.sqliteConnection else { throw DatabaseError(resultCode: .SQLITE_MISUSE, message: "closed") }
        self.statement = statement
        self.handle = statement.sqliteStatement
        self.connection = connection
    }

    deinit { sqlite3_reset(handle) }

    /// Moves to the next row; false when there are no more.
    mutating func next() throws -> Bool {
        guard !finished else { return false }
        let rc = sqlite3_step(handle)
        if rc == SQLITE_ROW { return true }
        finished = true
        sqlite3_reset(handle)
        guard rc == SQLITE_DONE else {
            throw DatabaseError(resultCode: ResultCode(rawValue: rc), message: String(cString: sqlite3_errmsg(connection)))
        }
        return false
    }

    /// An integer column (0 when NULL).
    func int(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }

    /// An integer column, nil when NULL.
    func optionalInt(_ column: Int32) -> Int64? {
        sqlite3_column_type(handle, column) == SQLITE_NULL ? nil : sqlite3_column_int64(handle, column)
    }

    /// A text column ("" when NULL).
    func text(_ column: Int32) -> String {
        String(decoding: bytes(column), as: UTF8.self)
    }

    /// True when the bytes of a column equal `known` (a cheap test for "same word as before").
    static func same(_ bytes: UnsafeBufferPointer<UInt8>, _ known: [UInt8]) -> Bool {
        guard bytes.count == known.count else { return false }
        guard let base = bytes.baseAddress else { return known.isEmpty }
        return known.withUnsafeBufferPointer { memcmp(base, $0.baseAddress!, known.count) == 0 }
    }

    /// The bytes of a text column, valid until the next call to `next()`.
    func bytes(_ column: Int32) -> UnsafeBufferPointer<UInt8> {
        guard let pointer = sqlite3_column_text(handle, column) else { return UnsafeBufferPointer(start: nil, count: 0) }
        return UnsafeBufferPointer(start: pointer, count: Int(sqlite3_column_bytes(handle, column)))
    }
}
