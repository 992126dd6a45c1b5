import Foundation

/// How text for a person is drawn: Unicode or plain ASCII, with colour or without.
/// Colour only on a terminal, and never when `NO_COLOR` is set, even to nothing
/// (https://no-color.org asks for a non-empty value; any value is enough here).
struct TextStyle {
    let ascii: Bool
    let colour: Bool

    init(ascii: Bool, colour: Bool) {
        self.ascii = ascii
        self.colour = colour
    }

    /// Colour when stdout is a terminal, `NO_COLOR` is unset and `TERM` is not `dumb`.
    static func forStandardOutput(ascii: Bool) -> TextStyle {
        let environment = Environment.all
        let noColour = environment["NO_COLOR"] != nil || environment["TERM"] == "dumb"
        return TextStyle(ascii: ascii, colour: Console.stdoutIsTerminal && !noColour)
    }

    func heading(_ text: String) -> String { paint(text, Mark.bold) }
    func chart(_ text: String) -> String { paint(text, Mark.cyan) }
    func quiet(_ text: String) -> String { paint(text, Mark.dim) }

    /// Colours are marked with private-use characters while the text is built, so that the
    /// whole text (names and words from records among it) can be made inert for the terminal
    /// before Hearth's own escape sequences replace the marks (`forTerminal`).
    private enum Mark {
        static let reset: Character = "\u{E000}"
        static let bold: Character = "\u{E001}"
        static let cyan: Character = "\u{E002}"
        static let dim: Character = "\u{E003}"
        static let sequences: [Character: String] = [reset: "\u{1B}[0m", bold: "\u{1B}[1m", cyan: "\u{1B}[36m", dim: "\u{1B}[2m"]
    }

    private func paint(_ text: String, _ mark: Character) -> String {
        colour && !text.isEmpty ? "\(mark)\(text)\(Mark.reset)" : text
    }

    /// The text as it goes to the terminal: control characters shown, not obeyed, then the
    /// colour marks turned into escape sequences (ending with a reset, whatever came before).
    func forTerminal(_ text: String) -> String {
        let inert = TerminalText.neutralized(text)
        guard colour else { return inert }
        var out = ""
        for character in inert { out += Mark.sequences[character] ?? String(character) }
        return out + Mark.sequences[Mark.reset]!
    }

    var arrow: String { ascii ? "->" : "→" }
    var dot: String { ascii ? "-" : "·" }
    var dash: String { ascii ? "-" : "–" }
}

/// Bars and sparklines for the terminal.
enum Chart {
    private static let eighths = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]
    private static let sparks: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
    private static let asciiSparks: [Character] = ["_", ".", "-", "~", "=", "+", "*", "#"]

    /// A horizontal bar `value / maximum` of `width` cells, in eighths of a cell (ASCII: `#`).
    /// Always `width` characters wide, padded with spaces.
    static func bar(_ value: Double, maximum: Double, width: Int, ascii: Bool) -> String {
        guard maximum > 0, value > 0 else { return String(repeating: " ", count: width) }
        let fraction = min(1, value / maximum)
        if ascii {
            let cells = Int((fraction * Double(width)).rounded())
            return String(repeating: "#", count: cells) + String(repeating: " ", count: width - cells)
        }
        let total = Int((fraction * Double(width * 8)).rounded())
        var bar = String(repeating: "█", count: total / 8)
        var cells = total / 8
        if total % 8 > 0 {
            bar += eighths[total % 8]
            cells += 1
        }
        // A value above zero always shows.
        if cells == 0 {
            bar = "▏"
            cells = 1
        }
        return bar + String(repeating: " ", count: max(0, width - cells))
    }

    /// One character per value, low to high between `lower` and `upper`; a gap for nil.
    static func sparkline(_ values: [Double?], lower: Double, upper: Double, ascii: Bool) -> String {
        let levels = ascii ? asciiSparks : sparks
        return String(values.map { value -> Character in
            guard let value else { return " " }
            let span = upper - lower
            let fraction = span > 0 ? min(1, max(0, (value - lower) / span)) : 0.5
            return levels[Int((fraction * Double(levels.count - 1)).rounded())]
        })
    }

    /// At most `limit` values, averaging neighbours, so a long history fits on one line.
    static func squeeze(_ values: [Double?], to limit: Int) -> [Double?] {
        guard values.count > limit, limit > 0 else { return values }
        return (0..<limit).map { i in
            let lower = i * values.count / limit, upper = (i + 1) * values.count / limit
            let known = values[lower..<max(upper, lower + 1)].compactMap { $0 }
            return known.isEmpty ? nil : known.reduce(0, +) / Double(known.count)
        }
    }
}
