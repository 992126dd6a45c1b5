import GRDB

/// The records schema, grown only through named migrations (Docs/FORMAT.md, "Schema (inside
/// the payload)"). A vault written by an older Hearth is migrated when opened and saved
/// upgraded. Migrations are never edited once released: add a new one.
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
        migrator.registerMigration("v2-practice", migrate: practice)
        migrator.registerMigration("v3-merge", migrate: MergeSchema.migrate)
        migrator.registerMigration("v4-save-history", migrate: SaveHistorySchema.migrate)
        return migrator
    }

    /// Every record kind, typed columns and link tables for fast patterns, tombstones, and
    /// full-text search. Moves v1 journal entries (and their tags) over.
    private static func practice(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE record (
                seq INTEGER PRIMARY KEY,
                id TEXT NOT NULL UNIQUE,
                kind TEXT NOT NULL,
                at TEXT NOT NULL,
                at_utc INTEGER NOT NULL,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                starred INTEGER NOT NULL DEFAULT 0 CHECK (starred IN (0, 1))
            );
            CREATE INDEX record_kind_at ON record(kind, at_utc);
            CREATE INDEX record_at ON record(at_utc);

            CREATE TABLE journal (
                seq INTEGER PRIMARY KEY REFERENCES record(seq) ON DELETE CASCADE,
                text TEXT NOT NULL
            );

            CREATE TABLE person (
                seq INTEGER PRIMARY KEY REFERENCES record(seq) ON DELETE CASCADE,
                name TEXT NOT NULL,
                boundaries TEXT NOT NULL DEFAULT '',
                notes TEXT NOT NULL DEFAULT '',
                check_in_days INTEGER CHECK (check_in_days BETWEEN 1 AND 3650),
                snoozed_until TEXT,
                snoozed_until_utc INTEGER,
                reach_when_struggling INTEGER NOT NULL DEFAULT 0
            );
            CREATE TABLE person_role (
                person_seq INTEGER NOT NULL REFERENCES record(seq) ON DELETE CASCADE,
                role TEXT NOT NULL,
                PRIMARY KEY (person_seq, role)
            ) WITHOUT ROWID;
            CREATE INDEX person_role_role ON person_role(role);
            CREATE TABLE person_steadiness (
                person_seq INTEGER NOT NULL REFERENCES record(seq) ON DELETE CASCADE,
                position INTEGER NOT NULL,
                at TEXT NOT NULL,
                at_utc INTEGER NOT NULL,
                steadiness INTEGER NOT NULL CHECK (steadiness BETWEEN 1 AND 5),
                PRIMARY KEY (person_seq, position)
            ) WITHOUT ROWID;

            CREATE TABLE connection (
                seq INTEGER PRIMARY KEY REFERENCES record(seq) ON DELETE CASCADE,
                channel TEXT,
                initiated_by TEXT,
                safety INTEGER CHECK (safety BETWEEN -2 AND 2),
                state_before TEXT,
                state_after TEXT,
                activation_before INTEGER CHECK (activation_before BETWEEN 0 AND 10),
                activation_after INTEGER CHECK (activation_after BETWEEN 0 AND 10),
                share_depth INTEGER CHECK (share_depth BETWEEN 1 AND 5),
                shared TEXT NOT NULL DEFAULT '',
                response TEXT,
                rupture INTEGER NOT NULL DEFAULT 0,
                repair_of_seq INTEGER REFERENCES record(seq) ON DELETE SET NULL,
                notes TEXT NOT NULL DEFAULT ''
            );
            CREATE INDEX connection_repair_of ON connection(repair_of_seq) WHERE repair_of_seq IS NOT NULL;
            CREATE TABLE connection_support (
                connection_seq INTEGER NOT NULL REFERENCES record(seq) ON DELETE CASCADE,
                direction TEXT NOT NULL CHECK (direction IN ('received', 'given')),
                support TEXT NOT NULL,
                position INTEGER NOT NULL,
                PRIMARY KEY (connection_seq, direction, support)
            ) WITHOUT ROWID;
            CREATE INDEX connection_support_support ON connection_support(support, direction);

            CREATE TABLE body_check_in (
                seq INTEGER PRIMARY KEY REFERENCES record(seq) ON DELETE CASCADE,
                state TEXT NOT NULL,
                activation INTEGER NOT NULL CHECK (activation BETWEEN 0 AND 10),
                activation_after INTEGER CHECK (activation_after BETWEEN 0 AND 10),
                context TEXT NOT NULL DEFAULT '',
                notes TEXT NOT NULL DEFAULT ''
            );
            CREATE INDEX body_check_in_state ON body_check_in(state);
            CREATE TABLE body_sensation (
                check_in_seq INTEGER NOT NULL REFERENCES record(seq) ON DELETE CASCADE,
                position INTEGER NOT NULL,
                region TEXT NOT NULL,
                quality TEXT NOT NULL,
                intensity INTEGER CHECK (intensity BETWEEN 0 AND 10),
                PRIMARY KEY (check_in_seq, position)
            ) WITHOUT ROWID;
            CREATE TABLE body_helped (
                check_in_seq INTEGER NOT NULL REFERENCES record(seq) ON DELETE CASCADE,
                position INTEGER NOT NULL,
                strategy TEXT NOT NULL,
                effect INTEGER CHECK (effect BETWEEN -2 AND 2),
                PRIMARY KEY (check_in_seq, position)
            ) WITHOUT ROWID;
            CREATE INDEX body_helped_strategy ON body_helped(strategy);

            CREATE TABLE belief (
                seq INTEGER PRIMARY KEY REFERENCES record(seq) ON DELETE CASCADE,
                belief TEXT NOT NULL,
                counter_belief TEXT NOT NULL DEFAULT '',
                status TEXT NOT NULL DEFAULT 'active'
            );
            CREATE TABLE belief_rating (
                belief_seq INTEGER NOT NULL REFERENCES record(seq) ON DELETE CASCADE,
                position INTEGER NOT NULL,
                at TEXT NOT NULL,
                at_utc INTEGER NOT NULL,
                believability INTEGER CHECK (believability BETWEEN 0 AND 100),
                counter_believability INTEGER CHECK (counter_believability BETWEEN 0 AND 100),
                PRIMARY KEY (belief_seq, position)
            ) WITHOUT ROWID;

            CREATE TABLE script (
                seq INTEGER PRIMARY KEY REFERENCES record(seq) ON DELETE CASCADE,
                script TEXT NOT NULL,
                trigger TEXT NOT NULL DEFAULT '',
                urge TEXT NOT NULL DEFAULT '',
                instead TEXT NOT NULL DEFAULT '',
                notes TEXT NOT NULL DEFAULT ''
            );

            CREATE TABLE record_person (
                record_seq INTEGER NOT NULL REFERENCES record(seq) ON DELETE CASCADE,
                person_seq INTEGER NOT NULL REFERENCES record(seq) ON DELETE CASCADE,
                position INTEGER NOT NULL,
                PRIMARY KEY (record_seq, person_seq)
            ) WITHOUT ROWID;
            CREATE INDEX record_person_person ON record_person(person_seq);
            CREATE TABLE record_feeling (
                record_seq INTEGER NOT NULL REFERENCES record(seq) ON DELETE CASCADE,
                feeling TEXT NOT NULL,
                position INTEGER NOT NULL,
                PRIMARY KEY (record_seq, feeling)
            ) WITHOUT ROWID;
            CREATE INDEX record_feeling_feeling ON record_feeling(feeling);

            -- Small values of the vault itself, such as the key that turns imported entries
            -- without ids (jrnl) into stable ids.
            CREATE TABLE setting (
                name TEXT PRIMARY KEY NOT NULL,
                value BLOB NOT NULL
            ) WITHOUT ROWID;

            CREATE TABLE tombstone (
                id TEXT PRIMARY KEY NOT NULL,
                kind TEXT NOT NULL,
                deleted_at TEXT NOT NULL
            ) WITHOUT ROWID;

            -- v1 journal entries and tags move over.
            INSERT INTO record (id, kind, at, at_utc, created_at, updated_at, starred)
                SELECT id, 'journal', at, at_utc, created_at, updated_at, starred FROM journal_entry ORDER BY at_utc, id;
            INSERT INTO journal (seq, text)
                SELECT r.seq, j.text FROM journal_entry j JOIN record r ON r.id = j.id;
            ALTER TABLE record_tag RENAME TO record_tag_v1;
            DROP INDEX record_tag_tag;
            CREATE TABLE record_tag (
                record_seq INTEGER NOT NULL REFERENCES record(seq) ON DELETE CASCADE,
                tag TEXT NOT NULL,
                PRIMARY KEY (record_seq, tag)
            ) WITHOUT ROWID;
            CREATE INDEX record_tag_tag ON record_tag(tag);
            INSERT OR IGNORE INTO record_tag (record_seq, tag)
                SELECT r.seq, lower(trim(t.tag)) FROM record_tag_v1 t JOIN record r ON r.id = t.record_id
                WHERE trim(t.tag) <> '';
            DROP TABLE record_tag_v1;
            DROP TABLE journal_entry;
            """)
        try db.execute(sql: SearchIndex.schemaSQL)
        try db.execute(sql: "INSERT INTO record_search(record_search) VALUES ('rebuild')")
    }
}
