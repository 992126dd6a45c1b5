import Foundation

/// Which records insights look at: a time window and, optionally, one person.
public struct InsightsScope: Equatable, Sendable {
    /// Records at or after this instant (nil: from the beginning).
    public var since: Date?
    /// Records before this instant (nil: up to now and beyond).
    public var until: Date?
    /// A person's record id: only records that link them (beliefs are then left out).
    public var personID: String?

    public init(since: Date? = nil, until: Date? = nil, personID: String? = nil) {
        self.since = since
        self.until = until
        self.personID = personID
    }
}
