/// A search as a person types it, turned into a safe FTS5 query.
///
/// Understood: words (all must match), `"a phrase"`, `prefix*`, `AND`, `OR`, `NOT` (upper
/// case), and parentheses. Every word is quoted before it reaches FTS5, so punctuation such as
/// `don't` or `-` never turns into query syntax.
public struct SearchQuery: Equatable, Sendable {
    /// One piece of the query: an operator or parenthesis, or a phrase (a word is a phrase of one).
    enum Part: Equatable, Sendable {
        case syntax(String)
        case phrase(String, prefix: Bool)
    }

    let parts: [Part]

    /// The FTS5 MATCH expression.
    public var fts5: String { Self.expression(parts) }

    /// Each phrase of `fts5` on its own (a word, a quoted phrase, a prefix), in the order FTS5
    /// numbers them: left to right as written.
    public var phrases: [String] {
        parts.compactMap { if case .phrase = $0 { Self.expression([$0]) } else { nil } }
    }

    public init(_ typed: String) throws(RecordsError) {
        var parts: [Part] = []
        var expectOperand = true
        var depth = 0
        var chars = Array(typed)[...]
        while let c = chars.first {
            if c.isWhitespace { chars.removeFirst(); continue }
            if c == "(" {
                if !expectOperand { parts.append(.syntax("AND")) }
                parts.append(.syntax("("))
                depth += 1
                expectOperand = true
                chars.removeFirst()
                continue
            }
            if c == ")" {
                guard depth > 0, !expectOperand else { throw .invalidSearch }
                parts.append(.syntax(")"))
                depth -= 1
                chars.removeFirst()
                continue
            }
            if c == "\"" {
                chars.removeFirst()
                guard let end = chars.firstIndex(of: "\"") else { throw .invalidSearch }
                let phrase = String(chars[..<end])
                chars = chars[chars.index(after: end)...]
                var star = false
                if chars.first == "*" { star = true; chars.removeFirst() }
                guard phrase.contains(where: { $0.isLetter || $0.isNumber }) else { continue }
                if !expectOperand { parts.append(.syntax("AND")) }
                parts.append(.phrase(phrase, prefix: star))
                expectOperand = false
                continue
            }
            var word = ""
            while let d = chars.first, !d.isWhitespace, d != "(", d != ")", d != "\"" {
                word.append(d)
                chars.removeFirst()
            }
            if word == "AND" || word == "OR" || word == "NOT" {
                guard !expectOperand else { throw .invalidSearch }
                parts.append(.syntax(word))
                expectOperand = true
                continue
            }
            var star = false
            if word.hasSuffix("*") {
                star = true
                while word.hasSuffix("*") { word.removeLast() }
            }
            guard word.contains(where: { $0.isLetter || $0.isNumber }) else { continue }
            if !expectOperand { parts.append(.syntax("AND")) }
            parts.append(.phrase(word, prefix: star))
            expectOperand = false
        }
        guard !parts.isEmpty, !expectOperand, depth == 0 else { throw .invalidSearch }
        self.parts = parts
    }

    init(parts: [Part]) { self.parts = parts }

    /// The same search with each prefix that `terms` knows replaced by its words joined with OR
    /// (`exha*` → `("exhale" OR "exhaled")`). `terms` returns nil to keep a prefix as it is.
    func expandingPrefixes(_ terms: (String) throws -> [String]?) rethrows -> SearchQuery {
        var expanded: [Part] = []
        for part in parts {
            guard case .phrase(let text, prefix: true) = part, let words = try terms(text), !words.isEmpty else {
                expanded.append(part)
                continue
            }
            if words.count == 1 {
                expanded.append(.phrase(words[0], prefix: false))
                continue
            }
            expanded.append(.syntax("("))
            for (i, word) in words.enumerated() {
                if i > 0 { expanded.append(.syntax("OR")) }
                expanded.append(.phrase(word, prefix: false))
            }
            expanded.append(.syntax(")"))
        }
        return SearchQuery(parts: expanded)
    }

    private static func expression(_ parts: [Part]) -> String {
        parts.map { part in
            switch part {
            case .syntax(let text): text
            case .phrase(let text, let prefix): "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" + (prefix ? "*" : "")
            }
        }.joined(separator: " ")
    }
}
