import GRDB

/// The records schema, grown only through named migrations (Docs/FORMAT.md, "Schema").
/// A vault written by an older Hearth is migrated when opened and saved upgraded.
enum Schema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-journal") { db in
            try db.execute(sql: """
                CREATE TABLE journal_entry (
                    id TEXT PRIMARY KEY NOT NULL,
                    at TEXT NOT NULL,
                    at_utc INTEGER NOT NULL,
                    created_at TEXT NOT NULL,
                    updated_at TEXT NOT NULL,
                    text TEXT NOT NULL,
                    starred INTEGER NOT NULL DEFAULT 0
                );
                CREATE INDEX journal_entry_at ON journal_entry(at_utc);
                CREATE TABLE record_tag (
                    record_id TEXT NOT NULL,
                    tag TEXT NOT NULL,
                    PRIMARY KEY (record_id, tag)
                ) WITHOUT ROWID;
                CREATE INDEX record_tag_tag ON record_tag(tag);
                """)
        }
        return migrator
    }
}
