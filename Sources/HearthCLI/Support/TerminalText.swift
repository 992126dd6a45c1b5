import HearthRecords

/// Text on its way to a terminal, made inert. Control characters (ESC above all) are shown in
/// caret notation (`^[`), and every other hidden scalar (`HiddenScalars`: C1 controls, bidi
/// overrides and isolates, zero-width characters) as `<U+202E>`, so that text from a record,
/// an imported file, a slot label or a drive cannot set the terminal's title, write its
/// clipboard (OSC 52), move the cursor, answer back, or reorder what is read. Joiners and tags
/// inside an emoji sequence (👩‍👧, a subdivision flag) are left as they are: they only join.
enum TerminalText {
    static func neutralized(_ text: String) -> String {
        if HiddenScalars.noneIn(text) { return text }
        var out = String.UnicodeScalarView()
        var previous: Unicode.Scalar?
        var tags = 0
        for scalar in text.unicodeScalars {
            defer { previous = scalar }
            tags = (0xE0020...0xE007F).contains(scalar.value) ? tags + 1 : 0
            guard HiddenScalars.isHidden(scalar), !joinsEmoji(scalar, after: previous, tagsSoFar: tags) else {
                out.append(scalar)
                continue
            }
            switch scalar.value {
            case 0x00...0x1F: out.append(contentsOf: "^\(Character(UnicodeScalar(UInt8(scalar.value + 0x40))))".unicodeScalars)
            case 0x7F: out.append(contentsOf: "^?".unicodeScalars)
            default: out.append(contentsOf: visible(scalar).unicodeScalars)
            }
        }
        return String(out)
    }

    private static func visible(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "<U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex + ">"
    }

    /// A zero-width joiner right after an emoji (or its variation selector or skin tone), and up
    /// to seven tag characters after a black flag (a subdivision flag such as 🏴 for Scotland:
    /// at most six letters and the cancel tag), belong to an emoji sequence. A longer run of tags
    /// would be invisible text, and is shown.
    private static func joinsEmoji(_ scalar: Unicode.Scalar, after previous: Unicode.Scalar?, tagsSoFar: Int) -> Bool {
        guard let previous else { return false }
        switch scalar.value {
        case 0x200D:
            return previous.value == 0xFE0F || (previous.value >= 0x2000 && previous.properties.isEmoji)
        case 0xE0020...0xE007F:
            return tagsSoFar <= 7 && (previous.value == 0x1F3F4 || (0xE0020...0xE007F).contains(previous.value))
        default:
            return false
        }
    }
}
