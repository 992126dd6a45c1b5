import Foundation

/// Someone in one's life: who they are to you, how steady they feel (with its history),
/// boundaries and notes, and an optional check-in rhythm. The last contact is never typed:
/// it is the time of the latest connection with them.
public struct Person: PracticeRecord {
    public static let kind = RecordKind.person
    /// How steady or safe someone feels, 1 (not at all) to 5 (very).
    public static let steadinessRange = 1...5
    /// A check-in rhythm is a number of days in this range.
    public static let checkInDaysRange = 1...3650

    /// One dated sense of how steady someone feels.
    public struct SteadinessRating: Equatable, Sendable {
        public var at: RecordTime
        public var steadiness: Int

        public init(at: RecordTime, steadiness: Int) {
            self.at = at
            self.steadiness = steadiness
        }
    }

    public var common: RecordCommon
    /// A name or an alias: one line.
    public var name: String
    /// Who they are to you: `PersonRole` words, or the person's own (`PersonRole.ordered`).
    public var roles: [String]
    /// Oldest first; the last one is how they feel now.
    public var steadinessHistory: [SteadinessRating]
    public var boundaries: String
    public var notes: String
    /// Check in every N days; nil for no rhythm.
    public var checkInDays: Int?
    /// Check-in invitations rest until then.
    public var snoozedUntil: RecordTime?
    /// Someone I can reach when struggling.
    public var reachWhenStruggling: Bool
    /// Computed when read: the latest connection with this person. Ignored when saved.
    public var lastContact: RecordTime?

    public init(
        common: RecordCommon, name: String, roles: [String] = [], steadinessHistory: [SteadinessRating] = [],
        boundaries: String = "", notes: String = "", checkInDays: Int? = nil, snoozedUntil: RecordTime? = nil,
        reachWhenStruggling: Bool = false, lastContact: RecordTime? = nil
    ) {
        self.common = common
        self.name = name
        self.roles = roles
        self.steadinessHistory = steadinessHistory
        self.boundaries = boundaries
        self.notes = notes
        self.checkInDays = checkInDays
        self.snoozedUntil = snoozedUntil
        self.reachWhenStruggling = reachWhenStruggling
        self.lastContact = lastContact
    }

    /// How steady they feel now (the latest rating).
    public var steadiness: Int? { steadinessHistory.last?.steadiness }

    /// When a check-in would be welcome, if there is a rhythm: the later of the last contact
    /// plus the rhythm (or when they were added) and the end of a snooze.
    public var checkInDue: Date? {
        guard let days = checkInDays else { return nil }
        let base = (lastContact ?? common.at).date.addingTimeInterval(Double(days) * 86_400)
        if let snoozedUntil, snoozedUntil.date > base { return snoozedUntil.date }
        return base
    }

    public func preview(maxLength: Int = 60) -> String {
        let roleText = roles.joined(separator: ", ")
        return Preview.shorten(Preview.join([name.trimmingCharacters(in: .whitespaces), roleText]), maxLength: maxLength)
    }

    public var wrapped: AnyRecord { .person(self) }
}
