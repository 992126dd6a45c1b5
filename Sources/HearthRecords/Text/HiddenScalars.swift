/// Characters that change how text around them looks without showing themselves: control
/// characters (C0, DEL, C1), bidirectional overrides, embeddings and isolates, zero-width
/// characters, the byte order mark, invisible operators, line and paragraph separators, and
/// tag characters. Record text, labels and names from a drive may hold them; a terminal would
/// obey them (an escape sequence that writes the clipboard, a right-to-left override that
/// reorders what is read). `TerminalText` shows them visibly and `JSONWriter` escapes them.
public enum HiddenScalars {
    /// True for every scalar listed above except newline and tab.
    public static func isHidden(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0A, 0x09: false
        case 0x00...0x1F, 0x7F...0x9F: true
        case 0x00AD, 0x061C, 0x180E: true          // soft hyphen, Arabic letter mark, Mongolian vowel separator
        case 0x200B...0x200F: true                 // zero-width space, non-joiner, joiner; LRM, RLM
        case 0x2028...0x202E: true                 // line/paragraph separators; embeddings and overrides
        case 0x2060...0x206F: true                 // word joiner, invisible operators, isolates, deprecated formats
        case 0xFEFF, 0xFFF9...0xFFFB: true         // byte order mark; interlinear annotation
        case 0xE0000...0xE007F: true               // tag characters
        default: false
        }
    }

    /// True when `text` holds no hidden scalar. Every hidden scalar starts, in UTF-8, with a
    /// byte below 0x20 or one of 0x7F, 0xC2, 0xD8, 0xE1, 0xE2, 0xEF, 0xF3: most text is cleared on its
    /// bytes alone, and only the rest is looked at scalar by scalar.
    public static func noneIn(_ text: String) -> Bool {
        text.utf8.allSatisfy { byte in
            byte >= 0x20 && byte != 0x7F && byte != 0xC2 && byte != 0xD8 && byte != 0xE1 && byte != 0xE2
                && byte != 0xEF && byte != 0xF3
        } || !text.unicodeScalars.contains(where: isHidden)
    }
}
