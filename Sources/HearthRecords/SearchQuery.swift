/// A search as a person types it, turned into a safe FTS5 query.
///
/// Understood: words (all must match), `"a phrase"`, `prefix*`, `AND`, `OR`, `NOT` (upper
/// case), and parentheses. Every word is quoted before it reaches FTS5, so punctuation such as
/// `don't` or `-` never turns into query syntax.
///
/// The query is read Unicode scalar by Unicode scalar, as FTS5 reads it, not character by
/// character: a quote followed by a combining accent is one Swift `Character` but, to FTS5, still
/// a quote. Control characters (NUL among them) separate words like a space and never reach
/// FTS5, which would take a NUL as the end of the query. Inside the quotes FTS5 gets, the only
/// character with a meaning is the quote itself, and that is doubled; so whatever is typed, the
/// expression has no syntax but the operators, parentheses and `*` put there by this parser.
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
        var scalars = typed.unicodeScalars[...]
        func addPhrase(_ text: String.UnicodeScalarView.SubSequence, prefix: Bool) {
            // A phrase without a letter or digit holds no word FTS5 could find.
            guard text.contains(where: Self.isWordScalar) else { return }
            if !expectOperand { parts.append(.syntax("AND")) }
            parts.append(.phrase(Self.plain(text), prefix: prefix))
            expectOperand = false
        }
        while let c = scalars.first {
            if Self.separates(c) { scalars.removeFirst(); continue }
            if c == "(" {
                if !expectOperand { parts.append(.syntax("AND")) }
                parts.append(.syntax("("))
                depth += 1
                expectOperand = true
                scalars.removeFirst()
                continue
            }
            if c == ")" {
                guard depth > 0, !expectOperand else { throw .invalidSearch }
                parts.append(.syntax(")"))
                depth -= 1
                scalars.removeFirst()
                continue
            }
            if c == "\"" {
                scalars.removeFirst()
                guard let end = scalars.firstIndex(of: "\"") else { throw .invalidSearch }
                let phrase = scalars[..<end]
                scalars = scalars[scalars.index(after: end)...]
                var star = false
                if scalars.first == "*" { star = true; scalars.removeFirst() }
                addPhrase(phrase, prefix: star)
                continue
            }
            var end = scalars.startIndex
            while end < scalars.endIndex, !Self.separates(scalars[end]), !"()\"".unicodeScalars.contains(scalars[end]) {
                end = scalars.index(after: end)
            }
            var word = scalars[..<end]
            scalars = scalars[end...]
            if word.elementsEqual("AND".unicodeScalars) || word.elementsEqual("OR".unicodeScalars) || word.elementsEqual("NOT".unicodeScalars) {
                guard !expectOperand else { throw .invalidSearch }
                parts.append(.syntax(String(word)))
                expectOperand = true
                continue
            }
            var star = false
            while word.last == "*" {
                star = true
                word = word.dropLast()
            }
            addPhrase(word, prefix: star)
        }
        guard !parts.isEmpty, !expectOperand, depth == 0 else { throw .invalidSearch }
        self.parts = parts
    }

    /// White space and control characters (NUL, escape, ...) end a word.
    static func separates(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isWhitespace || scalar.properties.generalCategory == .control
    }

    /// Letters and digits: what makes a phrase worth searching for.
    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .decimalNumber, .letterNumber, .otherNumber: true
        default: false
        }
    }

    /// `text` as a String, each control character a space.
    private static func plain(_ text: String.UnicodeScalarView.SubSequence) -> String {
        var plain = String.UnicodeScalarView()
        for scalar in text { plain.append(scalar.properties.generalCategory == .control ? " " : scalar) }
        return String(plain)
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
            case .phrase(let text, let prefix): quoted(text) + (prefix ? "*" : "")
            }
        }.joined(separator: " ")
    }

    /// `text` as an FTS5 string: in quotes, each quote scalar doubled (whatever follows it, a
    /// combining accent too), each control character a space.
    static func quoted(_ text: String) -> String {
        var quoted = String.UnicodeScalarView()
        quoted.append("\"")
        for scalar in text.unicodeScalars {
            if scalar == "\"" { quoted.append(scalar) }
            quoted.append(scalar.properties.generalCategory == .control ? " " : scalar)
        }
        quoted.append("\"")
        return String(quoted)
    }
}
