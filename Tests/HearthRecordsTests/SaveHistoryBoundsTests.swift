import Foundation
import GRDB
import HearthCrypto
import HearthVault
import Testing
@testable import HearthRecords

/// Save history depths are bounded (Docs/FORMAT.md, "Save history"): the table refuses a depth
/// above 2^48, and a history that holds one anyway (a planted database) is damage on read, so
/// that the next save's `depth + 1` can neither trap nor go past what SQLite stores.
@Suite struct SaveHistoryBoundsTests {
    /// A history with `depth` planted past the table's CHECK (as a crafted database would hold it).
    static func planted(depth: Int64) throws -> RecordStore {
        let store = try RecordFixtures.store()
        _ = try store.write { try $0.markNewSave() }
        try store.database.queue.inDatabase { db in
            try db.execute(sql: "PRAGMA ignore_check_constraints = ON")
            try db.execute(sql: "INSERT INTO save_history (save_id, depth) VALUES (?, ?)", arguments: [Data(Random.bytes(16)), depth])
            try db.execute(sql: "PRAGMA ignore_check_constraints = OFF")
        }
        return store
    }

    @Test func theTableRefusesADepthAboveTheBound() throws {
        let store = try RecordFixtures.store()
        #expect(throws: (any Error).self) {
            try store.database.queue.inDatabase { db in
                try db.execute(sql: "INSERT INTO save_history (save_id, depth) VALUES (?, ?)",
                               arguments: [Data(Random.bytes(16)), Int64(SaveMark.maximumDepth) + 1])
            }
        }
        try store.database.queue.inDatabase { db in
            try db.execute(sql: "INSERT INTO save_history (save_id, depth) VALUES (?, ?)",
                           arguments: [Data(Random.bytes(16)), Int64(SaveMark.maximumDepth)])
        }
        #expect(try store.read { try $0.saveHistory() }.first?.depth == SaveMark.maximumDepth)
        #expect(throws: RecordsError.databaseUnreadable, "no save can go deeper: damage, not a trap") {
            try store.write { try $0.markNewSave() }
        }
    }

    @Test(arguments: [Int64.max, Int64(SaveMark.maximumDepth) + 1, 0, -5])
    func aPlantedDepthIsDamage(_ depth: Int64) throws {
        let store = try Self.planted(depth: depth)
        #expect(throws: RecordsError.databaseUnreadable) { try store.read { try $0.saveHistory() } }
        #expect(throws: RecordsError.databaseUnreadable, "the next save fails as damage, nothing written") {
            try store.write { try $0.markNewSave() }
        }
        let marks = try RecordFixtures.store()
        #expect(try marks.write { try $0.learnSaves([SaveMark(id: Random.bytes(16), depth: UInt64(bitPattern: depth))]) } == false,
                "a depth out of bounds is never learned")
    }
}
