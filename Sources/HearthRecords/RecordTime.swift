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

    // MARK: The range of times Hearth keeps

    /// The largest UTC offset a time may carry: ±18:00, the bound ISO 8601 software (and
    /// Foundation) accepts. Real zones stay within -12:00 and +14:00.
    public static let maximumOffsetSeconds = 18 * 3600
    /// 0001-01-01T00:00:00Z, in Unix seconds: years before 1 have no four-digit ISO 8601 form.
    public static let earliestSeconds: Int64 = -62_135_596_800
    /// 9999-12-31T23:59:59Z, in Unix seconds: the last second with a four-digit year.
    public static let latestSeconds: Int64 = 253_402_300_799

    /// True when the time can be stored and printed as `iso8601` writes it: in years 1 to 9999
    /// both in UTC and at its own offset, with an offset within ±18:00 in whole minutes. Every way a time enters Hearth (typed, `--json`,
    /// import, merge, a vault's own rows) checks this, so one odd value is refused where it
    /// enters instead of breaking every later listing.
    public var isValid: Bool {
        Self.isValid(seconds: date.timeIntervalSince1970, offsetSeconds: offsetSeconds)
    }

    static func isValid(seconds: Double, offsetSeconds: Int) -> Bool {
        guard seconds.isFinite, offsetSeconds >= -maximumOffsetSeconds, offsetSeconds <= maximumOffsetSeconds, offsetSeconds % 60 == 0,
              seconds >= Double(earliestSeconds), seconds < Double(latestSeconds) + 1
        else { return false }
        let local = Int64(seconds.rounded(.down)) + Int64(offsetSeconds)
        return local >= earliestSeconds && local <= latestSeconds
    }

    /// A zone's offset in whole minutes, as ISO 8601 writes it: zones before about 1900 had
    /// offsets in seconds (Paris: +00:09:21), which are rounded toward zero.
    public static func wholeMinutes(_ offsetSeconds: Int) -> Int { offsetSeconds / 60 * 60 }

    /// The time, or nil when it is outside the range Hearth keeps (`isValid`).
    public init?(validating date: Date, offsetSeconds: Int) {
        guard Self.isValid(seconds: date.timeIntervalSince1970, offsetSeconds: offsetSeconds) else { return nil }
        self.init(date: date, offsetSeconds: offsetSeconds)
    }

    /// ISO 8601 with its offset, e.g. `2026-11-24T21:30:00+01:00` (`Z` for UTC).
    /// Formatted by hand: Foundation's formatters are slow to create, and listings format
    /// thousands of times. Total: a time outside the range (`isValid`), which no input path
    /// lets in, is written with a signed year (`-0001-…`, `+10000-…`) that no reader accepts,
    /// or as `invalid-time`, and never traps.
    public var iso8601: String {
        let instant = date.timeIntervalSince1970
        // ±1e15 s is far beyond any year gmtime can name, and far inside time_t.
        guard instant.isFinite, abs(instant) < 1e15, offsetSeconds >= -7 * 86400, offsetSeconds <= 7 * 86400 else { return "invalid-time" }
        var seconds = time_t(instant.rounded(.down)) + time_t(offsetSeconds)
        var parts = tm()
        guard gmtime_r(&seconds, &parts) != nil else { return "invalid-time" }
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let year = Int(parts.tm_year) + 1900
        let digits = String(abs(year))
        let padded = String(repeating: "0", count: max(0, 4 - digits.count)) + digits
        let yearText = year < 0 ? "-" + padded : year > 9999 ? "+" + padded : padded
        var text = "\(yearText)-\(two(Int(parts.tm_mon) + 1))-\(two(Int(parts.tm_mday)))T"
        text += "\(two(Int(parts.tm_hour))):\(two(Int(parts.tm_min))):\(two(Int(parts.tm_sec)))"
        if offsetSeconds == 0 { return text + "Z" }
        let sign = offsetSeconds < 0 ? "-" : "+"
        let minutes = abs(offsetSeconds) / 60
        return text + sign + two(minutes / 60) + ":" + two(minutes % 60)
    }

    /// Parses ISO 8601 with an offset or `Z`, keeping the offset.
    public init?(iso8601 text: String) {
        if let fast = RecordTime.parseCanonical(text) {
            self = fast
            return
        }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        var parsed = formatter.date(from: text)
        if parsed == nil {
            formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            parsed = formatter.date(from: text)
        }
        guard let date = parsed, let offset = RecordTime.offset(in: text),
              RecordTime.isValid(seconds: date.timeIntervalSince1970, offsetSeconds: offset)
        else { return nil }
        self.date = date
        self.offsetSeconds = offset
    }

    /// The exact shape `iso8601` writes: `YYYY-MM-DDTHH:MM:SS` then `Z` or `±HH:MM`.
    static func parseCanonical(_ text: String) -> RecordTime? {
        let b = Array(text.utf8)
        guard b.count == 20 || b.count == 25, b[4] == 45, b[7] == 45, b[10] == 84, b[13] == 58, b[16] == 58 else {
            return nil
        }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for i in range {
                guard b[i] >= 48, b[i] <= 57 else { return nil }
                value = value * 10 + Int(b[i] - 48)
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
              let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
              year >= 1, (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61
        else { return nil }
        var offset = 0
        if b.count == 20 {
            guard b[19] == 90 else { return nil }
        } else {
            guard b[19] == 43 || b[19] == 45, b[22] == 58, let oh = number(20..<22), let om = number(23..<25), om < 60 else {
                return nil
            }
            offset = (oh * 3600 + om * 60) * (b[19] == 45 ? -1 : 1)
        }
        let local = Self.wallClockSeconds(year: year, month: month, day: day, hour: hour, minute: minute, second: second).seconds
        return RecordTime(validating: Date(timeIntervalSince1970: TimeInterval(local - offset)), offsetSeconds: offset)
    }

    /// A wall-clock date and time as seconds since 1970 read as UTC (`timegm`), and whether it
    /// names a real day: timegm rolls 2026-02-30 over into March.
    public static func wallClockSeconds(
        year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int
    ) -> (seconds: Int, isRealDay: Bool) {
        var parts = tm()
        parts.tm_year = Int32(year - 1900)
        parts.tm_mon = Int32(month - 1)
        parts.tm_mday = Int32(day)
        parts.tm_hour = Int32(hour)
        parts.tm_min = Int32(minute)
        parts.tm_sec = Int32(second)
        let seconds = Int(timegm(&parts))
        return (seconds, parts.tm_mday == Int32(day) && parts.tm_mon == Int32(month - 1))
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
        // `+99:99` is not an offset: minutes below 60, and within ±18:00.
        guard minutes < 60, hours * 3600 + minutes * 60 <= maximumOffsetSeconds else { return nil }
        return sign * (hours * 3600 + minutes * 60)
    }

    public static func < (a: RecordTime, b: RecordTime) -> Bool { a.date < b.date }

    /// Dates as people type them: a full ISO 8601 time with offset (kept as written),
    /// `2026-11-24`, `2026-11-24T21:30`, `2026-11-24 21:30`, `now`, `today`, `yesterday`, and
    /// `3d`, `12h`, `2w` (that long ago). Times without an offset are in `timeZone`.
    /// Anything outside the range Hearth keeps (`isValid`: years 1 to 9999, offsets within
    /// ±18:00, `99999999d` ago) is nil, never a trap.
    public static func parse(_ text: String, now: Date, timeZone: TimeZone) -> RecordTime? {
        guard text.utf8.count <= 64 else { return nil }  // no date is longer; bounds the formatters' work
        // The shape Hearth writes (every time in an export) first, without calendars or
        // formatters: an import reads three times a record.
        if let canonical = parseCanonical(text), canonical.isValid { return canonical }
        guard let time = parseUnchecked(text, now: now, timeZone: timeZone), time.isValid else { return nil }
        return time
    }

    private static func parseUnchecked(_ text: String, now: Date, timeZone: TimeZone) -> RecordTime? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let lower = text.trimmingCharacters(in: .whitespaces).lowercased()
        func local(_ date: Date) -> RecordTime? {
            let seconds = date.timeIntervalSince1970
            // Checked before the time zone is asked: it is only defined for real dates.
            guard isValid(seconds: seconds, offsetSeconds: 0) else { return nil }
            return RecordTime(date: Date(timeIntervalSince1970: seconds.rounded(.down)),
                              offsetSeconds: wholeMinutes(timeZone.secondsFromGMT(for: date)))
        }
        switch lower {
        case "now": return local(now)
        case "today": return local(calendar.startOfDay(for: now))
        case "yesterday":
            return calendar.date(byAdding: .day, value: -1, to: calendar.startOfDay(for: now)).flatMap(local)
        default: break
        }
        // `3d`, `12h`, `2w` (by hand: a regex literal is compiled again on every call).
        if let unit = lower.last, "dwh".contains(unit), lower.count > 1, lower.dropLast().allSatisfy({ $0.isASCII && $0.isNumber }) {
            // At most 9 digits (2.7 million years in days): anything longer is out of range.
            guard lower.count - 1 <= 9, let n = Int(lower.dropLast()) else { return nil }
            let seconds: Double = switch unit { case "h": 3600; case "w": 7 * 86400; default: 86400 }
            return local(now.addingTimeInterval(-Double(n) * seconds))
        }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        // Typed dates start with a four-digit year (DateFormatter also takes `-1-2-6` or `12345-…`).
        guard trimmed.utf8.count >= 10, trimmed.utf8.prefix(4).allSatisfy({ (48...57).contains($0) }),
              trimmed.utf8.dropFirst(4).first == UInt8(ascii: "-")
        else { return nil }
        if let offset = RecordTime.offset(in: trimmed) {
            if let withOffset = RecordTime(iso8601: trimmed) { return withOffset }
            // An offset with minutes only, as people type it: 2026-11-25T08:05+01:00.
            for format in ["yyyy-MM-dd'T'HH:mmXXXXX", "yyyy-MM-dd HH:mmXXXXX", "yyyy-MM-dd HH:mm:ssXXXXX"] {
                let formatter = DateFormatter()
                formatter.locale = Locale(identifier: "en_US_POSIX")
                formatter.dateFormat = format
                if let date = formatter.date(from: trimmed) { return RecordTime(validating: date, offsetSeconds: offset) }
            }
        }
        let formats = ["yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd"]
        // Read as a wall-clock time (in UTC, which has no gaps), then placed in `timeZone` by the
        // calendar: a time in a daylight-saving gap (02:30 on a spring-forward night, as a file
        // written in another zone may hold) moves past the gap instead of being refused.
        let utc = TimeZone(identifier: "UTC")!
        var wallClock = Calendar(identifier: .gregorian)
        wallClock.timeZone = utc
        for format in formats {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = utc
            formatter.dateFormat = format
            guard let parsed = formatter.date(from: trimmed), isValid(seconds: parsed.timeIntervalSince1970, offsetSeconds: 0) else { continue }
            let parts = wallClock.dateComponents([.year, .month, .day, .hour, .minute, .second], from: parsed)
            return calendar.date(from: parts).flatMap(local)
        }
        return nil
    }
}
