import Foundation

/// What "now" is for a run, and the time zone it writes local times in: the system's in the
/// binary, a fixed or stepped one in tests (no sleeps to make two saves a second apart, no
/// result that depends on the hour the suite runs).
public struct HearthClock: Sendable {
    private let read: @Sendable () -> Date
    public let timeZone: TimeZone

    public init(timeZone: TimeZone = .current, now: @escaping @Sendable () -> Date) {
        read = now
        self.timeZone = timeZone
    }

    /// The system clock and time zone.
    public static let system = HearthClock(timeZone: .current, now: { Date() })

    /// Always `date`, in `timeZone`.
    public static func fixed(_ date: Date, timeZone: TimeZone = TimeZone(identifier: "UTC")!) -> HearthClock {
        HearthClock(timeZone: timeZone, now: { date })
    }

    public func now() -> Date { read() }
}
