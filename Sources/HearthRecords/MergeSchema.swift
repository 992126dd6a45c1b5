import GRDB

/// Migration `v3-merge` (Docs/FORMAT.md, "Merging"): what `hearth merge` needs to tell "changed
/// on one side" from "changed on both".
///
/// - `record_head`: each record's current version, a random token that changes on every insert
///   or change of the record (`updated_at` cannot serve: it has one-second steps, and two edits
///   in one second would look like one version).
/// - `record_version`: every version each record has had in this copy's history (and, after a
///   merge, the versions the other copy had). When this copy's history holds the other copy's
///   current version, the other side did not change the record since, and vice versa.
///   Triggers keep both tables, whatever code inserts or changes a record. Tokens and ids only:
///   no text.
/// - `record_conflict`: a record kept as a copy of another because both changed (a merge, or an
///   edit that met a change made meanwhile), until the person resolves it (`hearth conflicts`).
///   `other_version` is the other copy's version that the copy holds: a conflict does not make
///   it part of the original's history (neither version replaced the other); resolving it does.
///
/// Records already in the vault are given their `updated_at` as first version, so that two
/// copies upgraded separately agree on the versions they share.
enum MergeSchema {
    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE record_head (
                id TEXT PRIMARY KEY NOT NULL,
                version TEXT NOT NULL
            ) WITHOUT ROWID;
            CREATE TABLE record_version (
                id TEXT NOT NULL,
                version TEXT NOT NULL,
                PRIMARY KEY (id, version)
            ) WITHOUT ROWID;
            INSERT INTO record_head (id, version) SELECT id, updated_at FROM record;
            INSERT INTO record_version (id, version) SELECT id, version FROM record_head;
            CREATE TRIGGER record_head_on_insert AFTER INSERT ON record BEGIN
                INSERT OR REPLACE INTO record_head (id, version) VALUES (NEW.id, lower(hex(randomblob(12))));
                INSERT OR IGNORE INTO record_version (id, version) SELECT id, version FROM record_head WHERE id = NEW.id;
            END;
            CREATE TRIGGER record_head_on_update AFTER UPDATE ON record BEGIN
                INSERT OR REPLACE INTO record_head (id, version) VALUES (NEW.id, lower(hex(randomblob(12))));
                INSERT OR IGNORE INTO record_version (id, version) SELECT id, version FROM record_head WHERE id = NEW.id;
            END;

            CREATE TABLE record_conflict (
                copy_id TEXT PRIMARY KEY NOT NULL,
                original_id TEXT NOT NULL,
                origin TEXT NOT NULL CHECK (origin IN ('merge', 'edit')),
                noted_at TEXT NOT NULL,
                other_version TEXT
            ) WITHOUT ROWID;
            CREATE INDEX record_conflict_original ON record_conflict(original_id);

            -- The history of a deleted record stays (merges need it to honour the deletion);
            -- a deleted copy needs no resolving any more.
            CREATE TRIGGER record_head_on_delete AFTER DELETE ON record BEGIN
                DELETE FROM record_head WHERE id = OLD.id;
                DELETE FROM record_conflict WHERE copy_id = OLD.id;
            END;
            """)
    }
}
