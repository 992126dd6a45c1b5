/// "When": the body's activation (from body check-ins, 0–10) by local time of day and weekday.
public struct ActivationTiming: Equatable, Sendable {
    /// Parts of the day, by the local hour a check-in was written for.
    public enum PartOfDay: String, CaseIterable, Sendable {
        case night, morning, afternoon, evening

        /// The local hours it spans.
        public var hours: Range<Int> {
            switch self {
            case .night: 0..<6
            case .morning: 6..<12
            case .afternoon: 12..<18
            case .evening: 18..<24
            }
        }

        init(hour: Int) {
            self = PartOfDay.allCases.first { $0.hours.contains(hour) } ?? .night
        }
    }

    /// Average activation by local hour, 0...23 (every hour present).
    public let byHour: [Figure]
    /// Average activation per part of the day, in `PartOfDay.allCases` order.
    public let byPartOfDay: [Figure]
    /// Average activation per weekday, Monday first.
    public let byWeekday: [Figure]
    /// Check-ins counted.
    public let checkIns: Int

    public static let weekdayNames = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
}

enum ActivationTimingQuery {
    static func run(_ columns: RecordColumns, _ body: BodyFacts) -> ActivationTiming? {
        guard !body.positions.isEmpty else { return nil }
        // By the local hour and weekday the check-in was written for (its own UTC offset).
        var hours = Array(repeating: Mean(), count: 24)
        var weekdays = Array(repeating: Mean(), count: 7)
        for i in body.positions {
            let activation = Int64(body.activation[i])
            hours[Int(columns.hour[i]) % 24].add(activation)
            weekdays[Int(columns.weekday[i]) % 7].add(activation)
        }
        let parts = ActivationTiming.PartOfDay.allCases.map { part in
            part.hours.reduce(into: Mean()) { $0.merge(hours[$1]) }.figure
        }
        return ActivationTiming(
            byHour: hours.map(\.figure), byPartOfDay: parts, byWeekday: weekdays.map(\.figure), checkIns: body.positions.count)
    }
}
