/// How many terminal columns text takes, and text padded or shortened to a number of columns.
///
/// Counting characters is wrong on a terminal: "日記" is two characters and four columns, "é"
/// written as e + a combining accent is two scalars and one column, and 👩‍👧 (two emoji joined by
/// a zero-width joiner) is three scalars and two columns. Widths here go by grapheme cluster (what
/// a person sees as one character), as wcwidth-based terminals draw them:
/// - an emoji shown as emoji (Emoji_Presentation, or any base followed by U+FE0F, or a flag made
///   of two regional indicators), with whatever joins or modifies it: 2;
/// - East Asian Wide and Fullwidth characters (CJK, kana, hangul, fullwidth forms): 2;
/// - combining marks, enclosing marks, format characters (zero-width space, joiners) alone: 0;
/// - control characters: 2, as Hearth shows them on a terminal (`^[`, caret notation);
/// - everything else: 1.
/// `ignoring` names characters that take no room at all (marks that become escape sequences).
public enum DisplayWidth {
    /// The number of columns `text` takes on a terminal.
    public static func of(_ text: String, ignoring: Set<Character> = []) -> Int {
        var width = 0
        for character in text where !ignoring.contains(character) { width += of(character) }
        return width
    }

    /// The number of columns one grapheme cluster takes.
    public static func of(_ character: Character) -> Int {
        let scalars = character.unicodeScalars
        guard let first = scalars.first else { return 0 }
        if first.value < 0x20 || first.value == 0x7F { return 2 }
        if (0x80..<0xA0).contains(first.value) { return 0 }
        if scalars.count > 1 {
            if scalars.contains(where: { $0.value == 0xFE0F }) { return 2 }  // emoji presentation asked for
            if scalars.contains(where: { $0.value == 0xFE0E }) { return 1 }  // text presentation asked for
            if isRegionalIndicator(first), scalars.dropFirst().contains(where: isRegionalIndicator) { return 2 }  // a flag
        }
        return of(scalar: first)
    }

    /// The columns of one scalar standing first in its cluster.
    static func of(scalar: Unicode.Scalar) -> Int {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if (0x1160...0x11FF).contains(scalar.value) { return 0 }  // hangul vowels and finals join the syllable before
        if WideRanges.contains(scalar.value) || scalar.properties.isEmojiPresentation { return 2 }
        return 1
    }

    private static func isRegionalIndicator(_ scalar: Unicode.Scalar) -> Bool { (0x1F1E6...0x1F1FF).contains(scalar.value) }

    /// `text` followed by spaces up to `width` columns (unchanged when it is as wide or wider).
    public static func padded(_ text: String, to width: Int, ignoring: Set<Character> = []) -> String {
        let missing = width - of(text, ignoring: ignoring)
        return missing > 0 ? text + String(repeating: " ", count: missing) : text
    }

    /// `text` when it fits in `width` columns; else its beginning, cut between grapheme clusters,
    /// and `ellipsis`, together at most `width` columns. Characters in `ignoring` are kept and
    /// take no room; when `balancing` is given (an opening and a closing mark, such as the marks
    /// of a highlighted word), a mark left open by the cut is closed at the end.
    public static func fitted(
        _ text: String, to width: Int, ellipsis: Character = "…", ignoring: Set<Character> = [],
        balancing marks: (open: Character, close: Character)? = nil
    ) -> String {
        guard of(text, ignoring: ignoring) > width else { return text }
        let room = width - of(ellipsis)
        guard room >= 0 else { return "" }
        var out = ""
        var used = 0
        var open = false
        for character in text {
            if ignoring.contains(character) {
                out.append(character)
                if let marks, character == marks.open { open = true }
                if let marks, character == marks.close { open = false }
                continue
            }
            let w = of(character)
            if used + w > room { break }
            out.append(character)
            used += w
        }
        while let last = out.last, last == " " { out.removeLast() }
        if open, let marks { out.append(marks.close) }
        out.append(ellipsis)
        return out
    }
}
