import GRDB

/// "What helps your body": each regulation strategy from body check-ins, with its felt effect
/// (−2 made it harder … +2 helped a lot) and, where the check-in has an activation after, the
/// average change in activation. A check-in naming two strategies counts for both.
public struct StrategyEffect: Equatable, Sendable {
    /// As first written (strategies differing only in case are one).
    public let strategy: String
    /// Check-ins naming it.
    public let uses: Int
    public let effect: Figure
    /// Average of activation after − activation (negative: lower afterwards).
    public let activationChange: Figure
}

/// The activation of every body check-in in scope, by position, read in one scan.
struct BodyFacts {
    /// -1: not a check-in in scope.
    private(set) var activation: [Int8]
    /// -1: none noted.
    private(set) var activationAfter: [Int8]
    /// Positions of the check-ins in scope, in `seq` order.
    private(set) var positions: [Int] = []

    init(_ db: Database, _ columns: RecordColumns) throws {
        activation = Array(repeating: -1, count: columns.inScope.count)
        activationAfter = activation
        var row = try RowScan(db, "SELECT seq, activation, activation_after FROM body_check_in")
        while try row.next() {
            guard let i = columns.position(row.int(0)), columns.inScope[i] else { continue }
            activation[i] = Int8(clamping: row.int(1))
            activationAfter[i] = row.optionalInt(2).map { Int8(clamping: $0) } ?? -1
            positions.append(i)
        }
    }
}

enum BodyStrategiesQuery {
    static func run(_ db: Database, _ columns: RecordColumns, _ body: BodyFacts) throws -> [StrategyEffect] {
        struct Tally {
            let strategy: String
            var uses = 0
            var effect = Mean(), change = Mean()
        }
        var tallies: [Tally] = []
        // Strategies differing only in case are one; each spelling is folded once.
        var groupOfSpelling: [String: Int] = [:]
        var groupOfFolded: [String: Int] = [:]
        // The last few spellings met, compared as bytes: most rows repeat one of them.
        var recent: [(bytes: [UInt8], group: Int)] = []
        var row = try RowScan(db, "SELECT check_in_seq, strategy, effect FROM body_helped ORDER BY check_in_seq, position")
        while try row.next() {
            guard let i = columns.position(row.int(0)), body.activation[i] >= 0 else { continue }
            let bytes = row.bytes(1)
            let group: Int
            if let hit = recent.firstIndex(where: { RowScan.same(bytes, $0.bytes) }) {
                group = recent[hit].group
            } else {
                let spelling = String(decoding: bytes, as: UTF8.self)
                if let known = groupOfSpelling[spelling] {
                    group = known
                } else {
                    let folded = spelling.lowercased()
                    if let known = groupOfFolded[folded] {
                        group = known
                    } else {
                        group = tallies.count
                        tallies.append(Tally(strategy: spelling))
                        groupOfFolded[folded] = group
                    }
                    groupOfSpelling[spelling] = group
                }
                if recent.count == 8 { recent.removeFirst() }
                recent.append((Array(bytes), group))
            }
            tallies[group].uses += 1
            tallies[group].effect.add(row.optionalInt(2))
            if body.activationAfter[i] >= 0 {
                tallies[group].change.add(Int64(body.activationAfter[i]) - Int64(body.activation[i]))
            }
        }
        return tallies.map {
            StrategyEffect(strategy: $0.strategy, uses: $0.uses, effect: $0.effect.figure, activationChange: $0.change.figure)
        }
        .sorted { ($0.uses, $1.strategy.lowercased()) > ($1.uses, $0.strategy.lowercased()) }
    }
}
