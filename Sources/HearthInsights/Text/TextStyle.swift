import Foundation

/// How text for a person is drawn: Unicode or plain ASCII, with colour or without. Whether
/// there is colour is the command line's choice (`TextStyle.forStandardOutput` in HearthCLI:
/// only on a terminal, and never when `NO_COLOR` is set).
public struct TextStyle: Sendable {
    public let ascii: Bool
    public let colour: Bool

    public init(ascii: Bool, colour: Bool) {
        self.ascii = ascii
        self.colour = colour
    }

    public func heading(_ text: String) -> String { paint(text, Mark.bold) }
    public func chart(_ text: String) -> String { paint(text, Mark.cyan) }
    public func quiet(_ text: String) -> String { paint(text, Mark.dim) }

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

    /// The colour marks of `inert` (text already made inert for the terminal: the CLI's
    /// `forTerminal` does that first) turned into escape sequences, ending with a reset, whatever
    /// came before.
    public func colouring(_ inert: String) -> String {
        var out = ""
        for character in inert { out += Mark.sequences[character] ?? String(character) }
        return out + Mark.sequences[Mark.reset]!
    }

    public var arrow: String { ascii ? "->" : "→" }
    public var dot: String { ascii ? "-" : "·" }
    public var dash: String { ascii ? "-" : "–" }
}
