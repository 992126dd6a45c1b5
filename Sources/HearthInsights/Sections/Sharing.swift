import HearthRecords

/// "Sharing a little at a time": micro-shares (depth 1–5) and how they were met, over time and
/// per person.
public struct Sharing: Equatable, Sendable {
    /// How often a response was written down, per response word (every word present, 0 if none).
    public struct Responses: Equatable, Sendable {
        public let counts: [ShareResponse: Int]
        public var total: Int { counts.values.reduce(0, +) }
        /// Share of responses that were attuned.
        public var attuned: Figure { Figure.share(counts[.attuned] ?? 0, of: total) }
    }

    /// One month of the ladder (local month of the records, `2026-03`).
    public struct Month: Equatable, Sendable {
        public let month: String
        public let shares: Int
        /// Average depth 1–5.
        public let depth: Figure
        public let responses: Responses
    }

    /// Sharing with one person.
    public struct WithPerson: Equatable, Sendable {
        public let person: PersonRef
        public let shares: Int
        public let depth: Figure
        public let responses: Responses
        /// The deepest share that was met with attunement, if any.
        public let deepestAttuned: Int?
    }

    /// Connections with a micro-share.
    public let shares: Int
    public let depth: Figure
    public let responses: Responses
    /// Oldest month first.
    public let months: [Month]
    /// Most shares first.
    public let people: [WithPerson]
}

enum SharingQuery {
    private struct Tally {
        var shares = 0
        var depth = Mean()
        /// In `ShareResponse.allCases` order.
        var responses = [0, 0, 0, 0]
        var deepestAttuned: Int?

        mutating func add(_ fact: ConnectionFacts.Fact, depth: Int64) {
            shares += 1
            self.depth.add(depth)
            if let response = fact.response, let index = ShareResponse.allCases.firstIndex(of: response) {
                responses[index] += 1
                if response == .attuned { deepestAttuned = max(deepestAttuned ?? 0, Int(depth)) }
            }
        }

        var counted: Sharing.Responses {
            .init(counts: Dictionary(uniqueKeysWithValues: zip(ShareResponse.allCases, responses)))
        }
    }

    static func run(_ facts: ConnectionFacts, _ columns: RecordColumns, _ people: PeopleDirectory) -> Sharing? {
        var all = Tally()
        // Months as offsets from the earliest, for an array instead of a dictionary.
        let firstMonth = columns.months.lowerBound
        var months = [Tally](repeating: Tally(), count: columns.months.count)
        var byPerson: [Int64: Tally] = [:]
        for fact in facts.facts {
            guard let depth = fact.depth else { continue }
            all.add(fact, depth: depth)
            months[Int(columns.month[fact.position] - firstMonth)].add(fact, depth: depth)
            columns.forEachPerson(fact.position) { person in
                guard !columns.excludes(person: person) else { return }
                byPerson[person, default: Tally()].add(fact, depth: depth)
            }
        }
        guard all.shares > 0 else { return nil }
        return Sharing(
            shares: all.shares, depth: all.depth.figure, responses: all.counted,
            months: months.indices.filter { months[$0].shares > 0 }.map {
                Sharing.Month(
                    month: MonthKey.text(firstMonth + Int32($0)), shares: months[$0].shares, depth: months[$0].depth.figure,
                    responses: months[$0].counted)
            },
            people: byPerson.compactMap { seq, t -> Sharing.WithPerson? in
                guard let person = people[seq] else { return nil }
                return .init(person: person, shares: t.shares, depth: t.depth.figure, responses: t.counted, deepestAttuned: t.deepestAttuned)
            }
            .byCountThenName({ $0.shares }, \.person))
    }
}
