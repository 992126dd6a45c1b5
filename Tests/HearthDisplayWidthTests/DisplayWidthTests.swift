import HearthDisplayWidth
import Testing

/// How many terminal columns text takes, and text fitted and laid out by that width.
struct DisplayWidthTests {
    @Test(arguments: [
        ("walked", 6),
        ("", 0),
        ("e\u{301}te\u{301}", 3),  // combining acute accents take no column
        ("\u{E9}t\u{E9}", 3),  // the same word, precomposed
        ("日記", 4),  // CJK ideographs are wide
        ("ひらがな", 8),  // kana
        ("한국어", 6),  // hangul syllables
        ("\u{1100}\u{1161}\u{11A8}", 2),  // a hangul syllable written as conjoining jamo: one wide cluster
        ("ＡＢ", 4),  // fullwidth forms
        ("ｶﾅ", 2),  // halfwidth katakana stay narrow
        ("😀", 2),  // emoji presentation
        ("👩\u{200D}👧", 2),  // a ZWJ sequence is one picture
        ("👩\u{200D}👩\u{200D}👧\u{200D}👦", 2),
        ("👍🏽", 2),  // with a skin tone modifier
        ("🇫🇷", 2),  // a flag: two regional indicators
        ("❤", 1),  // text presentation by default
        ("❤\u{FE0F}", 2),  // emoji presentation asked for
        ("☺\u{FE0E}", 1),
        ("1\u{FE0F}\u{20E3}", 2),  // a keycap
        ("a\u{200B}b", 2),  // a zero-width space
        ("\u{1B}[1m", 5),  // ESC is shown as ^[ (two columns), then [1m
        ("Sam 😀 日記", 11),
    ])
    func widths(text: String, columns: Int) {
        #expect(DisplayWidth.of(text) == columns)
    }

    @Test func paddingGoesByColumnsNotCharacters() {
        #expect(DisplayWidth.padded("日記", to: 6) == "日記  ")
        #expect(DisplayWidth.padded("Sam", to: 6) == "Sam   ")
        #expect(DisplayWidth.padded("👩\u{200D}👧", to: 3) == "👩\u{200D}👧 ")
        #expect(DisplayWidth.padded("toolong", to: 3) == "toolong")
    }

    @Test func fittingCutsBetweenClustersAndEndsWithAnEllipsis() {
        #expect(DisplayWidth.fitted("short", to: 10) == "short")
        #expect(DisplayWidth.fitted("exactly10!", to: 10) == "exactly10!")
        #expect(DisplayWidth.fitted("a walk by the river", to: 10) == "a walk by…")
        // A wide character that would straddle the edge is left out whole.
        #expect(DisplayWidth.fitted("日記を書いた", to: 6) == "日記…")
        #expect(DisplayWidth.of(DisplayWidth.fitted("日記を書いた", to: 6)) <= 6)
        // A ZWJ sequence and a combining mark are never split.
        #expect(DisplayWidth.fitted("ab👩\u{200D}👧cd", to: 5) == "ab👩\u{200D}👧…")
        #expect(DisplayWidth.fitted("e\u{301}e\u{301}e\u{301}e\u{301}", to: 3) == "e\u{301}e\u{301}…")
        #expect(DisplayWidth.fitted("anything", to: 0) == "")
        #expect(DisplayWidth.fitted("anything", to: 3, ellipsis: ".") == "an.")
    }

    @Test func marksTakeNoRoomAndAreClosedWhenCut() {
        let open: Character = "\u{E000}", close: Character = "\u{E001}"
        let text = "a \(open)river\(close) walk by the \(open)river\(close)"
        #expect(DisplayWidth.of(text, ignoring: [open, close]) == 25)
        let fitted = DisplayWidth.fitted(text, to: 5, ignoring: [open, close], balancing: (open, close))
        #expect(fitted == "a \(open)ri\(close)…")
        #expect(DisplayWidth.fitted(text, to: 40, ignoring: [open, close], balancing: (open, close)) == text)
    }

    @Test func columnsLineUpWhateverTheScript() {
        let lines = TextColumns(limits: [nil, 6, nil]).lines([
            ["1", "Sam", "friend"],
            ["2", "美咲", "sister"],
            ["3", "Ana 😀", "coach"],
            ["4", "Bartholomew", "neighbour"],
        ])
        #expect(lines == [
            "1  Sam     friend",
            "2  美咲    sister",
            "3  Ana 😀  coach",
            "4  Barth…  neighbour",
        ])
        // No trailing spaces when the last cells are empty.
        #expect(TextColumns().lines([["a", ""], ["bbb", "x"]]) == ["a", "bbb  x"])
    }
}

/// Messages broken between words at the terminal's width, by display width.
struct WordWrapTests {
    @Test func breaksBetweenWordsAndKeepsTheIndent() {
        let text = "Stopped with Ctrl-C; what you wrote so far is saved. `hearth practice share --after` begins again whenever you like."
        let wrapped = DisplayWidth.wrapped(text, to: 40)
        #expect(wrapped.split(separator: "\n").allSatisfy { DisplayWidth.of(String($0)) <= 40 })
        #expect(wrapped.split(separator: "\n").joined(separator: " ") == text)
        #expect(wrapped.split(separator: "\n").count == 3)
        let indented = DisplayWidth.wrapped("  Please give a whole number from 1 to 5, or Enter to skip.", to: 30)
        #expect(indented.split(separator: "\n").allSatisfy { $0.hasPrefix("  ") && DisplayWidth.of(String($0)) <= 30 })
        // A prompt keeps the space the answer follows.
        #expect(DisplayWidth.wrapped("With whom would you like to share? (Enter skips) ", to: 30) == "With whom would you like to\nshare? (Enter skips) ")
    }

    @Test func wideTextCountsByColumnsAndLongWordsStayWhole() {
        // Each of these words is 4 columns wide though 2 characters long.
        let wrapped = DisplayWidth.wrapped("日記 日記 日記 日記", to: 10)
        #expect(wrapped == "日記 日記\n日記 日記")
        let path = "/media/alice/A-VERY-LONG-STICK-NAME/vault.hearth"
        #expect(DisplayWidth.wrapped("Saved to \(path) now.", to: 20) == "Saved to\n\(path)\nnow.")
    }

    @Test func linesThatFitAndBlankLinesAreUnchanged() {
        let text = "One line.\n\nAnother, short."
        #expect(DisplayWidth.wrapped(text, to: 80) == text)
        #expect(DisplayWidth.wrapped(text, to: 0) == text)
    }
}
