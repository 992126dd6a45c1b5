import GRDB

/// "Giving and receiving": connections where support was received or given, the kinds of
/// support, overall and per person. Counts only: a relationship is not a ledger.
public struct GivingReceiving: Equatable, Sendable {
    /// A kind of support and how many connections named it.
    public struct Kind: Equatable, Sendable {
        public let support: String
        public let count: Int
    }

    public struct WithPerson: Equatable, Sendable {
        public let person: PersonRef
        /// Connections where support was received.
        public let received: Int
        /// Connections where support was given.
        public let given: Int
    }

    /// Connections where any support was received.
    public let received: Int
    /// Connections where any support was given.
    public let given: Int
    /// Most named first.
    public let receivedKinds: [Kind]
    public let givenKinds: [Kind]
    /// Most support (both ways) first.
    public let people: [WithPerson]
}

enum GivingReceivingQuery {
    static func run(_ db: Database, _ columns: RecordColumns, _ people: PeopleDirectory) throws -> GivingReceiving? {
        struct Counts { var received = 0, given = 0 }
        var all = Counts()
        var byPerson: [Int64: Counts] = [:]
        var kinds: [String: Counts] = [:]
        // Kind by kind and direction (the support index): each row is then one number, the
        // connection. A connection naming several kinds counts once per direction.
        var counted = [UInt8](repeating: 0, count: columns.inScope.count)
        var pairs: [(support: String, received: Bool)] = []
        var distinct = try RowScan(db, "SELECT DISTINCT support, direction FROM connection_support ORDER BY support, direction")
        while try distinct.next() { pairs.append((distinct.text(0), distinct.bytes(1).first == UInt8(ascii: "r"))) }
        for (support, received) in pairs {
            let bit: UInt8 = received ? 1 : 2
            var named = 0
            var row = try RowScan(
                db, "SELECT connection_seq FROM connection_support WHERE support = ? AND direction = ?",
                arguments: [support, received ? "received" : "given"])
            while try row.next() {
                guard let i = columns.position(row.int(0)), columns.inScope[i] else { continue }
                named += 1
                guard counted[i] & bit == 0 else { continue }
                counted[i] |= bit
                if received { all.received += 1 } else { all.given += 1 }
                columns.forEachPerson(i) { person in
                    guard !columns.excludes(person: person) else { return }
                    if received { byPerson[person, default: Counts()].received += 1 } else { byPerson[person, default: Counts()].given += 1 }
                }
            }
            if named > 0 {
                if received { kinds[support, default: Counts()].received += named } else { kinds[support, default: Counts()].given += named }
            }
        }
        guard !kinds.isEmpty else { return nil }
        func ranked(_ count: (Counts) -> Int) -> [GivingReceiving.Kind] {
            kinds.filter { count($0.value) > 0 }.map { GivingReceiving.Kind(support: $0.key, count: count($0.value)) }
                .sorted { ($0.count, $1.support) > ($1.count, $0.support) }
        }
        return GivingReceiving(
            received: all.received, given: all.given, receivedKinds: ranked(\.received), givenKinds: ranked(\.given),
            people: byPerson.compactMap { seq, c -> GivingReceiving.WithPerson? in
                guard let person = people[seq] else { return nil }
                return .init(person: person, received: c.received, given: c.given)
            }
            .byCountThenName({ $0.received + $0.given }, \.person))
    }
}
