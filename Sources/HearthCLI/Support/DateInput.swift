import ArgumentParser
import Foundation
import HearthRecords
import HearthRunContext

/// Dates as people type them: `2026-11-24`, `2026-11-24T21:30`, a full ISO 8601 time with
/// offset, `today`, `yesterday`, `3d` (three days ago). Local dates are in the local time zone.
struct DateInput: ExpressibleByArgument {
    let time: RecordTime
    /// True when only a day was given (`2026-11-24`, `today`): `--until` then includes that day.
    let isWholeDay: Bool

    init?(argument: String) {
        guard let time = DateInput.parse(argument, now: HearthClock.current.now(), timeZone: HearthClock.current.timeZone) else { return nil }
        self.time = time
        let lower = argument.trimmingCharacters(in: .whitespaces).lowercased()
        isWholeDay = lower == "today" || lower == "yesterday" || lower.wholeMatch(of: /\d{4}-\d{2}-\d{2}/) != nil
    }

    /// As the start of a window: a whole day from its beginning (as records show their day,
    /// `TimeWindow`), a time from that instant.
    var asSince: TimeBound { isWholeDay ? .day(CalendarDay(time)) : .instant(time.date) }

    /// As the end of a window: a whole day included, a time excluded.
    var asUntil: TimeBound { isWholeDay ? .day(CalendarDay(time)) : .instant(time.date) }

    static func parse(_ text: String, now: Date, timeZone: TimeZone) -> RecordTime? {
        RecordTime.parse(text, now: now, timeZone: timeZone)
    }
}

extension RecordTime {
    static func hasExplicitOffset(_ text: String) -> Bool { offset(in: text) != nil }
}
