import GRDB
import HearthRecords
import Foundation
import Testing

@Suite struct MemoryHygieneTests {
    /// SQLite's temporary tables and indexes (the text a write takes out of the search index
    /// waits in one) stay in memory: the pragma took, on the main and the temporary database.
    @Test func temporaryTablesLiveInMemory() throws {
        let database = try PlaintextDatabase.empty()
        let (store, secure) = try database.queue.inDatabase { db in
            (try Int.fetchOne(db, sql: "PRAGMA temp_store"), try Int.fetchOne(db, sql: "PRAGMA temp.secure_delete"))
        }
        #expect(store == 2, "temp_store = MEMORY")
        #expect(secure == 1)
    }

    @Test func sqliteHeapIsZeroedOnFree() throws {
        // Opening a database configures SQLite first; the zeroing allocator must be in place.
        _ = try PlaintextDatabase.empty()
        #expect(PlaintextDatabase.zeroesFreedMemory)
    }

    @Test func serializedImageRoundTripsThroughTheAllocator() throws {
        let database = try PlaintextDatabase.empty()
        try database.queue.write { try $0.execute(sql: "CREATE TABLE t(x TEXT); INSERT INTO t VALUES ('kept')") }
        let copy = try database.withSerializedImage { image -> PlaintextDatabase in
            let buffer = PlaintextDatabase.allocator.allocate(image.count)!
            buffer.copyMemory(from: image)
            return try PlaintextDatabase.load(image: buffer, length: image.count)
        }
        let value = try copy.queue.read { try String.fetchOne($0, sql: "SELECT x FROM t") }
        #expect(value == "kept")
    }
}
