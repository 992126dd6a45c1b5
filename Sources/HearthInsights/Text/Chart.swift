import Foundation

/// Bars and sparklines for the terminal.
public enum Chart {
    private static let eighths = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]
    private static let sparks: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
    private static let asciiSparks: [Character] = ["_", ".", "-", "~", "=", "+", "*", "#"]

    /// A horizontal bar `value / maximum` of `width` cells, in eighths of a cell (ASCII: `#`).
    /// Always `width` characters wide, padded with spaces.
    public static func bar(_ value: Double, maximum: Double, width: Int, ascii: Bool) -> String {
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
    public static func sparkline(_ values: [Double?], lower: Double, upper: Double, ascii: Bool) -> String {
        let levels = ascii ? asciiSparks : sparks
        return String(values.map { value -> Character in
            guard let value else { return " " }
            let span = upper - lower
            let fraction = span > 0 ? min(1, max(0, (value - lower) / span)) : 0.5
            return levels[Int((fraction * Double(levels.count - 1)).rounded())]
        })
    }

    /// At most `limit` values, averaging neighbours, so a long history fits on one line.
    public static func squeeze(_ values: [Double?], to limit: Int) -> [Double?] {
        guard values.count > limit, limit > 0 else { return values }
        return (0..<limit).map { i in
            let lower = i * values.count / limit, upper = (i + 1) * values.count / limit
            let known = values[lower..<max(upper, lower + 1)].compactMap { $0 }
            return known.isEmpty ? nil : known.reduce(0, +) / Double(known.count)
        }
    }
}
