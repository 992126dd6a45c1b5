import HearthRecords

extension Evidence {
    /// One sentence per person, in the words of what was written down: "7 of 9 small shares with
    /// Sam were met with attunement; 1 rupture, repaired after 2 days." Counts are said as they
    /// are (they are the person's own observations); an average needs three (`Figure`).
    public var sentences: [String] {
        people.map(Self.sentence)
    }

    static func sentence(_ p: WithPerson) -> String {
        var parts: [String] = []
        let name = p.person.name
        if p.shares > 0 {
            let shares = "\(p.shares == 1 ? "small share" : "small shares") with \(name)"
            let met = p.responses.total
            if met == 0 {
                parts.append("\(Wording.count(p.shares, "small share")) with \(name), \(p.shares == 1 ? "how it was met" : "how they were met") not noted")
            } else {
                let attuned = p.responses.counts[.attuned] ?? 0
                var others = ShareResponse.allCases.filter { $0 != .attuned }.compactMap { word -> String? in
                    let n = p.responses.counts[word] ?? 0
                    return n > 0 ? "\(n) \(word.rawValue)" : nil
                }
                // Shares whose response was not written down are said so, never left to read
                // as met some other way.
                if met < p.shares { others.append("\(p.shares - met) not noted") }
                var text: String
                if attuned == 0 {
                    // What was most common, plainly: attunement is not a grade.
                    text = "\(Wording.count(p.shares, "small share")) with \(name): \(others.joined(separator: ", "))"
                } else if p.shares == 1 {
                    text = "1 small share with \(name) was met with attunement"
                } else {
                    text = "\(attuned) of \(p.shares) \(shares) were met with attunement"
                    if !others.isEmpty { text += " (\(others.joined(separator: ", ")))" }
                }
                if let deepest = p.deepestAttuned, p.shares > 1 { text += ", the deepest \(deepest) of 5" }
                parts.append(text)
            }
            if let change = p.activationChange.value {
                let times = Wording.count(p.activationChange.n, "time")
                if change <= -NoticeableChange.activation {
                    parts.append("afterwards your activation was \(Wording.points(-change)) lower on average (\(times))")
                } else if change >= NoticeableChange.activation {
                    parts.append("afterwards your activation was \(Wording.points(change)) higher on average (\(times))")
                } else {
                    parts.append("afterwards your activation was about the same (\(times))")
                }
            }
            if p.stateNoted > 0 {
                parts.append("settled afterwards \(p.settledAfter) of \(Wording.count(p.stateNoted, "time"))")
            }
        }
        if p.ruptures > 0 {
            var text = Wording.count(p.ruptures, "rupture")
            if p.shares == 0 { text += " with \(name)" }
            let repaired = p.repairDays.count
            switch repaired {
            case 0: text += p.ruptures == 1 ? ", not marked as repaired" : ", none marked as repaired"
            case p.ruptures: text += p.ruptures == 1 ? ", repaired" : ", all repaired"
            default: text += ", \(repaired) repaired"
            }
            if repaired >= Figure.minimumObservations {
                let average = p.repairDays.reduce(0, +) / Double(repaired)
                text += " after \(Wording.days(average)) on average"
            } else if repaired > 0 {
                text += " after " + p.repairDays.map(Wording.days).joined(separator: " and ")
            }
            parts.append(text)
        }
        let sentence = parts.joined(separator: "; ")
        return sentence.prefix(1).uppercased() + sentence.dropFirst() + "."
    }
}
