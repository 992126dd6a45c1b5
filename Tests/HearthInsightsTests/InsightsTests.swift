import Foundation
import Testing
import HearthRecords

@testable import HearthInsights

typealias Known = PracticeGenerator.Known

/// A database holding `records`.
func database(_ records: [AnyRecord]) throws -> PlaintextDatabase {
    let database = try PlaintextDatabase.empty()
    try RecordStore(database: database).write { r in for record in records { try r.insert(record) } }
    return database
}

/// 120 days of the generated practice, with two more friends: computed once for the suite.
let practiceDays = 120
/// GRDB serializes every access to the queue, so sharing it between tests is safe.
nonisolated(unsafe) let practice: PlaintextDatabase = {
    var generator = PracticeGenerator()
    return try! database(generator.practice(days: practiceDays, extraPeople: 2))
}()

func approximately(_ value: Double?, _ expected: Double, within tolerance: Double = 0.05) -> Bool {
    guard let value else { return false }
    return abs(value - expected) <= tolerance
}

@Suite struct KnownEffectsTests {
    let insights = try! Insights.compute(in: practice)

    func person(_ name: String) throws -> PersonSettling {
        try #require(insights.withWhom.first { $0.person.name == name })
    }

    @Test func activationDropsByTwoAfterTheSettlingPersonOnly() throws {
        let sam = try person(Known.settlingPerson)
        #expect(sam.connections == practiceDays / 2)
        #expect(sam.activationChange.n == practiceDays / 2)
        #expect(approximately(sam.activationChange.value, Known.settlingChange))
        #expect(approximately(sam.activationAfter.value.map { $0 - (sam.activationBefore.value ?? 0) }, Known.settlingChange))
        #expect(approximately(sam.settledAfter.value, 0.75))
        // Exactly one person after whom activation noticeably changes.
        let noticeable = insights.withWhom.filter { abs($0.activationChange.value ?? 0) >= NoticeableChange.activation }
        #expect(noticeable.map(\.person.name) == [Known.settlingPerson])
        let robin = try person(Known.steadyPerson)
        #expect(approximately(robin.activationChange.value, 0, within: 0.1))
        #expect(insights.observations.contains(Observation(
            section: .withWhom, text: "After time with Sam your activation was on average 2 points lower (60 times).")))
        // The others are grouped in one sentence.
        #expect(insights.observations.contains(Observation(
            section: .withWhom,
            text: "After time with Robin, Friend 1 and Friend 2 your activation was about the same as before (60, 20 and 20 times).")))
        // Friends' connections name no state afterwards: no share of "settled" at all.
        let friend = try person("Friend 1")
        #expect(friend.settledAfter == Figure.none)
        #expect(friend.connections == 20)
    }

    @Test func twoMeetingsAreTooFewToTell() throws {
        let ana = try person(Known.rarePerson)
        #expect(ana.connections == 2)
        #expect(ana.activationChange == Figure(nil, n: 2))
        #expect(ana.safety.value == nil)
        #expect(ana.settledAfter.value == nil)
        let sentence = try #require(insights.observations.first { $0.text.contains("Ana") && $0.section == .withWhom })
        #expect(sentence.text.contains("too few to tell yet"))
        #expect(!sentence.text.contains(where: \.isNumber) || sentence.text.contains("(2 times)"))
    }

    @Test func aStrategyThatHelpsAndOneThatDoesNothing() throws {
        let helpful = try #require(insights.body.first { $0.strategy == Known.helpfulStrategy })
        #expect(approximately(helpful.effect.value, Known.helpfulEffect))
        #expect(approximately(helpful.activationChange.value, Known.helpfulChange))
        #expect(helpful.uses == practiceDays)
        let idle = try #require(insights.body.first { $0.strategy == Known.idleStrategy })
        #expect(approximately(idle.effect.value, 0))
        #expect(approximately(idle.activationChange.value, 0, within: 0.1))
        #expect(insights.observations.contains { $0.text.hasPrefix("Scrolling made no clear difference") })
        let rare = try #require(insights.body.first { $0.strategy == Known.rareStrategy })
        #expect(rare.uses == 2 && rare.effect.value == nil && rare.activationChange.value == nil)
        #expect(insights.observations.contains(Observation(section: .body, text: "Humming: too few to tell yet (2 times).")))
        // Exactly one strategy with a noticeable effect.
        #expect(insights.body.filter { abs($0.effect.value ?? 0) >= NoticeableChange.effect }.map(\.strategy) == [Known.helpfulStrategy])
    }

    @Test func aBeliefThatSoftens() throws {
        let softening = try #require(insights.beliefs.first { $0.belief == Known.softeningBelief })
        #expect(softening.believability.values == Known.softeningRatings)
        #expect(softening.believability.change == Figure(-50, n: 6))
        #expect(softening.counterBelievability.change == Figure(50, n: 6))
        #expect(insights.observations.contains(Observation(
            section: .beliefs,
            text: "\"I'll be a burden\" has softened: from 80 to 30 over 6 ratings. Its answer grew from 20 to 70.")))
        let steady = try #require(insights.beliefs.first { $0.belief == Known.steadyBelief })
        #expect(abs(steady.believability.change.value ?? 99) < NoticeableChange.believability)
        let rare = try #require(insights.beliefs.first { $0.belief == Known.rareBelief })
        #expect(rare.believability.change.value == nil && rare.believability.change.n == 2)
        #expect(insights.observations.contains { $0.text == "\"Needing people is weak\": too few to tell yet (2 ratings)." })
        #expect(insights.beliefs.filter { ($0.believability.change.value ?? 0) <= -NoticeableChange.believability }.count == 1)
    }

    @Test func eveningsAreMoreActivated() throws {
        let when = try #require(insights.when)
        #expect(when.checkIns == practiceDays * 2)
        let parts = Dictionary(uniqueKeysWithValues: zip(ActivationTiming.PartOfDay.allCases, when.byPartOfDay))
        #expect(approximately(parts[.evening]?.value, Known.eveningActivation))
        #expect(approximately(parts[.morning]?.value, Known.morningActivation))
        #expect(parts[.night] == Figure.none && parts[.afternoon] == Figure.none)
        #expect(when.byHour[8].n == practiceDays && when.byHour[20].n == practiceDays)
        // 2026-01-05 is a Monday: 120 days give 18 of most weekdays, 17 of the rest, twice a day.
        #expect(when.byWeekday.map(\.n).reduce(0, +) == practiceDays * 2)
        #expect(when.byWeekday[0].n == 2 * 18)
        #expect(insights.observations.contains { $0.text.hasPrefix("Activation tended to be higher in the evening (5, 120 times) than in the morning (3, 120 times)") })
    }

    @Test func rupturesAndTheirRepair() throws {
        let r = try #require(insights.ruptureRepair)
        // Sam: connections 4, 14, ..., 54 are ruptures, each repaired two days later; Robin: 7, 22, 37, 52.
        #expect(r.ruptures == 10 && r.repaired == 6)
        #expect(r.repairDays == Figure(Known.repairDays, n: 6))
        #expect(r.repairDaysMedian == Figure(Known.repairDays, n: 6))
        let sam = try #require(r.people.first { $0.person.name == Known.settlingPerson })
        #expect(sam.ruptures == 6 && sam.repaired == 6)
        let robin = try #require(r.people.first { $0.person.name == Known.steadyPerson })
        #expect(robin.ruptures == 4 && robin.repaired == 0 && robin.repairDays == Figure.none)
        #expect(insights.observations.contains { $0.text == "10 ruptures; 6 of them were repaired. Repair took 2 days on average (6 times)." })
    }

    @Test func sharingAndHowItWasMet() throws {
        let s = try #require(insights.sharing)
        let sam = try #require(s.people.first { $0.person.name == Known.settlingPerson })
        #expect(approximately(sam.responses.attuned.value, 0.75))
        #expect(sam.deepestAttuned == 5)
        let ana = try #require(s.people.first { $0.person.name == Known.rarePerson })
        #expect(ana.responses.attuned.value == nil && ana.responses.total == 2)
        // The ladder: Sam's shares deepen month by month.
        #expect(s.months.count == 5)
        #expect(s.months.first!.depth.value! < s.months.last!.depth.value!)
        #expect(s.shares == practiceDays + 2 + 0)
    }

    @Test func givingAndReceiving() throws {
        let g = try #require(insights.givingReceiving)
        // Sam: listening every time; Robin: advice every third time; Ana: twice.
        #expect(g.received == 60 + 20 + 2)
        #expect(g.receivedKinds.first == .init(support: "listening", count: 60))
        let sam = try #require(g.people.first { $0.person.name == Known.settlingPerson })
        #expect(sam.received == 60 && sam.given == 30)
    }

    @Test func namingFeelingsGrowsMonthByMonth() throws {
        let f = try #require(insights.feelings)
        #expect(f.months.map(\.month) == ["2026-01", "2026-02", "2026-03", "2026-04", "2026-05"])
        #expect(f.months[0].distinctWords <= 4)
        #expect(f.months[3].distinctWords > f.months[0].distinctWords)
        #expect(f.mostUsed.first.map { $0.count } ?? 0 >= f.mostUsed.last.map { $0.count } ?? 0)
    }
}

@Suite struct ScopeTests {
    @Test func aTimeWindowCountsOnlyItsRecords() throws {
        let since = RecordTime(iso8601: "2026-01-05T00:00:00+01:00")!.date
        let until = since.addingTimeInterval(30 * 86_400)
        let insights = try Insights.compute(in: practice, scope: InsightsScope(since: .instant(since), until: .instant(until)))
        let sam = try #require(insights.withWhom.first { $0.person.name == Known.settlingPerson })
        #expect(sam.connections == 15)
        #expect(insights.when?.checkIns == 60)
        // Ratings in the window only: the first two of each belief (every 20 days).
        #expect(insights.beliefs.first { $0.belief == Known.softeningBelief }?.believability.values == [80, 70])
    }

    @Test func onePersonNarrowsEverySection() throws {
        let insights = try Insights.compute(in: practice, scope: InsightsScope(personID: PracticeGenerator.personID("Sam")))
        #expect(insights.person?.name == "Sam")
        #expect(insights.withWhom.map(\.person.name) == ["Sam"])
        #expect(insights.beliefs.isEmpty)
        // Body check-ins with Sam present: the evenings of even days, all with the long exhale.
        #expect(insights.body.map(\.strategy) == [Known.helpfulStrategy])
        #expect(insights.body.first?.uses == practiceDays / 2)
        #expect(insights.ruptureRepair?.ruptures == 6)
        #expect(insights.givingReceiving?.people.map(\.person.name) == ["Sam"])
    }

    @Test func anUnknownPersonIsNotFound() throws {
        #expect(throws: RecordsError.recordNotFound(id: "nobody")) {
            try Insights.compute(in: practice, scope: InsightsScope(personID: "nobody"))
        }
        // A record that is not a person is not a person either.
        #expect(throws: RecordsError.recordNotFound(id: "journal-1")) {
            try Insights.compute(in: practice, scope: InsightsScope(personID: "journal-1"))
        }
    }

    @Test func anEmptyVaultHasNoSections() throws {
        let insights = try Insights.compute(in: try PlaintextDatabase.empty())
        #expect(insights.isEmpty && insights.records == 0 && insights.observations.isEmpty)
        guard case .object(let json) = insights.json(timeZone: TimeZone(identifier: "UTC")!) else { Issue.record("not an object"); return }
        #expect(json["with_whom"] == .array([]))
        #expect(json["sharing"] == .null)
    }
}

@Suite struct TooFewTests {
    static let t0 = RecordTime(iso8601: "2026-02-02T09:00:00+00:00")!

    static func at(_ day: Int) -> RecordCommon {
        RecordCommon(at: RecordTime(date: t0.date.addingTimeInterval(Double(day) * 86_400), offsetSeconds: 0))
    }

    /// Two of everything: no figure may show a number.
    static let twoOfEverything: [AnyRecord] = {
        let lee = Person(common: RecordCommon(id: "lee", at: t0), name: "Lee")
        var records: [AnyRecord] = [.person(lee)]
        for day in 0..<2 {
            records.append(.connection(Connection(
                common: at(day), people: ["lee"], safety: 2, stateAfter: .settled, activationBefore: 9, activationAfter: 1,
                shareDepth: 5, response: .attuned, supportReceived: ["comfort"], rupture: day == 0,
                repairOf: nil)))
            records.append(.body(BodyCheckIn(
                common: at(day), state: .activated, activation: 8, activationAfter: 2, helped: [.init(strategy: "walking", effect: 2)],
                feelings: ["scared"])))
        }
        records.append(.belief(Belief(
            common: at(0), belief: "I am too much",
            ratings: [.init(at: at(0).at, believability: 90, counterBelievability: nil),
                      .init(at: at(1).at, believability: 10, counterBelievability: nil)])))
        return records
    }()

    @Test func belowThreeEveryFigureSaysTooFew() throws {
        let insights = try Insights.compute(in: try database(Self.twoOfEverything))
        let lee = try #require(insights.withWhom.first)
        for figure in [lee.safety, lee.activationBefore, lee.activationAfter, lee.activationChange, lee.settledAfter] {
            #expect(figure.value == nil && figure.n == 2)
        }
        #expect(insights.body.first?.effect == Figure(nil, n: 2))
        #expect(insights.beliefs.first?.believability.change.value == nil)
        #expect(insights.sharing?.depth.value == nil && insights.sharing?.responses.attuned.value == nil)
        #expect(insights.when?.byPartOfDay.allSatisfy { $0.value == nil } == true)
        #expect(insights.feelings?.months.first?.distinct.value == nil)
        // Withheld figures are null in JSON, beside their n.
        let json = JSONWriter.compact(insights.json(timeZone: TimeZone(identifier: "UTC")!))
        #expect(json.contains("\"activation_change\":null,\"activation_change_n\":2"))
        // Every sentence about a figure says so in words, never with the number.
        let texts = insights.observations.map(\.text)
        #expect(!texts.isEmpty)
        #expect(!texts.joined().contains("lower") && !texts.joined().contains("8"))
        #expect(texts.contains("With Lee, how your body feels afterwards: too few to tell yet (2 times)."))
        #expect(texts.contains("Walking: too few to tell yet (2 times)."))
    }

    @Test func threeObservationsGiveANumber() throws {
        var records = Self.twoOfEverything
        records.append(.connection(Connection(common: Self.at(2), people: ["lee"], activationBefore: 9, activationAfter: 1)))
        let insights = try Insights.compute(in: try database(records))
        #expect(insights.withWhom.first?.activationChange == Figure(-8, n: 3))
        #expect(insights.observations.contains { $0.text == "After time with Lee your activation was on average 8 points lower (3 times)." })
    }
}

@Suite struct JSONShapeTests {
    @Test func withWhomHasTheContractFields() throws {
        let insights = try Insights.compute(in: practice)
        guard case .object(let json) = insights.json(timeZone: TimeZone(identifier: "UTC")!), case .array(let withWhom)? = json["with_whom"] else {
            Issue.record("no with_whom list")
            return
        }
        #expect(withWhom.count == 5)
        let sam = try #require(withWhom.compactMap(\.objectValue).first { $0["name"] == .string("Sam") })
        #expect(sam["person_id"] == .string("person-sam"))
        #expect(sam["n"] == .integer(60))
        #expect(sam["activation_change"] == .double(-2))
        let ana = try #require(withWhom.compactMap(\.objectValue).first { $0["name"] == .string("Ana") })
        #expect(ana["activation_change"] == .null)
        #expect(ana["activation_change_n"] == .integer(2))
        for key in ["sharing", "rupture_repair", "giving_receiving", "body", "beliefs", "feelings", "when", "observations", "minimum_n"] {
            #expect(json[key] != nil, "missing \(key)")
        }
    }
}

@Suite struct WordingTests {
    @Test func numbersArePlain() {
        #expect(Wording.number(2.0) == "2")
        #expect(Wording.number(1.96) == "2")
        #expect(Wording.number(1.54) == "1.5")
        #expect(Wording.signed(-0.04) == "0")
        #expect(Wording.signed(1.5) == "+1.5")
        #expect(Wording.points(1) == "1 point")
        #expect(Wording.days(0.5) == "about 12 hours")
        #expect(Wording.count(1, "rupture") == "1 rupture")
    }

    @Test func figuresBelowThreeHaveNoValue() {
        #expect(Figure(5, n: 2).value == nil)
        #expect(Figure(5, n: 3).value == 5)
        #expect(Figure.share(2, of: 3).value == 2.0 / 3)
        #expect(Figure.share(0, of: 0) == Figure(nil, n: 0))
    }
}

@Suite struct LocalCalendarTests {
    func fields(_ text: String) -> (offset: Int32, month: String, hour: UInt8, weekday: UInt8) {
        let time = RecordTime(iso8601: text)!
        let utc = Int64(time.date.timeIntervalSince1970)
        let local = Array(text.utf8).withUnsafeBufferPointer { RecordColumns.localTime($0, utc: utc) }
        return (local.offset, MonthKey.text(local.month), local.hour, local.weekday)
    }

    @Test func theTimeAsWrittenGivesHourWeekdayAndMonth() {
        // 2026-03-01 was a Sunday (weekday 6 when Monday is 0).
        let a = fields("2026-03-01T09:30:00+01:00")
        #expect(a.offset == 3600 && a.month == "2026-03" && a.hour == 9 && a.weekday == 6)
        // Late evening west of UTC stays on its own local day and month.
        let b = fields("2026-02-28T23:30:00-05:00")
        #expect(b.offset == -18_000 && b.month == "2026-02" && b.hour == 23 && b.weekday == 5)
        let c = fields("2024-02-29T00:00:00Z")
        #expect(c.offset == 0 && c.month == "2024-02" && c.hour == 0 && c.weekday == 3)
        // Before 1970 and in leap centuries the weekday still holds.
        #expect(fields("1969-12-31T12:00:00Z").weekday == 2)
        #expect(fields("2000-03-01T12:00:00Z").weekday == 2)
    }

    @Test func weekdaysAgreeWithTheCalendar() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        for day in stride(from: -40_000, through: 40_000, by: 997) {
            let date = Date(timeIntervalSince1970: Double(day) * 86_400 + 43_200)
            let text = RecordTime(date: date, offsetSeconds: 0).iso8601
            // Calendar: Sunday = 1 ... Saturday = 7; here Monday = 0.
            let expected = UInt8((calendar.component(.weekday, from: date) + 5) % 7)
            #expect(fields(text).weekday == expected, "\(text)")
        }
    }

    @Test func monthKeysPrintAsYearAndMonth() {
        #expect(MonthKey.text(MonthKey.make(year: 2026, month: 1)) == "2026-01")
        #expect(MonthKey.text(MonthKey.make(year: 987, month: 12)) == "0987-12")
    }
}

@Suite struct SeqPositionTests {
    @Test func denseNumbersMapByOffset() {
        let p = SeqPositions(low: 5, high: 9, count: 5)
        #expect(p.isDense && p.size == 5)
        #expect(p[5] == 0 && p[9] == 4 && p[4] == nil && p[10] == nil)
    }

    @Test func farApartNumbersUseATable() {
        var p = SeqPositions(low: 1, high: 50_000_000, count: 2)
        #expect(!p.isDense && p.size == 2)
        p.sparse = [1: 0, 50_000_000: 1]
        #expect(p[50_000_000] == 1 && p[2] == nil)
    }

    @Test func deletedRecordsLeaveGapsThatStillCount() throws {
        var generator = PracticeGenerator()
        let records = generator.practice(days: 9)
        let db = try database(records)
        // Delete every journal entry: their numbers leave holes between the others.
        try RecordStore(database: db).write { r in
            for case .journal(let entry) in records { try r.delete(id: entry.id) }
        }
        let insights = try Insights.compute(in: db)
        // Everything but the three people and the nine deleted entries.
        #expect(insights.records == records.count - 3 - 9)
        #expect(insights.when?.checkIns == 18)
    }
}

@Suite struct CheckInTests {
    @Test func dueFromTheDatabaseAgreesWithEveryPersonsOwnRule() throws {
        // 40 days of practice, with two friends on a 30-day rhythm met every third day.
        var generator = PracticeGenerator()
        let db = try database(generator.practice(days: 40, extraPeople: 2))
        let people = try RecordStore(database: db).read { try $0.list(RecordFilter(kind: .person)) }.compactMap { record -> Person? in
            if case .person(let p) = record { return p }
            return nil
        }
        let start = RecordTime(iso8601: "2026-01-05T00:00:00+01:00")!.date
        for day in [0, 10, 39, 45, 60, 80] {
            let now = start.addingTimeInterval(Double(day) * 86_400)
            let fromDatabase = try CheckInInvitations.due(in: db, now: now)
            #expect(fromDatabase == CheckInInvitations.due(among: people, now: now), "day \(day)")
        }
        // Sam (every 7 days) was last met on day 38: due from day 45 on; Robin (14) on day 39.
        let day46 = start.addingTimeInterval(46 * 86_400)
        let due = try CheckInInvitations.due(in: db, now: day46)
        #expect(due.map(\.person.name) == ["Sam"])
        #expect(due.first?.daysSinceContact(now: day46) == 7)
        #expect(due.first?.lastContact == RecordTime(iso8601: "2026-02-12T18:00:00+01:00"))
        // Nobody without a rhythm, however long ago: Ana has none.
        #expect(try !CheckInInvitations.due(in: db, now: start.addingTimeInterval(900 * 86_400)).contains { $0.person.name == "Ana" })
    }

    @Test func aSnoozeRestsTheInvitationUntilItEnds() throws {
        let added = RecordTime(iso8601: "2026-03-01T09:00:00Z")!
        var kai = Person(common: RecordCommon(id: "kai", at: added), name: "Kai", checkInDays: 14)
        let day20 = added.date.addingTimeInterval(20 * 86_400)
        #expect(CheckInInvitations.due(among: [kai], now: day20).map(\.dueSince) == [added.date.addingTimeInterval(14 * 86_400)])
        kai.snoozedUntil = RecordTime(date: added.date.addingTimeInterval(25 * 86_400), offsetSeconds: 0)
        #expect(CheckInInvitations.due(among: [kai], now: day20).isEmpty)
        let db = try database([.person(kai)])
        #expect(try CheckInInvitations.due(in: db, now: day20).isEmpty)
        #expect(try CheckInInvitations.due(in: db, now: day20.addingTimeInterval(6 * 86_400)).count == 1)
    }

    /// "gave support in 0" read wrong: a zero is said in words, and one connection is singular.
    @Test func supportCountsReadAsSentences() {
        #expect(Insights.supportCounts(received: 3, given: 0) == "You received support in 3 connections; none noted support you gave.")
        #expect(Insights.supportCounts(received: 0, given: 1) == "You gave support in 1 connection; none noted support you received.")
        #expect(Insights.supportCounts(received: 0, given: 0) == "No connection notes support received or given yet.")
        #expect(Insights.supportCounts(received: 2, given: 1) == "You received support in 2 connections and gave support in 1 connection.")
        for (r, g) in [(3, 0), (0, 2), (0, 0), (1, 1)] { #expect(!Insights.supportCounts(received: r, given: g).contains(" 0")) }
    }
}
