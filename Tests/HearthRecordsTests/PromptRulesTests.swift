import Foundation
import Testing
@testable import HearthRecords

/// The rules the guided prompt checks each field by, one field at a time, are the rules of
/// `add --json` (`RecordJSON.check`); own roles; body items written the natural way; the
/// rupture a later connection may have repaired.
@Suite struct PromptRulesTests {
    static func refused(_ field: String, _ value: JSONValue, _ kind: RecordKind) -> Bool {
        do {
            try RecordJSON.check(field: field, value: value, kind: kind)
            return false
        } catch {
            return true
        }
    }

    // MARK: One field, the rules of the whole record

    @Test func eachFieldIsCheckedByTheRulesOfAddJSON() {
        let rows: [(String, JSONValue, RecordKind, refused: Bool)] = [
            ("steadiness", .integer(7), .person, true),
            ("steadiness", .integer(0), .person, true),
            ("steadiness", .integer(5), .person, false),
            ("check_in_days", .integer(0), .person, true),
            ("check_in_days", .integer(14), .person, false),
            ("roles", .strings(["neighbour"]), .person, false),
            ("roles", .strings(["friend", "AA sponsor"]), .person, false),
            ("roles", .strings(["a, b"]), .person, true),
            ("roles", .strings([String(repeating: "x", count: 41)]), .person, true),
            ("roles", .strings(["evil\u{202E}role"]), .person, true),
            ("roles", .strings(["bell\u{07}"]), .person, true),
            ("believability", .integer(150), .belief, true),
            ("believability", .integer(100), .belief, false),
            ("counter_believability", .integer(-1), .belief, true),
            ("activation", .integer(11), .body, true),
            ("activation", .integer(0), .body, false),
            ("state", .string("calm"), .body, true),
            ("state", .string("Shut down"), .body, false),
            ("safety", .integer(3), .connection, true),
            ("safety", .integer(-2), .connection, false),
            ("channel", .string("pigeon"), .connection, true),
            ("feelings", .strings([String(repeating: "y", count: 65)]), .journal, true),
            ("sensations", .array([BodyItemText.sensation(region: "throat", quality: "lump", intensity: 11)]), .body, true),
            ("helped", .array([BodyItemText.helped(strategy: "walk", effect: 3)]), .body, true),
            ("helped", .array([BodyItemText.helped(strategy: "walk", effect: -2)]), .body, false),
        ]
        for row in rows {
            #expect(Self.refused(row.0, row.1, row.2) == row.refused, "\(row.0) = \(row.1) for \(row.2)")
        }
    }

    // MARK: Own roles

    @Test func ownRolesAreKeptBesideTheListInEveryPath() throws {
        #expect(PersonRole.ordered(["neighbour", "Therapist", "friend", "AA sponsor", "friend", "Neighbour"])
            == ["friend", "therapist", "AA sponsor", "neighbour"])
        #expect(PersonRole.normalized("  my   sister's  coach ") == "my sister's coach")
        #expect(PersonRole.problem(with: "neighbour") == nil)
        #expect(PersonRole.problem(with: "") != nil)
        #expect(PersonRole.problem(with: "line\none") != nil)

        // JSON in, store, read back, JSON out: the own word stays a string, as written.
        guard case .object(let object) = try JSONReader.parse(Array(#"{"name": "Ines", "roles": ["neighbour", "friend"]}"#.utf8)) else {
            Issue.record("not an object")
            return
        }
        let record = try RecordJSON.record(from: object, kind: .person, now: RecordFixtures.t0)
        guard case .person(let person) = record else { Issue.record("not a person"); return }
        #expect(person.roles == ["friend", "neighbour"])
        let store = try RecordFixtures.store()
        try store.write { try $0.insert(record) }
        let back = try #require(try store.read { try $0.record(id: person.id) })
        #expect(back == record)
        #expect(RecordJSON.object(for: back)["roles"] == .strings(["friend", "neighbour"]))
        #expect(back.preview().contains("neighbour"))
    }

    // MARK: Body items written the natural way

    @Test func sensationsWrittenTheNaturalWayAreUnderstood() {
        func item(_ region: String, _ quality: String, _ n: Int?) -> BodyItemText.Reading {
            .item(BodyItemText.sensation(region: region, quality: quality, intensity: n))
        }
        let rows: [(String, BodyItemText.Reading)] = [
            ("throat lump 5", item("throat", "lump", 5)),
            ("tight chest 6", item("chest", "tight", 6)),
            ("lower back ache 4", item("lower back", "ache", 4)),
            ("butterflies in my stomach 3", item("stomach", "butterflies", 3)),
            ("chest 6", item("chest", "", 6)),
            ("throat lump", item("throat", "lump", nil)),
            ("chest, tight, 6", item("chest", "tight", 6)),
            ("throat, lump 5", item("throat", "lump", 5)),
            (", tight, 6", item("", "tight", 6)),
            ("sternum,", item("sternum", "", nil)),
            ("tingling 4", .askWhere(quality: "tingling", intensity: 4)),
            ("knot 2", .askWhere(quality: "knot", intensity: 2)),
        ]
        for (text, expected) in rows { #expect(BodyItemText.sensation(text) == expected, "\(text)") }
        for text in ["throat lump 15", "throat lump -1", "5", ""] {
            guard case .problem = BodyItemText.sensation(text) else { Issue.record("\(text) was not refused"); continue }
        }
    }

    @Test func whatHelpedWrittenTheNaturalWayIsUnderstood() {
        func item(_ strategy: String, _ n: Int?) -> BodyItemText.Reading { .item(BodyItemText.helped(strategy: strategy, effect: n)) }
        let rows: [(String, BodyItemText.Reading)] = [
            ("walked outside +2", item("walked outside", 2)),
            ("walked outside 2", item("walked outside", 2)),
            ("cold water \u{2212}1", item("cold water", -1)),
            ("long exhale, +2", item("long exhale", 2)),
            ("walked outside", item("walked outside", nil)),
            ("walked 3 blocks", item("walked 3 blocks", nil)),
            ("slept 8,", item("slept 8", nil)),
            ("walk, then tea, +1", item("walk, then tea", 1)),
            ("box breathing 4", .askNumber(whole: "box breathing 4")),
        ]
        for (text, expected) in rows { #expect(BodyItemText.helped(text) == expected, "\(text)") }
        for text in ["walked outside +3", "walked outside -5", "+2", ""] {
            guard case .problem = BodyItemText.helped(text) else { Issue.record("\(text) was not refused"); continue }
        }
    }

    // MARK: Rupture and repair

    @Test func onlyTheLatestConnectionIfAnUnrepairedRuptureIsAskedAbout() {
        let sam = RecordFixtures.person("Sam")
        let now = RecordFixtures.time(10).date
        let rupture = RecordFixtures.connection(people: [sam.id], day: 2, rupture: true)
        let earlier = RecordFixtures.connection(people: [sam.id], day: 1)
        var later = RecordFixtures.connection(people: [sam.id], day: 4)
        var repaired = rupture
        repaired.repairedBy = ["r1"]
        let future = RecordFixtures.connection(people: [sam.id], day: 20, rupture: true)
        #expect(Connection.unrepairedRupture(latestOf: [.connection(earlier), .connection(rupture)], before: now)?.id == rupture.id)
        #expect(Connection.unrepairedRupture(latestOf: [.connection(rupture), .connection(future)], before: now)?.id == rupture.id)
        #expect(Connection.unrepairedRupture(latestOf: [.connection(repaired)], before: now) == nil)
        #expect(Connection.unrepairedRupture(latestOf: [.connection(rupture), .connection(later)], before: now) == nil)
        later.rupture = true
        #expect(Connection.unrepairedRupture(latestOf: [.connection(rupture), .connection(later)], before: now)?.id == later.id)
        #expect(Connection.unrepairedRupture(latestOf: [], before: now) == nil)
    }
}
