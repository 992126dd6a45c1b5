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
        word.trimmedWhitespace.lowercased()
            .split(whereSeparator: { $0 == " " || $0 == "-" || $0 == "_" }).joined(separator: "_")
    }
}

/// Nervous-system states (Docs/CLI.md).
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

/// Who a person is in one's life: the list below, or a person's own short word or phrase when
/// none fits ("neighbour", "AA sponsor"). Roles are stored as words: a list word in its
/// canonical form, an own word as written (trimmed, single spaces).
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

extension PersonRole {
    /// The most characters an own role may have: a word or a short phrase, not a note.
    public static let maximumOwnWordLength = 40

    /// The allowed values, in a few words (for prompts and messages).
    public static let allowedText =
        "a word from the list (\(words.joined(separator: ", "))) or your own short word, up to \(maximumOwnWordLength) characters, without commas"

    /// How a role is kept: a list word (matched leniently: "Therapist", "therapist ") in its
    /// canonical form; an own word trimmed, with single spaces.
    public static func normalized(_ word: String) -> String {
        if let role = PersonRole(word: word) { return role.rawValue }
        return word.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
    }

    /// Why `word` cannot be a role, or nil: it must be one line of visible characters, at most
    /// `maximumOwnWordLength` long, without commas (a comma separates roles in the prompt and
    /// in the editor, so a role holding one would not come back as itself).
    public static func problem(with word: String) -> String? {
        let kept = normalized(word)
        guard !kept.isEmpty, kept.count <= maximumOwnWordLength, !kept.contains(","),
              !kept.contains(where: \.isNewline), !kept.unicodeScalars.contains(where: { $0 == "\t" || HiddenScalars.isHidden($0) })
        else { return "must each be \(allowedText)" }
        return nil
    }

    /// Roles in the order they are kept and shown: list words in list order, then own words
    /// sorted (the store keeps roles as a set), each once (own words compared without case).
    public static func ordered(_ roles: [String]) -> [String] {
        let kept = roles.map(normalized).filter { !$0.isEmpty }
        let listed = PersonRole.allCases.map(\.rawValue).filter(kept.contains)
        var seen = Set(listed)
        var own: [String] = []
        for word in kept where PersonRole(rawValue: word) == nil && seen.insert(word.lowercased()).inserted { own.append(word) }
        return listed + own.sorted { $0.lowercased() == $1.lowercased() ? $0 < $1 : $0.lowercased() < $1.lowercased() }
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

/// Parts of the body, offered as suggestions and used to tell where a sensation is from what it
/// is like when both are written in one phrase ("throat lump", "tight chest"). A person's own
/// words for a place are kept too.
public enum BodyRegionSuggestions {
    public static let words = [
        "head", "forehead", "face", "eyes", "jaw", "mouth", "teeth", "throat", "neck", "shoulders", "shoulder",
        "arms", "arm", "hands", "hand", "fingers", "chest", "heart", "ribs", "lungs", "breath", "belly", "stomach",
        "gut", "tummy", "solar plexus", "diaphragm", "back", "upper back", "lower back", "spine", "hips", "hip",
        "pelvis", "legs", "leg", "thighs", "knees", "knee", "feet", "foot", "toes", "skin", "whole body", "all over",
    ]
}
