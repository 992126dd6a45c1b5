import Foundation

/// A journal entry: free Markdown text, feelings named, people involved, and a star.
public struct JournalEntry: PracticeRecord {
    public static let kind = RecordKind.journal
    public var common: RecordCommon
    public var text: String
    /// Feeling words, from the built-in vocabulary or the person's own.
    public var feelings: [String]
    /// Ids of people records.
    public var people: [String]

    public init(common: RecordCommon, text: String, feelings: [String] = [], people: [String] = []) {
        self.common = common
        self.text = text
        self.feelings = feelings
        self.people = people
    }

    /// The original flat initializer, kept for callers that predate the other kinds.
    public init(
        id: String = RecordID.make(), at: RecordTime, createdAt: RecordTime, updatedAt: RecordTime,
        text: String, tags: [String], starred: Bool = false, feelings: [String] = [], people: [String] = []
    ) {
        self.init(
            common: RecordCommon(id: id, at: at, createdAt: createdAt, updatedAt: updatedAt, tags: tags, starred: starred),
            text: text, feelings: feelings, people: people)
    }

    /// The first non-empty line, shortened.
    public func preview(maxLength: Int = 60) -> String { Preview.firstLine(text, maxLength: maxLength) }

    public var wrapped: AnyRecord { .journal(self) }
}
