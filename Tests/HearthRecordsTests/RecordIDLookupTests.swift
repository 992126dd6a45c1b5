import Foundation
import Testing
@testable import HearthRecords

/// What a typed id or its beginning names: one record of the kind wanted, or a typed refusal.
struct RecordIDLookupTests {
    @Test func idsAndUniqueBeginningsResolve() throws {
        let store = try RecordFixtures.store()
        let records = RecordFixtures.everyKind()
        try store.write { r in for record in records { try r.insert(record) } }
        let journal = try #require(records.first { $0.kind == .journal })
        let person = try #require(records.first { $0.kind == .person })
        func resolve(_ typed: String, _ kind: RecordKind) throws -> String { try store.read { try $0.resolveID(typed, kind: kind) } }

        #expect(try resolve(journal.id, .journal) == journal.id)
        #expect(try resolve("  \(journal.id) ", .journal) == journal.id)
        #expect(try resolve(String(journal.id.prefix(12)).uppercased(), .journal) == journal.id)
        #expect(throws: RecordIDRefusal.otherKind(id: person.id, found: .person, wanted: .journal)) { try resolve(person.id, .journal) }
        #expect(throws: RecordIDRefusal.tooShort(.journal)) { try resolve(String(journal.id.prefix(3)), .journal) }
        let other = String(journal.id.prefix(8))
        #expect(throws: RecordIDRefusal.noneStartsWith(other, .belief)) {
            try resolve(other, .belief)
        }
        // Two beliefs whose ids share a beginning: it names neither; one more character names one.
        var first = RecordFixtures.belief(day: 5), second = RecordFixtures.belief(day: 6)
        first.common.id = "abcd1111"
        second.common.id = "abcd2222"
        try store.write { r in try r.insert(.belief(first)); try r.insert(.belief(second)) }
        #expect(throws: RecordIDRefusal.several("abcd", .belief)) { try resolve("abcd", .belief) }
        #expect(try resolve("abcd2", .belief) == "abcd2222")
        #expect(throws: RecordIDRefusal.noneStartsWith("abcd", .journal)) { try resolve("abcd", .journal) }
        #expect(throws: RecordsError.recordNotFound(id: "not an id!")) { try resolve("not an id!", .journal) }
    }
}

/// Short ids in listings: 8 characters, longer where 8 would name two records, always accepted back.
struct ShortIDTests {
    @Test(arguments: [3, 400])  // the lookup per id, and the one scan of every id for long listings
    func shortIDsAreEightCharactersOrAsManyAsNameOneRecord(extra: Int) throws {
        let store = try RecordFixtures.store()
        var twins = (RecordFixtures.journal("One", day: 1), RecordFixtures.journal("Two", day: 2))
        twins.0.common.id = "0badc0de-1111-4000-8000-000000000001"
        twins.1.common.id = "0badc0de-1122-4000-8000-000000000002"
        let plain = RecordFixtures.journal("Three", day: 3)
        var fillers: [JournalEntry] = []
        for day in 0..<extra { fillers.append(RecordFixtures.journal("Filler", day: day)) }
        try store.write { r in
            for entry in [twins.0, twins.1, plain] + fillers { try r.insert(.journal(entry)) }
        }
        let ids = [twins.0.id, twins.1.id, plain.id] + fillers.map(\.id)
        let short = try store.read { try $0.shortIDs(for: ids) }
        #expect(short[twins.0.id] == "0badc0de-111")
        #expect(short[twins.1.id] == "0badc0de-112")
        #expect(short[plain.id] == String(plain.id.prefix(8)))
        for id in ids {
            let shown = try #require(short[id])
            #expect(shown.count >= 8 && id.hasPrefix(shown))
            #expect(try store.read { try $0.resolveID(shown, kind: .journal) } == id)
        }
        // An id that is not here is shown whole.
        #expect(try store.read { try $0.shortIDs(for: ["not-here"]) } == ["not-here": "not-here"])
    }
}
