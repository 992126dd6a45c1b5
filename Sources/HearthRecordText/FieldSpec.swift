import HearthRecords

/// One field of a record kind as a person fills it in: in the editor template, in the guided
/// prompt, or from a flag. `name` is the JSON field name (Docs/CLI.md).
public struct FieldSpec {
    public enum ValueType {
        /// One line of text.
        case line
        /// Several lines: a `## Label` section in the editor, ended by a lone `.` in the prompt.
        case text
        case integer(ClosedRange<Int>)
        /// One word of a fixed vocabulary.
        case word([String])
        /// Several words; `free`: a person's own words are welcome besides the suggestions.
        case words(suggestions: [String], free: Bool)
        /// People: names, their beginnings, or ids (`PersonReference`).
        case people
        /// The id of another connection.
        case connection
        case flag
        case date
        /// `where, what it is like, 0-10`, one a line.
        case sensations
        /// `what I did, -2..2`, one a line.
        case helped
    }

    public let name: String
    public let label: String
    public let type: ValueType
    public var required = false
    /// Asked in the guided prompt (the others are reachable with --edit).
    public var prompted = true
    public var hint: String?
    /// For a required field: what a record needs, in a few words ("its text").
    public var needed: String?

    public var isText: Bool {
        if case .text = type { return true }
        return false
    }

    /// The values this field takes, in a few words, from the rules in HearthRecords (ranges,
    /// word lists), for asking again at the prompt.
    public var allowed: String? {
        switch type {
        case .integer(let range):
            let upper = range.lowerBound < 0 ? "+\(range.upperBound)" : "\(range.upperBound)"
            return "a whole number from \(range.lowerBound) to \(upper)"
        case .word(let words): return "one of: " + words.joined(separator: ", ")
        case .words where name == "roles": return PersonRole.allowedText
        case .words: return "words of up to \(RecordRules.maximumWordLength) characters, separated by commas"
        case .flag: return "yes or no"
        case .date: return "a date such as 2026-11-24, 2026-11-24T21:30, today or 3d"
        case .sensations: return BodyItemText.sensationHint
        case .helped: return BodyItemText.helpedHint
        case .line, .text, .people, .connection: return nil
        }
    }
}
