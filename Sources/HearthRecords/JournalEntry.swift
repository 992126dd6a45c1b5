import Foundation
import GRDB

/// A journal entry: free Markdown text, when it happened, tags, and a star.
public struct JournalEntry: Equatable, Sendable {
    public var id: String
    public var at: RecordTime
    public var createdAt: RecordTime
    public var updatedAt: RecordTime
    public var text: String
    public var tags: [String]
    public var starred: Bool

    public init(
        id: String = UUID().uuidString.lowercased(), at: RecordTime, createdAt: RecordTime, updatedAt: RecordTime,
        text: String, tags: [String], starred: Bool = false
    ) {
        self.id = id
        self.at = at
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.text = text
        self.tags = tags
        self.starred = starred
    }

    /// The first non-empty line, shortened: what a listing shows instead of the whole text.
    public func preview(maxLength: Int = 60) -> String {
        let line = text.split(whereSeparator: \.isNewline).first(where: {
            !$0.trimmingCharacters(in: .whitespaces).isEmpty
        }).map(String.init) ?? ""
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        if trimmed.count <= maxLength { return trimmed }
        return String(trimmed.prefix(maxLength - 1)) + "…"
    }
}

/// Filters for listing records; every filter given must hold (AND).
public struct RecordFilter: Sendable {
    public var since: Date?
    public var until: Date?
    public var limit: Int?
    public var tag: String?

    public init(since: Date? = nil, until: Date? = nil, limit: Int? = nil, tag: String? = nil) {
        self.since = since
        self.until = until
        self.limit = limit
        self.tag = tag
    }
}
