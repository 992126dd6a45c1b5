import Foundation
import HearthDraftOrigin
import HearthRecords
import HearthRunContext

/// The text a person edits in `$EDITOR`: front matter between `---` lines (one `field: value`
/// a line, `#` lines are notes), then the body: a journal entry's Markdown text, or for other
/// kinds one `## Heading` section for each longer text field.
public enum RecordTemplate {
    /// Someone who can be named in `people:` (shown as notes in the template).
    public typealias PersonChoice = PersonReference.Candidate

    /// `origin`: the vault (and, for an edit, the record) the draft is for, written as notes Hearth
    /// reads back (`origin(in:)`) so that the draft is saved only there.
    public static func render(
        kind: RecordKind, values: JSONObject, people: [PersonChoice], intro: String, origin: DraftOrigin? = nil
    ) -> String {
        let fields = FieldCatalog.fields(for: kind)
        var lines = ["---"]
        for line in intro.split(separator: "\n", omittingEmptySubsequences: false) { lines.append("# " + line) }
        lines.append("# Save and close the editor to keep it; empty the whole file to cancel. Lines starting with # are ignored.")
        if let origin {
            lines += originLines(origin)
        } else if let id = values["id"]?.stringValue {
            lines.append("# id: \(id)")
        }
        for spec in fields where !spec.isText {
            switch spec.type {
            case .sensations, .helped:
                let key = spec.name == "sensations" ? "sensation" : "helped"
                let items = FieldValues.renderItems(values[spec.name], for: spec)
                for item in items { lines.append("\(key): \(item)") }
                if items.isEmpty { lines.append("\(key): ") }
                lines.append("#   \(key): \(spec.hint ?? ""); one a line, add as many lines as you like")
            default:
                lines.append("\(spec.name): \(FieldValues.render(values[spec.name], for: spec))")
                if let note = note(for: spec, people: people) { lines.append(note) }
            }
        }
        lines.append("---")
        var body = lines.joined(separator: "\n") + "\n"
        if kind == .journal {
            body += values["text"]?.stringValue ?? ""
        } else {
            for spec in fields where spec.isText {
                body += "## \(spec.label)\n"
                let text = values[spec.name]?.stringValue ?? ""
                body += text.isEmpty ? "\n" : text.trimmingCharacters(in: .newlines) + "\n\n"
            }
        }
        return body
    }

    private static func note(for spec: FieldSpec, people: [PersonChoice]) -> String? {
        switch spec.type {
        case .word(let words): return "#   one of: " + words.joined(separator: ", ")
        case .words(let suggestions, let free) where spec.name == "feelings":
            _ = (suggestions, free)
            return FeelingVocabulary.words.map { "#   \($0.quadrant.label): " + $0.words.joined(separator: ", ") }
                .joined(separator: "\n") + "\n#   (or your own words; separate them with commas)"
        case .words(let suggestions, let free) where !suggestions.isEmpty:
            return "#   " + (free ? "for example: " : "from: ") + suggestions.joined(separator: ", ") + " (comma-separated)"
        case .people:
            if people.isEmpty { return "#   people, comma-separated (add people with `hearth people add`)" }
            return "#   people, comma-separated: a name, its beginning, or an id:\n" + people.map { "#     \($0.id)  \($0.name)" }.joined(separator: "\n")
        case .integer, .date, .connection, .flag:
            return spec.hint.map { "#   \($0)" }
        default:
            return nil
        }
    }

    /// The lines of a template as an editor saved it, whatever its line ends: LF, CRLF (Windows
    /// editors; Swift sees "\r\n" as one Character, so splitting on "\n" alone misses it) or a
    /// lone CR (classic Mac, or an editor told so by a line in the text).
    static func lines(of text: String) -> [String] {
        text.unicodeScalars.contains("\r")
            ? text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
                .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            : text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    /// Reads an edited template. Returns the fields it holds (a field whose line or section
    /// was removed is absent: left as it was). Problems name the line.
    public static func parse(_ text: String, kind: RecordKind, clock: HearthClock) throws(RecordsError) -> JSONObject {
        let fields = FieldCatalog.fields(for: kind)
        var lines = Self.lines(of: text)
        if let first = lines.first, first.hasPrefix("\u{FEFF}") { lines[0] = String(first.dropFirst()) }
        var index = 0
        while index < lines.count, lines[index].trimmingCharacters(in: .whitespaces).isEmpty { index += 1 }
        var result = JSONObject()
        guard index < lines.count, lines[index].trimmingCharacters(in: .whitespaces) == "---" else {
            if kind == .journal {
                result["text"] = .string(text)
                return result
            }
            throw .invalidInput("line \(index + 1): the draft must start with the `---` line of the template")
        }
        index += 1
        var closed = false
        var items: [String: [JSONValue]] = [:]
        while index < lines.count {
            let line = lines[index]
            let lineNumber = index + 1
            index += 1
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed == "---" {
                closed = true
                break
            }
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            guard let colon = line.firstIndex(of: ":") else {
                throw .invalidInput("line \(lineNumber): each line above the second `---` is `field: value`")
            }
            let key = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            let value = String(line[line.index(after: colon)...])
            let name = key == "sensation" ? "sensations" : key
            guard let spec = fields.first(where: { $0.name == name && !$0.isText }) else {
                throw .invalidInput("line \(lineNumber): unknown field \(printable(key))")
            }
            do {
                let parsed = try FieldValues.parse(value, for: spec, clock: clock)
                switch spec.type {
                case .sensations, .helped:
                    items[spec.name, default: []] += parsed.map { [$0] } ?? []
                default:
                    if let parsed { result[spec.name] = parsed }
                }
            } catch {
                throw .invalidInput("line \(lineNumber): \(error.message)")
            }
        }
        guard closed else { throw .invalidInput("line \(lines.count): the second `---` line is missing") }
        for spec in fields where spec.type.isItems { result[spec.name] = .array(items[spec.name] ?? []) }
        let body = Array(lines[index...])
        if kind == .journal {
            result["text"] = .string(body.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines))
        } else {
            try parseSections(body, firstLine: index + 1, fields: fields.filter(\.isText), into: &result)
        }
        return result
    }

    private static func parseSections(_ body: [String], firstLine: Int, fields: [FieldSpec], into result: inout JSONObject) throws(RecordsError) {
        var current: FieldSpec?
        var collected: [String: [String]] = [:]
        var before: [String] = []
        for (offset, line) in body.enumerated() {
            if line.hasPrefix("## ") {
                let heading = Vocabulary.canonical(String(line.dropFirst(3)))
                if let spec = fields.first(where: { Vocabulary.canonical($0.label) == heading || $0.name == heading }) {
                    current = spec
                    collected[spec.name] = collected[spec.name] ?? []
                    continue
                }
            }
            if let current {
                collected[current.name, default: []].append(line)
            } else if !line.trimmingCharacters(in: .whitespaces).isEmpty {
                before.append(line)
                _ = offset
            }
        }
        if !before.isEmpty {
            // Text above every heading belongs to the first section, if that has no heading.
            guard let first = fields.first, collected[first.name] == nil else {
                throw .invalidInput("line \(firstLine): text above the first `## ` heading; put it under a heading")
            }
            collected[first.name] = before
        }
        for (name, lines) in collected {
            result[name] = .string(lines.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines))
        }
    }

    /// The draft with a note about what to fix at the top of its front matter (a note from an
    /// earlier try is replaced).
    public static func annotated(_ text: String, problem: String) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            .filter { !$0.hasPrefix("# Could not save: ") }
        let note = "# Could not save: " + problem.replacingOccurrences(of: "\n", with: " ")
        if let start = lines.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == "---" }) {
            lines.insert(note, at: start + 1)
        } else {
            lines.insert(note, at: 0)
        }
        return lines.joined(separator: "\n")
    }

    public static func printable(_ key: String) -> String {
        key.count <= 40 && key.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }
            ? "`\(key)`" : "(a name that is not a plain word)"
    }
}

extension FieldSpec.ValueType {
    public var isItems: Bool {
        switch self {
        case .sensations, .helped: true
        default: false
        }
    }
}
