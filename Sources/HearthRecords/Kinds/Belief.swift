import Foundation

/// An old belief and its counter-belief, with how strongly each is held over time.
public struct Belief: PracticeRecord {
    public static let kind = RecordKind.belief
    public static let believabilityRange = 0...100

    /// One dated rating of how believable each side feels, 0–100.
    public struct Rating: Equatable, Sendable {
        public var at: RecordTime
        public var believability: Int?
        public var counterBelievability: Int?

        public init(at: RecordTime, believability: Int?, counterBelievability: Int?) {
            self.at = at
            self.believability = believability
            self.counterBelievability = counterBelievability
        }
    }

    public var common: RecordCommon
    /// The old belief, e.g. "I'll be a burden".
    public var belief: String
    /// A realistic answer to it.
    public var counterBelief: String
    public var status: BeliefStatus
    /// Oldest first.
    public var ratings: [Rating]

    public init(common: RecordCommon, belief: String, counterBelief: String = "", status: BeliefStatus = .active, ratings: [Rating] = []) {
        self.common = common
        self.belief = belief
        self.counterBelief = counterBelief
        self.status = status
        self.ratings = ratings
    }

    /// The latest rating of the old belief.
    public var believability: Int? { ratings.last(where: { $0.believability != nil })?.believability }
    /// The latest rating of the counter-belief.
    public var counterBelievability: Int? { ratings.last(where: { $0.counterBelievability != nil })?.counterBelievability }

    public func preview(maxLength: Int = 60) -> String {
        var numbers: String?
        if believability != nil || counterBelievability != nil {
            numbers = "\(believability.map(String.init) ?? "–")/\(counterBelievability.map(String.init) ?? "–")"
        }
        let text = Preview.firstLine(belief, maxLength: max(10, maxLength - 22))
        return Preview.shorten(Preview.join([text, status == .active ? nil : status.rawValue, numbers]), maxLength: maxLength)
    }

    public var wrapped: AnyRecord { .belief(self) }
}
