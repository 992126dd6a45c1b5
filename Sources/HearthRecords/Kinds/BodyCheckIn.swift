import Foundation

/// A body-awareness check-in: the nervous-system state, how activated, what is felt where,
/// the context, who was present and what helped.
public struct BodyCheckIn: PracticeRecord {
    public static let kind = RecordKind.body
    public static let activationRange = 0...10
    public static let intensityRange = 0...10
    public static let effectRange = -2...2

    /// Something felt in the body.
    public struct Sensation: Equatable, Sendable {
        /// Where: "chest", "throat", "belly".
        public var region: String
        /// What it is like: "tight", "warm", "buzzing".
        public var quality: String
        /// 0–10.
        public var intensity: Int?

        public init(region: String, quality: String, intensity: Int? = nil) {
            self.region = region
            self.quality = quality
            self.intensity = intensity
        }
    }

    /// Something tried to regulate, and how it helped (−2 made it worse … +2 helped a lot).
    public struct Helped: Equatable, Sendable {
        public var strategy: String
        public var effect: Int?

        public init(strategy: String, effect: Int? = nil) {
            self.strategy = strategy
            self.effect = effect
        }
    }

    public var common: RecordCommon
    public var state: NervousSystemState
    public var activation: Int
    public var activationAfter: Int?
    public var sensations: [Sensation]
    public var helped: [Helped]
    public var context: String
    /// Ids of people present.
    public var people: [String]
    public var feelings: [String]
    public var notes: String

    public init(
        common: RecordCommon, state: NervousSystemState, activation: Int, activationAfter: Int? = nil,
        sensations: [Sensation] = [], helped: [Helped] = [], context: String = "", people: [String] = [],
        feelings: [String] = [], notes: String = ""
    ) {
        self.common = common
        self.state = state
        self.activation = activation
        self.activationAfter = activationAfter
        self.sensations = sensations
        self.helped = helped
        self.context = context
        self.people = people
        self.feelings = feelings
        self.notes = notes
    }

    public func preview(maxLength: Int = 60) -> String {
        let activationText = activationAfter.map { "activation \(activation)→\($0)" } ?? "activation \(activation)"
        let where_ = sensations.first.map { "\($0.region) \($0.quality)" }
        return Preview.shorten(Preview.join([state.rawValue, activationText, where_]), maxLength: maxLength)
    }

    public var wrapped: AnyRecord { .body(self) }
}
