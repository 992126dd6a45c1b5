import GRDB

/// The database half of `hearth verify`: SQLite's own consistency checks, and the schema
/// compared object by object with the one this Hearth would create. Messages name tables and
/// indexes only, never record content.
extension PlaintextDatabase {
    /// Problems found; empty when the database is sound and its schema is the expected one.
    public func integrityProblems() throws -> [String] {
        var problems: [String] = []
        let expected = try PlaintextDatabase.empty().schemaObjects()
        try queue.inDatabase { db in
            let integrity = try String.fetchAll(db, sql: "PRAGMA integrity_check(20)")
            if integrity != ["ok"] {
                problems += integrity.map { "SQLite integrity check: \($0)" }
            }
            let dangling = try Row.fetchAll(db, sql: "PRAGMA foreign_key_check")
            let byTable = Dictionary(grouping: dangling, by: { (row: Row) -> String in
                (try? row.decode(String?.self, atIndex: 0)).flatMap { $0 } ?? "(unnamed)"
            })
            for (table, rows) in byTable.sorted(by: { $0.key < $1.key }) {
                problems.append("\(rows.count) row(s) of the table \(table) refer to something that is missing")
            }
            if try Schema.migrator.hasBeenSuperseded(db) {
                problems.append("the records were written by a newer Hearth (their schema has changes this version does not know); update Hearth before changing them")
            }
        }
        let actual = try schemaObjects()
        for (name, sql) in expected.sorted(by: { $0.key < $1.key }) {
            guard let found = actual[name] else {
                problems.append("the schema object \(name) is missing")
                continue
            }
            if found != sql { problems.append("the schema object \(name) differs from what this Hearth expects") }
        }
        return problems
    }

    /// Every table, index, view and trigger, by name, with its SQL (whitespace-normalised).
    func schemaObjects() throws -> [String: String] {
        try queue.inDatabase { db in
            let rows = try Row.fetchAll(
                db, sql: "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'")
            var objects: [String: String] = [:]
            for row in rows {
                let type = (try? row.decode(String?.self, forColumn: "type")).flatMap { $0 } ?? ""
                let name = (try? row.decode(String?.self, forColumn: "name")).flatMap { $0 } ?? ""
                let sql = (try? row.decode(String?.self, forColumn: "sql")).flatMap { $0 }
                let normalised = (sql ?? "").split(whereSeparator: \.isWhitespace).joined(separator: " ")
                objects["\(type) \(name)"] = normalised
            }
            return objects
        }
    }
}
