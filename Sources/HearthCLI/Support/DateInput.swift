import ArgumentParser
import Foundation
import HearthRecords

/// Dates as people type them: `2026-11-24`, `2026-11-24T21:30`, a full ISO 8601 time with
/// offset, `today`, `yesterday`, `3d` (three days ago). Local dates are in the local time zone.
struct DateInput: ExpressibleByArgument {
    let time: RecordTime

    init?(argument: String) {
        guard let time = DateInput.parse(argument, now: Date(), timeZone: .current) else { return nil }
        self.time = time
    }

    static func parse(_ text: String, now: Date, timeZone: TimeZone) -> RecordTime? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let lower = text.trimmingCharacters(in: .whitespaces).lowercased()
        func local(_ date: Date) -> RecordTime {
            RecordTime(date: date, offsetSeconds: timeZone.secondsFromGMT(for: date))
        }
        switch lower {
        case "now": return local(now)
        case "today": return local(calendar.startOfDay(for: now))
        case "yesterday":
            return calendar.date(byAdding: .day, value: -1, to: calendar.startOfDay(for: now)).map(local)
        default: break
        }
        if let match = lower.wholeMatch(of: /(\d+)([dwh])/), let n = Int(match.1) {
            let seconds: Double = switch match.2 { case "h": 3600; case "w": 7 * 86400; default: 86400 }
            return local(now.addingTimeInterval(-Double(n) * seconds))
        }
        if let withOffset = RecordTime(iso8601: text), RecordTime.hasExplicitOffset(text) { return withOffset }
        let formats = ["yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd HH:mm", "yyyy-MM-dd"]
        for format in formats {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = timeZone
            formatter.dateFormat = format
            if let date = formatter.date(from: text) { return local(date) }
        }
        return nil
    }
}

extension RecordTime {
    static func hasExplicitOffset(_ text: String) -> Bool { offset(in: text) != nil }
}
