import GRDB

/// Which records a database holds (by id, with when each was last changed) and which were
/// deleted (tombstones), read from the schema itself, so that it covers every record kind:
/// the common `record` table when there is one, else every table with `id` and `updated_at`.
public struct RecordInventory: Sendable {
    /// Live records: id → `updated_at` (ISO 8601, as stored).
    public var live: [String: String] = [:]
    /// Deleted records: id → `deleted_at`.
    public var deleted: [String: String] = [:]

    public init(live: [String: String] = [:], deleted: [String: String] = [:]) {
        self.live = live
        self.deleted = deleted
    }

    /// Records here that `other` neither holds nor deleted.
    public func missing(from other: RecordInventory) -> [String] {
        live.keys.filter { other.live[$0] == nil && other.deleted[$0] == nil }.sorted()
    }

    /// Records both hold that were changed here later than there.
    public func newer(than other: RecordInventory) -> [String] {
        live.compactMap { id, updated in
            guard let theirs = other.live[id], let mine = RecordTime(iso8601: updated),
                  let their = RecordTime(iso8601: theirs), mine.date > their.date
            else { return nil }
            return id
        }.sorted()
    }
}

extension PlaintextDatabase {
    public func inventory() throws -> RecordInventory {
        try queue.inDatabase { db in
            var inventory = RecordInventory()
            let tables = try String.fetchAll(
                db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
            func columns(_ table: String) throws -> Set<String> {
                Set(try db.columns(in: table).map(\.name))
            }
            let recordTables = try tables.contains("record") && columns("record").isSuperset(of: ["id", "updated_at"])
                ? ["record"]
                : tables.filter { $0 != "tombstone" && (try? columns($0).isSuperset(of: ["id", "updated_at"])) == true }
            for table in recordTables {
                let rows = try Row.fetchAll(db, sql: "SELECT id, updated_at FROM \(table.quotedDatabaseIdentifier)")
                for row in rows {
                    guard let id = try? row.decode(String.self, atIndex: 0) else { continue }
                    inventory.live[id] = (try? row.decode(String?.self, atIndex: 1)).flatMap { $0 } ?? ""
                }
            }
            if tables.contains("tombstone"), try columns("tombstone").isSuperset(of: ["id", "deleted_at"]) {
                for row in try Row.fetchAll(db, sql: "SELECT id, deleted_at FROM tombstone") {
                    guard let id = try? row.decode(String.self, atIndex: 0) else { continue }
                    inventory.deleted[id] = (try? row.decode(String?.self, atIndex: 1)).flatMap { $0 } ?? ""
                }
            }
            return inventory
        }
    }
}
