import Foundation
import HearthInsights

extension TextStyle {
    /// Colour when stdout is a terminal, `NO_COLOR` is unset and `TERM` is not `dumb`: never
    /// when `NO_COLOR` is set, even to nothing (https://no-color.org asks for a non-empty value;
    /// any value is enough here).
    static func forStandardOutput(ascii: Bool) -> TextStyle {
        let environment = Environment.all
        let noColour = environment["NO_COLOR"] != nil || environment["TERM"] == "dumb"
        return TextStyle(ascii: ascii, colour: Console.stdoutIsTerminal && !noColour)
    }

    /// The text as it goes to the terminal: control characters shown, not obeyed, then the
    /// colour marks turned into escape sequences (ending with a reset, whatever came before).
    func forTerminal(_ text: String) -> String {
        let inert = TerminalText.neutralized(text)
        guard colour else { return inert }
        return colouring(inert)
    }
}
