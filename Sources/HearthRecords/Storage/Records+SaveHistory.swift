import Foundation
import GRDB
import HearthCrypto
import HearthVault

// The save history (`SaveHistorySchema`): read by the check for missing saves, grown by every
// save, unioned by merges.
extension Records {
    /// The marks this copy's history holds, deepest first. Rows that do not decode (a damaged or
    /// foreign copy) say nothing and are skipped.
    public func saveHistory() throws -> [SaveMark] {
        let rows = try Row.fetchAll(
            db, sql: "SELECT save_id, depth FROM save_history WHERE typeof(save_id) = 'blob' AND typeof(depth) = 'integer'")
        return SaveMark.capped(rows.compactMap { row -> SaveMark? in
            guard let data = try? row.decode(Data.self, atIndex: 0), case let id = Array(data), id.count == SaveMark.idLength,
                  let depth = try? row.decode(Int64.self, atIndex: 1), depth >= 1
            else { return nil }
            return SaveMark(id: id, depth: UInt64(depth))
        })
    }

    /// Draws the mark of the save about to be written: a fresh random id, one deeper than every
    /// mark held, kept with the deepest others (`SaveMark.historyLimit`).
    func markNewSave() throws -> SaveMark {
        let deepest = try saveHistory().first?.depth ?? 0
        let mark = SaveMark(id: Random.bytes(SaveMark.idLength), depth: min(deepest, UInt64(Int64.max) - 1) + 1)
        try keep([mark])
        return mark
    }

    /// Adds marks learned from another copy of the vault (a merge); true when any was new.
    @discardableResult
    public func learnSaves(_ marks: [SaveMark]) throws -> Bool {
        let held = Set(try saveHistory())
        let new = marks.filter { !held.contains($0) && $0.id.count == SaveMark.idLength && $0.depth >= 1 }
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
