import Foundation
import GRDB
import HearthCrypto
import HearthVault

// The save history (`SaveHistorySchema`): read by the check for missing saves, grown by every
// save, unioned by merges.
extension Records {
    /// The marks this copy's history holds, deepest first. A row that breaks the table's rules
    /// (an id of another length, a depth that is not an integer from 1 to `SaveMark.maximumDepth`)
    /// was not written by Hearth: the database is damaged (65), never read around, so that a
    /// planted depth cannot make the next save's `depth + 1` overflow or push every other mark out.
    public func saveHistory() throws -> [SaveMark] {
        let rows = try Row.fetchAll(db, sql: "SELECT save_id, depth FROM save_history")
        return SaveMark.capped(try rows.map { row -> SaveMark in
            guard case .blob(let data) = (row[0] as DatabaseValue).storage, case let id = Array(data), id.count == SaveMark.idLength,
                  case .int64(let depth) = (row[1] as DatabaseValue).storage, depth >= 1, SaveMark.isValid(depth: UInt64(depth))
            else { throw RecordsError.databaseUnreadable }
            return SaveMark(id: id, depth: UInt64(depth))
        })
    }

    /// Draws the mark of the save about to be written: a fresh random id, one deeper than every
    /// mark held, kept with the deepest others (`SaveMark.historyLimit`). A history already at
    /// `SaveMark.maximumDepth` cannot have been written by Hearth: damaged (65).
    func markNewSave() throws -> SaveMark {
        let deepest = try saveHistory().first?.depth ?? 0
        let (next, overflow) = deepest.addingReportingOverflow(1)
        guard !overflow, SaveMark.isValid(depth: next) else { throw RecordsError.databaseUnreadable }
        let mark = SaveMark(id: Random.bytes(SaveMark.idLength), depth: next)
        try keep([mark])
        return mark
    }

    /// Adds marks learned from another copy of the vault (a merge); true when any was new.
    @discardableResult
    public func learnSaves(_ marks: [SaveMark]) throws -> Bool {
        let held = Set(try saveHistory())
        let new = marks.filter { !held.contains($0) && $0.id.count == SaveMark.idLength && SaveMark.isValid(depth: $0.depth) }
        guard !new.isEmpty else { return false }
        let before = held
        try keep(new)
        return Set(try saveHistory()) != before
    }

    /// Inserts `marks`, then drops every mark beyond the limit (shallowest first).
    private func keep(_ marks: [SaveMark]) throws {
        for mark in marks {
            try db.execute(
                sql: "INSERT OR IGNORE INTO save_history (save_id, depth) VALUES (?, ?)",
                arguments: [Data(mark.id), Int64(clamping: mark.depth)])
        }
        let kept = Set(try saveHistory())
        for row in try Row.fetchAll(db, sql: "SELECT save_id FROM save_history") {
            if let data = try? row.decode(Data.self, atIndex: 0), kept.contains(where: { $0.id == Array(data) }) { continue }
            try db.execute(sql: "DELETE FROM save_history WHERE save_id IS ?", arguments: [row[0] as DatabaseValue])
        }
    }
}
