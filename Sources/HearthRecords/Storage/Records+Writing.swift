import Foundation
import GRDB

// Adding, replacing and deleting records. Every change keeps the search index in step.
extension Records {
    /// Adds a new record. Its id must be new, and not the id of a deleted record.
    public func insert(_ record: AnyRecord) throws {
        let record = RecordNormalizer.normalize(record)
        try RecordRules.validate(record)
        if try row(id: record.id) != nil {
            throw RecordsError.invalidInput("a record with the id \(record.id) is already in the vault")
        }
        if try tombstone(id: record.id) != nil {
            throw RecordsError.invalidInput("the record with the id \(record.id) was deleted from this vault")
        }
        let links = try resolveLinks(of: record)
        var row = RecordRow(
            seq: nil, id: record.id, kind: record.kind.rawValue, at: record.common.at.iso8601,
            atUtc: Self.utcSeconds(record.common.at), createdAt: record.common.createdAt.iso8601,
            updatedAt: record.common.updatedAt.iso8601, starred: record.common.starred)
        try row.insert(db)
        guard let seq = row.seq else { throw RecordsError.databaseUnreadable }
        try writeDetails(of: record, seq: seq, links: links)
        try SearchIndex.add(seq: seq, db)
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
        try SearchIndex.remove(seq: seq, db)
        try removeDetails(seq: seq, kind: record.kind)
        row.at = record.common.at.iso8601
        row.atUtc = Self.utcSeconds(record.common.at)
        row.createdAt = record.common.createdAt.iso8601
        row.updatedAt = record.common.updatedAt.iso8601
        row.starred = record.common.starred
        try row.update(db)
        try writeDetails(of: record, seq: seq, links: links)
        try SearchIndex.add(seq: seq, db)
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
        try SearchIndex.remove(seq: seq, db)
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
        for id in people {
            guard let row = try row(id: id), row.kind == RecordKind.person.rawValue, let seq = row.seq else {
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
        for tag in record.common.tags { try RecordTagRow(recordSeq: seq, tag: tag).insert(db) }
        func linkPeople() throws {
            for (i, person) in links.people.enumerated() {
                try RecordPersonRow(recordSeq: seq, personSeq: person, position: i).insert(db)
            }
        }
        func writeFeelings(_ feelings: [String]) throws {
            for (i, feeling) in feelings.enumerated() { try RecordFeelingRow(recordSeq: seq, feeling: feeling, position: i).insert(db) }
        }
        switch record {
        case .journal(let r):
            try JournalRow(seq: seq, text: r.text).insert(db)
            try writeFeelings(r.feelings)
            try linkPeople()
        case .person(let r):
            try PersonRow(
                seq: seq, name: r.name.trimmingCharacters(in: .whitespaces), boundaries: r.boundaries, notes: r.notes,
                checkInDays: r.checkInDays, snoozedUntil: r.snoozedUntil?.iso8601,
                snoozedUntilUtc: r.snoozedUntil.map(Self.utcSeconds), reachWhenStruggling: r.reachWhenStruggling
            ).insert(db)
            for role in r.roles { try PersonRoleRow(personSeq: seq, role: role).insert(db) }
            for (i, rating) in r.steadinessHistory.enumerated() {
                try PersonSteadinessRow(
                    personSeq: seq, position: i, at: rating.at.iso8601, atUtc: Self.utcSeconds(rating.at),
                    steadiness: rating.steadiness
                ).insert(db)
            }
        case .connection(let r):
            try ConnectionRow(
                seq: seq, channel: r.channel?.rawValue, initiatedBy: r.initiatedBy?.rawValue, safety: r.safety,
                stateBefore: r.stateBefore?.rawValue, stateAfter: r.stateAfter?.rawValue,
                activationBefore: r.activationBefore, activationAfter: r.activationAfter, shareDepth: r.shareDepth,
                shared: r.shared, response: r.response?.rawValue, rupture: r.rupture, repairOfSeq: links.repairOf,
                notes: r.notes
            ).insert(db)
            for (i, word) in r.supportReceived.enumerated() {
                try ConnectionSupportRow(connectionSeq: seq, direction: "received", support: word, position: i).insert(db)
            }
            for (i, word) in r.supportGiven.enumerated() {
                try ConnectionSupportRow(connectionSeq: seq, direction: "given", support: word, position: i).insert(db)
            }
            try writeFeelings(r.feelings)
            try linkPeople()
        case .body(let r):
            try BodyCheckInRow(
                seq: seq, state: r.state.rawValue, activation: r.activation, activationAfter: r.activationAfter,
                context: r.context, notes: r.notes
            ).insert(db)
            for (i, s) in r.sensations.enumerated() {
                try BodySensationRow(checkInSeq: seq, position: i, region: s.region, quality: s.quality, intensity: s.intensity).insert(db)
            }
            for (i, h) in r.helped.enumerated() {
                try BodyHelpedRow(checkInSeq: seq, position: i, strategy: h.strategy, effect: h.effect).insert(db)
            }
            try writeFeelings(r.feelings)
            try linkPeople()
        case .belief(let r):
            try BeliefRow(seq: seq, belief: r.belief, counterBelief: r.counterBelief, status: r.status.rawValue).insert(db)
            for (i, rating) in r.ratings.enumerated() {
                try BeliefRatingRow(
                    beliefSeq: seq, position: i, at: rating.at.iso8601, atUtc: Self.utcSeconds(rating.at),
                    believability: rating.believability, counterBelievability: rating.counterBelievability
                ).insert(db)
            }
        case .script(let r):
            try ScriptRow(seq: seq, script: r.script, trigger: r.trigger, urge: r.urge, instead: r.instead, notes: r.notes).insert(db)
            try writeFeelings(r.feelings)
            try linkPeople()
        }
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
        for sql in statements { try db.execute(sql: sql, arguments: [seq]) }
    }

    /// Only called on validated times (`RecordRules.validate`); clamped all the same, so it never traps.
    static func utcSeconds(_ time: RecordTime) -> Int64 {
        let seconds = time.date.timeIntervalSince1970.rounded(.down)
        guard seconds.isFinite else { return 0 }
        return Int64(max(Double(RecordTime.earliestSeconds), min(Double(RecordTime.latestSeconds), seconds)))
    }
}
