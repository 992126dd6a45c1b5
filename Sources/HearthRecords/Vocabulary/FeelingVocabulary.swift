import Foundation

/// A built-in vocabulary of feeling words, grouped by pleasantness × energy (the four
/// quadrants of a mood meter), so that naming a feeling precisely is one word away and the
/// patterns over time can be read by quadrant. A person's own words are always welcome too;
/// they simply have no quadrant.
public enum FeelingVocabulary {
    /// One quadrant of pleasantness × energy.
    public enum Quadrant: String, CaseIterable, Sendable {
        case unpleasantHighEnergy = "unpleasant_high_energy"
        case pleasantHighEnergy = "pleasant_high_energy"
        case unpleasantLowEnergy = "unpleasant_low_energy"
        case pleasantLowEnergy = "pleasant_low_energy"

        /// A plain name for prompts.
        public var label: String {
            switch self {
            case .unpleasantHighEnergy: "unpleasant, high energy"
            case .pleasantHighEnergy: "pleasant, high energy"
            case .unpleasantLowEnergy: "unpleasant, low energy"
            case .pleasantLowEnergy: "pleasant, low energy"
            }
        }

        /// +1 pleasant, −1 unpleasant.
        public var pleasantness: Int {
            self == .pleasantHighEnergy || self == .pleasantLowEnergy ? 1 : -1
        }

        /// +1 high energy, −1 low energy.
        public var energy: Int {
            self == .unpleasantHighEnergy || self == .pleasantHighEnergy ? 1 : -1
        }
    }

    /// The words of each quadrant, roughly from the strongest to the mildest.
    public static let words: [(quadrant: Quadrant, words: [String])] = [
        (.unpleasantHighEnergy, [
            "enraged", "panicked", "terrified", "furious", "frightened", "scared", "angry", "alarmed",
            "shocked", "overwhelmed", "anxious", "stressed", "frustrated", "agitated", "jealous",
            "resentful", "defensive", "embarrassed", "pressured", "worried", "irritated", "tense",
            "nervous", "restless", "jittery", "on edge", "uneasy", "annoyed", "guarded", "impatient",
        ]),
        (.pleasantHighEnergy, [
            "elated", "thrilled", "excited", "joyful", "delighted", "energized", "enthusiastic",
            "inspired", "proud", "playful", "happy", "cheerful", "eager", "amused", "curious",
            "motivated", "lively", "confident", "brave", "determined", "optimistic", "hopeful",
            "affectionate", "loving", "alive", "focused", "upbeat", "surprised", "free", "empowered",
        ]),
        (.unpleasantLowEnergy, [
            "despairing", "hopeless", "grieving", "helpless", "ashamed", "numb", "empty", "lonely",
            "rejected", "left out", "invisible", "small", "guilty", "hurt", "sad", "disconnected",
            "withdrawn", "exhausted", "depleted", "drained", "discouraged", "disappointed", "down",
            "heavy", "flat", "foggy", "tired", "bored", "vulnerable", "homesick", "insecure",
        ]),
        (.pleasantLowEnergy, [
            "safe", "secure", "settled", "grounded", "calm", "peaceful", "serene", "relaxed", "at ease",
            "content", "relieved", "grateful", "tender", "warm", "gentle", "soft", "cozy", "comfortable",
            "rested", "balanced", "mellow", "accepted", "understood", "seen", "held", "connected",
            "trusting", "thoughtful", "reflective", "satisfied", "carefree", "sleepy",
        ]),
    ]

    private static let quadrantByWord: [String: Quadrant] = {
        var map: [String: Quadrant] = [:]
        for group in words { for word in group.words { map[word] = group.quadrant } }
        return map
    }()

    /// Every built-in word.
    public static var allWords: [String] { words.flatMap(\.words) }

    /// The quadrant of a built-in word; nil for a person's own word.
    public static func quadrant(of word: String) -> Quadrant? { quadrantByWord[normalized(word)] }

    /// How a feeling word is stored: trimmed, lower case, single spaces.
    public static func normalized(_ word: String) -> String {
        word.trimmedWhitespace.lowercased()
            .split(whereSeparator: { $0 == " " || $0 == "_" }).joined(separator: " ")
    }
}
