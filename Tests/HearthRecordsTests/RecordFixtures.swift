import Foundation
@testable import HearthRecords

/// Small, fictional records for tests.
enum RecordFixtures {
    static let t0 = RecordTime(iso8601: "2026-03-01T09:30:00+01:00")!

    static func time(_ dayOffset: Int, _ base: RecordTime = t0) -> RecordTime {
        RecordTime(date: base.date.addingTimeInterval(Double(dayOffset) * 86_400), offsetSeconds: base.offsetSeconds)
    }

    static func store() throws -> RecordStore {
        RecordStore(database: try PlaintextDatabase.empty())
    }

    static func person(_ name: String, day: Int = 0) -> Person {
        Person(
            common: RecordCommon(at: time(day), tags: ["close"]), name: name, roles: ["friend", "peer"],
            steadinessHistory: [.init(at: time(day), steadiness: 4)], boundaries: "No calls after 10pm",
            notes: "Met at the pottery class", checkInDays: 14, reachWhenStruggling: true)
    }

    static func journal(_ text: String, day: Int = 0, people: [String] = [], feelings: [String] = ["calm"]) -> JournalEntry {
        JournalEntry(common: RecordCommon(at: time(day), tags: ["walk"], starred: day % 2 == 0), text: text, feelings: feelings, people: people)
    }

    static func connection(people: [String], day: Int = 0, rupture: Bool = false, repairOf: String? = nil) -> Connection {
        Connection(
            common: RecordCommon(at: time(day)), people: people, channel: .inPerson, initiatedBy: .me, safety: 1,
            stateBefore: .activated, stateAfter: .settled, activationBefore: 6, activationAfter: 3, shareDepth: 2,
            shared: "Told them the week was hard", response: .attuned, supportReceived: ["listening"],
            supportGiven: ["company"], rupture: rupture, repairOf: repairOf, feelings: ["relieved"], notes: "A walk by the river")
    }

    static func body(day: Int = 0, people: [String] = []) -> BodyCheckIn {
        BodyCheckIn(
            common: RecordCommon(at: time(day)), state: .activated, activation: 7, activationAfter: 4,
            sensations: [.init(region: "chest", quality: "tight", intensity: 6)], helped: [.init(strategy: "long exhale", effect: 2)],
            context: "before the meeting", people: people, feelings: ["anxious"], notes: "Shoulders up")
    }

    static func belief(day: Int = 0) -> Belief {
        Belief(
            common: RecordCommon(at: time(day)), belief: "I will be a burden", counterBelief: "People who care want to know",
            status: .softening, ratings: [.init(at: time(day), believability: 80, counterBelievability: 30)])
    }

    static func script(day: Int = 0, people: [String] = []) -> Script {
        Script(
            common: RecordCommon(at: time(day)), script: "go quiet and disappear", trigger: "plans changed", urge: "cancel",
            instead: "said I needed a minute", people: people, feelings: ["tense"], notes: "It passed")
    }

    /// One record of every kind, linked together.
    static func everyKind() -> [AnyRecord] {
        let sam = person("Sam")
        let rupture = connection(people: [sam.id], day: 1, rupture: true)
        return [
            .person(sam), .journal(journal("Walked with Sam.\nIt was good.", day: 1, people: [sam.id])), .connection(rupture),
            .connection(connection(people: [sam.id], day: 3, repairOf: rupture.id)), .body(body(day: 2, people: [sam.id])),
            .belief(belief(day: 2)), .script(script(day: 4, people: [sam.id])),
        ]
    }
}
