import Foundation

/// One interaction with someone: how it happened, how safe it felt, the body before and after,
/// a micro-share and how it was met, support received and given, and rupture and repair.
public struct Connection: PracticeRecord {
    public static let kind = RecordKind.connection
    public static let safetyRange = -2...2
    public static let activationRange = 0...10
    public static let shareDepthRange = 1...5

    public var common: RecordCommon
    /// Ids of people records.
    public var people: [String]
    public var channel: ConnectionChannel?
    /// Who reached out.
    public var initiatedBy: ReachedOut?
    /// How safe it felt, −2 (unsafe) to +2 (very safe).
    public var safety: Int?
    public var stateBefore: NervousSystemState?
    public var stateAfter: NervousSystemState?
    public var activationBefore: Int?
    public var activationAfter: Int?
    /// Size of the micro-share, 1 (tiny) to 5 (deep).
    public var shareDepth: Int?
    /// What was shared.
    public var shared: String
    /// How they responded to the share.
    public var response: ShareResponse?
    public var supportReceived: [String]
    public var supportGiven: [String]
    /// Something went wrong between us here.
    public var rupture: Bool
    /// The id of an earlier connection (a rupture) that this one repairs.
    public var repairOf: String?
    /// Computed when read: later connections that repair this one. Ignored when saved.
    public var repairedBy: [String]
    public var feelings: [String]
    public var notes: String

    public init(
        common: RecordCommon, people: [String] = [], channel: ConnectionChannel? = nil, initiatedBy: ReachedOut? = nil,
        safety: Int? = nil, stateBefore: NervousSystemState? = nil, stateAfter: NervousSystemState? = nil,
        activationBefore: Int? = nil, activationAfter: Int? = nil, shareDepth: Int? = nil, shared: String = "",
        response: ShareResponse? = nil, supportReceived: [String] = [], supportGiven: [String] = [],
        rupture: Bool = false, repairOf: String? = nil, repairedBy: [String] = [], feelings: [String] = [],
        notes: String = ""
    ) {
        self.common = common
        self.people = people
        self.channel = channel
        self.initiatedBy = initiatedBy
        self.safety = safety
        self.stateBefore = stateBefore
        self.stateAfter = stateAfter
        self.activationBefore = activationBefore
        self.activationAfter = activationAfter
        self.shareDepth = shareDepth
        self.shared = shared
        self.response = response
        self.supportReceived = supportReceived
        self.supportGiven = supportGiven
        self.rupture = rupture
        self.repairOf = repairOf
        self.repairedBy = repairedBy
        self.feelings = feelings
        self.notes = notes
    }

    public func preview(maxLength: Int = 60) -> String {
        var parts: [String?] = [channel?.label]
        if let safety { parts.append("safety \(safety > 0 ? "+" : "")\(safety)") }
        if let before = activationBefore, let after = activationAfter { parts.append("activation \(before)→\(after)") }
        if let shareDepth { parts.append("share \(shareDepth)/5" + (response.map { " \($0.rawValue)" } ?? "")) }
        if rupture { parts.append("rupture") }
        if repairOf != nil { parts.append("repair") }
        return Preview.shorten(Preview.join(parts), maxLength: maxLength)
    }

    public var wrapped: AnyRecord { .connection(self) }
}
