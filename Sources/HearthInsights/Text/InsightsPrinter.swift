import Foundation
import HearthDisplayWidth
import HearthRecords

/// Insights as a person reads them on a terminal: each section that has data, its plain
/// sentences first, then a small table or chart with the same numbers and their n.
public struct InsightsPrinter {
    public let style: TextStyle
    /// Short for "too few to tell yet" in table cells; the sentences say it in full.
    private let tooFew = "too few"
    /// Tables show this many people or strategies; `--json` has them all.
    private let rowLimit = 10

    public init(style: TextStyle) {
        self.style = style
    }

    public func lines(_ insights: Insights) -> [String] {
        var out = header(insights)
        if insights.isEmpty {
            out.append("")
            out.append(insights.scope == InsightsScope()
                ? "Nothing to show yet. As connections, body check-ins, beliefs and feelings are written down, patterns appear here."
                : "Nothing in this time or for this person yet.")
            return out
        }
        let sentences = Dictionary(grouping: insights.observations, by: \.section).mapValues { $0.map(\.text) }
        func section(_ title: String, _ key: Observation.Section, _ body: [String]) {
            out.append("")
            out.append(style.heading(title))
            let said = sentences[key] ?? []
            out += said.map { "  " + $0 }
            if !body.isEmpty {
                if !said.isEmpty { out.append("") }
                out += body.map { $0.isEmpty ? "" : "  " + $0 }
            }
        }
        if !insights.withWhom.isEmpty { section("With whom you settle", .withWhom, withWhom(insights.withWhom)) }
        if let sharing = insights.sharing { section("Sharing a little at a time", .sharing, self.sharing(sharing)) }
        if let rupture = insights.ruptureRepair { section("Rupture and repair", .ruptureRepair, ruptureRepair(rupture)) }
        if let giving = insights.givingReceiving { section("Giving and receiving", .givingReceiving, givingReceiving(giving)) }
        if !insights.body.isEmpty { section("What helps your body", .body, body(insights.body)) }
        if !insights.beliefs.isEmpty {
            // Each belief's sentence heads its own small chart.
            out.append("")
            out.append(style.heading("Beliefs"))
            out += beliefs(insights.beliefs, sentences: sentences[.beliefs] ?? []).map { $0.isEmpty ? "" : "  " + $0 }
        }
        if let feelings = insights.feelings { section("Naming feelings", .feelings, self.feelings(feelings)) }
        if let when = insights.when { section("When", .when, self.when(when)) }
        return out
    }

    // MARK: Sections

    private func header(_ insights: Insights) -> [String] {
        var title = "Patterns over time"
        if let person = insights.person { title += " with \(person.name)" }
        var lines = [style.heading(title)]
        if let first = insights.first, let last = insights.last {
            let span = first.iso8601.prefix(10) == last.iso8601.prefix(10)
                ? "on \(first.iso8601.prefix(10))" : "from \(first.iso8601.prefix(10)) to \(last.iso8601.prefix(10))"
            lines.append(Wording.count(insights.records, "record") + " " + span + ".")
        }
        if !insights.isEmpty {
            lines.append(style.quiet(
                "Each figure shows how many times it rests on; under \(Figure.minimumObservations) it says \"\(Wording.tooFew)\"."))
        }
        return lines
    }

    private func withWhom(_ people: [PersonSettling]) -> [String] {
        let names = nameWidth(people.map(\.person.name))
        var rows = [style.quiet(pad("", names) + "  times   safety  activation         settled after")]
        for p in people.prefix(rowLimit) {
            var row = pad(p.person.name, names) + "  " + pad("\(p.connections)", 5, right: true) + "  "
            if [p.safety, p.activationChange, p.settledAfter].allSatisfy({ !$0.isKnown }) {
                rows.append(row + style.quiet(Wording.tooFew))
                continue
            }
            row += pad(figure(p.safety, signed: true), 7, right: true) + "  "
            if let before = p.activationBefore.value, let after = p.activationAfter.value, let change = p.activationChange.value {
                row += pad("\(Wording.number(before)) \(style.arrow) \(Wording.number(after)) (\(Wording.signed(change)))", 17)
            } else {
                row += pad(style.quiet(tooFew), 17, visible: tooFew.count)
            }
            row += "  "
            if let share = p.settledAfter.value {
                row += style.chart(Chart.bar(share, maximum: 1, width: 10, ascii: style.ascii))
                    + " \(percent(share)) of \(p.settledAfter.n)"
            } else if p.settledAfter.n > 0 {
                row += style.quiet(tooFew)
            }
            rows.append(trimmed(row))
        }
        rows += more(people.count, "people")
        rows.append(style.quiet("safety: -2 to +2; activation: 0 to 10, before \(style.arrow) after (change)"))
        return rows
    }

    private func sharing(_ s: Sharing) -> [String] {
        var rows: [String] = []
        let depths = s.months.map(\.depth.value)
        if s.months.count > 1 {
            let spark = Chart.sparkline(Chart.squeeze(depths, to: 48), lower: 1, upper: 5, ascii: style.ascii)
            rows.append("depth by month  " + style.chart(spark) + "  \(s.months.first!.month) to \(s.months.last!.month)")
            rows.append("")
        }
        let names = nameWidth(s.people.map(\.person.name))
        rows.append(style.quiet(pad("", names) + "  shares    depth  met with attunement"))
        for p in s.people.prefix(rowLimit) {
            var row = pad(p.person.name, names) + "  " + pad("\(p.shares)", 6, right: true) + "  "
                + pad(figure(p.depth), 7, right: true) + "  "
            let attuned = p.responses.attuned
            if let share = attuned.value {
                row += style.chart(Chart.bar(share, maximum: 1, width: 10, ascii: style.ascii))
                    + " \(p.responses.counts[.attuned] ?? 0) of \(attuned.n)"
                if let deepest = p.deepestAttuned { row += ", deepest \(deepest)" }
            } else if attuned.n > 0 {
                row += style.quiet(tooFew)
            }
            rows.append(trimmed(row))
        }
        rows += more(s.people.count, "people")
        let r = s.responses.counts
        rows.append(style.quiet("depth: 1 (tiny) to 5 (deep); responses: attuned \(r[.attuned] ?? 0), neutral \(r[.neutral] ?? 0), "
            + "dismissive \(r[.dismissive] ?? 0), hurtful \(r[.hurtful] ?? 0)"))
        return rows
    }

    private func ruptureRepair(_ r: RuptureRepair) -> [String] {
        guard !r.people.isEmpty else { return [] }
        let names = nameWidth(r.people.map(\.person.name))
        var rows = [style.quiet(pad("", names) + "  ruptures  repaired  repair took")]
        for p in r.people.prefix(rowLimit) {
            var row = pad(p.person.name, names) + "  " + pad("\(p.ruptures)", 8, right: true) + "  "
                + pad("\(p.repaired)", 8, right: true) + "  "
            if let days = p.repairDays.value {
                row += Wording.days(days) + " on average"
            } else if p.repaired > 0 {
                row += style.quiet(tooFew)
            }
            rows.append(trimmed(row))
        }
        return rows + more(r.people.count, "people")
    }

    private func givingReceiving(_ g: GivingReceiving) -> [String] {
        guard !g.people.isEmpty else { return [] }
        let names = nameWidth(g.people.map(\.person.name))
        let maximum = Double(g.people.map { max($0.received, $0.given) }.max() ?? 1)
        var rows = [style.quiet(pad("", names) + "  received          given")]
        for p in g.people.prefix(rowLimit) {
            rows.append(trimmed(pad(p.person.name, names) + "  "
                + pad("\(p.received)", 4, right: true) + " " + style.chart(Chart.bar(Double(p.received), maximum: maximum, width: 12, ascii: style.ascii))
                + " " + pad("\(p.given)", 4, right: true) + " " + style.chart(Chart.bar(Double(p.given), maximum: maximum, width: 12, ascii: style.ascii))))
        }
        rows += more(g.people.count, "people")
        rows.append(style.quiet("connections with support received or given"))
        return rows
    }

    private func body(_ strategies: [StrategyEffect]) -> [String] {
        let names = nameWidth(strategies.map(\.strategy), limit: 24)
        var rows = [style.quiet(pad("", names) + "  times   effect  activation after")]
        for s in strategies.prefix(rowLimit) {
            var row = pad(s.strategy, names) + "  " + pad("\(s.uses)", 5, right: true) + "  "
            if !s.effect.isKnown && !s.activationChange.isKnown {
                rows.append(row + style.quiet(Wording.tooFew))
                continue
            }
            row += pad(figure(s.effect, signed: true), 7, right: true) + "  "
            if let change = s.activationChange.value {
                row += "\(Wording.signed(change)) (\(s.activationChange.n))"
            } else if s.activationChange.n > 0 {
                row += style.quiet(tooFew)
            }
            rows.append(trimmed(row))
        }
        rows += more(strategies.count, "strategies")
        rows.append(style.quiet("effect: -2 (made it harder) to +2 (helped a lot); activation after: average change, 0 to 10"))
        return rows
    }

    private func beliefs(_ beliefs: [BeliefTrend], sentences: [String]) -> [String] {
        var rows: [String] = []
        for (b, sentence) in zip(beliefs, sentences) {
            if !rows.isEmpty { rows.append("") }
            rows.append(sentence + (b.status == .active ? "" : " " + style.quiet("(\(b.status.rawValue))")))
            rows.append("  old belief  " + series(b.believability))
            if !b.counterBelievability.values.isEmpty || !b.counterBelief.isEmpty {
                rows.append("  its answer  " + series(b.counterBelievability)
                    + (b.counterBelief.isEmpty ? "" : "  \"\(Wording.excerpt(b.counterBelief, maxLength: 40))\""))
            }
        }
        rows.append(style.quiet("how believable each feels, 0 to 100, oldest rating first"))
        return rows
    }

    private func series(_ s: BeliefTrend.Series) -> String {
        guard !s.values.isEmpty else { return style.quiet("not rated yet") }
        let spark = Chart.sparkline(Chart.squeeze(s.values.map(Double.init), to: 16), lower: 0, upper: 100, ascii: style.ascii)
        guard s.change.isKnown, let first = s.first, let last = s.last else {
            return style.chart(pad(spark, 16)) + "  " + style.quiet("\(Wording.tooFew) (\(Wording.count(s.values.count, "rating")))")
        }
        return style.chart(pad(spark, 16)) + "  \(first) \(style.arrow) \(last)"
    }

    private func feelings(_ f: FeelingGranularity) -> [String] {
        var rows: [String] = []
        if f.months.count > 1 {
            let counts = f.months.map { $0.distinct.value }
            let upper = Double(f.months.map(\.distinctWords).max() ?? 1)
            let spark = Chart.sparkline(Chart.squeeze(counts, to: 48), lower: 0, upper: upper, ascii: style.ascii)
            rows.append("different words by month  " + style.chart(spark) + "  \(f.months.first!.month) to \(f.months.last!.month)")
        }
        for m in f.months.suffix(6) {
            let value = m.distinct.value.map { _ in "\(m.distinctWords) different of \(m.namings)" } ?? style.quiet("\(tooFew) (\(m.namings))")
            rows.append("\(m.month)  \(value)")
        }
        if !f.mostUsed.isEmpty {
            rows.append("most named  " + f.mostUsed.prefix(6).map { "\($0.word) \($0.count)" }.joined(separator: " \(style.dot) "))
        }
        rows.append(style.quiet("\(f.distinctWords) different feeling words, named \(Wording.count(f.namings, "time")) in all"))
        return rows
    }

    private func when(_ w: ActivationTiming) -> [String] {
        var rows: [String] = []
        if w.byHour.contains(where: \.isKnown) {
            let hours = Chart.sparkline(w.byHour.map(\.value), lower: 0, upper: 10, ascii: style.ascii)
            rows.append("by hour    " + style.chart(hours) + "  0h to 23h")
            rows.append("")
        }
        let groups: [(String, Figure)] = zip(ActivationTiming.PartOfDay.allCases.map(\.rawValue), w.byPartOfDay).map { ($0, $1) }
            + zip(ActivationTiming.weekdayNames, w.byWeekday).map { (String($0.prefix(3)), $1) }
        for (i, group) in groups.enumerated() where group.1.n > 0 {
            if i == ActivationTiming.PartOfDay.allCases.count, !rows.last!.isEmpty { rows.append("") }
            var row = pad(group.0, 10)
            if let value = group.1.value {
                row += pad(Wording.number(value), 4, right: true) + " "
                    + style.chart(Chart.bar(value, maximum: 10, width: 20, ascii: style.ascii)) + " (\(group.1.n))"
            } else {
                row += style.quiet("\(tooFew) (\(group.1.n))")
            }
            rows.append(trimmed(row))
        }
        rows.append(style.quiet("average activation in body check-ins, 0 to 10, by the local time they were written for"))
        return rows
    }

    // MARK: Cells

    /// "and 33 more people", when a table was cut short.
    private func more(_ count: Int, _ what: String) -> [String] {
        count > rowLimit ? [style.quiet("and \(count - rowLimit) more \(what); --json lists them all")] : []
    }

    private func figure(_ f: Figure, signed: Bool = false) -> String {
        guard let value = f.value else { return f.n > 0 ? tooFew : style.dash }
        return signed ? Wording.signed(value) : Wording.number(value)
    }

    private func percent(_ share: Double) -> String { "\(Int((share * 100).rounded()))%" }

    /// In terminal columns (`DisplayWidth`): names in CJK or with emoji keep the columns aligned.
    private func nameWidth(_ names: [String], limit: Int = 16) -> Int {
        min(limit, max(6, names.map { DisplayWidth.of($0) }.max() ?? 0))
    }

    /// Pads (or shortens) to `width` terminal columns; `visible` is the width of text with colour codes.
    private func pad(_ text: String, _ width: Int, right: Bool = false, visible: Int? = nil) -> String {
        let length = visible ?? DisplayWidth.of(text)
        if length > width, visible == nil { return DisplayWidth.fitted(text, to: width, ellipsis: style.ascii ? "." : "…") }
        let padding = String(repeating: " ", count: max(0, width - length))
        return right ? padding + text : text + padding
    }

    private func trimmed(_ row: String) -> String {
        var row = row
        while row.hasSuffix(" ") { row.removeLast() }
        return row
    }
}
