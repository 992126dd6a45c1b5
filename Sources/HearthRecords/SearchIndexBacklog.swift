import GRDB

/// The search-index changes of one write, held back and made together when the write ends
/// (`Records.updateSearchIndex`), before it commits.
///
/// FTS5 (SQLite 3.40) costs about six times as much per record when each record goes in by its
/// own statement as when one `INSERT … SELECT` indexes them all (measured on 20,000 records of an
/// import: 1.3 s against 0.2 s). Records are indexed in order of `seq`, FTS5's rowid, one
/// statement per run of consecutive seqs (an import into an empty vault is one run). What the index holds is the same as when each record
/// was indexed as it was written: the same words for the same rowids, the same counts; only how
/// FTS5 splits it into segments differs, which no search sees.
///
/// A record whose indexed text is about to change or go is taken out of the index by its old
/// text, so that text is read (through the view) while it is still there, into a temporary table
/// in memory (`temp.record_search_removed`, never part of the saved image), and taken out of the
/// index with the others when the write ends; removals first, then additions, since a new record
/// may take the seq of one deleted in the same write.
final class SearchIndexBacklog: @unchecked Sendable {
    /// Records written in this write and not yet in the index.
    private var unindexed = Set<Int64>()
    /// True when `temp.record_search_removed` holds records to take out.
    private var hasRemovals = false

    /// The temporary table of removed records' indexed text; made with each connection.
    static let schemaSQL = "CREATE TEMP TABLE record_search_removed (seq INTEGER PRIMARY KEY, content TEXT NOT NULL)"

    /// Notes that the record `seq` was written and belongs in the index.
    func add(seq: Int64) {
        unindexed.insert(seq)
    }

    /// Notes that the record `seq` is about to change or go: call before its rows change.
    func remove(seq: Int64, _ db: Database) throws {
        // Written in this write: not in the index yet, so there is nothing to take out.
        if unindexed.remove(seq) != nil { return }
        try db.cachedStatement(sql: """
            INSERT INTO temp.record_search_removed (seq, content) SELECT seq, content FROM record_search_source WHERE seq = ?
            """).execute(arguments: [seq])
        hasRemovals = true
    }

    /// True when nothing is waiting.
    var isEmpty: Bool { unindexed.isEmpty && !hasRemovals }

    /// Brings the index up to date with the records: takes out what was removed, then indexes what
    /// was written, in order of seq.
    func apply(_ db: Database) throws {
        if hasRemovals {
            try db.execute(sql: """
                INSERT INTO record_search(record_search, rowid, content)
                SELECT 'delete', seq, content FROM temp.record_search_removed ORDER BY seq
                """)
            try db.execute(sql: "DELETE FROM temp.record_search_removed")
            hasRemovals = false
        }
        guard !unindexed.isEmpty else { return }
        let add = try db.cachedStatement(sql: """
            INSERT INTO record_search(rowid, content) SELECT seq, content FROM record_search_source WHERE seq BETWEEN ? AND ?
            """)
        for run in Self.runs(of: unindexed) {
            try add.execute(arguments: [run.lowerBound, run.upperBound])
        }
        unindexed.removeAll()
    }

    /// `seqs` as ascending runs of consecutive numbers.
    static func runs(of seqs: Set<Int64>) -> [ClosedRange<Int64>] {
        var runs: [ClosedRange<Int64>] = []
        for seq in seqs.sorted() {
            if let last = runs.last, last.upperBound &+ 1 == seq {
                runs[runs.count - 1] = last.lowerBound...seq
            } else {
                runs.append(seq...seq)
            }
        }
        return runs
    }
}
