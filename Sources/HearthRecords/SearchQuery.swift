/// A search as a person types it, turned into a safe FTS5 query.
///
/// Understood: words (all must match), `"a phrase"`, `prefix*`, `AND`, `OR`, `NOT` (upper
/// case), and parentheses. Every word is quoted before it reaches FTS5, so punctuation such as
/// `don't` or `-` never turns into query syntax.
public struct SearchQuery: Equatable, Sendable {
    /// The FTS5 MATCH expression.
    public let fts5: String

    public init(_ typed: String) throws(RecordsError) {
        var parts: [String] = []
        var expectOperand = true
        var depth = 0
        var chars = Array(typed)[...]
        func quoted(_ s: String) -> String { "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
        while let c = chars.first {
            if c.isWhitespace { chars.removeFirst(); continue }
            if c == "(" {
                if !expectOperand { parts.append("AND") }
                parts.append("(")
                depth += 1
                expectOperand = true
                chars.removeFirst()
                continue
            }
            if c == ")" {
                guard depth > 0, !expectOperand else { throw .invalidSearch }
                parts.append(")")
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
                if !expectOperand { parts.append("AND") }
                parts.append(quoted(phrase) + (star ? "*" : ""))
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
                parts.append(word)
                expectOperand = true
                continue
            }
            var star = false
            if word.hasSuffix("*") {
                star = true
                while word.hasSuffix("*") { word.removeLast() }
            }
            guard word.contains(where: { $0.isLetter || $0.isNumber }) else { continue }
            if !expectOperand { parts.append("AND") }
            parts.append(quoted(word) + (star ? "*" : ""))
            expectOperand = false
        }
        guard !parts.isEmpty, !expectOperand, depth == 0 else { throw .invalidSearch }
        fts5 = parts.joined(separator: " ")
    }
}
