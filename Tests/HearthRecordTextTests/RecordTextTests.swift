import Foundation
import HearthRecords
import HearthRecordText
import HearthRunContext
import Testing

/// A field's value as typed and as shown, a record as printed and exported, and the guided
/// prompt's repair question, in process.
struct FieldValuesTests {
    static func spec(_ name: String, _ kind: RecordKind) throws -> FieldSpec {
        try #require(FieldCatalog.fields(for: kind).first { $0.name == name })
    }

    @Test func typedValuesAreReadByTheirFieldsType() throws {
        let safety = try Self.spec("safety", .connection)
        #expect(try FieldValues.parse("+2", for: safety, clock: .system) == .integer(2))
        #expect(try FieldValues.parse("-1  # not great", for: safety, clock: .system) == .integer(-1))
        #expect(try FieldValues.parse("", for: safety, clock: .system) == .null)
        #expect(throws: FieldValues.Problem.self) { try FieldValues.parse("two", for: safety, clock: .system) }
        let starred = try Self.spec("starred", .journal)
        for yes in ["yes", "Y", "true", "1"] { #expect(try FieldValues.parse(yes, for: starred, clock: .system) == .bool(true)) }
        for no in ["", "no", "n", "false", "0"] { #expect(try FieldValues.parse(no, for: starred, clock: .system) == .bool(false)) }
        // An id with a note after it; text keeps every character, `#` included.
        let people = try Self.spec("people", .journal)
        #expect(try FieldValues.parse("3f2a, 9b1c # Sam and Alex", for: people, clock: .system) == .strings(["3f2a", "9b1c"]))
        let notes = try Self.spec("notes", .person)
        #expect(try FieldValues.parse("  call # later ", for: notes, clock: .system) == .string("call # later"))
        // An empty `at` leaves the time as it is; another date field is cleared.
        #expect(try FieldValues.parse("", for: Self.spec("at", .journal), clock: .system) == nil)
        #expect(try FieldValues.parse("", for: Self.spec("snoozed_until", .person), clock: .system) == .null)
        // A relative date is read on the run's clock and in its zone, not the machine's.
        let clock = HearthClock.fixed(Date(timeIntervalSince1970: 1_577_880_000), timeZone: TimeZone(secondsFromGMT: 9 * 3600)!)
        #expect(try FieldValues.parse("3d", for: Self.spec("at", .journal), clock: clock) == .string("2019-12-29T21:00:00+09:00"))
    }

    @Test func checkedValuesSayWhatIsAllowed() throws {
        let activation = try Self.spec("activation", .body)
        do throws(FieldValues.Problem) {
            _ = try FieldValues.checked("11", for: activation, kind: .body, clock: .system)
            Issue.record("11 is not an activation")
        } catch {
            #expect(error.message == "Please give a whole number from 0 to 10")
        }
        #expect(try FieldValues.checked("7", for: activation, kind: .body, clock: .system) == .integer(7))
    }

    @Test func valuesShowAsTheyAreTyped() throws {
        #expect(FieldValues.render(.integer(2), for: try Self.spec("safety", .connection)) == "+2")
        #expect(FieldValues.render(.integer(-2), for: try Self.spec("safety", .connection)) == "-2")
        #expect(FieldValues.render(.integer(2), for: try Self.spec("activation", .body)) == "2")
        #expect(FieldValues.render(nil, for: try Self.spec("starred", .journal)) == "no")
        #expect(FieldValues.render(.strings(["a", "b"]), for: try Self.spec("tags", .journal)) == "a, b")
        // Items read back as they were: a sensation without a quality, what helped without an effect.
        let sensations = JSONValue.array([.object(JSONObject(["region": .string("throat"), "quality": .string("")]))])
        #expect(FieldValues.renderItems(sensations, for: try Self.spec("sensations", .body)) == ["throat,"])
        let helped = JSONValue.array([.object(JSONObject(["strategy": .string("slept 8")])),
                                      .object(JSONObject(["strategy": .string("walked"), "effect": .integer(2)]))])
        #expect(FieldValues.renderItems(helped, for: try Self.spec("helped", .body)) == ["slept 8,", "walked, +2"])
    }
}

struct RecordPrinterTests {
    static let at = RecordTime(iso8601: "2026-03-01T09:30:00+01:00")!

    static func journal() throws -> AnyRecord {
        try RecordJSON.record(from: JSONObject(["text": .string("A walk by the river."), "starred": .bool(true),
                                                 "people": .strings(["0123456789abcdef0123456789abcdef"]), "at": .string(at.iso8601)]),
                              kind: .journal, now: at)
    }

    @Test func datesAreShownInTheOffsetTheyWereWrittenIn() {
        #expect(RecordPrinter.dateText(Self.at) == "2026-03-01 09:30")
        #expect(RecordPrinter.dayText(Self.at) == "2026-03-01")
    }

    @Test func aListingShowsAPreviewAndTheWholeRecordShowsAll() throws {
        let record = try Self.journal()
        #expect(RecordPrinter.listLine(record) == "\(record.id)  2026-03-01 09:30 * A walk by the river.")
        let full = RecordPrinter.full(record, names: ["0123456789abcdef0123456789abcdef": "Sam"]).split(separator: "\n").map(String.init)
        #expect(full.first == "Journal entry  \(record.id)" || full.first?.hasPrefix("Journal") == true)
        #expect(full.contains("When:              2026-03-01 09:30 (+01:00)"))
        #expect(full.contains("People:            Sam (01234567)"))
        #expect(full.last == "A walk by the river.")
    }

    @Test func markdownSaysItIsNotEncryptedAndNamesFilesByDayAndId() throws {
        let record = try Self.journal()
        let single = MarkdownExport.single(records: [record], names: [:], exportedAt: Self.at)
        #expect(single.hasPrefix("# Hearth export\n\nExported 2026-03-01 09:30. This file is not encrypted.\n"))
        #expect(single.contains("- **Starred:** yes"))
        let files = MarkdownExport.folder(records: [record], names: [:], exportedAt: Self.at)
        #expect(files.map(\.path) == ["journal/2026-03-01-\(record.id.prefix(8)).md"])
        #expect(files.first?.text.hasPrefix("---\nid: \"\(record.id)\"\nkind: \"journal\"\n") == true, "front matter first")
        if case .journal(let entry) = record { #expect(files.first?.text.hasSuffix("---\n" + entry.text) == true, "then the text exactly") }
    }
}

struct RuptureLookupTests {
    @Test func theRepairQuestionComesOnceForTheLatestUnrepairedRupture() throws {
        let store = RecordStore(database: try PlaintextDatabase.empty())
        let sam = try RecordJSON.record(from: JSONObject(["name": .string("Sam")]), kind: .person, now: RecordPrinterTests.at)
        let day = { (n: Int) in RecordTime(date: RecordPrinterTests.at.date.addingTimeInterval(Double(n) * 86_400), offsetSeconds: 3600) }
        let rupture = try RecordJSON.record(from: JSONObject(["people": .strings([sam.id]), "rupture": .bool(true), "at": .string(day(1).iso8601)]),
                                            kind: .connection, now: day(1))
        try store.write { try $0.insert(sam); try $0.insert(rupture) }
        let people = [RecordTemplate.PersonChoice(id: sam.id, name: "Sam")]
        let open = try RuptureLookup.open(with: [sam.id], in: store, people: people, now: day(2).date)
        #expect(open == OpenRupture(id: rupture.id, at: day(1), name: "Sam"))
        // Not before it happened, and not for someone else.
        #expect(try RuptureLookup.open(with: [sam.id], in: store, people: people, now: day(0).date) == nil)
        #expect(try RuptureLookup.open(with: ["ffffffff"], in: store, people: people, now: day(2).date) == nil)
        // A later connection with them (repaired or not) ends the question.
        let later = try RecordJSON.record(from: JSONObject(["people": .strings([sam.id]), "at": .string(day(3).iso8601)]),
                                          kind: .connection, now: day(3))
        try store.write { try $0.insert(later) }
        #expect(try RuptureLookup.open(with: [sam.id], in: store, people: people, now: day(4).date) == nil)
    }
}
