import HearthRecords

/// Plain, warm sentences about what the figures show, section by section. They describe
/// what was written down, never the person: no judgement, no scores, no streaks.
public struct Observation: Equatable, Sendable {
    public enum Section: String, CaseIterable, Sendable {
        case withWhom = "with_whom"
        case sharing
        case ruptureRepair = "rupture_repair"
        case givingReceiving = "giving_receiving"
        case body
        case beliefs
        case feelings
        case when
    }

    public let section: Section
    public let text: String
}

/// Differences smaller than these are "about the same".
public enum NoticeableChange {
    /// Activation, 0–10.
    public static let activation = 0.5
    /// A strategy's effect, −2...+2.
    public static let effect = 0.5
    /// Believability, 0–100.
    public static let believability = 5.0
    /// Activation between times of day or weekdays.
    public static let timing = 1.0
}

extension Insights {
    /// Every observation, in section order.
    public var observations: [Observation] {
        var all: [Observation] = []
        func add(_ section: Observation.Section, _ texts: [String]) {
            all += texts.map { Observation(section: section, text: $0) }
        }
        add(.withWhom, Self.sentences(withWhom))
        if let sharing { add(.sharing, Self.sentences(sharing)) }
        if let ruptureRepair { add(.ruptureRepair, Self.sentences(ruptureRepair)) }
        if let givingReceiving { add(.givingReceiving, Self.sentences(givingReceiving)) }
        add(.body, body.map(Self.sentence))
        add(.beliefs, beliefs.map(Self.sentence))
        if let feelings { add(.feelings, Self.sentences(feelings)) }
        if let when { add(.when, Self.sentences(when)) }
        return all
    }

    /// One sentence per person whose activation noticeably changed; the others grouped, so
    /// that a long list of people reads as a few lines.
    static func sentences(_ people: [PersonSettling]) -> [String] {
        var out: [String] = []
        var same: [PersonSettling] = []
        var tooFew: [PersonSettling] = []
        for p in people where p.activationChange.n > 0 {
            guard let value = p.activationChange.value else {
                tooFew.append(p)
                continue
            }
            let times = "(\(Wording.count(p.activationChange.n, "time")))"
            if value <= -NoticeableChange.activation {
                out.append("After time with \(p.person.name) your activation was on average \(Wording.points(-value)) lower \(times).")
            } else if value >= NoticeableChange.activation {
                out.append("After time with \(p.person.name) your activation was on average \(Wording.points(value)) higher \(times).")
            } else {
                same.append(p)
            }
        }
        if !same.isEmpty {
            out.append("After time with \(names(same)) your activation was about the same as before (\(times(same))).")
        }
        if !tooFew.isEmpty {
            out.append("With \(names(tooFew)), how your body feels afterwards: \(Wording.tooFew) (\(times(tooFew))).")
        }
        return out
    }

    /// "Robin", "Robin and Kai", "Robin, Kai and Lee", "Robin, Kai, Lee and 5 others".
    private static func names(_ people: [PersonSettling]) -> String {
        let shown = people.count > 4 ? Array(people.prefix(3)) : people
        var names = shown.map(\.person.name)
        if people.count > shown.count { names.append("\(people.count - shown.count) others") }
        guard names.count > 1 else { return names.first ?? "" }
        return names.dropLast().joined(separator: ", ") + " and " + names.last!
    }

    /// "7 times", "7 and 3 times", "between 2 and 60 times each".
    private static func times(_ people: [PersonSettling]) -> String {
        let counts = people.map(\.activationChange.n)
        if counts.count == 1 { return Wording.count(counts[0], "time") }
        if counts.count <= 4 {
            return counts.dropLast().map(String.init).joined(separator: ", ") + " and " + Wording.count(counts.last!, "time")
        }
        let low = counts.min()!, high = counts.max()!
        return low == high ? "\(Wording.count(low, "time")) each" : "between \(low) and \(high) times each"
    }

    static func sentences(_ s: Sharing) -> [String] {
        var out: [String] = []
        for p in s.people {
            let responses = p.responses.total
            guard responses > 0 else { continue }
            guard p.responses.attuned.isKnown else {
                out.append("With \(p.person.name), how sharing is met: \(Wording.tooFew) (\(Wording.count(responses, "share"))).")
                continue
            }
            let attuned = p.responses.counts[.attuned] ?? 0
            let most = ShareResponse.allCases.max { (p.responses.counts[$0] ?? 0, $1.rawValue) < (p.responses.counts[$1] ?? 0, $0.rawValue) }!
            guard most == .attuned || attuned * 2 >= responses else {
                // Say what was most common, plainly; attunement is not a grade.
                let count = p.responses.counts[most] ?? 0
                out.append("With \(p.person.name), sharing was most often met with a \(most.rawValue) response (\(count) of \(Wording.count(responses, "share"))).")
                continue
            }
            var text = "With \(p.person.name), \(attuned) of \(Wording.count(responses, "share")) were met with attunement"
            if let deepest = p.deepestAttuned { text += "; the deepest of them was \(deepest) of 5" }
            out.append(text + ".")
        }
        let known = s.months.filter { $0.depth.isKnown }
        if let first = known.first, let last = known.last, first.month != last.month,
           let a = first.depth.value, let b = last.depth.value {
            out.append("Your shares were on average \(Wording.number(a)) deep in \(first.month) (\(Wording.count(first.shares, "share"))) "
                + "and \(Wording.number(b)) deep in \(last.month) (\(Wording.count(last.shares, "share"))), on a scale of 1 (tiny) to 5 (deep).")
        }
        return out
    }

    static func sentences(_ r: RuptureRepair) -> [String] {
        var text = Wording.count(r.ruptures, "rupture") + "; "
        switch r.repaired {
        case 0: text += r.ruptures == 1 ? "it is not marked as repaired." : "none is marked as repaired."
        case r.ruptures: text += r.ruptures == 1 ? "it was repaired." : "all were repaired."
        default: text += "\(r.repaired) of them were repaired."
        }
        if r.repaired > 0 {
            if let days = r.repairDays.value {
                text += " Repair took \(Wording.days(days)) on average (\(Wording.count(r.repairDays.n, "time")))."
            } else {
                text += " How long repair takes: \(Wording.tooFew) (\(Wording.count(r.repairDays.n, "time")))."
            }
        }
        return [text]
    }

    /// "You received support in 3 connections and gave support in 2", with a zero said as words
    /// ("none of them noted support you gave"), never "gave support in 0".
    static func supportCounts(received: Int, given: Int) -> String {
        switch (received, given) {
        case (0, 0): "No connection notes support received or given yet."
        case (_, 0): "You received support in \(Wording.count(received, "connection")); none noted support you gave."
        case (0, _): "You gave support in \(Wording.count(given, "connection")); none noted support you received."
        default: "You received support in \(Wording.count(received, "connection")) and gave support in \(Wording.count(given, "connection"))."
        }
    }

    static func sentences(_ g: GivingReceiving) -> [String] {
        var out = [supportCounts(received: g.received, given: g.given)]
        func most(_ kinds: [GivingReceiving.Kind]) -> String {
            kinds.prefix(3).map { "\(Wording.supportWord($0.support)) (\($0.count))" }.joined(separator: ", ")
        }
        if !g.receivedKinds.isEmpty { out.append("Most often received: \(most(g.receivedKinds)).") }
        if !g.givenKinds.isEmpty { out.append("Most often given: \(most(g.givenKinds)).") }
        return out
    }

    static func sentence(_ s: StrategyEffect) -> String {
        let name = s.strategy.prefix(1).uppercased() + s.strategy.dropFirst()
        var text: String
        if let effect = s.effect.value {
            let times = "\(Wording.count(s.effect.n, "time"))"
            if effect >= NoticeableChange.effect {
                text = "\(name) helped (on average \(Wording.signed(effect)) of 2, \(times))"
            } else if effect <= -NoticeableChange.effect {
                text = "\(name) seemed to make things harder at those times (on average \(Wording.signed(effect)), \(times))"
            } else {
                text = "\(name) made no clear difference (on average \(Wording.signed(effect)), \(times))"
            }
        } else if s.activationChange.isKnown {
            text = name
        } else {
            return "\(name): \(Wording.tooFew) (\(Wording.count(s.uses, "time")))."
        }
        if let change = s.activationChange.value {
            let times = "(\(Wording.count(s.activationChange.n, "time")))"
            let joiner = text == name ? ": " : "; "
            if change <= -NoticeableChange.activation {
                text += "\(joiner)activation went \(Wording.points(-change)) lower on average \(times)"
            } else if change >= NoticeableChange.activation {
                text += "\(joiner)activation went \(Wording.points(change)) higher on average \(times)"
            } else {
                text += "\(joiner)activation stayed about the same \(times)"
            }
        }
        return text + "."
    }

    static func sentence(_ b: BeliefTrend) -> String {
        let quoted = "\"\(Wording.excerpt(b.belief))\""
        let old = b.believability
        guard let change = old.change.value, let first = old.first, let last = old.last else {
            return "\(quoted): \(Wording.tooFew) (\(Wording.count(old.values.count, "rating")))."
        }
        var text: String
        if change <= -NoticeableChange.believability {
            text = "\(quoted) has softened: from \(first) to \(last) over \(Wording.count(old.values.count, "rating"))."
        } else if change >= NoticeableChange.believability {
            text = "\(quoted) has felt more believable lately: from \(first) to \(last) over \(Wording.count(old.values.count, "rating"))."
        } else {
            text = "\(quoted) has stayed about the same (\(first) to \(last), \(Wording.count(old.values.count, "rating")))."
        }
        let counter = b.counterBelievability
        if let counterChange = counter.change.value, let first = counter.first, let last = counter.last {
            if counterChange >= NoticeableChange.believability {
                text += " Its answer grew from \(first) to \(last)."
            } else if counterChange <= -NoticeableChange.believability {
                text += " Its answer went from \(first) to \(last)."
            } else {
                text += " Its answer stayed about the same (\(first) to \(last))."
            }
        }
        return text
    }

    static func sentences(_ f: FeelingGranularity) -> [String] {
        var out: [String] = []
        if let month = f.months.last(where: { $0.distinct.isKnown }) {
            out.append("In \(month.month) you named \(Wording.count(month.distinctWords, "different feeling")) (\(Wording.count(month.namings, "time"))).")
        }
        if !f.mostUsed.isEmpty {
            out.append("Named most often: " + f.mostUsed.prefix(3).map { "\($0.word) (\($0.count))" }.joined(separator: ", ") + ".")
        }
        return out
    }

    static func sentences(_ w: ActivationTiming) -> [String] {
        var out: [String] = []
        let parts = zip(ActivationTiming.PartOfDay.allCases.map(\.rawValue), w.byPartOfDay)
        if let text = contrast(Array(parts), prefix: "Activation tended to be", place: "in the", plural: "",
                               same: "Activation was about the same across the day.") {
            out.append(text)
        }
        let days = zip(ActivationTiming.weekdayNames, w.byWeekday)
        if let text = contrast(Array(days), prefix: "By weekday it tended to be", place: "on", plural: "s",
                               same: "Activation was about the same on every weekday.") {
            out.append(text)
        }
        return out
    }

    /// "higher in the evening (6.2, 40 times) than in the morning (3.1, 35 times)", or "about
    /// the same", when at least two groups have a number.
    private static func contrast(
        _ groups: [(String, Figure)], prefix: String, place: String, plural: String, same: String
    ) -> String? {
        let known = groups.compactMap { name, figure in figure.value.map { (name, $0, figure.n) } }
        guard known.count >= 2, let high = known.max(by: { $0.1 < $1.1 }), let low = known.min(by: { $0.1 < $1.1 }) else {
            return nil
        }
        guard high.1 - low.1 >= NoticeableChange.timing else {
            return same
        }
        return "\(prefix) higher \(place) \(high.0)\(plural) (\(Wording.number(high.1)), \(Wording.count(high.2, "time"))) "
            + "than \(place) \(low.0)\(plural) (\(Wording.number(low.1)), \(Wording.count(low.2, "time")))."
    }
}
