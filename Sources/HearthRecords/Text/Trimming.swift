import Foundation

extension String {
    /// The string without white space and line breaks at either end: what
    /// `trimmingCharacters(in: .whitespacesAndNewlines)` gives, scalar by scalar and without a
    /// copy when there is nothing to trim (that call goes through NSString and UTF-16, and an
    /// import trims every word of every record).
    var trimmedWhitespace: String {
        let scalars = unicodeScalars
        let isSpace = { (s: Unicode.Scalar) in CharacterSet.whitespacesAndNewlines.contains(s) }
        guard let first = scalars.firstIndex(where: { !isSpace($0) }), let last = scalars.lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        if first == scalars.startIndex, scalars.index(after: last) == scalars.endIndex { return self }
        return String(scalars[first...last])
    }
}
