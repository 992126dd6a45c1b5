import Foundation
import GRDB

/// A calendar date as a record shows it: the first ten characters of its ISO 8601 time, on the
/// clock of the zone it was written in (`2026-11-24T21:30:00+01:00` is on 2026-11-24, wherever it
/// is read).
public struct CalendarDay: Comparable, Hashable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// A date in years 1 to 9999 (the years Hearth keeps); nil for anything else.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month), (1...31).contains(day) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// The day `time` is shown on: its date at its own offset.
    public init(_ time: RecordTime) {
        let iso = Array(time.iso8601.utf8)
        func number(_ range: Range<Int>) -> Int { range.reduce(0) { $0 * 10 + Int(iso[$1]) - 48 } }
        // `iso8601` always starts with `YYYY-MM-DD` for a valid time (years 1 to 9999).
        year = number(0..<4)
        month = number(5..<7)
        day = number(8..<10)
    }

    /// `YYYY-MM-DD`, as `iso8601` begins: text comparison orders days, so SQL compares the
    /// stored text directly.
    public var description: String {
        func pad(_ n: Int, _ width: Int) -> String {
            let s = String(n)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    /// Ordered like the dates: `yyyymmdd`.
    public var key: Int { year * 10_000 + month * 100 + day }

    public static func < (a: CalendarDay, b: CalendarDay) -> Bool { a.key < b.key }
}

/// One end of a time window. A whole day (`--on 2026-11-25`, `--since yesterday`) is compared
/// with the day each record *shows* (`CalendarDay`), so a listing filtered by a day holds
/// exactly the records shown on that day, whatever zone this machine is in now; a time with
/// hours (`2026-11-25T08:00`, `3d`) is an exact instant.
public enum TimeBound: Equatable, Hashable, Sendable {
    case instant(Date)
    case day(CalendarDay)
}

/// Records from `since` (inclusive) to `until`: before an instant, or up to and including a
/// day. An empty window holds everything.
public struct TimeWindow: Equatable, Hashable, Sendable {
    public var since: TimeBound?
    public var until: TimeBound?

    public init(since: TimeBound? = nil, until: TimeBound? = nil) {
        self.since = since
        self.until = until
    }

    /// True when a record at `utc` (Unix seconds) shown on `day` (`CalendarDay.key`) is inside.
    public func contains(utc: Int64, dayKey: Int) -> Bool {
        switch since {
        case .instant(let date)?: if utc < Self.seconds(date, .down) { return false }
        case .day(let day)?: if dayKey < day.key { return false }
        case nil: break
        }
        switch until {
        case .instant(let date)?: if utc >= Self.seconds(date, .up) { return false }
        case .day(let day)?: if dayKey > day.key { return false }
        case nil: break
        }
        return true
    }

    /// True when `time` is inside.
    public func contains(_ time: RecordTime) -> Bool {
        contains(utc: Int64(time.date.timeIntervalSince1970.rounded(.down)), dayKey: CalendarDay(time).key)
    }

    /// True when nothing can be inside: the window ends before it starts.
    public var isEmpty: Bool {
        switch (since, until) {
        case (.instant(let a)?, .instant(let b)?): Self.seconds(a, .down) >= Self.seconds(b, .up)
        case (.day(let a)?, .day(let b)?): a > b
        // Mixed bounds: compared on the widest reading, so a window is only called empty when it
        // is empty in every zone (±18:00 around the day).
        case (.instant(let a)?, .day(let b)?): a.timeIntervalSince1970 >= Self.dayStartUTC(b) + 86_400 + 18 * 3600
        case (.day(let a)?, .instant(let b)?): Self.dayStartUTC(a) - 18 * 3600 >= b.timeIntervalSince1970
        default: false
        }
    }

    /// SQL conditions (joined with AND) on a table whose `at` (ISO 8601 text) and `at_utc`
    /// (Unix seconds) columns are named with `prefix` (`"r."`), and their arguments.
    func sqlConditions(prefix: String) -> (clauses: [String], arguments: StatementArguments) {
        var clauses: [String] = []
        var arguments: StatementArguments = []
        switch since {
        case .instant(let date)?:
            clauses.append("\(prefix)at_utc >= ?")
            arguments += [Self.seconds(date, .down)]
        case .day(let day)?:
            clauses.append("substr(\(prefix)at, 1, 10) >= ?")
            arguments += [day.description]
        case nil: break
        }
        switch until {
        case .instant(let date)?:
            clauses.append("\(prefix)at_utc < ?")
            arguments += [Self.seconds(date, .up)]
        case .day(let day)?:
            clauses.append("substr(\(prefix)at, 1, 10) <= ?")
            arguments += [day.description]
        case nil: break
        }
        return (clauses, arguments)
    }

    /// Whole Unix seconds, saturating (a bound comes from a valid `RecordTime`, so it never does).
    private static func seconds(_ date: Date, _ rule: FloatingPointRoundingRule) -> Int64 {
        let s = date.timeIntervalSince1970.rounded(rule)
        guard s.isFinite else { return s < 0 ? .min : .max }
        return Int64(Swift.min(Swift.max(s, -9.2e18), 9.2e18))
    }

    private static func dayStartUTC(_ day: CalendarDay) -> Double {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let date = calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day)) ?? .distantPast
        return date.timeIntervalSince1970
    }
}
