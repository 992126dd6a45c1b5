/// A chart on the page, as data: drawn as inline SVG (`SVGChart`) and said in words
/// (`textEquivalent`) for screen readers and the Markdown page.
public struct SummaryChart: Equatable, Sendable {
    public enum Shape: Equatable, Sendable {
        /// One bar per row, on `domain` (a domain below zero draws from a zero line).
        case bars([Bar], domain: ClosedRange<Double>)
        /// One row per person: where activation was before and after.
        case beforeAfter([BeforeAfter], domain: ClosedRange<Double>)
        /// Ratings over time, oldest first, one line per series.
        case lines([Series], domain: ClosedRange<Double>)
    }

    public struct Bar: Equatable, Sendable {
        public let label: String
        public let value: Double
        /// What the value says in words: "7 of 9", "+1.5 (6 times)".
        public let valueText: String
    }

    public struct BeforeAfter: Equatable, Sendable {
        public let label: String
        public let before: Double
        public let after: Double
        public let valueText: String
    }

    public struct Series: Equatable, Sendable {
        public let label: String
        public let values: [Int]
    }

    /// What the chart shows, one line ("Activation before and after, 0 to 10").
    public let title: String
    public let shape: Shape

    /// Every value the chart draws, as sentences: what a screen reader reads and the Markdown
    /// page prints in its place.
    public var textEquivalent: [String] {
        switch shape {
        case .bars(let bars, _):
            return bars.map { "\($0.label): \($0.valueText)" }
        case .beforeAfter(let rows, _):
            return rows.map { "\($0.label): \($0.valueText)" }
        case .lines(let series, _):
            return series.map { s in
                "\(s.label): " + (s.values.isEmpty ? "not rated yet" : s.values.map(String.init).joined(separator: ", "))
            }
        }
    }
}
