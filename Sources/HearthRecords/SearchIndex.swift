import GRDB

/// Full-text search over every kind (SQLite FTS5).
///
/// The index is an *external-content* FTS5 table over a view that gathers each record's text
/// (its own text fields, then tags and feelings), so the text is stored once. Because the
/// index cannot see changes by itself, every change goes through `SearchIndexBacklog.remove` (before
/// the rows change, while the view still yields the indexed text) and `SearchIndexBacklog.add`
/// (after); both are applied together when the write ends (`SearchIndexBacklog`).
enum SearchIndex {
    static let schemaSQL = """
        CREATE VIEW record_search_source AS
        SELECT r.seq AS seq,
            coalesce(CASE r.kind
                WHEN 'journal' THEN (SELECT text FROM journal WHERE seq = r.seq)
                WHEN 'person' THEN (SELECT name || char(10) || boundaries || char(10) || notes FROM person WHERE seq = r.seq)
                WHEN 'connection' THEN (SELECT shared || char(10) || notes FROM connection WHERE seq = r.seq)
                    || char(10) || coalesce((SELECT group_concat(support, ' ') FROM
                        (SELECT support FROM connection_support WHERE connection_seq = r.seq ORDER BY direction, position)), '')
                WHEN 'body' THEN (SELECT context || char(10) || notes FROM body_check_in WHERE seq = r.seq)
                    || char(10) || coalesce((SELECT group_concat(region || ' ' || quality, ' ') FROM
                        (SELECT region, quality FROM body_sensation WHERE check_in_seq = r.seq ORDER BY position)), '')
                    || char(10) || coalesce((SELECT group_concat(strategy, ' ') FROM
                        (SELECT strategy FROM body_helped WHERE check_in_seq = r.seq ORDER BY position)), '')
                WHEN 'belief' THEN (SELECT belief || char(10) || counter_belief FROM belief WHERE seq = r.seq)
                WHEN 'script' THEN (SELECT script || char(10) || trigger || char(10) || urge || char(10) || instead
                    || char(10) || notes FROM script WHERE seq = r.seq)
            END, '')
            || char(10) || coalesce((SELECT group_concat(tag, ' ') FROM
                (SELECT tag FROM record_tag WHERE record_seq = r.seq ORDER BY tag)), '')
            || char(10) || coalesce((SELECT group_concat(feeling, ' ') FROM
                (SELECT feeling FROM record_feeling WHERE record_seq = r.seq ORDER BY position)), '')
            AS content
        FROM record r;
        CREATE VIRTUAL TABLE record_search USING fts5(
            content,
            content = 'record_search_source',
            content_rowid = 'seq',
            tokenize = 'unicode61 remove_diacritics 2',
            prefix = '2 3'
        );
        """

    /// Merges the index into one segment, which drops every trace of removed text from it
    /// (SQLite 3.40's FTS5 has no secure-delete option of its own).
    static func optimize(_ db: Database) throws {
        try db.execute(sql: "INSERT INTO record_search(record_search) VALUES ('optimize')")
    }

    /// Checks that the index matches the records (tests and `verify`).
    static func checkIntegrity(_ db: Database) throws {
        try db.execute(sql: "INSERT INTO record_search(record_search) VALUES ('integrity-check')")
    }
}
