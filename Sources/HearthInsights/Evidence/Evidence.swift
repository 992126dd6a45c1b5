import Foundation
import HearthRecords

/// What a person has gathered from small shares, person by person: how each share was met,
/// what the body did afterwards, and ruptures with whether and when they were repaired. Counts
/// of what was written down, never a grade; shown only when asked (`insights --evidence`).
public struct Evidence: Equatable, Sendable {
    /// The evidence gathered with one person.
    public struct WithPerson: Equatable, Sendable {
        public let person: PersonRef
        /// Connections with a small share (a `share_depth`).
        public let shares: Int
        /// How those shares were met (shares without a response noted are not counted here).
        public let responses: Sharing.Responses
        /// The deepest share met with attunement, 1–5.
        public let deepestAttuned: Int?
        /// After − before activation over shares noting both (negative: lower afterwards).
        public let activationChange: Figure
        /// Shares after which the state was noted as settled, of those with a state noted.
        public let settledAfter: Int
        public let stateNoted: Int
        /// Ruptures with this person (connections marked as one, or repaired by a later one).
        public let ruptures: Int
        /// Days from each repaired rupture to its first repair, oldest rupture first.
        public let repairDays: [Double]
    }

    public let scope: InsightsScope
    /// Most shares first, then most ruptures.
    public let people: [WithPerson]

    /// Computes the evidence over the records in `scope`.
    /// Throws `RecordsError.recordNotFound` when the scope names a person who is not there.
    public static func compute(in database: PlaintextDatabase, scope: InsightsScope = InsightsScope()) throws -> Evidence {
        try database.queue.read { db in
            let columns = try RecordColumns(db, scope: scope)
            let directory = try PeopleDirectory(db)
            let facts = try ConnectionFacts(db, columns)
            var tallies: [Int64: Tally] = [:]
            for fact in facts.facts {
                let repairedAt = facts.firstRepair[fact.position]
                let isRupture = fact.rupture || repairedAt != nil
                guard fact.depth != nil || isRupture else { continue }
                let days = repairedAt.map { Double(max(0, $0 - columns.atUTC[fact.position])) / 86_400 }
                columns.forEachPerson(fact.position) { seq in
                    guard !columns.excludes(person: seq) else { return }
                    tallies[seq, default: Tally()].add(fact, rupture: isRupture, repairDays: days)
                }
            }
            let people = tallies.compactMap { seq, t -> WithPerson? in
                directory[seq].map { t.evidence(for: $0) }
            }
            .byCountThenName({ $0.shares * 10_000 + $0.ruptures }, \.person)
            return Evidence(scope: scope, people: people)
        }
    }

    private struct Tally {
        var shares = 0
        var responses = [Int](repeating: 0, count: ShareResponse.allCases.count)
        var deepestAttuned: Int?
        var change = Mean()
        var settled = 0, stateNoted = 0
        var ruptures = 0
        var repairDays: [Double] = []

        mutating func add(_ fact: ConnectionFacts.Fact, rupture: Bool, repairDays days: Double?) {
            if let depth = fact.depth {
                shares += 1
                if let response = fact.response, let index = ShareResponse.allCases.firstIndex(of: response) {
                    responses[index] += 1
                    if response == .attuned { deepestAttuned = max(deepestAttuned ?? 0, Int(depth)) }
                }
                if let before = fact.before, let after = fact.after { change.add(after - before) }
                if let isSettled = fact.settledAfter {
                    stateNoted += 1
                    if isSettled { settled += 1 }
                }
            }
            if rupture {
                ruptures += 1
                if let days { repairDays.append(days) }
            }
        }

        func evidence(for person: PersonRef) -> WithPerson {
            WithPerson(
                person: person, shares: shares,
                responses: .init(counts: Dictionary(uniqueKeysWithValues: zip(ShareResponse.allCases, responses))),
                deepestAttuned: deepestAttuned, activationChange: change.figure, settledAfter: settled,
                stateNoted: stateNoted, ruptures: ruptures, repairDays: repairDays)
        }
    }
}

extension Evidence {
    /// `hearth insights --evidence --json`: per person, the counts behind each sentence.
    public func json(timeZone: TimeZone) -> JSONValue {
        var object = JSONObject()
        object["since"] = .optionalString(scope.since.map { Insights.text($0, timeZone: timeZone) })
        object["until"] = .optionalString(scope.until.map { Insights.text($0, timeZone: timeZone) })
        object["people"] = .array(people.map { p in
            var o = Insights.person(p.person)
            o["shares"] = Insights.int(p.shares)
            o["responses"] = Insights.json(p.responses)
            o["deepest_attuned"] = p.deepestAttuned.map(Insights.int) ?? .null
            Insights.put(p.activationChange, "activation_change", into: &o)
            o["settled_after"] = Insights.int(p.settledAfter)
            o["state_after_noted"] = Insights.int(p.stateNoted)
            o["ruptures"] = Insights.int(p.ruptures)
            o["repair_days"] = .array(p.repairDays.map { .double(($0 * 100).rounded() / 100) })
            return .object(o)
        })
        object["sentences"] = .array(sentences.map { .string($0) })
        return .object(object)
    }
}
