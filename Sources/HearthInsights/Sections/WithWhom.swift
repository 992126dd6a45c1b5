/// "With whom you settle": for each person, the connections with them, how safe they felt,
/// the body's activation before and after, and how often the state afterwards was settled.
public struct PersonSettling: Equatable, Sendable {
    public let person: PersonRef
    /// Connections with this person.
    public let connections: Int
    /// Felt safety, −2...+2.
    public let safety: Figure
    /// Average activation before, over connections with both before and after.
    public let activationBefore: Figure
    /// Average activation after, over the same connections.
    public let activationAfter: Figure
    /// Average of after − before (negative: lower afterwards).
    public let activationChange: Figure
    /// Share of connections whose state afterwards was `settled` (of those with a state after).
    public let settledAfter: Figure
}

enum WithWhomQuery {
    static func run(_ facts: ConnectionFacts, _ columns: RecordColumns, _ people: PeopleDirectory) -> [PersonSettling] {
        struct Tally {
            var connections = 0
            var safety = Mean(), before = Mean(), after = Mean(), change = Mean()
            var settled = Share()
        }
        var tallies: [Int64: Tally] = [:]
        for fact in facts.facts {
            columns.forEachPerson(fact.position) { person in
                guard !columns.excludes(person: person) else { return }
                var t = tallies[person, default: Tally()]
                t.connections += 1
                t.safety.add(fact.safety)
                if let before = fact.before, let after = fact.after {
                    t.before.add(before)
                    t.after.add(after)
                    t.change.add(after - before)
                }
                if let settled = fact.settledAfter { t.settled.add(settled) }
                tallies[person] = t
            }
        }
        return tallies.compactMap { seq, t -> PersonSettling? in
            guard let person = people[seq] else { return nil }
            return PersonSettling(
                person: person, connections: t.connections, safety: t.safety.figure, activationBefore: t.before.figure,
                activationAfter: t.after.figure, activationChange: t.change.figure, settledAfter: t.settled.figure)
        }
        .byCountThenName({ $0.connections }, \.person)
    }
}
