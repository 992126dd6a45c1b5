import Foundation
import GRDB

// Building public records from their rows.
extension Records {
    func record(from row: RecordRow) throws -> AnyRecord {
        guard let seq = row.seq, let kind = RecordKind(rawValue: row.kind) else { throw RecordsError.databaseUnreadable }
        let common = RecordCommon(
            id: row.id, at: try Self.time(row.at), createdAt: try Self.time(row.createdAt),
            updatedAt: try Self.time(row.updatedAt),
            tags: try String.fetchAll(db, sql: "SELECT tag FROM record_tag WHERE record_seq = ? ORDER BY tag", arguments: [seq]),
            starred: row.starred)
        switch kind {
        case .journal:
            guard let journal = try JournalRow.fetchOne(db, key: seq) else { throw RecordsError.databaseUnreadable }
            return .journal(JournalEntry(
                common: common, text: journal.text, feelings: try feelings(seq), people: try people(seq)))
        case .person:
            return .person(try person(seq: seq, common: common))
        case .connection:
            return .connection(try connection(seq: seq, common: common))
        case .body:
            return .body(try bodyCheckIn(seq: seq, common: common))
        case .belief:
            guard let belief = try BeliefRow.fetchOne(db, key: seq) else { throw RecordsError.databaseUnreadable }
            let ratings = try BeliefRatingRow.filter(Column("belief_seq") == seq).order(Column("position")).fetchAll(db)
            return .belief(Belief(
                common: common, belief: belief.belief, counterBelief: belief.counterBelief,
                status: BeliefStatus(rawValue: belief.status) ?? .active,
                ratings: try ratings.map {
                    Belief.Rating(at: try Self.time($0.at), believability: $0.believability, counterBelievability: $0.counterBelievability)
                }))
        case .script:
            guard let script = try ScriptRow.fetchOne(db, key: seq) else { throw RecordsError.databaseUnreadable }
            return .script(Script(
                common: common, script: script.script, trigger: script.trigger, urge: script.urge, instead: script.instead,
                people: try people(seq), feelings: try feelings(seq), notes: script.notes))
        }
    }

    private func person(seq: Int64, common: RecordCommon) throws -> Person {
        guard let person = try PersonRow.fetchOne(db, key: seq) else { throw RecordsError.databaseUnreadable }
        let roles = try String.fetchAll(db, sql: "SELECT role FROM person_role WHERE person_seq = ?", arguments: [seq])
            .compactMap(PersonRole.init(rawValue:))
        let history = try PersonSteadinessRow.filter(Column("person_seq") == seq).order(Column("position")).fetchAll(db)
        let lastContact = try String.fetchOne(db, sql: """
            SELECT r.at FROM record_person rp JOIN record r ON r.seq = rp.record_seq
            WHERE rp.person_seq = ? AND r.kind = 'connection' ORDER BY r.at_utc DESC LIMIT 1
            """, arguments: [seq])
        return Person(
            common: common, name: person.name,
            roles: PersonRole.allCases.filter(roles.contains),
            steadinessHistory: try history.map { Person.SteadinessRating(at: try Self.time($0.at), steadiness: $0.steadiness) },
            boundaries: person.boundaries, notes: person.notes, checkInDays: person.checkInDays,
            snoozedUntil: try person.snoozedUntil.map(Self.time), reachWhenStruggling: person.reachWhenStruggling,
            lastContact: try lastContact.map(Self.time))
    }

    private func connection(seq: Int64, common: RecordCommon) throws -> Connection {
        guard let c = try ConnectionRow.fetchOne(db, key: seq) else { throw RecordsError.databaseUnreadable }
        let support = try ConnectionSupportRow.filter(Column("connection_seq") == seq).order(Column("position")).fetchAll(db)
        let repairOf = try c.repairOfSeq.flatMap { try String.fetchOne(db, sql: "SELECT id FROM record WHERE seq = ?", arguments: [$0]) }
        let repairedBy = try String.fetchAll(db, sql: """
            SELECT r.id FROM connection c JOIN record r ON r.seq = c.seq WHERE c.repair_of_seq = ? ORDER BY r.at_utc, r.id
            """, arguments: [seq])
        return Connection(
            common: common, people: try people(seq), channel: c.channel.flatMap(ConnectionChannel.init(rawValue:)),
            initiatedBy: c.initiatedBy.flatMap(ReachedOut.init(rawValue:)), safety: c.safety,
            stateBefore: c.stateBefore.flatMap(NervousSystemState.init(rawValue:)),
            stateAfter: c.stateAfter.flatMap(NervousSystemState.init(rawValue:)),
            activationBefore: c.activationBefore, activationAfter: c.activationAfter, shareDepth: c.shareDepth,
            shared: c.shared, response: c.response.flatMap(ShareResponse.init(rawValue:)),
            supportReceived: support.filter { $0.direction == "received" }.map(\.support),
            supportGiven: support.filter { $0.direction == "given" }.map(\.support),
            rupture: c.rupture, repairOf: repairOf, repairedBy: repairedBy, feelings: try feelings(seq), notes: c.notes)
    }

    private func bodyCheckIn(seq: Int64, common: RecordCommon) throws -> BodyCheckIn {
        guard let b = try BodyCheckInRow.fetchOne(db, key: seq), let state = NervousSystemState(rawValue: b.state) else {
            throw RecordsError.databaseUnreadable
        }
        let sensations = try BodySensationRow.filter(Column("check_in_seq") == seq).order(Column("position")).fetchAll(db)
        let helped = try BodyHelpedRow.filter(Column("check_in_seq") == seq).order(Column("position")).fetchAll(db)
        return BodyCheckIn(
            common: common, state: state, activation: b.activation, activationAfter: b.activationAfter,
            sensations: sensations.map { .init(region: $0.region, quality: $0.quality, intensity: $0.intensity) },
            helped: helped.map { .init(strategy: $0.strategy, effect: $0.effect) },
            context: b.context, people: try people(seq), feelings: try feelings(seq), notes: b.notes)
    }

    func feelings(_ seq: Int64) throws -> [String] {
        try String.fetchAll(db, sql: "SELECT feeling FROM record_feeling WHERE record_seq = ? ORDER BY position", arguments: [seq])
    }

    func people(_ seq: Int64) throws -> [String] {
        try String.fetchAll(db, sql: """
            SELECT p.id FROM record_person rp JOIN record p ON p.seq = rp.person_seq
            WHERE rp.record_seq = ? ORDER BY rp.position
            """, arguments: [seq])
    }

    static func time(_ text: String) throws -> RecordTime {
        guard let time = RecordTime(iso8601: text) else { throw RecordsError.databaseUnreadable }
        return time
    }
}
