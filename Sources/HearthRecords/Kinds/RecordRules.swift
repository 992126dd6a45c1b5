import Foundation

/// How free words are stored, so that the same word always matches itself.
public enum RecordNormalizer {
    /// Tags: trimmed, lower case, without a leading `#` or `@` (jrnl writes `@work`).
    public static func tag(_ tag: String) -> String {
        var t = tag.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        while let first = t.first, first == "#" || first == "@" { t.removeFirst() }
        return t
    }

    /// Kinds of support: like vocabulary words (`practical help` → `practical_help`).
    public static func supportWord(_ word: String) -> String { Vocabulary.canonical(word) }

    /// Tags normalized, without duplicates, sorted.
    public static func tags(_ tags: [String]) -> [String] {
        Array(Set(tags.map(tag).filter { !$0.isEmpty })).sorted()
    }

    /// Keeps the first of each, in order.
    public static func unique(_ values: [String]) -> [String] {
        var seen = Set<String>()
        return values.filter { !$0.isEmpty && seen.insert($0).inserted }
    }

    /// Every free word of a record normalized; lists deduplicated.
    public static func normalize(_ record: AnyRecord) -> AnyRecord {
        var record = record
        record.common.tags = tags(record.common.tags)
        switch record {
        case .journal(var r):
            r.feelings = unique(r.feelings.map(FeelingVocabulary.normalized))
            r.people = unique(r.people)
            record = .journal(r)
        case .person(var r):
            r.roles = PersonRole.allCases.filter(r.roles.contains)
            record = .person(r)
        case .connection(var r):
            r.feelings = unique(r.feelings.map(FeelingVocabulary.normalized))
            r.people = unique(r.people)
            r.supportReceived = unique(r.supportReceived.map(supportWord))
            r.supportGiven = unique(r.supportGiven.map(supportWord))
            record = .connection(r)
        case .body(var r):
            r.feelings = unique(r.feelings.map(FeelingVocabulary.normalized))
            r.people = unique(r.people)
            r.sensations = r.sensations.map {
                .init(region: $0.region.trimmingCharacters(in: .whitespacesAndNewlines),
                      quality: $0.quality.trimmingCharacters(in: .whitespacesAndNewlines), intensity: $0.intensity)
            }
            r.helped = r.helped.map { .init(strategy: $0.strategy.trimmingCharacters(in: .whitespacesAndNewlines), effect: $0.effect) }
            record = .body(r)
        case .belief:
            break
        case .script(var r):
            r.feelings = unique(r.feelings.map(FeelingVocabulary.normalized))
            r.people = unique(r.people)
            record = .script(r)
        }
        return record
    }
}

/// The rules a record must follow before it is stored. A broken rule is `invalidInput`,
/// naming the field, never its text.
public enum RecordRules {
    public static let maximumWordLength = 64

    public static func validate(_ record: AnyRecord) throws(RecordsError) {
        let common = record.common
        guard RecordID.isValid(common.id) else { throw .invalidInput("`id` must be 1 to 64 letters, digits, '-', '_' or '.'") }
        try words(common.tags, field: "tags")
        switch record {
        case .journal(let r):
            guard !isBlank(r.text) else { throw .invalidInput("`text` is empty") }
            try words(r.feelings, field: "feelings")
        case .person(let r):
            guard !isBlank(r.name) else { throw .invalidInput("`name` is empty") }
            guard !r.name.contains(where: \.isNewline) else { throw .invalidInput("`name` must be one line") }
            try range(r.checkInDays, Person.checkInDaysRange, "check_in_days")
            for rating in r.steadinessHistory { try range(rating.steadiness, Person.steadinessRange, "steadiness") }
        case .connection(let r):
            try range(r.safety, Connection.safetyRange, "safety")
            try range(r.activationBefore, Connection.activationRange, "activation_before")
            try range(r.activationAfter, Connection.activationRange, "activation_after")
            try range(r.shareDepth, Connection.shareDepthRange, "share_depth")
            try words(r.supportReceived, field: "support_received")
            try words(r.supportGiven, field: "support_given")
            try words(r.feelings, field: "feelings")
            if let repairOf = r.repairOf, repairOf == r.common.id {
                throw .invalidInput("`repair_of` cannot point to the connection itself")
            }
        case .body(let r):
            try range(r.activation, BodyCheckIn.activationRange, "activation")
            try range(r.activationAfter, BodyCheckIn.activationRange, "activation_after")
            for s in r.sensations {
                guard !isBlank(s.region) || !isBlank(s.quality) else { throw .invalidInput("a sensation needs a region or a quality") }
                try range(s.intensity, BodyCheckIn.intensityRange, "intensity")
            }
            for h in r.helped {
                guard !isBlank(h.strategy) else { throw .invalidInput("what helped needs a `strategy`") }
                try range(h.effect, BodyCheckIn.effectRange, "effect")
            }
            try words(r.feelings, field: "feelings")
        case .belief(let r):
            guard !isBlank(r.belief) else { throw .invalidInput("`belief` is empty") }
            for rating in r.ratings {
                guard rating.believability != nil || rating.counterBelievability != nil else {
                    throw .invalidInput("a rating needs `believability` or `counter_believability`")
                }
                try range(rating.believability, Belief.believabilityRange, "believability")
                try range(rating.counterBelievability, Belief.believabilityRange, "counter_believability")
            }
        case .script(let r):
            guard !isBlank(r.script) else { throw .invalidInput("`script` is empty") }
            try words(r.feelings, field: "feelings")
        }
    }

    public static func isBlank(_ text: String) -> Bool { text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }

    static func range(_ value: Int?, _ range: ClosedRange<Int>, _ field: String) throws(RecordsError) {
        if let value, !range.contains(value) {
            throw .invalidInput("`\(field)` must be between \(range.lowerBound) and \(range.upperBound)")
        }
    }

    static func words(_ words: [String], field: String) throws(RecordsError) {
        for word in words {
            guard !word.isEmpty, word.count <= maximumWordLength, !word.contains(where: \.isNewline) else {
                throw .invalidInput("each of `\(field)` must be one line of at most \(maximumWordLength) characters")
            }
        }
    }
}
