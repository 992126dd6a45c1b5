import Foundation
import GRDB
import HearthRecords

/// Patterns over time in a person's records: with whom and with what they tend to settle.
/// Every figure carries its n and is withheld below three observations (`Figure`). Read from
/// the typed columns of the records database, one scan per table, joined in memory by row
/// number (`RecordColumns`); nothing is written.
public struct Insights: Equatable, Sendable {
    public let scope: InsightsScope
    /// The person the insights are about, when the scope names one.
    public let person: PersonRef?
    /// Records in scope (people themselves not counted).
    public let records: Int
    /// The earliest and latest record in scope.
    public let first: RecordTime?
    public let last: RecordTime?

    /// With whom you settle; most connections first.
    public let withWhom: [PersonSettling]
    /// Sharing a little at a time.
    public let sharing: Sharing?
    /// Rupture and repair.
    public let ruptureRepair: RuptureRepair?
    /// Giving and receiving.
    public let givingReceiving: GivingReceiving?
    /// What helps your body; most used first.
    public let body: [StrategyEffect]
    /// Beliefs, oldest first.
    public let beliefs: [BeliefTrend]
    /// Naming feelings.
    public let feelings: FeelingGranularity?
    /// When: activation by time of day and weekday.
    public let when: ActivationTiming?

    /// Computes every section over the records in `scope`.
    /// Throws `RecordsError.recordNotFound` when the scope names a person who is not there.
    public static func compute(in database: PlaintextDatabase, scope: InsightsScope = InsightsScope()) throws -> Insights {
        try database.queue.read { db in
            let columns = try RecordColumns(db, scope: scope)
            let people = try PeopleDirectory(db)
            let connections = try ConnectionFacts(db, columns)
            let body = try BodyFacts(db, columns)
            var records = 0
            var first: Int?, last: Int?
            for i in columns.inScope.indices where columns.inScope[i] {
                records += 1
                if first.map({ columns.atUTC[i] < columns.atUTC[$0] }) ?? true { first = i }
                if last.map({ columns.atUTC[i] >= columns.atUTC[$0] }) ?? true { last = i }
            }
            return Insights(
                scope: scope, person: columns.personSeq.flatMap { people[$0] }, records: records,
                first: first.map(columns.time), last: last.map(columns.time),
                withWhom: WithWhomQuery.run(connections, columns, people),
                sharing: SharingQuery.run(connections, columns, people),
                ruptureRepair: RuptureRepairQuery.run(connections, columns, people),
                givingReceiving: try GivingReceivingQuery.run(db, columns, people),
                body: try BodyStrategiesQuery.run(db, columns, body),
                beliefs: try BeliefTrendsQuery.run(db, scope, columns),
                feelings: try FeelingGranularityQuery.run(db, columns),
                when: ActivationTimingQuery.run(columns, body))
        }
    }

    /// True when no section has anything to show.
    public var isEmpty: Bool {
        withWhom.isEmpty && sharing == nil && ruptureRepair == nil && givingReceiving == nil && body.isEmpty
            && beliefs.isEmpty && feelings == nil && when == nil
    }
}
