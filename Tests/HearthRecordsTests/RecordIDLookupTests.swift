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
