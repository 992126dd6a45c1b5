/// The six kinds of record a practice holds (README.md, "Writing it down").
public enum RecordKind: String, CaseIterable, Sendable, Codable {
    case journal
    case person
    case connection
    case body
    case belief
    case script

    /// The command that handles this kind (`hearth people`, `hearth connect`, ...).
    public var commandName: String {
        switch self {
        case .journal: "journal"
        case .person: "people"
        case .connection: "connect"
        case .body: "body"
        case .belief: "belief"
        case .script: "script"
        }
    }

    /// How a person would name one record of this kind.
    public var singular: String {
        switch self {
        case .journal: "journal entry"
        case .person: "person"
        case .connection: "connection"
        case .body: "body check-in"
        case .belief: "belief"
        case .script: "script"
        }
    }

    /// How a person would name several.
    public var plural: String {
        switch self {
        case .journal: "journal entries"
        case .person: "people"
        case .connection: "connections"
        case .body: "body check-ins"
        case .belief: "beliefs"
        case .script: "scripts"
        }
    }

    /// Accepts the kind (`person`) or its command (`people`).
    public init?(word: String) {
        let lower = word.lowercased()
        guard let kind = RecordKind(rawValue: lower) ?? RecordKind.allCases.first(where: { $0.commandName == lower }) else {
            return nil
        }
        self = kind
    }

    /// Kinds that name feelings and link people.
    public var hasFeelings: Bool { self != .person && self != .belief }
    public var linksPeople: Bool { self != .person && self != .belief }
    /// Kinds with a nervous-system state (`--state` filters on it).
    public var hasState: Bool { self == .body || self == .connection }

    /// The order records are written in exports: people first, so links resolve.
    public static let exportOrder: [RecordKind] = [.person, .journal, .connection, .body, .belief, .script]
}
