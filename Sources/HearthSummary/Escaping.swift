/// Record text (names, beliefs, entries) made inert for each form of the page: it is the
/// person's own text, and it must never become markup.
enum Escaping {
    /// For HTML and SVG text and attribute values: `& < > " '` as character references, and
    /// control characters (other than tab and newline) that HTML forbids as U+FFFD.
    static func html(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n": out.unicodeScalars.append(scalar)
            case "\r": out += "\n"
            default:
                let v = scalar.value
                if v < 0x20 || (0x7F...0x9F).contains(v) || (0xFDD0...0xFDEF).contains(v) || v & 0xFFFE == 0xFFFE {
                    out += "\u{FFFD}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    /// ASCII punctuation that can start Markdown syntax anywhere in a line (emphasis, code, links
    /// and images, raw HTML, tables, strikethrough), each backslash-escaped: CommonMark then shows
    /// it as itself. `&` is escaped where it could start an entity.
    private static let markdownSpecial: Set<Character> = ["\\", "`", "*", "_", "[", "]", "<", ">", "|", "~"]

    /// For Markdown: special characters escaped; a line that would start a heading, list, quote or
    /// rule (`#`, `-`, `+`, `=`, `1.`, `1)`) escaped at its start, leading blanks dropped (no code
    /// block); controls as U+FFFD; Windows line ends as plain newlines. Line breaks are kept.
    static func markdown(_ text: String) -> String {
        guard !text.isEmpty else { return "" }
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            .split(separator: "\n", omittingEmptySubsequences: false)
        return lines.map { line -> String in
            var out = ""
            for character in line.drop(while: { $0 == " " || $0 == "\t" }) {
                if markdownSpecial.contains(character) {
                    out += "\\" + String(character)
                } else if character == "&" {
                    out += "\\&"
                } else if character.unicodeScalars.contains(where: { ($0.value < 0x20 && $0 != "\t") || (0x7F...0x9F).contains($0.value) }) {
                    out += "\u{FFFD}"
                } else {
                    out.append(character)
                }
            }
            if let first = out.first, "#-+=".contains(first) {
                out = "\\" + out
            } else if let mark = out.firstIndex(where: { !$0.isNumber }), mark != out.startIndex, out[mark] == "." || out[mark] == ")",
                      out.index(after: mark) == out.endIndex || out[out.index(after: mark)].isWhitespace {
                // `1. ` or `1) ` would start a numbered list; `2.5 points` would not.
                out.insert("\\", at: mark)
            }
            return out
        }
        .joined(separator: "\n")
    }
}
