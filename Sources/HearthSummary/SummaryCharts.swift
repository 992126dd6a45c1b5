import HearthInsights
import HearthRecords

/// The charts each section draws from the insights: only figures that have a number (three
/// observations or more), at most `rowLimit` rows each.
enum SummaryCharts {
    static let rowLimit = 10

    static func charts(_ section: SummarySection, _ insights: Insights) -> [SummaryChart] {
        switch section {
        case .withWhom: withWhom(insights.withWhom)
        case .sharing: insights.sharing.map(sharing) ?? []
        case .ruptureRepair: insights.ruptureRepair.map(ruptureRepair) ?? []
        case .body: body(insights.body)
        case .beliefs: insights.beliefs.map(belief)
        case .feelings: insights.feelings.map(feelings) ?? []
        }
    }

    private static func withWhom(_ people: [PersonSettling]) -> [SummaryChart] {
        let rows = people.prefix(rowLimit).compactMap { p -> SummaryChart.BeforeAfter? in
            guard let before = p.activationBefore.value, let after = p.activationAfter.value else { return nil }
            return .init(label: p.person.name, before: before, after: after,
                         valueText: "\(Wording.number(before)) → \(Wording.number(after)) (\(Wording.count(p.activationBefore.n, "time")))")
        }
        guard !rows.isEmpty else { return [] }
        return [SummaryChart(title: "Activation before → after time with each person, 0 to 10", shape: .beforeAfter(rows, domain: 0...10))]
    }

    private static func sharing(_ s: Sharing) -> [SummaryChart] {
        var charts: [SummaryChart] = []
        let people = s.people.prefix(rowLimit).compactMap { p -> SummaryChart.Bar? in
            guard let share = p.responses.attuned.value else { return nil }
            return .init(label: p.person.name, value: share * 100,
                         valueText: "\(p.responses.counts[.attuned] ?? 0) of \(Wording.count(p.responses.total, "share"))")
        }
        if !people.isEmpty {
            charts.append(SummaryChart(title: "Shares met with attunement, by person, in percent", shape: .bars(people, domain: 0...100)))
        }
        let months = s.months.suffix(12).compactMap { m -> SummaryChart.Bar? in
            m.depth.value.map { .init(label: m.month, value: $0, valueText: "\(Wording.number($0)) (\(Wording.count(m.shares, "share")))") }
        }
        if months.count > 1 {
            charts.append(SummaryChart(title: "How deep shares were on average, by month, 1 (tiny) to 5 (deep)", shape: .bars(months, domain: 0...5)))
        }
        return charts
    }

    private static func ruptureRepair(_ r: RuptureRepair) -> [SummaryChart] {
        let rows = r.people.prefix(rowLimit).map { p in
            SummaryChart.Bar(label: p.person.name, value: Double(p.ruptures),
                             valueText: "\(Wording.count(p.ruptures, "rupture")), \(p.repaired) repaired")
        }
        guard !rows.isEmpty else { return [] }
        let top = Double(max(1, r.people.map(\.ruptures).max() ?? 1))
        return [SummaryChart(title: "Ruptures by person", shape: .bars(rows, domain: 0...top))]
    }

    private static func body(_ strategies: [StrategyEffect]) -> [SummaryChart] {
        let rows = strategies.prefix(rowLimit).compactMap { s -> SummaryChart.Bar? in
            s.effect.value.map { .init(label: s.strategy, value: $0, valueText: "\(Wording.signed($0)) (\(Wording.count(s.effect.n, "time")))") }
        }
        guard !rows.isEmpty else { return [] }
        return [SummaryChart(title: "How much each strategy helped, -2 (made it harder) to +2 (helped a lot)", shape: .bars(rows, domain: -2...2))]
    }

    private static func belief(_ b: BeliefTrend) -> SummaryChart {
        var series = [SummaryChart.Series(label: "Old belief", values: b.believability.values)]
        if !b.counterBelievability.values.isEmpty {
            series.append(.init(label: "Its answer", values: b.counterBelievability.values))
        }
        return SummaryChart(title: "\"\(Wording.excerpt(b.belief))\": how believable, 0 to 100, oldest rating first",
                            shape: .lines(series, domain: 0...100))
    }

    private static func feelings(_ f: FeelingGranularity) -> [SummaryChart] {
        let months = f.months.suffix(12).compactMap { m -> SummaryChart.Bar? in
            m.distinct.value.map { .init(label: m.month, value: $0, valueText: "\(Wording.count(m.distinctWords, "word")) (\(Wording.count(m.namings, "naming")))") }
        }
        guard !months.isEmpty else { return [] }
        let top = months.map(\.value).max() ?? 1
        return [SummaryChart(title: "Different feeling words named by month", shape: .bars(months, domain: 0...max(1, top)))]
    }
}
