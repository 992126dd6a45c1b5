import Foundation

/// How free words are stored, so that the same word always matches itself.
public enum RecordNormalizer {
    /// Tags: trimmed, lower case, without a leading `#` or `@` (jrnl writes `@work`).
    public static func tag(_ tag: String) -> String {
        var t = tag.trimmedWhitespace.lowercased()
        while let first = t.first, first == "#" || first == "@" { t.removeFirst() }
        return t
    }

    /// Kinds of support: like vocabulary words (`practical help` → `practical_help`).
    public static func supportWord(_ word: String) -> String { Vocabulary.canonical(word) }

    /// Tags normalized, without duplicates, sorted.
    public static func tags(_ tags: [String]) -> [String] {
        // Most records have no tag or one: no set to build (an import normalizes every record).
        if tags.count < 2 { return tags.map(tag).filter { !$0.isEmpty } }
        return Array(Set(tags.map(tag).filter { !$0.isEmpty })).sorted()
    }

    /// Keeps the first of each, in order.
    public static func unique(_ values: [String]) -> [String] {
        if values.count < 2 { return values.filter { !$0.isEmpty } }
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
            r.roles = PersonRole.ordered(r.roles)
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
                .init(region: $0.region.trimmedWhitespace,
                      quality: $0.quality.trimmedWhitespace, intensity: $0.intensity)
            }
            r.helped = r.helped.map { .init(strategy: $0.strategy.trimmedWhitespace, effect: $0.effect) }
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
    /// The most text one record may hold, in UTF-8 bytes, all its fields together: 1 MiB, some
    /// hundred times the longest real journal entry, and small enough that a record never costs
    /// more than a few MiB of memory wherever it goes (editor, export, merge).
    public static let maximumRecordTextBytes = 1 << 20

    public static func validate(_ record: AnyRecord) throws(RecordsError) {
        let common = record.common
        guard RecordID.isValid(common.id) else { throw .invalidInput("`id` must be 1 to 64 letters, digits, '-', '_' or '.'") }
        try words(common.tags, field: "tags")
        try times(of: record)
        try texts(of: record)
        try numbers(of: record)
        switch record {
        case .journal(let r):
            guard !isBlank(r.text) else { throw .invalidInput("`text` is empty") }
            try words(r.feelings, field: "feelings")
        case .person(let r):
            guard !isBlank(r.name) else { throw .invalidInput("`name` is empty") }
            guard !r.name.contains(where: \.isNewline) else { throw .invalidInput("`name` must be one line") }
            for role in r.roles { if let why = PersonRole.problem(with: role) { throw .invalidInput("`roles` \(why)") } }
        case .connection(let r):
            try words(r.supportReceived, field: "support_received")
            try words(r.supportGiven, field: "support_given")
            try words(r.feelings, field: "feelings")
            if let repairOf = r.repairOf, repairOf == r.common.id {
                throw .invalidInput("`repair_of` cannot point to the connection itself")
            }
        case .body(let r):
            for s in r.sensations where isBlank(s.region) && isBlank(s.quality) {
                throw .invalidInput("a sensation needs a region or a quality")
            }
            for h in r.helped where isBlank(h.strategy) {
                throw .invalidInput("what helped needs a `strategy`")
            }
            try words(r.feelings, field: "feelings")
        case .belief(let r):
            guard !isBlank(r.belief) else { throw .invalidInput("`belief` is empty") }
            for rating in r.ratings where rating.believability == nil && rating.counterBelievability == nil {
                throw .invalidInput("a rating needs `believability` or `counter_believability`")
            }
        case .script(let r):
            guard !isBlank(r.script) else { throw .invalidInput("`script` is empty") }
            try words(r.feelings, field: "feelings")
        }
    }

    /// Every number of a record is in its range: checked before a record is stored (within
    /// `validate`) and again when one is read (a stored value is untrusted: a number out of
    /// range makes the record one that cannot be read, never a wrong computation or a trap).
    public static func numbers(of record: AnyRecord) throws(RecordsError) {
        switch record {
        case .journal, .script:
            break
        case .person(let r):
            try range(r.checkInDays, Person.checkInDaysRange, "check_in_days")
            for rating in r.steadinessHistory { try range(rating.steadiness, Person.steadinessRange, "steadiness") }
        case .connection(let r):
            try range(r.safety, Connection.safetyRange, "safety")
            try range(r.activationBefore, Connection.activationRange, "activation_before")
            try range(r.activationAfter, Connection.activationRange, "activation_after")
            try range(r.shareDepth, Connection.shareDepthRange, "share_depth")
        case .body(let r):
            try range(r.activation, BodyCheckIn.activationRange, "activation")
            try range(r.activationAfter, BodyCheckIn.activationRange, "activation_after")
            for s in r.sensations { try range(s.intensity, BodyCheckIn.intensityRange, "intensity") }
            for h in r.helped { try range(h.effect, BodyCheckIn.effectRange, "effect") }
        case .belief(let r):
            for rating in r.ratings {
                try range(rating.believability, Belief.believabilityRange, "believability")
                try range(rating.counterBelievability, Belief.believabilityRange, "counter_believability")
            }
        }
    }

    /// Every time of a record is one Hearth can store and print (`RecordTime.isValid`).
    static func times(of record: AnyRecord) throws(RecordsError) {
        func check(_ time: RecordTime?, _ field: String) throws(RecordsError) {
            guard let time, !time.isValid else { return }
            throw .invalidInput("`\(field)` must be a date in the years 1 to 9999, with an offset within ±18:00")
        }
        try check(record.common.at, "at")
        try check(record.common.createdAt, "created_at")
        try check(record.common.updatedAt, "updated_at")
        switch record {
        case .person(let r):
            try check(r.snoozedUntil, "snoozed_until")
            for rating in r.steadinessHistory { try check(rating.at, "steadiness_history") }
        case .belief(let r):
            for rating in r.ratings { try check(rating.at, "ratings") }
        default:
            break
        }
    }

    /// Every text of a record is free of NUL (which would cut it short in C and SQLite's
    /// tools) and together at most `maximumRecordTextBytes`. Swift strings are valid UTF-8 by
    /// construction; the readers that make them from bytes refuse invalid UTF-8.
    static func texts(of record: AnyRecord) throws(RecordsError) {
        var total = 0
        for (field, text) in strings(of: record) {
            total += text.utf8.count
            guard total <= maximumRecordTextBytes else {
                throw .invalidInput("the record's text is longer than Hearth keeps in one record (1 MiB); split it into several records")
            }
            if text.utf8.contains(0) { throw .invalidInput("`\(field)` holds a NUL character") }
        }
    }

    /// Every string a record holds, with the name of its field.
    static func strings(of record: AnyRecord) -> [(String, String)] {
        let c = record.common
        var out: [(String, String)] = [("id", c.id)] + c.tags.map { ("tags", $0) }
        func add(_ field: String, _ values: [String]) { out += values.map { (field, $0) } }
        switch record {
        case .journal(let r):
            add("text", [r.text]); add("feelings", r.feelings); add("people", r.people)
        case .person(let r):
            add("name", [r.name]); add("roles", r.roles); add("boundaries", [r.boundaries]); add("notes", [r.notes])
        case .connection(let r):
            add("people", r.people); add("shared", [r.shared]); add("support_received", r.supportReceived)
            add("support_given", r.supportGiven); add("repair_of", r.repairOf.map { [$0] } ?? [])
            add("feelings", r.feelings); add("notes", [r.notes])
        case .body(let r):
            add("sensations", r.sensations.flatMap { [$0.region, $0.quality] }); add("helped", r.helped.map(\.strategy))
            add("context", [r.context]); add("people", r.people); add("feelings", r.feelings); add("notes", [r.notes])
        case .belief(let r):
            add("belief", [r.belief]); add("counter_belief", [r.counterBelief])
        case .script(let r):
            add("script", [r.script]); add("trigger", [r.trigger]); add("urge", [r.urge]); add("instead", [r.instead])
            add("people", r.people); add("feelings", r.feelings); add("notes", [r.notes])
        }
        return out
    }

    /// True when `text` is only white space and line breaks. Scalar by scalar, stopping at the
    /// first other one (usually the first): `trimmingCharacters` copied the whole text through
    /// NSString and UTF-16 each time, which was most of the time an import took to read records.
    public static func isBlank(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { CharacterSet.whitespacesAndNewlines.contains($0) }
    }

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
