import GRDB

// GRDB records, one per table (Docs/FORMAT.md, "Schema (inside the payload)"). They are the
// storage shape only: the public record structs are built from them by `Records`.
// `seq` is the local row number that links rows together; it never leaves the vault.

/// Columns are snake_case in SQL and camelCase in Swift.
protocol SnakeCaseRecord: Codable, FetchableRecord, PersistableRecord {}

extension SnakeCaseRecord {
    static var databaseColumnDecodingStrategy: DatabaseColumnDecodingStrategy { .convertFromSnakeCase }
    static var databaseColumnEncodingStrategy: DatabaseColumnEncodingStrategy { .convertToSnakeCase }
}

/// The common part of every record.
struct RecordRow: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "record"
    static var databaseColumnDecodingStrategy: DatabaseColumnDecodingStrategy { .convertFromSnakeCase }
    static var databaseColumnEncodingStrategy: DatabaseColumnEncodingStrategy { .convertToSnakeCase }

    var seq: Int64?
    var id: String
    var kind: String
    var at: String
    var atUtc: Int64
    var createdAt: String
    var updatedAt: String
    var starred: Bool

    mutating func didInsert(_ inserted: InsertionSuccess) { seq = inserted.rowID }

    // Read by hand rather than through Codable: listings read many thousands of rows.
    init(row: Row) throws {
        // Throwing decoding: the subscripts trap on a value that does not decode (a NULL).
        seq = try row.decode(forColumn: "seq")
        id = try row.decode(forColumn: "id")
        kind = try row.decode(forColumn: "kind")
        at = try row.decode(forColumn: "at")
        atUtc = try row.decode(forColumn: "at_utc")
        createdAt = try row.decode(forColumn: "created_at")
        updatedAt = try row.decode(forColumn: "updated_at")
        starred = try row.decode(forColumn: "starred")
    }

    init(seq: Int64?, id: String, kind: String, at: String, atUtc: Int64, createdAt: String, updatedAt: String, starred: Bool) {
        self.seq = seq
        self.id = id
        self.kind = kind
        self.at = at
        self.atUtc = atUtc
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.starred = starred
    }
}

struct JournalRow: SnakeCaseRecord {
    static let databaseTableName = "journal"
    var seq: Int64
    var text: String

    init(seq: Int64, text: String) {
        self.seq = seq
        self.text = text
    }

    init(row: Row) throws {
        seq = try row.decode(forColumn: "seq")
        text = try row.decode(forColumn: "text")
    }
}

struct PersonRow: SnakeCaseRecord {
    static let databaseTableName = "person"
    var seq: Int64
    var name: String
    var boundaries: String
    var notes: String
    var checkInDays: Int?
    var snoozedUntil: String?
    var snoozedUntilUtc: Int64?
    var reachWhenStruggling: Bool
}

struct PersonRoleRow: SnakeCaseRecord {
    static let databaseTableName = "person_role"
    var personSeq: Int64
    var role: String
}

struct PersonSteadinessRow: SnakeCaseRecord {
    static let databaseTableName = "person_steadiness"
    var personSeq: Int64
    var position: Int
    var at: String
    var atUtc: Int64
    var steadiness: Int
}

struct ConnectionRow: SnakeCaseRecord {
    static let databaseTableName = "connection"
    var seq: Int64
    var channel: String?
    var initiatedBy: String?
    var safety: Int?
    var stateBefore: String?
    var stateAfter: String?
    var activationBefore: Int?
    var activationAfter: Int?
    var shareDepth: Int?
    var shared: String
    var response: String?
    var rupture: Bool
    var repairOfSeq: Int64?
    var notes: String
}

struct ConnectionSupportRow: SnakeCaseRecord {
    static let databaseTableName = "connection_support"
    var connectionSeq: Int64
    var direction: String
    var support: String
    var position: Int
}

struct BodyCheckInRow: SnakeCaseRecord {
    static let databaseTableName = "body_check_in"
    var seq: Int64
    var state: String
    var activation: Int
    var activationAfter: Int?
    var context: String
    var notes: String
}

struct BodySensationRow: SnakeCaseRecord {
    static let databaseTableName = "body_sensation"
    var checkInSeq: Int64
    var position: Int
    var region: String
    var quality: String
    var intensity: Int?
}

struct BodyHelpedRow: SnakeCaseRecord {
    static let databaseTableName = "body_helped"
    var checkInSeq: Int64
    var position: Int
    var strategy: String
    var effect: Int?
}

struct BeliefRow: SnakeCaseRecord {
    static let databaseTableName = "belief"
    var seq: Int64
    var belief: String
    var counterBelief: String
    var status: String
}

struct BeliefRatingRow: SnakeCaseRecord {
    static let databaseTableName = "belief_rating"
    var beliefSeq: Int64
    var position: Int
    var at: String
    var atUtc: Int64
    var believability: Int?
    var counterBelievability: Int?
}

struct ScriptRow: SnakeCaseRecord {
    static let databaseTableName = "script"
    var seq: Int64
    var script: String
    var trigger: String
    var urge: String
    var instead: String
    var notes: String
}

struct RecordPersonRow: SnakeCaseRecord {
    static let databaseTableName = "record_person"
    var recordSeq: Int64
    var personSeq: Int64
    var position: Int
}

struct RecordFeelingRow: SnakeCaseRecord {
    static let databaseTableName = "record_feeling"
    var recordSeq: Int64
    var feeling: String
    var position: Int
}

struct RecordTagRow: SnakeCaseRecord {
    static let databaseTableName = "record_tag"
    var recordSeq: Int64
    var tag: String
}

/// What remains of a deleted record: no text, only enough for a merge to know it was deleted.
public struct Tombstone: Equatable, Sendable, Codable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "tombstone"
    public static var databaseColumnDecodingStrategy: DatabaseColumnDecodingStrategy { .convertFromSnakeCase }
    public static var databaseColumnEncodingStrategy: DatabaseColumnEncodingStrategy { .convertToSnakeCase }

    public var id: String
    public var kind: RecordKind
    public var deletedAt: String

    public init(id: String, kind: RecordKind, deletedAt: RecordTime) {
        self.id = id
        self.kind = kind
        self.deletedAt = deletedAt.iso8601
    }
}
