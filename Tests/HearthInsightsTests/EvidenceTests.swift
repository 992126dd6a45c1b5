import Foundation
import HearthRecords
import Testing

@testable import HearthInsights

/// `insights --evidence`: what small shares gathered, person by person, in plain counts.
@Suite struct EvidenceTests {
    static func time(_ day: Int) -> RecordTime {
        RecordTime(date: Date(timeIntervalSince1970: 1_767_571_200 + Double(day * 86_400)), offsetSeconds: 0)
    }

    /// Sam: nine small shares, seven met with attunement, one rupture repaired two days later.
    /// Kai: one rupture, not repaired. Lee: met without a share.
    static func records() -> [AnyRecord] {
        var records: [AnyRecord] = ["Sam", "Kai", "Lee"].map {
            .person(Person(common: RecordCommon(id: "person-\($0)", at: time(0)), name: $0))
        }
        for k in 0..<9 {
            var c = Connection(
                common: RecordCommon(id: "c-\(k)", at: time(1 + k * 3)), people: ["person-Sam"],
                stateAfter: k == 8 ? .mixed : .settled, activationBefore: 6, activationAfter: k == 8 ? 6 : 4,
                shareDepth: 1 + k / 3, response: k == 2 ? .neutral : k == 7 ? .dismissive : .attuned)
            if k == 4 { c.rupture = true }
            records.append(.connection(c))
        }
        records.append(.connection(Connection(common: RecordCommon(id: "c-repair", at: time(15)), people: ["person-Sam"], repairOf: "c-4")))
        records.append(.connection(Connection(common: RecordCommon(id: "c-kai", at: time(4)), people: ["person-Kai"], rupture: true)))
        records.append(.connection(Connection(common: RecordCommon(id: "c-lee", at: time(4)), people: ["person-Lee"], safety: 2)))
        return records
    }

    @Test func countsWhatWasGatheredPersonByPerson() throws {
        let evidence = try Evidence.compute(in: try database(Self.records()))
        #expect(evidence.people.map(\.person.name) == ["Sam", "Kai"])
        let sam = try #require(evidence.people.first)
        #expect(sam.shares == 9 && sam.responses.counts[.attuned] == 7 && sam.deepestAttuned == 3)
        #expect(sam.ruptures == 1 && sam.repairDays == [2])
        #expect(evidence.sentences == [
            "7 of 9 small shares with Sam were met with attunement (1 neutral, 1 dismissive), the deepest 3 of 5; "
                + "afterwards your activation was 1.8 points lower on average (9 times); settled afterwards 8 of 9 times; "
                + "1 rupture, repaired after 2 days.",
            "1 rupture with Kai, not marked as repaired.",
        ])
    }

    @Test func onePersonAndEmptyScopes() throws {
        let db = try database(Self.records())
        let kai = try Evidence.compute(in: db, scope: InsightsScope(personID: "person-Kai"))
        #expect(kai.people.map(\.person.name) == ["Kai"])
        let none = try Evidence.compute(in: db, scope: InsightsScope(personID: "person-Lee"))
        #expect(none.people.isEmpty)
        let lines = EvidencePrinter(style: TextStyle(ascii: true, colour: false)).lines(none, personName: "Lee")
        #expect(lines == ["Evidence you have gathered with Lee", "", "No small shares or ruptures in this time or with this person."])
    }

    @Test func sharesNeverMetWithAttunementAreSaidPlainly() {
        let counts: [ShareResponse: Int] = [.attuned: 0, .neutral: 3, .dismissive: 1, .hurtful: 0]
        let kai = Evidence.WithPerson(
            person: PersonRef(id: "k", name: "Kai"), shares: 4, responses: .init(counts: counts), deepestAttuned: nil,
            activationChange: Figure(nil, n: 0), settledAfter: 0, stateNoted: 0, ruptures: 0, repairDays: [])
        #expect(Evidence.sentence(kai) == "4 small shares with Kai: 3 neutral, 1 dismissive.")
    }

    /// A share whose response was not written down is counted as that, never as met otherwise.
    @Test func sharesWithoutAResponseAreSaidAsNotNoted() {
        let counts: [ShareResponse: Int] = [.attuned: 2, .neutral: 1, .dismissive: 0, .hurtful: 0]
        let ana = Evidence.WithPerson(
            person: PersonRef(id: "a", name: "Ana"), shares: 5, responses: .init(counts: counts), deepestAttuned: 2,
            activationChange: Figure(nil, n: 0), settledAfter: 0, stateNoted: 0, ruptures: 0, repairDays: [])
        #expect(Evidence.sentence(ana) == "2 of 5 small shares with Ana were met with attunement (1 neutral, 2 not noted), the deepest 2 of 5.")
    }

    @Test func manyRepairsAreAveragedFromThreeOn() throws {
        let evidence = try Evidence.compute(in: practice)
        let sam = try #require(evidence.people.first { $0.person.name == Known.settlingPerson })
        #expect(sam.repairDays.count == sam.ruptures && sam.ruptures >= 3)
        let sentence = Evidence.sentence(sam)
        #expect(sentence.hasSuffix("\(sam.ruptures) ruptures, all repaired after 2 days on average."), "\(sentence)")
    }
}
