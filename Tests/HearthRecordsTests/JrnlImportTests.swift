import Foundation
import Testing

@testable import HearthRecords

/// `hearth import --format jrnl` decided in process: what is already here is left as it is,
/// whichever id an earlier import gave it.
struct JrnlImportTests {
    static let jrnl = """
        {"entries": [
          {"title": "Called in sick.", "body": "Rested.", "date": "2024-03-01", "time": "09:00", "tags": ["@work"], "starred": false},
          {"title": "Dinner with my sister", "body": "", "date": "2024-03-02", "time": "19:30", "tags": [], "starred": true,
           "uuid": "ABCDEF01-2345-6789-ABCD-EF0123456789"}
        ]}
        """

    static func entries() throws -> [JrnlImport.Entry] {
        try JrnlImport.entries(Array(jrnl.utf8), timeZone: TimeZone(identifier: "Europe/Berlin")!)
    }

    @Test func importingTwiceAddsNothingTheSecondTime() throws {
        let store = try RecordFixtures.store()
        let entries = try Self.entries()
        let first = try store.write { try $0.importJrnl(entries) }
        #expect(first.added == 2 && first.unchanged == 0)
        let second = try store.write { try $0.importJrnl(entries) }
        #expect(second.added == 0 && second.unchanged == 2, "\(second)")
        #expect(try store.read { try $0.counts() }[.journal] == 2)
        // The entry's own uuid is its id; the other's is derived from what was written.
        #expect(try store.read { try $0.kind(of: "abcdef01-2345-6789-abcd-ef0123456789") } == .journal)
        let derived = try store.write { try $0.derivedID(for: entries[0].idContent) }
        #expect(try store.read { try $0.kind(of: derived) } == .journal)
    }

    @Test func anEntryAnEarlierHearthImportedUnderItsOldIdIsLeftAlone() throws {
        let store = try RecordFixtures.store()
        let entries = try Self.entries()
        // An earlier Hearth derived the id from the time as read in its zone.
        try store.write { r in
            let legacy = try r.derivedID(for: entries[0].legacyIDContent)
            try r.insert(.journal(JournalEntry(common: RecordCommon(id: legacy, at: entries[0].at), text: entries[0].text)))
        }
        let report = try store.write { try $0.importJrnl(entries) }
        #expect(report.added == 1 && report.unchanged == 1, "\(report)")
        #expect(try store.read { try $0.counts() }[.journal] == 2)
    }

    @Test func anEntryDeletedUnderItsOldIdStaysDeleted() throws {
        let store = try RecordFixtures.store()
        let entries = try Self.entries()
        try store.write { r in
            let legacy = try r.derivedID(for: entries[0].legacyIDContent)
            try r.insert(.journal(JournalEntry(common: RecordCommon(id: legacy, at: entries[0].at), text: entries[0].text)))
            try r.delete(id: legacy)
        }
        let report = try store.write { try $0.importJrnl(entries) }
        #expect(report.added == 1 && report.unchanged == 1, "\(report)")
        #expect(try store.read { try $0.counts() }[.journal] == 1)
    }

    @Test func eachEntryIsHeardAndAStopThereImportsNothing() throws {
        struct Stop: Error {}
        let store = try RecordFixtures.store()
        let entries = try Self.entries()
        var heard: [[Int]] = []
        _ = try store.write { try $0.importJrnl(entries, reading: { heard.append([$0, $1]) }) }
        #expect(heard == [[0, 2], [1, 2]])
        let other = try RecordFixtures.store()
        #expect(throws: Stop.self) {
            try other.write { try $0.importJrnl(entries, reading: { done, _ in if done == 1 { throw Stop() } }) }
        }
        #expect(try other.read { try $0.counts() }.values.reduce(0, +) == 0)
    }
}
