import Foundation
import GRDB
import HearthCrypto

// Building public records from their rows, in batches: one query per detail table for up to
// `batchSize` records at a time, so that listing 100k records costs a few hundred queries, not
// several per record.
//
// The database is input too: a copy made elsewhere, an old version's bug, or a key holder
// who was removed may have stored a value that does not decode. One such record is never a
// reason to refuse the rest: listings leave it out and note it in `unreadable` (by id, with
// its stored values for a raw export), `record(id:)` says `recordUnreadable`, and it can
// still be deleted. Values are only read through throwing decoding, never GRDB's trapping
// subscripts.
extension Records {
    static let batchSize = 500

    /// The record of `row`; `recordUnreadable` when its values do not decode.
    func record(from row: RecordRow) throws -> AnyRecord {
        do {
            guard let record = try Batch(rows: [row], db: db).records().first else { throw RecordsError.databaseUnreadable }
            return record
        } catch let error where Self.isDecodingFailure(error) {
            throw RecordsError.recordUnreadable(id: row.id)
        }
    }

    /// The records for `rows`, in the same order; those whose values do not decode are left
    /// out and noted in `unreadable`.
    func records(from rows: [RecordRow]) throws -> [AnyRecord] {
        var out: [AnyRecord] = []
        out.reserveCapacity(rows.count)
        var start = 0
        while start < rows.count {
            let batch = Array(rows[start..<min(start + Self.batchSize, rows.count)])
            do {
                out += try Batch(rows: batch, db: db).records()
            } catch let error where Self.isDecodingFailure(error) {
                // Some row of the batch does not decode: read them one by one to find it.
                for row in batch {
                    do {
                        out += try Batch(rows: [row], db: db).records()
                    } catch let error where Self.isDecodingFailure(error) {
                        try noteUnreadable(seq: row.seq, id: row.id)
                    }
                }
            }
            start += Self.batchSize
        }
        return out
    }

    /// The records here among `ids`, by id, read in batches (a few queries per `batchSize` ids,
    /// not several per record: an import of 20,000 records looks each of them up). Ids here
    /// whose stored values do not decode are in `unreadable`; they are not noted in `unreadable`
    /// of this `Records` (nothing was listed).
    func records(ids: [String]) throws -> (found: [String: AnyRecord], unreadable: Set<String>) {
        var found: [String: AnyRecord] = [:]
        var unreadable = Set<String>()
        var start = 0
        while start < ids.count {
            let chunk = Array(ids[start..<min(start + Self.batchSize, ids.count)])
            start += Self.batchSize
            var rows: [RecordRow] = []
            let placeholders = chunk.map { _ in "?" }.joined(separator: ",")
            let cursor = try Row.fetchCursor(db, sql: "SELECT * FROM record WHERE id IN (\(placeholders))", arguments: StatementArguments(chunk))
            while let row = try cursor.next() {
                do {
                    rows.append(try RecordRow(row: row))
                } catch let error where Self.isDecodingFailure(error) {
                    if let id = try? row.decode(String.self, forColumn: "id") { unreadable.insert(id) }
                }
            }
            do {
                for (row, record) in zip(rows, try Batch(rows: rows, db: db).records()) { found[row.id] = record }
            } catch let error where Self.isDecodingFailure(error) {
                for row in rows {
                    do {
                        found[row.id] = try record(from: row)
                    } catch RecordsError.recordUnreadable {
                        unreadable.insert(row.id)
                    }
                }
            }
        }
        return (found, unreadable)
    }

    /// Which of `ids` were deleted here (have a tombstone), in batches.
    func deletedIDs(among ids: [String]) throws -> Set<String> {
        var deleted = Set<String>()
        var start = 0
        while start < ids.count {
            let chunk = Array(ids[start..<min(start + Self.batchSize, ids.count)])
            start += Self.batchSize
            let placeholders = chunk.map { _ in "?" }.joined(separator: ",")
            for id in try String.fetchAll(db, sql: "SELECT id FROM tombstone WHERE id IN (\(placeholders))", arguments: StatementArguments(chunk)) {
                deleted.insert(id)
            }
        }
        return deleted
    }

    /// The rows of `record` that `sql` selects (`SELECT r.* …`), each decoded on its own: a
    /// row that does not decode is noted in `unreadable`, and the others are kept.
    func recordRows(sql: String, arguments: StatementArguments = []) throws -> [RecordRow] {
        var rows: [RecordRow] = []
        let cursor = try Row.fetchCursor(db, sql: sql, arguments: arguments)
        while let row = try cursor.next() {
            do {
                rows.append(try RecordRow(row: row))
            } catch let error where Self.isDecodingFailure(error) {
                try noteUnreadable(seq: try? row.decode(Int64?.self, forColumn: "seq"), id: try? row.decode(String?.self, forColumn: "id"))
            }
        }
        return rows
    }

    /// Every record whose stored values do not decode, for `verify` of a database whose
    /// integrity check passed (so NOT NULL and CHECK constraints hold): what remains that a
    /// reader can fail on is a time of another shape, an unknown kind or a missing row of the
    /// kind's table. Those are found with a few scans (times parsed on their fast path, not
    /// whole records built), then each suspect is read as listings read it, to be sure.
    public func unreadableRecords() throws -> [UnreadableRecord] {
        let known = RecordKind.allCases.map { "'\($0.rawValue)'" }.joined(separator: ",")
        for row in try Row.fetchAll(db, sql: "SELECT seq, id FROM record WHERE kind IS NULL OR kind NOT IN (\(known))") {
            try noteUnreadable(seq: try? row.decode(Int64?.self, atIndex: 0), id: try? row.decode(String?.self, atIndex: 1))
        }
        var suspects = Set<Int64>()
        let times = [
            "SELECT seq, at, created_at, updated_at FROM record", "SELECT seq, snoozed_until FROM person WHERE snoozed_until IS NOT NULL",
            "SELECT person_seq, at FROM person_steadiness", "SELECT belief_seq, at FROM belief_rating",
        ]
        for sql in times {
            let cursor = try Row.fetchCursor(db, sql: sql)
            while let row = try cursor.next() {
                guard let seq = try? row.decode(Int64.self, atIndex: 0) else { continue }
                for column in 1..<row.count {
                    guard let text = try? row.decode(String.self, atIndex: column), RecordTime(iso8601: text) != nil else {
                        suspects.insert(seq)
                        break
                    }
                }
            }
        }
        let tables: [RecordKind: String] = [
            .journal: "journal", .person: "person", .connection: "connection", .body: "body_check_in", .belief: "belief",
            .script: "script",
        ]
        for (kind, table) in tables {
            suspects.formUnion(try Int64.fetchAll(db, sql: """
                SELECT seq FROM record r WHERE kind = ? AND NOT EXISTS (SELECT 1 FROM \(table) t WHERE t.seq = r.seq)
                """, arguments: [kind.rawValue]))
        }
        let sorted = suspects.sorted()
        var start = 0
        while start < sorted.count {
            let chunk = Array(sorted[start..<min(start + Self.batchSize, sorted.count)])
            let placeholders = chunk.map { _ in "?" }.joined(separator: ",")
            let rows = try recordRows(
                sql: "SELECT * FROM record WHERE kind IN (\(known)) AND seq IN (\(placeholders)) ORDER BY seq",
                arguments: StatementArguments(chunk))
            for row in rows { _ = try records(from: [row]) }
            start += Self.batchSize
        }
        return unreadable
    }

    /// Notes a record that could not be read, with its stored values.
    func noteUnreadable(seq: Int64?, id: String?) throws {
        guard let seq else {
            reading.unreadable.append(UnreadableRecord(id: id, seq: nil, kind: nil, stored: JSONObject()))
            return
        }
        if reading.unreadable.contains(where: { $0.seq == seq }) { return }
        let stored = try storedValues(seq: seq)
        let kind = stored["kind"]?.stringValue.flatMap(RecordKind.init(rawValue:))
        reading.unreadable.append(UnreadableRecord(id: id ?? stored["id"]?.stringValue, seq: seq, kind: kind, stored: stored))
    }

    /// Every stored value of the record at `seq`: its `record` row, and its row in its kind's
    /// table under the name of that table. Text that is not UTF-8 is repaired, a blob is hex.
    func storedValues(seq: Int64) throws -> JSONObject {
        var object = JSONObject()
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM record WHERE seq = ?", arguments: [seq]) else { return object }
        for (column, value) in row { object[column] = Self.json(value) }
        let tables: [RecordKind: String] = [
            .journal: "journal", .person: "person", .connection: "connection", .body: "body_check_in", .belief: "belief",
            .script: "script",
        ]
        if let kind = object["kind"]?.stringValue.flatMap(RecordKind.init(rawValue:)), let table = tables[kind],
           let detail = try Row.fetchOne(db, sql: "SELECT * FROM \(table) WHERE seq = ?", arguments: [seq])
        {
            var inner = JSONObject()
            for (column, value) in detail { inner[column] = Self.json(value) }
            object[table] = .object(inner)
        }
        return object
    }

    static func json(_ value: DatabaseValue) -> JSONValue {
        switch value.storage {
        case .null: .null
        case .int64(let n): .integer(n)
        case .double(let d): d.isFinite ? .double(d) : .string(String(d))
        case .string(let s): .string(s)
        case .blob(let data): .string("blob:" + data.map { String(format: "%02x", $0) }.joined())
        }
    }

    /// True for an error that means a stored value did not decode (as opposed to a failing
    /// database): such a record is reported, not the whole vault.
    static func isDecodingFailure(_ error: any Error) -> Bool {
        switch error {
        case is RowDecodingError, is DecodingError: true
        case RecordsError.databaseUnreadable: true
        default: false
        }
    }

    static func time(_ text: String) throws -> RecordTime {
        guard let time = RecordTime(iso8601: text) else { throw RecordsError.databaseUnreadable }
        return time
    }
}

/// A record whose stored values do not decode: left out of listings, reported by id.
public struct UnreadableRecord: Equatable, Sendable {
    /// Its id, when that at least could be read.
    public let id: String?
    /// Its local row number, for a record without a readable id.
    public let seq: Int64?
    public let kind: RecordKind?
    /// Its stored values, column by column, for a raw export.
    public let stored: JSONObject

    /// How to name it in a message: its id, else its row.
    public var name: String { id ?? seq.map { "(row \($0), without a readable id)" } ?? "(a record without a readable id)" }
}

/// What the reads of one `Records` could not decode, and what they keep for its lifetime.
final class ReadingLog: @unchecked Sendable {
    var unreadable: [UnreadableRecord] = []
    /// The key for derived ids (`Records.derivedID`), in secret memory, once read.
    var importKey: SecretBytes?
}

/// The details of a batch of records, each table read once.
private struct Batch {
    let rows: [RecordRow]
    let db: Database
    let seqs: [Int64]
    let placeholders: String

    init(rows: [RecordRow], db: Database) {
        self.rows = rows
        self.db = db
        seqs = rows.compactMap(\.seq)
        placeholders = "(" + seqs.map { _ in "?" }.joined(separator: ",") + ")"
    }

    var arguments: StatementArguments { StatementArguments(seqs) }

    /// `SELECT key, value …` grouped by key, in query order.
    func grouped<V>(_ sql: String, _ value: (Row) throws -> V) throws -> [Int64: [V]] {
        var out: [Int64: [V]] = [:]
        let cursor = try Row.fetchCursor(db, sql: sql, arguments: arguments)
        while let row = try cursor.next() {
            out[try row.decode(Int64.self, atIndex: 0), default: []].append(try value(row))
        }
        return out
    }

    func rows<R: FetchableRecord>(_ type: R.Type, _ table: String, key: String = "seq") throws -> [R] {
        try R.fetchAll(db, sql: "SELECT * FROM \(table) WHERE \(key) IN \(placeholders)", arguments: arguments)
    }

    /// The rows of a detail table with a `position` (ratings, sensations, …), grouped by the
    /// record they belong to (`key`), in position order.
    func positioned<R: FetchableRecord>(_ type: R.Type, _ table: String, key: String) throws -> [Int64: [R]] {
        try grouped("SELECT \(key), * FROM \(table) WHERE \(key) IN \(placeholders) ORDER BY \(key), position") { try R(row: $0) }
    }

    func has(_ kind: RecordKind) -> Bool { rows.contains { $0.kind == kind.rawValue } }

    /// Each person's last contact: the `at` of their latest connection (deleted connections
    /// are gone from `record`, so they never count), in one aggregate query.
    ///
    /// CROSS JOIN keeps SQLite's join order: each person's links through `record_person_person`,
    /// then each linked record by its key. Left to itself, SQLite drove the join from the
    /// `connection` rows of `record_kind_at` and probed the link index once per person for each
    /// of them (connections × people: 1.3 s on 100k records with 200 people, against 50 ms).
    /// For the bare column `at`, SQLite takes the row holding the max(); among connections at the
    /// same second, the first in `record_seq` order, as the row-by-row reading did before.
    func latestConnections() throws -> [Int64: String] {
        var latest: [Int64: String] = [:]
        let cursor = try Row.fetchCursor(db, sql: """
            SELECT rp.person_seq, max(r.at_utc), r.at FROM record_person rp CROSS JOIN record r ON r.seq = rp.record_seq
            WHERE rp.person_seq IN \(placeholders) AND r.kind = 'connection' GROUP BY rp.person_seq
            """, arguments: arguments)
        while let row = try cursor.next() { latest[try row.decode(Int64.self, atIndex: 0)] = try row.decode(String.self, atIndex: 2) }
        return latest
    }

    func records() throws -> [AnyRecord] {
        guard !seqs.isEmpty else { return [] }
        let tags = try grouped("SELECT record_seq, tag FROM record_tag WHERE record_seq IN \(placeholders) ORDER BY record_seq, tag") {
            try $0.decode(String.self, atIndex: 1)
        }
        let feelings = try grouped(
            "SELECT record_seq, feeling FROM record_feeling WHERE record_seq IN \(placeholders) ORDER BY record_seq, position"
        ) { try $0.decode(String.self, atIndex: 1) }
        let people = try grouped("""
            SELECT rp.record_seq, p.id FROM record_person rp JOIN record p ON p.seq = rp.person_seq
            WHERE rp.record_seq IN \(placeholders) ORDER BY rp.record_seq, rp.position
            """) { try $0.decode(String.self, atIndex: 1) }

        var journals: [Int64: JournalRow] = [:]
        if has(.journal) { for r in try rows(JournalRow.self, "journal") { journals[r.seq] = r } }
        var persons: [Int64: PersonRow] = [:]
        var roles: [Int64: [String]] = [:], steadiness: [Int64: [PersonSteadinessRow]] = [:], lastContact: [Int64: String] = [:]
        if has(.person) {
            for r in try rows(PersonRow.self, "person") { persons[r.seq] = r }
            roles = try grouped("SELECT person_seq, role FROM person_role WHERE person_seq IN \(placeholders)") { try $0.decode(String.self, atIndex: 1) }
            steadiness = try positioned(PersonSteadinessRow.self, "person_steadiness", key: "person_seq")
            lastContact = try latestConnections()
        }
        var connections: [Int64: ConnectionRow] = [:]
        var support: [Int64: [ConnectionSupportRow]] = [:], repairOf: [Int64: String] = [:], repairedBy: [Int64: [String]] = [:]
        if has(.connection) {
            for r in try rows(ConnectionRow.self, "connection") { connections[r.seq] = r }
            support = try positioned(ConnectionSupportRow.self, "connection_support", key: "connection_seq")
            for row in try Row.fetchAll(db, sql: """
                SELECT c.seq, r.id FROM connection c JOIN record r ON r.seq = c.repair_of_seq WHERE c.seq IN \(placeholders)
                """, arguments: arguments) { repairOf[try row.decode(Int64.self, atIndex: 0)] = try row.decode(String.self, atIndex: 1) }
            repairedBy = try grouped("""
                SELECT c.repair_of_seq, r.id FROM connection c JOIN record r ON r.seq = c.seq
                WHERE c.repair_of_seq IN \(placeholders) ORDER BY c.repair_of_seq, r.at_utc, r.id
                """) { try $0.decode(String.self, atIndex: 1) }
        }
        var bodies: [Int64: BodyCheckInRow] = [:]
        var sensations: [Int64: [BodySensationRow]] = [:], helped: [Int64: [BodyHelpedRow]] = [:]
        if has(.body) {
            for r in try rows(BodyCheckInRow.self, "body_check_in") { bodies[r.seq] = r }
            sensations = try positioned(BodySensationRow.self, "body_sensation", key: "check_in_seq")
            helped = try positioned(BodyHelpedRow.self, "body_helped", key: "check_in_seq")
        }
        var beliefs: [Int64: BeliefRow] = [:]
        var ratings: [Int64: [BeliefRatingRow]] = [:]
        if has(.belief) {
            for r in try rows(BeliefRow.self, "belief") { beliefs[r.seq] = r }
            ratings = try positioned(BeliefRatingRow.self, "belief_rating", key: "belief_seq")
        }
        var scripts: [Int64: ScriptRow] = [:]
        if has(.script) { for r in try rows(ScriptRow.self, "script") { scripts[r.seq] = r } }

        return try rows.map { row in
            let record = try build(row)
            // Numbers are checked as on input; times were checked as they were parsed.
            do { try RecordRules.numbers(of: record) } catch { throw RecordsError.databaseUnreadable }
            return record
        }

        func build(_ row: RecordRow) throws -> AnyRecord {
            guard let seq = row.seq, let kind = RecordKind(rawValue: row.kind) else { throw RecordsError.databaseUnreadable }
            let common = RecordCommon(
                id: row.id, at: try Records.time(row.at), createdAt: try Records.time(row.createdAt),
                updatedAt: try Records.time(row.updatedAt), tags: tags[seq] ?? [], starred: row.starred)
            switch kind {
            case .journal:
                guard let j = journals[seq] else { throw RecordsError.databaseUnreadable }
                return .journal(JournalEntry(common: common, text: j.text, feelings: feelings[seq] ?? [], people: people[seq] ?? []))
            case .person:
                guard let p = persons[seq] else { throw RecordsError.databaseUnreadable }
                return .person(Person(
                    common: common, name: p.name, roles: PersonRole.ordered(roles[seq] ?? []),
                    steadinessHistory: try (steadiness[seq] ?? []).map { .init(at: try Records.time($0.at), steadiness: $0.steadiness) },
                    boundaries: p.boundaries, notes: p.notes, checkInDays: p.checkInDays,
                    snoozedUntil: try p.snoozedUntil.map(Records.time), reachWhenStruggling: p.reachWhenStruggling,
                    lastContact: try lastContact[seq].map(Records.time)))
            case .connection:
                guard let c = connections[seq] else { throw RecordsError.databaseUnreadable }
                let given = support[seq] ?? []
                return .connection(Connection(
                    common: common, people: people[seq] ?? [], channel: c.channel.flatMap(ConnectionChannel.init(rawValue:)),
                    initiatedBy: c.initiatedBy.flatMap(ReachedOut.init(rawValue:)), safety: c.safety,
                    stateBefore: c.stateBefore.flatMap(NervousSystemState.init(rawValue:)),
                    stateAfter: c.stateAfter.flatMap(NervousSystemState.init(rawValue:)),
                    activationBefore: c.activationBefore, activationAfter: c.activationAfter, shareDepth: c.shareDepth,
                    shared: c.shared, response: c.response.flatMap(ShareResponse.init(rawValue:)),
                    supportReceived: given.filter { $0.direction == "received" }.map(\.support),
                    supportGiven: given.filter { $0.direction == "given" }.map(\.support),
                    rupture: c.rupture, repairOf: repairOf[seq], repairedBy: repairedBy[seq] ?? [], feelings: feelings[seq] ?? [],
                    notes: c.notes))
            case .body:
                guard let b = bodies[seq], let state = NervousSystemState(rawValue: b.state) else { throw RecordsError.databaseUnreadable }
                return .body(BodyCheckIn(
                    common: common, state: state, activation: b.activation, activationAfter: b.activationAfter,
                    sensations: (sensations[seq] ?? []).map { .init(region: $0.region, quality: $0.quality, intensity: $0.intensity) },
                    helped: (helped[seq] ?? []).map { .init(strategy: $0.strategy, effect: $0.effect) },
                    context: b.context, people: people[seq] ?? [], feelings: feelings[seq] ?? [], notes: b.notes))
            case .belief:
                guard let b = beliefs[seq] else { throw RecordsError.databaseUnreadable }
                return .belief(Belief(
                    common: common, belief: b.belief, counterBelief: b.counterBelief,
                    status: BeliefStatus(rawValue: b.status) ?? .active,
                    ratings: try (ratings[seq] ?? []).map {
                        .init(at: try Records.time($0.at), believability: $0.believability, counterBelievability: $0.counterBelievability)
                    }))
            case .script:
                guard let s = scripts[seq] else { throw RecordsError.databaseUnreadable }
                return .script(Script(
                    common: common, script: s.script, trigger: s.trigger, urge: s.urge, instead: s.instead,
                    people: people[seq] ?? [], feelings: feelings[seq] ?? [], notes: s.notes))
            }
        }
    }
}
