import Foundation
import HearthInsights

/// A `SummaryChart` as inline SVG: a fixed 460-wide coordinate system that scales to the
/// page (`viewBox`), colours from the page's stylesheet (classes), a `<title>` and a `<desc>`
/// holding every value in words for screen readers. Every label is escaped.
enum SVGChart {
    static let width = 460.0
    private static let labelWidth = 120.0
    private static let valueWidth = 160.0
    private static let rowHeight = 26.0
    private static let top = 8.0

    /// `id` makes the title and description referable (unique on the page).
    static func svg(_ chart: SummaryChart, id: String) -> String {
        let (height, body): (Double, String)
        switch chart.shape {
        case .bars(let bars, let domain): (height, body) = self.bars(bars, domain)
        case .beforeAfter(let rows, let domain): (height, body) = beforeAfter(rows, domain)
        case .lines(let series, let domain): (height, body) = lines(series, domain)
        }
        let description = Escaping.html(chart.textEquivalent.joined(separator: "; "))
        return """
            <svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 \(n(width)) \(n(height))" \
            role="img" aria-labelledby="\(id)-title \(id)-desc" preserveAspectRatio="xMinYMin meet">
            <title id="\(id)-title">\(Escaping.html(chart.title))</title>
            <desc id="\(id)-desc">\(description)</desc>
            \(body)</svg>
            """
    }

    // MARK: Shapes

    private static func bars(_ bars: [SummaryChart.Bar], _ domain: ClosedRange<Double>) -> (Double, String) {
        let plot = width - labelWidth - valueWidth
        let span = max(domain.upperBound - domain.lowerBound, .leastNonzeroMagnitude)
        func x(_ v: Double) -> Double { labelWidth + plot * (min(max(v, domain.lowerBound), domain.upperBound) - domain.lowerBound) / span }
        let zero = x(min(max(0, domain.lowerBound), domain.upperBound))
        var out = ""
        for (i, bar) in bars.enumerated() {
            let y = top + Double(i) * rowHeight
            let end = x(bar.value)
            // A value at zero still shows as a thin mark.
            let left = min(zero, end), barWidth = max(abs(end - zero), 2)
            out += label(bar.label, y: y)
            out += "<rect class=\"track\" x=\"\(n(labelWidth))\" y=\"\(n(y + 5))\" width=\"\(n(plot))\" height=\"14\"/>"
            out += "<rect class=\"bar\" x=\"\(n(left))\" y=\"\(n(y + 5))\" width=\"\(n(barWidth))\" height=\"14\"/>"
            out += value(bar.valueText, y: y)
        }
        if domain.lowerBound < 0 {
            let bottom = top + Double(bars.count) * rowHeight
            out += "<line class=\"axis\" x1=\"\(n(zero))\" y1=\"\(n(top))\" x2=\"\(n(zero))\" y2=\"\(n(bottom))\"/>"
        }
        return (top * 2 + Double(bars.count) * rowHeight, out)
    }

    private static func beforeAfter(_ rows: [SummaryChart.BeforeAfter], _ domain: ClosedRange<Double>) -> (Double, String) {
        let plot = width - labelWidth - valueWidth
        let span = max(domain.upperBound - domain.lowerBound, .leastNonzeroMagnitude)
        func x(_ v: Double) -> Double { labelWidth + plot * (min(max(v, domain.lowerBound), domain.upperBound) - domain.lowerBound) / span }
        var out = legend([("before", "dot-before"), ("after", "dot-after")], y: top)
        for (i, row) in rows.enumerated() {
            let y = top + Double(i + 1) * rowHeight, middle = y + 12
            out += label(row.label, y: y)
            out += "<line class=\"track-line\" x1=\"\(n(labelWidth))\" y1=\"\(n(middle))\" x2=\"\(n(labelWidth + plot))\" y2=\"\(n(middle))\"/>"
            out += "<line class=\"change\" x1=\"\(n(x(row.before)))\" y1=\"\(n(middle))\" x2=\"\(n(x(row.after)))\" y2=\"\(n(middle))\"/>"
            out += "<circle class=\"dot-before\" cx=\"\(n(x(row.before)))\" cy=\"\(n(middle))\" r=\"6\"/>"
            out += "<circle class=\"dot-after\" cx=\"\(n(x(row.after)))\" cy=\"\(n(middle))\" r=\"6\"/>"
            out += value(row.valueText, y: y)
        }
        return (top * 2 + Double(rows.count + 1) * rowHeight, out)
    }

    private static func lines(_ series: [SummaryChart.Series], _ domain: ClosedRange<Double>) -> (Double, String) {
        let plotTop = top + rowHeight, plotHeight = 120.0, left = 40.0, right = width - 20
        let span = max(domain.upperBound - domain.lowerBound, .leastNonzeroMagnitude)
        let longest = max(series.map(\.values.count).max() ?? 0, 1)
        func x(_ i: Int) -> Double { longest == 1 ? (left + right) / 2 : left + (right - left) * Double(i) / Double(longest - 1) }
        func y(_ v: Int) -> Double { plotTop + plotHeight * (1 - (Double(v) - domain.lowerBound) / span) }
        var out = legend(series.enumerated().map { ($0.element.label, "series-\($0.offset % 2)") }, y: top)
        for tick in [domain.lowerBound, (domain.lowerBound + domain.upperBound) / 2, domain.upperBound] {
            let ty = y(Int(tick))
            out += "<line class=\"grid\" x1=\"\(n(left))\" y1=\"\(n(ty))\" x2=\"\(n(right))\" y2=\"\(n(ty))\"/>"
            out += "<text class=\"tick\" x=\"\(n(left - 6))\" y=\"\(n(ty + 4))\" text-anchor=\"end\">\(Wording.number(tick))</text>"
        }
        for (index, s) in series.enumerated() where !s.values.isEmpty {
            let points = s.values.enumerated().map { "\(n(x($0.offset))),\(n(y($0.element)))" }
            if points.count > 1 { out += "<polyline class=\"series-\(index % 2)\" points=\"\(points.joined(separator: " "))\"/>" }
            for (i, v) in s.values.enumerated() {
                out += "<circle class=\"series-\(index % 2) point\" cx=\"\(n(x(i)))\" cy=\"\(n(y(v)))\" r=\"4\"/>"
            }
        }
        return (plotTop + plotHeight + top * 2, out)
    }

    // MARK: Parts

    private static func label(_ text: String, y: Double) -> String {
        "<text class=\"label\" x=\"\(n(labelWidth - 8))\" y=\"\(n(y + 17))\" text-anchor=\"end\">\(Escaping.html(Wording.excerpt(text, maxLength: 15)))</text>"
    }

    private static func value(_ text: String, y: Double) -> String {
        "<text class=\"value\" x=\"\(n(width - valueWidth + 8))\" y=\"\(n(y + 17))\">\(Escaping.html(Wording.excerpt(text, maxLength: 22)))</text>"
    }

    private static func legend(_ items: [(String, String)], y: Double) -> String {
        var out = "", x = labelWidth
        for (text, kind) in items {
            out += "<circle class=\"\(kind)\" cx=\"\(n(x + 6))\" cy=\"\(n(y + 12))\" r=\"5\"/>"
            out += "<text class=\"legend\" x=\"\(n(x + 16))\" y=\"\(n(y + 17))\">\(Escaping.html(text))</text>"
            x += 30 + Double(text.count) * 8
        }
        return out
    }

    /// A coordinate with at most one decimal, without a trailing `.0`.
    private static func n(_ v: Double) -> String { Wording.number(v) }
}
