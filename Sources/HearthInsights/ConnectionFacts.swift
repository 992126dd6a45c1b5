import GRDB
import HearthRecords

/// The typed columns of every connection in scope, read in one scan of `connection`, plus when
/// each connection (in scope or not) was first repaired. Shared by the sections built on
/// connections.
struct ConnectionFacts {
    struct Fact {
        let position: Int
        let safety: Int64?
        let before: Int64?
        let after: Int64?
        /// nil when no state afterwards was noted.
        let settledAfter: Bool?
        let depth: Int64?
        let response: ShareResponse?
        let rupture: Bool
    }

    /// In scope, in `seq` order.
    private(set) var facts: [Fact] = []
    /// The UTC time of the first repair of a connection, by its position.
    private(set) var firstRepair: [Int: Int64] = [:]

    /// `WHEN 'attuned' THEN 0 ...`: each response word as its place in `ShareResponse.allCases`.
    private static let responseCases = ShareResponse.allCases.enumerated()
        .map { "WHEN '\($0.element.rawValue)' THEN \($0.offset)" }.joined(separator: " ")

    init(_ db: Database, _ columns: RecordColumns) throws {
        // NULLs come back as sentinels (-1), and words as small numbers, so that each row
        // costs one call per column.
        var row = try RowScan(db, """
            SELECT seq, coalesce(safety, -99), coalesce(activation_before, -1), coalesce(activation_after, -1),
                CASE WHEN state_after IS NULL THEN -1 WHEN state_after = 'settled' THEN 1 ELSE 0 END,
                coalesce(share_depth, -1),
                CASE response \(Self.responseCases) ELSE -1 END,
                rupture, coalesce(repair_of_seq, 0)
            FROM connection
            """)
        func value(_ v: Int64, missing: Int64 = -1) -> Int64? { v == missing ? nil : v }
        while try row.next() {
            guard let i = columns.position(row.int(0)) else { continue }
            if let repaired = value(row.int(8), missing: 0).flatMap(columns.position) {
                let at = columns.atUTC[i]
                if let known = firstRepair[repaired], known <= at {} else { firstRepair[repaired] = at }
            }
            guard columns.inScope[i] else { continue }
            let settled = row.int(4), response = row.int(6)
            facts.append(Fact(
                position: i, safety: value(row.int(1), missing: -99), before: value(row.int(2)), after: value(row.int(3)),
                settledAfter: settled < 0 ? nil : settled == 1, depth: value(row.int(5)),
                response: response < 0 ? nil : ShareResponse.allCases[Int(response)], rupture: row.int(7) != 0))
        }
    }
}
