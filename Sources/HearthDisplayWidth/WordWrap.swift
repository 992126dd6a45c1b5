/// Text broken into lines of at most a number of columns, between words, for messages on a
/// terminal: a terminal wraps a long line wherever its edge falls, mid-word ("wh / enever"),
/// which is hard to read for anyone and harder in distress.
extension DisplayWidth {
    /// Each line of `text` broken at spaces so that no line is wider than `width` columns (by
    /// display width). A continuation keeps the line's own indentation; a word wider than the
    /// room stays whole on a line of its own (the terminal then breaks it, as before); trailing
    /// spaces stay at the end. Lines that fit are unchanged.
    public static func wrapped(_ text: String, to width: Int) -> String {
        guard width > 0 else { return text }
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            let line = String(line)
            guard of(line) > width else { return line }
            let indent = String(line.prefix { $0 == " " })
            // A prompt's trailing space stays: the answer is typed after it.
            let trailing = String(line.reversed().prefix { $0 == " " })
            let room = max(width - of(indent), 1)
            var lines: [String] = []
            var current = ""
            var used = 0
            for word in line.dropFirst(indent.count).split(separator: " ", omittingEmptySubsequences: true) {
                let w = of(String(word))
                if used > 0, used + 1 + w > room {
                    lines.append(indent + current)
                    current = ""
                    used = 0
                }
                if used > 0 {
                    current += " "
                    used += 1
                }
                current += word
                used += w
            }
            if !current.isEmpty || lines.isEmpty { lines.append(indent + current) }
            return lines.joined(separator: "\n") + trailing
        }.joined(separator: "\n")
    }
}
