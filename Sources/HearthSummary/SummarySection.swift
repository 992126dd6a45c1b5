import HearthInsights

/// The insight sections a summary page can hold, in page order. `--sections` names them by
/// their raw values (the keys of `insights --json`), comma-separated, or `all`.
public enum SummarySection: String, CaseIterable, Sendable {
    case withWhom = "with_whom"
    case sharing
    case ruptureRepair = "rupture_repair"
    case body
    case beliefs
    case feelings

    /// The heading on the page, as `hearth insights` names the section.
    public var title: String {
        switch self {
        case .withWhom: "With whom you settle"
        case .sharing: "Sharing a little at a time"
        case .ruptureRepair: "Rupture and repair"
        case .body: "What helps your body"
        case .beliefs: "Beliefs"
        case .feelings: "Naming feelings"
        }
    }

    var observationSection: Observation.Section {
        switch self {
        case .withWhom: .withWhom
        case .sharing: .sharing
        case .ruptureRepair: .ruptureRepair
        case .body: .body
        case .beliefs: .beliefs
        case .feelings: .feelings
        }
    }

    /// True when the insights have something for this section.
    public func hasData(in insights: Insights) -> Bool {
        switch self {
        case .withWhom: !insights.withWhom.isEmpty
        case .sharing: insights.sharing != nil
        case .ruptureRepair: insights.ruptureRepair != nil
        case .body: !insights.body.isEmpty
        case .beliefs: !insights.beliefs.isEmpty
        case .feelings: insights.feelings != nil
        }
    }

    /// The plain sentences this section says about `insights` (what the page shows above its charts).
    public func sentences(in insights: Insights) -> [String] {
        insights.observations.filter { $0.section == observationSection }.map(\.text)
    }

    /// A word of `--sections` that names no section.
    public struct UnknownWord: Error, Equatable {
        /// The position of the word in the list, from 1 (never the word itself: it came from argv
        /// but may be mistyped record text).
        public let position: Int
    }

    /// The sections a `--sections` list names, in page order, each once. `all` names every one;
    /// `-` may stand for `_` (`rupture-repair`). An empty list names none.
    public static func parse(_ list: String) throws(UnknownWord) -> [SummarySection] {
        var chosen = Set<SummarySection>()
        let words = list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        for (index, word) in words.enumerated() where !word.isEmpty {
            if word == "all" {
                chosen.formUnion(allCases)
                continue
            }
            guard let section = SummarySection(rawValue: word.replacingOccurrences(of: "-", with: "_")) else {
                throw UnknownWord(position: index + 1)
            }
            chosen.insert(section)
        }
        return allCases.filter(chosen.contains)
    }

    /// Every section that has something to show: what a page holds when none were named and
    /// nobody is there to ask.
    public static func withData(in insights: Insights) -> [SummarySection] {
        allCases.filter { $0.hasData(in: insights) }
    }
}
