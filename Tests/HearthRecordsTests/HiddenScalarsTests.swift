import Testing
@testable import HearthRecords

/// Hidden scalars (controls, bidi overrides, zero-width characters) never leave Hearth raw in
/// JSON: they are escaped, so the value stays exact for a reader and inert on a terminal.
@Suite struct HiddenScalarsTests {
    static let hostile = "Walk \u{1B}]52;c;SGVsbG8=\u{07} with \u{202E}maS\u{202C}, \u{200B}\u{2066}x\u{2069}\u{FEFF}\u{85}\u{7F} \u{E0041} end"

    @Test func findsEveryKind() {
        for scalar in ["\u{1B}", "\u{07}", "\u{7F}", "\u{85}", "\u{202E}", "\u{202A}", "\u{2066}", "\u{200B}", "\u{200F}",
                       "\u{061C}", "\u{FEFF}", "\u{2028}", "\u{E0041}", "\u{AD}", "\u{2060}"].map({ Unicode.Scalar($0)! }) {
            #expect(HiddenScalars.isHidden(scalar), "U+\(String(scalar.value, radix: 16))")
            #expect(!HiddenScalars.noneIn("a" + String(scalar) + "b"))
        }
        for plain in ["plain text", "tab\tand\nnewline", "é ü ñ ß 漢字 😀 — « »", ""] {
            #expect(HiddenScalars.noneIn(plain), "\(plain)")
        }
    }

    @Test func jsonEscapesThemAndRoundTrips() throws {
        let value = JSONValue.object(JSONObject(["text": .string(Self.hostile)]))
        for written in [JSONWriter.pretty(value), JSONWriter.compact(value)] {
            #expect(!written.unicodeScalars.contains { $0 != "\n" && HiddenScalars.isHidden($0) })
            #expect(written.contains("\\u001b]52") && written.contains("\\u202e") && written.contains("\\udb40\\udc41"))
            #expect(try JSONReader.parse(Array(written.utf8)) == value)
        }
    }
}
