import Foundation

extension Connection {
    /// The latest of `records` up to `now`, when it is a connection where something went wrong
    /// (`rupture`) that no later connection has repaired. Only the latest is looked at, so a
    /// question about repair comes once, at the next connection after the rupture.
    public static func unrepairedRupture(latestOf records: [AnyRecord], before now: Date) -> Connection? {
        let earlier = records.compactMap { record -> Connection? in
            guard case .connection(let c) = record, c.common.at.date <= now else { return nil }
            return c
        }
        guard let latest = earlier.max(by: { ($0.common.at.date, $0.id) < ($1.common.at.date, $1.id) }) else { return nil }
        return latest.rupture && latest.repairedBy.isEmpty ? latest : nil
    }
}
