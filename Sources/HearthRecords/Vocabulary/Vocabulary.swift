import Foundation

/// A fixed set of words a field accepts. Input is matched leniently ("Shut down",
/// "shut-down" and "shut_down" are the same word); output always uses the canonical word.
public protocol VocabularyWord: RawRepresentable, CaseIterable, Sendable, Equatable where RawValue == String {
    /// A plain-language description for prompts and help.
    var label: String { get }
}

extension VocabularyWord {
    /// Matches a typed word to the vocabulary, or nil.
    public init?(word: String) {
        let canonical = Vocabulary.canonical(word)
        guard let match = Self.allCases.first(where: { $0.rawValue == canonical }) else { return nil }
        self = match
    }

    /// The canonical words, in order.
    public static var words: [String] { allCases.map(\.rawValue) }
}

public enum Vocabulary {
    /// Lower case, trimmed, inner spaces and hyphens as underscores.
    public static func canonical(_ word: String) -> String {
        word.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
            .split(whereSeparator: { $0 == " " || $0 == "-" || $0 == "_" }).joined(separator: "_")
    }
}

/// Nervous-system states (../shared/CLI.md).
public enum NervousSystemState: String, VocabularyWord {
    case settled, activated, frozen
    case shutDown = "shut_down"
    case fawning, mixed

    public var label: String {
        switch self {
        case .settled: "settled, safe enough, able to rest"
        case .activated: "activated: fight or flight"
        case .frozen: "frozen"
        case .shutDown: "shut down, far away"
        case .fawning: "fawning, pleasing to stay safe"
        case .mixed: "mixed"
        }
    }
}

/// Who a person is in one's life.
public enum PersonRole: String, VocabularyWord {
    case friend, partner, family, therapist, coach, peer, group, colleague, mentor, online

    public var label: String {
        switch self {
        case .coach: "coach (somatic or other)"
        case .peer: "peer (shared experience)"
        case .group: "a group"
        case .online: "someone online"
        default: rawValue
        }
    }
}

/// How a connection happened.
public enum ConnectionChannel: String, VocabularyWord {
    case inPerson = "in_person"
    case call, video, message, group, letter, online, other

    public var label: String {
        switch self {
        case .inPerson: "in person"
        case .call: "a call"
        case .video: "a video call"
        case .message: "messages"
        case .group: "in a group"
        case .letter: "a letter or email"
        case .online: "online (a forum, a game)"
        case .other: "another way"
        }
    }
}

/// Who reached out.
public enum ReachedOut: String, VocabularyWord {
    case me, them, mutual

    public var label: String {
        switch self {
        case .me: "I reached out"
        case .them: "they reached out"
        case .mutual: "both, or planned together"
        }
    }
}

/// How the other person responded to a micro-share.
public enum ShareResponse: String, VocabularyWord {
    case attuned, neutral, dismissive, hurtful

    public var label: String {
        switch self {
        case .attuned: "attuned: they got it"
        case .neutral: "neutral"
        case .dismissive: "dismissive"
        case .hurtful: "hurtful"
        }
    }
}

/// Where a belief stands.
public enum BeliefStatus: String, VocabularyWord {
    case active, softening, released

    public var label: String {
        switch self {
        case .active: "still active"
        case .softening: "softening"
        case .released: "released"
        }
    }
}

/// Kinds of support, offered as suggestions; a person's own words are kept too.
public enum SupportSuggestions {
    public static let words = [
        "listening", "comfort", "reassurance", "company", "advice", "practical_help", "encouragement",
        "information", "affection", "fun", "space", "co_regulation",
    ]
}
