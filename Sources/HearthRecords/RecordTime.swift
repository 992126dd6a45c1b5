import Foundation

/// A moment as the person wrote it: the instant plus the UTC offset it was written in,
/// so an entry keeps its local time when read elsewhere.
public struct RecordTime: Equatable, Hashable, Sendable, Comparable {
    public let date: Date
    /// Seconds east of UTC.
    public let offsetSeconds: Int

    public init(date: Date, offsetSeconds: Int) {
        self.date = date
        self.offsetSeconds = offsetSeconds
    }

    /// Now, in the machine's current time zone.
    public static func now() -> RecordTime {
        let date = Date()
        return RecordTime(date: Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down)),
                          offsetSeconds: TimeZone.current.secondsFromGMT(for: date))
    }

    /// ISO 8601 with its offset, e.g. `2026-11-24T21:30:00+01:00`.
    public var iso8601: String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        formatter.timeZone = TimeZone(secondsFromGMT: offsetSeconds) ?? TimeZone(identifier: "UTC")!
        return formatter.string(from: date)
    }

    /// Parses ISO 8601 with an offset or `Z`, keeping the offset.
    public init?(iso8601 text: String) {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        var parsed = formatter.date(from: text)
        if parsed == nil {
            formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            parsed = formatter.date(from: text)
        }
        guard let date = parsed else { return nil }
        self.date = date
        self.offsetSeconds = RecordTime.offset(in: text) ?? 0
    }

    /// The offset written at the end of an ISO 8601 string (`Z`, `+01:00`, `-0530`).
    public static func offset(in text: String) -> Int? {
        if text.hasSuffix("Z") || text.hasSuffix("z") { return 0 }
        let scalars = Array(text)
        guard let signIndex = scalars.lastIndex(where: { $0 == "+" || $0 == "-" }), signIndex > 10 else { return nil }
        let sign = scalars[signIndex] == "-" ? -1 : 1
        let digits = scalars[(signIndex + 1)...].filter(\.isNumber)
        guard digits.count == 4 || digits.count == 2, let value = Int(String(digits)) else { return nil }
        let hours = digits.count == 4 ? value / 100 : value
        let minutes = digits.count == 4 ? value % 100 : 0
        return sign * (hours * 3600 + minutes * 60)
    }

    public static func < (a: RecordTime, b: RecordTime) -> Bool { a.date < b.date }
}
