/// Rows of cells laid out in columns that line up on a terminal, whatever script or emoji the
/// cells hold: each column as wide as its widest cell in display columns (`DisplayWidth`), at
/// most its `limit` (a longer cell is shortened with an ellipsis), columns two spaces apart. The
/// last column is never padded, so lines carry no trailing spaces.
public struct TextColumns: Sendable {
    /// Each column's widest allowed width in display columns (nil: as wide as needed).
    public var limits: [Int?]
    public var separator: String

    public init(limits: [Int?] = [], separator: String = "  ") {
        self.limits = limits
        self.separator = separator
    }

    /// The lines for `rows` (rows may have fewer cells than others: the missing ones are empty).
    public func lines(_ rows: [[String]]) -> [String] {
        let count = rows.map(\.count).max() ?? 0
        var widths = [Int](repeating: 0, count: count)
        for row in rows {
            for (i, cell) in row.enumerated() { widths[i] = max(widths[i], DisplayWidth.of(cell)) }
        }
        for i in widths.indices {
            if i < limits.count, let limit = limits[i] { widths[i] = min(widths[i], limit) }
        }
        return rows.map { row in
            var line = ""
            for i in 0..<count {
                let cell = i < row.count ? row[i] : ""
                let limited = i < limits.count && limits[i] != nil ? DisplayWidth.fitted(cell, to: widths[i]) : cell
                if i > 0 { line += separator }
                line += i == count - 1 ? limited : DisplayWidth.padded(limited, to: widths[i])
            }
            while line.hasSuffix(" ") { line.removeLast() }
            return line
        }
    }
}
