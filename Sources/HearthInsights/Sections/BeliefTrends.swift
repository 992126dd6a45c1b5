import GRDB
import HearthRecords

/// "Beliefs": how believable each old belief and its counter-belief felt over time (0–100).
public struct BeliefTrend: Equatable, Sendable {
    /// One side of a belief over time.
    public struct Series: Equatable, Sendable {
        /// Oldest first.
        public let values: [Int]
        public var first: Int? { values.first }
        public var last: Int? { values.last }
        /// Latest − first, over the ratings; withheld below three ratings.
        public var change: Figure {
            guard let first, let last else { return .none }
            return Figure(Double(last - first), n: values.count)
        }
    }

    public let id: String
    public let belief: String
    public let counterBelief: String
    public let status: BeliefStatus
    /// The old belief's believability.
    public let believability: Series
    /// The counter-belief's believability.
    public let counterBelievability: Series
}

enum BeliefTrendsQuery {
    static func run(_ db: Database, _ scope: InsightsScope, _ columns: RecordColumns) throws -> [BeliefTrend] {
        // Beliefs link nobody: insights about one person leave them out.
        guard scope.personID == nil else { return [] }
        // Ratings in the window, whenever the belief itself was written down.
        let window = scope.window
        // Every rating in the window, in key order (belief, position: the order they were made
        // in), and where each belief's run of ratings starts and ends.
        var at: [Int64] = [], old: [Int64] = [], counter: [Int64] = []
        var runs: [Int64: Range<Int>] = [:]
        var scan = try RowScan(db, """
            SELECT belief_seq, at_utc, coalesce(believability, -1), coalesce(counter_believability, -1), at
            FROM belief_rating ORDER BY belief_seq, position
            """)
        var runSeq: Int64 = 0, runStart = 0
        while try scan.next() {
            let time = scan.int(1)
            guard window.contains(utc: time, dayKey: RecordColumns.localTime(scan.bytes(4), utc: time).dayKey) else { continue }
            let seq = scan.int(0)
            if seq != runSeq {
                if runStart < at.count { runs[runSeq] = runStart..<at.count }
                runSeq = seq
                runStart = at.count
            }
            at.append(time)
            old.append(scan.int(2))
            counter.append(scan.int(3))
        }
        if runStart < at.count { runs[runSeq] = runStart..<at.count }
        guard !runs.isEmpty else { return [] }
        var trends: [(at: Int64, seq: Int64, trend: BeliefTrend)] = []
        trends.reserveCapacity(runs.count)
        var beliefs = try RowScan(db, """
            SELECT b.seq, r.id, b.belief, b.counter_belief, b.status FROM belief b CROSS JOIN record r ON r.seq = b.seq
            """)
        while try beliefs.next() {
            let seq = beliefs.int(0)
            guard let run = runs[seq], let i = columns.position(seq) else { continue }
            // By when each rating was for; equal times keep the order they were made in.
            var order = Array(run)
            if !zip(order, order.dropFirst()).allSatisfy({ at[$0] <= at[$1] }) {
                order.sort { (at[$0], $0) < (at[$1], $1) }
            }
            trends.append((columns.atUTC[i], seq, BeliefTrend(
                id: beliefs.text(1), belief: beliefs.text(2), counterBelief: beliefs.text(3),
                status: BeliefStatus(rawValue: beliefs.text(4)) ?? .active,
                believability: .init(values: order.compactMap { old[$0] >= 0 ? Int(old[$0]) : nil }),
                counterBelievability: .init(values: order.compactMap { counter[$0] >= 0 ? Int(counter[$0]) : nil }))))
        }
        // Oldest belief first.
        return trends.sorted { ($0.at, $0.seq) < ($1.at, $1.seq) }.map(\.trend)
    }
}
