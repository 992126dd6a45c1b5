import Foundation
import HearthRecords

/// Which records insights look at: a time window and, optionally, one person.
public struct InsightsScope: Equatable, Sendable {
    /// Records from this instant or day on (nil: from the beginning). A day is the day each
    /// record shows (`TimeWindow`).
    public var since: TimeBound?
    /// Records before this instant or up to and including this day (nil: up to now and beyond).
    public var until: TimeBound?
    /// A person's record id: only records that link them (beliefs are then left out).
    public var personID: String?

    public init(since: TimeBound? = nil, until: TimeBound? = nil, personID: String? = nil) {
        self.since = since
        self.until = until
        self.personID = personID
    }

    /// The time window as one value.
    public var window: TimeWindow { TimeWindow(since: since, until: until) }
}
