import Foundation
import HearthRecords

/// YAML front matter at the top of a Markdown note (Obsidian's "properties", Jekyll, Hugo):
///
///     ---
///     date: 2026-11-20 21:30
///     tags: [walk, sea]
///     ---
///     The note itself.
///
/// Read as the flat subset notes use, never as full YAML: `key: value` lines at the left edge;
/// a value is a JSON value (which is YAML too; Hearth's own export writes every value that
/// way), a quoted or plain scalar, a flow list `[a, b]`, an indented block list (`- a`), or a
/// `|` / `>` block of indented lines. Nested mappings, anchors and tags are not understood:
/// such a key reads as null. Reading is one pass over the lines, without recursion beyond the
/// JSON reader's bounded depth, so hostile input cannot make it hang or overflow the stack.
public struct FrontMatter: Sendable {
    /// The fields, each with the line (1-based, in the file) it was on.
    public var fields: JSONObject
    /// The text after the closing `---` line, exactly as written.
    public var body: Substring
    /// The file's line on which `body` starts.
    public var bodyLine: Int

    /// The most lines front matter may have: far more than any note's properties.
    public static let maximumLines = 2_000

    /// Splits `text` into front matter and body. Without an opening `---` on the first line
    /// and a closing `---` (or `...`) line, everything is body and there are no fields.
    public static func split(_ text: String) -> FrontMatter {
        let noFields = FrontMatter(fields: JSONObject(line: 1), body: Substring(text), bodyLine: 1)
        var rest = Substring(text)
        if rest.hasPrefix("\u{FEFF}") { rest = rest.dropFirst() }
        guard rest.hasPrefix("---") else { return noFields }
        var lines: [Substring] = []
        var cursor = rest.startIndex
        var closed: String.Index?
        // By scalars: "\r\n" is one Character, and a line ends at the "\n" inside it.
        let scalars = rest.unicodeScalars
        while cursor < rest.endIndex, lines.count <= maximumLines {
            let end = scalars[cursor...].firstIndex(of: "\n") ?? scalars.endIndex
            var line = Substring(scalars[cursor..<end])
            if line.unicodeScalars.last == "\r" { line = Substring(line.unicodeScalars.dropLast()) }
            let next = end < scalars.endIndex ? scalars.index(after: end) : end
            if lines.isEmpty {
                guard line.trimmingCharacters(in: .whitespaces) == "---" else { return noFields }
            } else if line == "---" || line == "..." {
                closed = next
                break
            }
            lines.append(line)
            cursor = next
        }
        guard let bodyStart = closed else { return noFields }
        return FrontMatter(fields: read(Array(lines.dropFirst())), body: rest[bodyStart...], bodyLine: lines.count + 2)
    }

    /// The `key: value` lines (the first is on file line 2).
    static func read(_ lines: [Substring]) -> JSONObject {
        var fields = JSONObject(line: 1)
        var index = 0
        while index < lines.count {
            let line = lines[index]
            let lineNumber = index + 2
            index += 1
            guard let first = line.first, first != " ", first != "\t", first != "#", first != "-",
                  let colon = keyColon(in: line)
            else { continue }
            let key = String(line[..<colon]).trimmingCharacters(in: .whitespaces)
            let raw = String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
            // The indented lines that belong to this key.
            var nested: [Substring] = []
            while index < lines.count, let c = lines[index].first, c == " " || c == "\t" || (c == "-" && raw.isEmpty) {
                nested.append(lines[index])
                index += 1
            }
            let value: JSONValue
            if raw.isEmpty {
                value = blockList(nested) ?? .null
            } else if raw == "|" || raw == ">" || raw.hasPrefix("|") || raw.hasPrefix(">") {
                let kept = nested.map { $0.trimmingCharacters(in: .whitespaces) }
                value = .string(kept.joined(separator: raw.hasPrefix("|") ? "\n" : " "))
            } else {
                value = scalarOrFlow(raw)
            }
            fields.members.removeAll { $0.key == key }
            fields.members.append(.init(key: key, value: value, line: lineNumber))
        }
        return fields
    }

    /// The colon that ends a key: the first `: ` (or a colon at the end of the line) outside quotes.
    private static func keyColon(in line: Substring) -> Substring.Index? {
        var i = line.startIndex
        while i < line.endIndex {
            if line[i] == "\"" || line[i] == "'" { return nil }  // quoted keys: not in notes' properties
            if line[i] == ":" {
                let after = line.index(after: i)
                if after == line.endIndex || line[after] == " " || line[after] == "\t" { return i }
            }
            i = line.index(after: i)
        }
        return nil
    }

    /// `- a` lines (indented or not); nil when the lines are something else (a nested mapping).
    private static func blockList(_ lines: [Substring]) -> JSONValue? {
        guard !lines.isEmpty else { return nil }
        var items: [JSONValue] = []
        for line in lines {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            guard trimmed == "-" || trimmed.hasPrefix("- ") else { return nil }
            items.append(scalarOrFlow(String(trimmed.dropFirst()).trimmingCharacters(in: .whitespaces)))
        }
        return .array(items)
    }

    /// One value on a line: JSON when it parses as JSON, else a YAML scalar or flow list.
    static func scalarOrFlow(_ raw: String) -> JSONValue {
        if let json = try? JSONReader.parse(Array(raw.utf8)) { return json }
        if raw.hasPrefix("[") && raw.hasSuffix("]") {
            return .array(splitFlow(raw.dropFirst().dropLast()).map { scalar($0) })
        }
        return scalar(Substring(raw))
    }

    /// A YAML scalar as text (numbers and booleans that JSON did not take stay text).
    private static func scalar(_ raw: Substring) -> JSONValue {
        let text = raw.trimmingCharacters(in: .whitespaces)
        if text.isEmpty || text == "~" || text == "null" { return .null }
        if text.count >= 2, text.hasPrefix("'"), text.hasSuffix("'") {
            return .string(String(text.dropFirst().dropLast()).replacingOccurrences(of: "''", with: "'"))
        }
        if text.count >= 2, text.hasPrefix("\""), text.hasSuffix("\"") {
            return .string(String(text.dropFirst().dropLast()))
        }
        // A comment after a plain value: ` #` starts it.
        if let hash = text.range(of: " #") { return .string(String(text[..<hash.lowerBound]).trimmingCharacters(in: .whitespaces)) }
        return .string(text)
    }

    /// The items of a flow list's inside, split at commas outside quotes.
    private static func splitFlow(_ inside: Substring) -> [Substring] {
        var items: [Substring] = []
        var start = inside.startIndex
        var quote: Character?
        var i = inside.startIndex
        while i < inside.endIndex {
            let c = inside[i]
            if let q = quote {
                if c == q { quote = nil }
            } else if c == "\"" || c == "'" {
                quote = c
            } else if c == "," {
                items.append(inside[start..<i])
                start = inside.index(after: i)
            }
            i = inside.index(after: i)
        }
        let last = inside[start...]
        if !last.trimmingCharacters(in: .whitespaces).isEmpty || !items.isEmpty { items.append(last) }
        return items.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
    }
}
