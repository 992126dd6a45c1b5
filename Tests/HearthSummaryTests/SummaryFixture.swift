import Foundation
import HearthInsights
import HearthRecords
import HearthSummary

/// A small practice whose every kind of text is hostile markup, so each test can check that
/// none of it becomes markup on the page: a person, a strategy, a belief and journal entries.
enum SummaryFixture {
    static let hostileName = "</svg><script>alert(1)</script>"
    static let hostileStrategy = "\"><img src=x onerror=alert(2)>"
    static let hostileBelief = "I'll be a burden </title><style>*{display:none}</style>"
    static let pickedText = "Today I said it out loud.\n<iframe src=\"https://example.invalid/\"></iframe> & ![x](https://example.invalid/x.png)\n# not a heading\n- not a list\n1. not a list either\n    not code"
    static let otherText = "A private entry that was not picked"
    static let samID = "person-sam"

    static func time(_ day: Int, hour: Int = 18) -> RecordTime {
        RecordTime(date: Date(timeIntervalSince1970: 1_767_571_200 + Double(day * 86_400 + hour * 3600)), offsetSeconds: 3600)
    }

    static func records() -> [AnyRecord] {
        var records: [AnyRecord] = [
            .person(Person(common: RecordCommon(id: samID, at: time(0, hour: 7)), name: hostileName, roles: ["friend"])),
            .person(Person(common: RecordCommon(id: "person-kai", at: time(0, hour: 7)), name: "Kai", roles: ["peer"])),
        ]
        for k in 0..<9 {
            let response: ShareResponse = k == 3 ? .neutral : k == 6 ? .dismissive : .attuned
            var c = Connection(
                common: RecordCommon(id: "connection-\(k)", at: time(k * 3)), people: [samID], safety: 1,
                stateBefore: .activated, stateAfter: k % 3 == 2 ? .mixed : .settled, activationBefore: 6 + k % 2,
                activationAfter: 4 + k % 2, shareDepth: 1 + k / 3, response: response)
            if k == 4 { c.rupture = true }
            records.append(.connection(c))
        }
        // The rupture of connection-4 (day 12) is repaired two days later.
        records.append(.connection(Connection(
            common: RecordCommon(id: "connection-repair", at: time(14)), people: [samID], repairOf: "connection-4")))
        records.append(.connection(Connection(
            common: RecordCommon(id: "connection-kai", at: time(5)), people: ["person-kai"], activationBefore: 5, activationAfter: 5)))
        for day in 0..<4 {
            records.append(.body(BodyCheckIn(
                common: RecordCommon(id: "body-\(day)", at: time(day * 2, hour: 20)), state: .activated, activation: 7,
                activationAfter: 4, helped: [.init(strategy: hostileStrategy, effect: 2)], feelings: ["tense", "tired", "safe"])))
        }
        records.append(.belief(Belief(
            common: RecordCommon(id: "belief-1", at: time(0, hour: 21)), belief: hostileBelief, counterBelief: "People who care want to know",
            ratings: [(80, 20), (65, 35), (50, 55), (40, 60)].enumerated().map {
                .init(at: time($0.offset * 5, hour: 21), believability: $0.element.0, counterBelievability: $0.element.1)
            })))
        records.append(.journal(JournalEntry(
            common: RecordCommon(id: "journal-picked", at: time(10, hour: 22)), text: pickedText, feelings: ["brave"], people: [samID])))
        records.append(.journal(JournalEntry(common: RecordCommon(id: "journal-other", at: time(11, hour: 22)), text: otherText)))
        return records
    }

    static func database(_ records: [AnyRecord] = records()) throws -> PlaintextDatabase {
        let database = try PlaintextDatabase.empty()
        try RecordStore(database: database).write { r in for record in records { try r.insert(record) } }
        return database
    }

    /// The page with `sections` and the picked entry.
    static func page(sections: [SummarySection] = SummarySection.allCases, entryIDs: [String] = ["journal-picked"]) throws -> SummaryPage {
        let database = try database()
        let insights = try Insights.compute(in: database)
        let store = RecordStore(database: database)
        let names = [samID: hostileName, "person-kai": "Kai"]
        let entries = try store.read { try SummaryEntries.records(entryIDs, in: $0) }.map { SummaryPage.Entry(record: $0, names: names) }
        return SummaryPage.make(insights: insights, sections: sections, entries: entries, madeAt: time(20))
    }
}
