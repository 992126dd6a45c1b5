import Foundation

/// What every record has, whatever its kind (Docs/CLI.md, "Record fields").
public struct RecordCommon: Equatable, Sendable {
    /// A random, unguessable id (a lower-case UUID for records made here).
    public var id: String
    /// When it happened, with the UTC offset it was written in.
    public var at: RecordTime
    public var createdAt: RecordTime
    /// Changes on every edit; merging relies on it.
    public var updatedAt: RecordTime
    /// Lower-case tags, sorted.
    public var tags: [String]
    public var starred: Bool

    public init(
        id: String = RecordID.make(), at: RecordTime, createdAt: RecordTime? = nil, updatedAt: RecordTime? = nil,
        tags: [String] = [], starred: Bool = false
    ) {
        self.id = id
        self.at = at
        self.createdAt = createdAt ?? at
        self.updatedAt = updatedAt ?? createdAt ?? at
        self.tags = tags
        self.starred = starred
    }
}

/// One record of the practice. Each kind is a plain struct; the common fields are forwarded.
public protocol PracticeRecord: Equatable, Sendable {
    static var kind: RecordKind { get }
    var common: RecordCommon { get set }
    /// A short line for listings: never the whole text.
    func preview(maxLength: Int) -> String
    /// Wraps the record for code that handles every kind.
    var wrapped: AnyRecord { get }
}

extension PracticeRecord {
    public var id: String {
        get { common.id }
        set { common.id = newValue }
    }
    public var at: RecordTime {
        get { common.at }
        set { common.at = newValue }
    }
    public var createdAt: RecordTime {
        get { common.createdAt }
        set { common.createdAt = newValue }
    }
    public var updatedAt: RecordTime {
        get { common.updatedAt }
        set { common.updatedAt = newValue }
    }
    public var tags: [String] {
        get { common.tags }
        set { common.tags = newValue }
    }
    public var starred: Bool {
        get { common.starred }
        set { common.starred = newValue }
    }
    public var kind: RecordKind { Self.kind }
    public func preview() -> String { preview(maxLength: 60) }
}

/// Any record, for code that handles every kind (export, import, search, merge).
public enum AnyRecord: Equatable, Sendable {
    case journal(JournalEntry)
    case person(Person)
    case connection(Connection)
    case body(BodyCheckIn)
    case belief(Belief)
    case script(Script)

    public var record: any PracticeRecord {
        switch self {
        case .journal(let r): r
        case .person(let r): r
        case .connection(let r): r
        case .body(let r): r
        case .belief(let r): r
        case .script(let r): r
        }
    }

    public var kind: RecordKind { type(of: record).kind }

    public var common: RecordCommon {
        get { record.common }
        set {
            switch self {
            case .journal(var r): r.common = newValue; self = .journal(r)
            case .person(var r): r.common = newValue; self = .person(r)
            case .connection(var r): r.common = newValue; self = .connection(r)
            case .body(var r): r.common = newValue; self = .body(r)
            case .belief(var r): r.common = newValue; self = .belief(r)
            case .script(var r): r.common = newValue; self = .script(r)
            }
        }
    }

    public var id: String { common.id }

    public func preview(maxLength: Int = 60) -> String { record.preview(maxLength: maxLength) }
}

/// Record ids: random UUIDs made here; ids from elsewhere (imports) must be short and plain.
public enum RecordID {
    public static func make() -> String { UUID().uuidString.lowercased() }

    /// 1–64 characters of letters, digits, `-`, `_` and `.`.
    public static func isValid(_ id: String) -> Bool {
        guard (1...64).contains(id.utf8.count) else { return false }
        return id.utf8.allSatisfy { b in
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x2D || b == 0x5F || b == 0x2E
        }
    }
}

/// Shortening text for previews: the first non-empty line, trimmed to a length.
enum Preview {
    /// The first line that is not blank, trimmed and shortened. Scans bytes, and only as far
    /// as needed: listings make thousands of these.
    static func firstLine(_ text: String, maxLength: Int) -> String {
        let utf8 = text.utf8
        var lineStart = utf8.startIndex
        while lineStart < utf8.endIndex {
            let lineEnd = utf8[lineStart...].firstIndex(of: 0x0A) ?? utf8.endIndex
            var first = lineStart, last = lineEnd
            while first < last, isBlank(utf8[first]) { first = utf8.index(after: first) }
            while last > first, isBlank(utf8[utf8.index(before: last)]) { last = utf8.index(before: last) }
            if first < last {
                // At most 4 bytes a character: no need to look further than that.
                let limit = utf8.index(first, offsetBy: maxLength * 4 + 4, limitedBy: last) ?? last
                let line = Substring(text[first..<limit])
                return shorten(line.trimmingSuffix(), maxLength: maxLength, cut: limit < last)
            }
            guard lineEnd < utf8.endIndex else { break }
            lineStart = utf8.index(after: lineEnd)
        }
        return ""
    }

    private static func isBlank(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0D || b == 0x0B || b == 0x0C }

    /// At most `maxLength` characters, the last one `…` when shortened (`cut`: the text given
    /// is already a cut-off beginning).
    static func shorten(_ text: some StringProtocol, maxLength: Int, cut: Bool = false) -> String {
        var end = text.startIndex
        var count = 0
        while end < text.endIndex, count < maxLength {
            end = text.index(after: end)
            count += 1
        }
        if end == text.endIndex, !cut { return String(text) }
        if end == text.endIndex, count < maxLength { return String(text) + "…" }
        return String(text[..<text.index(text.startIndex, offsetBy: max(1, maxLength - 1))]) + "…"
    }

    static func join(_ parts: [String?]) -> String {
        parts.compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " · ")
    }
}

extension Substring {
    /// Without trailing whitespace (a cut may end in a space).
    func trimmingSuffix() -> Substring {
        var end = endIndex
        while end > startIndex, self[index(before: end)].isWhitespace { end = index(before: end) }
        return self[..<end]
    }
}
