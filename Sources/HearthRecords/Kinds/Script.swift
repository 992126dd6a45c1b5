import Foundation

/// An old script noticed as it fired: what it was, what set it off, the urge, and what was
/// done instead.
public struct Script: PracticeRecord {
    public static let kind = RecordKind.script

    public var common: RecordCommon
    /// The script, e.g. "go quiet and disappear".
    public var script: String
    public var trigger: String
    public var urge: String
    /// What was done instead.
    public var instead: String
    /// Ids of people involved.
    public var people: [String]
    public var feelings: [String]
    public var notes: String

    public init(
        common: RecordCommon, script: String, trigger: String = "", urge: String = "", instead: String = "",
        people: [String] = [], feelings: [String] = [], notes: String = ""
    ) {
        self.common = common
        self.script = script
        self.trigger = trigger
        self.urge = urge
        self.instead = instead
        self.people = people
        self.feelings = feelings
        self.notes = notes
    }

    public func preview(maxLength: Int = 60) -> String { Preview.firstLine(script, maxLength: maxLength) }

    public var wrapped: AnyRecord { .script(self) }
}
