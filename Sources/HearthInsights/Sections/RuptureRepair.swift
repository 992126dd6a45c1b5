
/// "Rupture and repair": ruptures (connections marked as one, or repaired by a later one),
/// which were repaired, and how long repair took.
public struct RuptureRepair: Equatable, Sendable {
    /// Ruptures with one person.
    public struct WithPerson: Equatable, Sendable {
        public let person: PersonRef
        public let ruptures: Int
        public let repaired: Int
        /// Days from the rupture to its first repair, on average (over repaired ones).
        public let repairDays: Figure
    }

    public let ruptures: Int
    public let repaired: Int
    /// Days from a rupture to its first repair, on average, over the repaired ones.
    public let repairDays: Figure
    /// The middle of those durations (half took longer, half less).
    public let repairDaysMedian: Figure
    /// Most ruptures first.
    public let people: [WithPerson]
}

enum RuptureRepairQuery {
    static func run(_ facts: ConnectionFacts, _ columns: RecordColumns, _ people: PeopleDirectory) -> RuptureRepair? {
        var ruptures = 0
        var repairedDays: [Double] = []
        var byPerson: [Int64: [Double?]] = [:]
        // A rupture is a connection marked as one, or one that a later connection repairs.
        for fact in facts.facts {
            let repairedAt = facts.firstRepair[fact.position]
            guard fact.rupture || repairedAt != nil else { continue }
            ruptures += 1
            let days = repairedAt.map { Double(max(0, $0 - columns.atUTC[fact.position])) / 86_400 }
            if let days { repairedDays.append(days) }
            columns.forEachPerson(fact.position) { person in
                guard !columns.excludes(person: person) else { return }
                byPerson[person, default: []].append(days)
            }
        }
        guard ruptures > 0 else { return nil }
        let withPeople = byPerson.compactMap { seq, days -> RuptureRepair.WithPerson? in
            guard let person = people[seq] else { return nil }
            let repaired = days.compactMap { $0 }
            return .init(person: person, ruptures: days.count, repaired: repaired.count, repairDays: average(repaired))
        }
        .byCountThenName({ $0.ruptures }, \.person)
        return RuptureRepair(
            ruptures: ruptures, repaired: repairedDays.count, repairDays: average(repairedDays),
            repairDaysMedian: median(repairedDays), people: withPeople)
    }

    static func average(_ values: [Double]) -> Figure {
        Figure(values.isEmpty ? nil : values.reduce(0, +) / Double(values.count), n: values.count)
    }

    static func median(_ values: [Double]) -> Figure {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return .none }
        let middle = sorted.count / 2
        let value = sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
        return Figure(value, n: sorted.count)
    }
}
