import Foundation
import HearthInsights
import HearthRecordText
import HearthRecords

/// One page to bring to a therapist: the insight sections the person chose, as sentences and
/// charts, and the entries they picked, nothing else. Built from computed insights and records;
/// drawn by `HTMLPage` and `MarkdownPage`.
public struct SummaryPage: Equatable, Sendable {
    public struct Part: Equatable, Sendable {
        public let section: SummarySection
        public let sentences: [String]
        public let charts: [SummaryChart]
        /// What the page says when the section has nothing to show.
        public let emptyNote: String
        public var isEmpty: Bool { sentences.isEmpty && charts.isEmpty }
    }

    /// An entry the person picked, as it reads: a heading (when, what kind) and its text.
    public struct Entry: Equatable, Sendable {
        public let heading: String
        /// Labelled fields ("Feelings: tense, tired"), one a line.
        public let fields: [String]
        public let text: String

        public init(record: AnyRecord, names: [String: String]) {
            heading = RecordPrinter.dateText(record.common.at) + " · " + record.kind.singular
            var fields: [String] = []
            var text: [String] = []
            var inText = false
            // The printed record without its id line: labelled fields, then its text.
            for line in RecordPrinter.full(record, names: names).split(separator: "\n", omittingEmptySubsequences: false).dropFirst() {
                if !inText, line.isEmpty {
                    inText = true
                    continue
                }
                if inText { text.append(String(line)) } else if !line.hasPrefix("When:") { fields.append(Self.field(line)) }
            }
            self.fields = fields
            self.text = text.joined(separator: "\n").trimmingCharacters(in: .newlines)
        }

        /// `Feelings:          tense` as `Feelings: tense`.
        private static func field(_ line: Substring) -> String {
            guard let colon = line.firstIndex(of: ":") else { return String(line) }
            return line[...colon] + " " + line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
    }

    public let title: String
    /// The time and person the page covers, in words.
    public let coverage: String
    /// When the page was made: `2026-12-06`.
    public let madeOn: String
    public let parts: [Part]
    public let entries: [Entry]
    /// A line on how to read the figures, when there are any.
    public let reading: String?

    /// What a page says where a chosen section has nothing yet.
    public static let nothingYet = "Nothing written down for this in the time this page covers."
    /// What a page about one person says for beliefs, which link nobody.
    public static let beliefsLinkNobody = "Beliefs are not linked to people, so a page about one person leaves them out."
    /// What a page says when it holds nothing at all.
    public static let emptyPage = "Nothing was chosen for this page, or nothing is written down for this time yet. That is all right: a page can be made again later."

    /// The page for `sections` (in page order) and `entries` (in the order given).
    public static func make(insights: Insights, sections: [SummarySection], entries: [Entry], madeAt: RecordTime) -> SummaryPage {
        let parts = SummarySection.allCases.filter(sections.contains).map { section in
            Part(section: section, sentences: section.sentences(in: insights), charts: SummaryCharts.charts(section, insights),
                 emptyNote: section == .beliefs && insights.scope.personID != nil ? beliefsLinkNobody : nothingYet)
        }
        return SummaryPage(
            title: "What I noticed between sessions", coverage: coverage(insights), madeOn: RecordPrinter.dayText(madeAt),
            parts: parts, entries: entries,
            reading: parts.contains { !$0.isEmpty }
                ? "Each figure says how many times it rests on; with fewer than \(Figure.minimumObservations) it says \"\(Wording.tooFew)\" instead of a number."
                : nil)
    }

    private static func coverage(_ insights: Insights) -> String {
        var text: String
        switch (insights.scope.since, insights.scope.until) {
        case (nil, nil): text = "All dates"
        case (let since?, nil): text = "From \(day(since)) on"
        case (nil, let until?): text = "Up to \(day(until))"
        case (let since?, let until?): text = "From \(day(since)) to \(day(until))"
        }
        if let person = insights.person { text += ", with \(person.name)" }
        return text + "."
    }

    private static func day(_ bound: TimeBound) -> String {
        switch bound {
        case .day(let day): day.description
        case .instant(let date): RecordPrinter.dayText(RecordTime(date: date, offsetSeconds: TimeZone.current.secondsFromGMT(for: date)))
        }
    }

    /// True when the page shows nothing but its heading.
    public var isEmpty: Bool { parts.allSatisfy(\.isEmpty) && entries.isEmpty }
}
