import Foundation
import GRDB

// Adding, replacing and deleting records. Every change keeps the search index in step.
extension Records {
    /// Adds a new record. Its id must be new, and not the id of a deleted record.
    public func insert(_ record: AnyRecord) throws {
        try insert(record, knownNew: false)
    }

    /// `knownNew`: the caller has already found that no record and no deletion here has this
    /// id (an import reads them all up front), so it is not looked up again for each record.
    /// `checked`: `record` is already normalized and valid (`RecordArchive.Item.isChecked`).
    func insert(_ record: AnyRecord, knownNew: Bool, checked: Bool = false) throws {
        let record = checked ? record : RecordNormalizer.normalize(record)
        if !checked { try RecordRules.validate(record) }
        if !knownNew, try Bool.fetchOne(try statement("SELECT 1 FROM record WHERE id = ?"), arguments: [record.id]) != nil {
            throw RecordsError.invalidInput("a record with the id \(record.id) is already in the vault")
        }
        if !knownNew, try Bool.fetchOne(try statement("SELECT 1 FROM tombstone WHERE id = ?"), arguments: [record.id]) != nil {
            throw RecordsError.invalidInput("the record with the id \(record.id) was deleted from this vault")
        }
        let links = try resolveLinks(of: record)
        let c = record.common
        try put(RowSQL.record, [c.id, record.kind.rawValue, c.at.iso8601, Self.utcSeconds(c.at), c.createdAt.iso8601, c.updatedAt.iso8601, c.starred])
        let seq = db.lastInsertedRowID
        try writeDetails(of: record, seq: seq, links: links)
        searchBacklog.add(seq: seq)
    }

    /// Replaces the record with the same id and kind by `record` (an edit). The caller sets
    /// `updatedAt`.
    public func update(_ record: AnyRecord) throws {
        let record = RecordNormalizer.normalize(record)
        try RecordRules.validate(record)
        guard var row = try row(id: record.id), let seq = row.seq else { throw RecordsError.recordNotFound(id: record.id) }
        guard row.kind == record.kind.rawValue else {
            throw RecordsError.invalidInput("the record with the id \(record.id) is not a \(record.kind.singular)")
        }
        let links = try resolveLinks(of: record)
        try searchBacklog.remove(seq: seq, db)
        try removeDetails(seq: seq, kind: record.kind)
        row.at = record.common.at.iso8601
        row.atUtc = Self.utcSeconds(record.common.at)
        row.createdAt = record.common.createdAt.iso8601
        row.updatedAt = record.common.updatedAt.iso8601
        row.starred = record.common.starred
        try row.update(db)
        try writeDetails(of: record, seq: seq, links: links)
        searchBacklog.add(seq: seq)
        changes.needsCompaction = true
    }

    /// Deletes the record with `id` (of `kind`, when given) and leaves a tombstone without
    /// text. Links to it from other records go too. The text leaves the saved vault on the
    /// next save (see `RecordVault.save`).
    /// Only the id, seq and kind are read, so a record whose other values do not decode
    /// (`recordUnreadable`) can still be deleted.
    @discardableResult
    public func delete(id: String, kind: RecordKind? = nil, at time: RecordTime = .now()) throws -> Tombstone {
        guard let row = try Row.fetchOne(db, sql: "SELECT seq, kind FROM record WHERE id = ?", arguments: [id]),
              let seq = try? row.decode(Int64.self, atIndex: 0),
              let rowKind = (try? row.decode(String?.self, atIndex: 1)).flatMap({ $0 }).flatMap(RecordKind.init(rawValue:))
        else {
            throw RecordsError.recordNotFound(id: id)
        }
        if let kind, kind != rowKind { throw RecordsError.recordNotFound(id: id) }
        try searchBacklog.remove(seq: seq, db)
        try removeDetails(seq: seq, kind: rowKind)
        try db.execute(sql: "DELETE FROM record WHERE seq = ?", arguments: [seq])
        let tombstone = Tombstone(id: id, kind: rowKind, deletedAt: time)
        try tombstone.save(db)
        changes.needsCompaction = true
        return tombstone
    }

    /// Records a deletion that happened elsewhere (import, merge) when the record is not here.
    public func insertTombstone(_ tombstone: Tombstone) throws {
        guard try row(id: tombstone.id) == nil else { return }
        try tombstone.save(db)
    }

    /// Appends a believability rating to a belief.
    public func rateBelief(id: String, rating: Belief.Rating, at now: RecordTime) throws {
        guard case .belief(var belief)? = try record(id: id) else { throw RecordsError.recordNotFound(id: id) }
        belief.ratings.append(rating)
        belief.common.updatedAt = now
        try update(.belief(belief))
    }

    /// Appends how steady a person feels now.
    public func rateSteadiness(personID id: String, rating: Person.SteadinessRating, at now: RecordTime) throws {
        guard case .person(var person)? = try record(id: id) else { throw RecordsError.recordNotFound(id: id) }
        person.steadinessHistory.append(rating)
        person.common.updatedAt = now
        try update(.person(person))
    }

    // MARK: Details

    /// The local row numbers of the people and the repaired connection a record links to.
    private struct Links {
        var people: [Int64] = []
        var repairOf: Int64?
    }

    private func resolveLinks(of record: AnyRecord) throws -> Links {
        var links = Links()
        let people: [String]
        var repairOf: String?
        switch record {
        case .journal(let r): people = r.people
        case .connection(let r): people = r.people; repairOf = r.repairOf
        case .body(let r): people = r.people
        case .script(let r): people = r.people
        case .person, .belief: people = []
        }
        let lookup = try statement("SELECT seq FROM record WHERE id = ? AND kind = 'person'")
        for id in people {
            guard let seq = try Int64.fetchOne(lookup, arguments: [id]) else {
                throw RecordsError.invalidInput("there is no person with the id \(id) (`hearth people list` shows them)")
            }
            links.people.append(seq)
        }
        if let repairOf {
            guard let row = try row(id: repairOf), row.kind == RecordKind.connection.rawValue, let seq = row.seq else {
                throw RecordsError.invalidInput("`repair_of`: there is no connection with the id \(repairOf)")
            }
            links.repairOf = seq
        }
        return links
    }

    private func writeDetails(of record: AnyRecord, seq: Int64, links: Links) throws {
        for tag in record.common.tags { try put(RowSQL.tag, [seq, tag]) }
        func linkPeople() throws {
            for (i, person) in links.people.enumerated() { try put(RowSQL.person, [seq, person, i]) }
        }
        func writeFeelings(_ feelings: [String]) throws {
            for (i, feeling) in feelings.enumerated() { try put(RowSQL.feeling, [seq, feeling, i]) }
        }
        switch record {
        case .journal(let r):
            try put(RowSQL.journal, [seq, r.text])
            try writeFeelings(r.feelings)
            try linkPeople()
        case .person(let r):
            try put(RowSQL.personDetails, [
                seq, r.name.trimmingCharacters(in: .whitespaces), r.boundaries, r.notes, r.checkInDays, r.snoozedUntil?.iso8601,
                r.snoozedUntil.map(Self.utcSeconds), r.reachWhenStruggling,
            ])
            for role in r.roles { try put(RowSQL.role, [seq, role]) }
            for (i, rating) in r.steadinessHistory.enumerated() {
                try put(RowSQL.steadiness, [seq, i, rating.at.iso8601, Self.utcSeconds(rating.at), rating.steadiness])
            }
        case .connection(let r):
            try put(RowSQL.connection, [
                seq, r.channel?.rawValue, r.initiatedBy?.rawValue, r.safety, r.stateBefore?.rawValue, r.stateAfter?.rawValue,
                r.activationBefore, r.activationAfter, r.shareDepth, r.shared, r.response?.rawValue, r.rupture, links.repairOf, r.notes,
            ])
            for (i, word) in r.supportReceived.enumerated() { try put(RowSQL.support, [seq, "received", word, i]) }
            for (i, word) in r.supportGiven.enumerated() { try put(RowSQL.support, [seq, "given", word, i]) }
            try writeFeelings(r.feelings)
            try linkPeople()
        case .body(let r):
            try put(RowSQL.body, [seq, r.state.rawValue, r.activation, r.activationAfter, r.context, r.notes])
            for (i, x) in r.sensations.enumerated() { try put(RowSQL.sensation, [seq, i, x.region, x.quality, x.intensity]) }
            for (i, h) in r.helped.enumerated() { try put(RowSQL.helped, [seq, i, h.strategy, h.effect]) }
            try writeFeelings(r.feelings)
            try linkPeople()
        case .belief(let r):
            try put(RowSQL.belief, [seq, r.belief, r.counterBelief, r.status.rawValue])
            for (i, rating) in r.ratings.enumerated() {
                try put(RowSQL.rating, [seq, i, rating.at.iso8601, Self.utcSeconds(rating.at), rating.believability, rating.counterBelievability])
            }
        case .script(let r):
            try put(RowSQL.script, [seq, r.script, r.trigger, r.urge, r.instead, r.notes])
            try writeFeelings(r.feelings)
            try linkPeople()
        }
    }

    /// Runs one of `RowSQL`'s inserts with `arguments`.
    private func put(_ sql: String, _ arguments: StatementArguments) throws {
        try statement(sql).execute(arguments: arguments)
    }

    /// Removes the kind row and every detail row of a record (not links *to* it).
    private func removeDetails(seq: Int64, kind: RecordKind) throws {
        let statements: [String] = [
            "DELETE FROM record_tag WHERE record_seq = ?",
            "DELETE FROM record_feeling WHERE record_seq = ?",
            "DELETE FROM record_person WHERE record_seq = ?",
        ] + {
            switch kind {
            case .journal: ["DELETE FROM journal WHERE seq = ?"]
            case .person: ["DELETE FROM person_role WHERE person_seq = ?", "DELETE FROM person_steadiness WHERE person_seq = ?",
                           "DELETE FROM person WHERE seq = ?"]
            case .connection: ["DELETE FROM connection_support WHERE connection_seq = ?", "DELETE FROM connection WHERE seq = ?"]
            case .body: ["DELETE FROM body_sensation WHERE check_in_seq = ?", "DELETE FROM body_helped WHERE check_in_seq = ?",
                         "DELETE FROM body_check_in WHERE seq = ?"]
            case .belief: ["DELETE FROM belief_rating WHERE belief_seq = ?", "DELETE FROM belief WHERE seq = ?"]
            case .script: ["DELETE FROM script WHERE seq = ?"]
            }
        }()
        for sql in statements { try statement(sql).execute(arguments: [seq]) }
    }

    /// Only called on validated times (`RecordRules.validate`); clamped all the same, so it never traps.
    static func utcSeconds(_ time: RecordTime) -> Int64 {
        let seconds = time.date.timeIntervalSince1970.rounded(.down)
        guard seconds.isFinite else { return 0 }
        return Int64(max(Double(RecordTime.earliestSeconds), min(Double(RecordTime.latestSeconds), seconds)))
    }
}

/// The inserts of every row a record is stored in (Docs/FORMAT.md, "Schema"), each prepared once
/// per connection (`Records.statement`). Written out rather than through GRDB's Codable records,
/// which encode every column name again for each row: that was most of the time of an import.
private enum RowSQL {
    static let record = "INSERT INTO record (id, kind, at, at_utc, created_at, updated_at, starred) VALUES (?, ?, ?, ?, ?, ?, ?)"
    static let tag = "INSERT INTO record_tag (record_seq, tag) VALUES (?, ?)"
    static let feeling = "INSERT INTO record_feeling (record_seq, feeling, position) VALUES (?, ?, ?)"
    static let person = "INSERT INTO record_person (record_seq, person_seq, position) VALUES (?, ?, ?)"
    static let journal = "INSERT INTO journal (seq, text) VALUES (?, ?)"
    static let personDetails = """
        INSERT INTO person (seq, name, boundaries, notes, check_in_days, snoozed_until, snoozed_until_utc, reach_when_struggling)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        """
    static let role = "INSERT INTO person_role (person_seq, role) VALUES (?, ?)"
    static let steadiness = "INSERT INTO person_steadiness (person_seq, position, at, at_utc, steadiness) VALUES (?, ?, ?, ?, ?)"
    static let connection = """
        INSERT INTO connection (seq, channel, initiated_by, safety, state_before, state_after, activation_before,
            activation_after, share_depth, shared, response, rupture, repair_of_seq, notes)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """
    static let support = "INSERT INTO connection_support (connection_seq, direction, support, position) VALUES (?, ?, ?, ?)"
    static let body = "INSERT INTO body_check_in (seq, state, activation, activation_after, context, notes) VALUES (?, ?, ?, ?, ?, ?)"
    static let sensation = "INSERT INTO body_sensation (check_in_seq, position, region, quality, intensity) VALUES (?, ?, ?, ?, ?)"
    static let helped = "INSERT INTO body_helped (check_in_seq, position, strategy, effect) VALUES (?, ?, ?, ?)"
    static let belief = "INSERT INTO belief (seq, belief, counter_belief, status) VALUES (?, ?, ?, ?)"
    static let rating = """
        INSERT INTO belief_rating (belief_seq, position, at, at_utc, believability, counter_believability) VALUES (?, ?, ?, ?, ?, ?)
        """
    static let script = "INSERT INTO script (seq, script, trigger, urge, instead, notes) VALUES (?, ?, ?, ?, ?, ?)"
}
