/// A running average: a sum and how many values went into it.
struct Mean {
    private(set) var sum = 0.0
    private(set) var n = 0

    mutating func add(_ value: Int64?) {
        guard let value else { return }
        sum += Double(value)
        n += 1
    }

    mutating func add(_ value: Double) {
        sum += value
        n += 1
    }

    mutating func merge(_ other: Mean) {
        sum += other.sum
        n += other.n
    }

    var figure: Figure { Figure(n > 0 ? sum / Double(n) : nil, n: n) }
}

/// How often something was so, out of how many times it was noted.
struct Share {
    private(set) var part = 0
    private(set) var n = 0

    mutating func add(_ isSo: Bool) {
        n += 1
        if isSo { part += 1 }
    }

    var figure: Figure { Figure.share(part, of: n) }
}

/// Months as `year * 12 + month - 1`, so that they sort and compare as integers.
enum MonthKey {
    /// Years outside 1 to 9999 (a stored value no input path lets in) are clamped, never trap.
    static func make(year: Int, month: Int) -> Int32 {
        Int32(min(max(year, 1), 9999) * 12 + min(max(month, 1), 12) - 1)
    }

    /// `2026-03`.
    static func text(_ key: Int32) -> String {
        let year = Int(key) / 12, month = Int(key) % 12 + 1
        let yearText = String(year)
        return String(repeating: "0", count: max(0, 4 - yearText.count)) + yearText + (month < 10 ? "-0\(month)" : "-\(month)")
    }
}
