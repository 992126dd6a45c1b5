import GRDB

/// Migration `v4-save-history` (Docs/FORMAT.md, "Save history"): the marks of the last saves
/// this copy's history holds, so that a computer can tell whether a save it made is still in
/// the file at the vault's path (a sync tool may have kept another computer's save over it).
/// Random ids and counters only. A vault from before it opens with an empty history: nothing
/// is known, and nothing is said missing.
enum SaveHistorySchema {
    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE save_history (
                save_id BLOB PRIMARY KEY NOT NULL CHECK (typeof(save_id) = 'blob' AND length(save_id) = 16),
                depth INTEGER NOT NULL CHECK (depth >= 1)
            ) WITHOUT ROWID;
            """)
    }
}
