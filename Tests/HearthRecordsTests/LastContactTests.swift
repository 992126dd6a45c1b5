import Foundation
import Testing
@testable import HearthRecords

/// A person's last contact is read with one aggregate query per batch of records; these tests
/// hold it to the definition: the `at` of the latest connection with that person, counting only
/// connections (not journals, body check-ins or scripts that name them) and never deleted ones.
@Suite struct LastContactTests {
    /// A small deterministic generator (no seed from the clock: a failure must repeat).
    struct Steps {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
    }

    /// The definition, from the connections themselves, row by row.
    static func expected(from records: [AnyRecord]) -> [String: RecordTime] {
        var latest: [String: RecordTime] = [:]
        for record in records {
            guard case .connection(let c) = record else { continue }
            for person in c.people where latest[person].map({ $0.date < c.common.at.date }) ?? true {
                latest[person] = c.common.at
            }
        }
        return latest
    }

    static func lastContacts(_ records: [AnyRecord]) -> [String: RecordTime?] {
        Dictionary(uniqueKeysWithValues: records.compactMap { record -> (String, RecordTime?)? in
            guard case .person(let p) = record else { return nil }
            return (p.id, p.lastContact)
        })
    }

    @Test func everyWayOfReadingPeopleAgreesWithTheConnections() throws {
        let store = try RecordFixtures.store()
        var steps = Steps()
        // More people than one reading batch holds, so that several batches are read.
        let people = (0..<(Records.batchSize + 40)).map { RecordFixtures.person("Person \($0)", day: -400) }
        var connections: [Connection] = []
        try store.write { r in
            for p in people { try r.insert(.person(p)) }
            // Distinct seconds, in no particular order, some with another UTC offset; only the
            // first 200 people are met (and everyone sorts among them by name).
            for i in 0..<600 {
                let someone = people[steps.next(200)].id
                let other = people[steps.next(200)].id
                let at = RecordTime(
                    date: RecordFixtures.t0.date.addingTimeInterval(Double(steps.next(100 * 86_400) * 7 + i % 7)),
                    offsetSeconds: i % 3 == 0 ? -5 * 3600 : 3600)
                var c = RecordFixtures.connection(people: i % 5 == 0 && someone != other ? [someone, other] : [someone])
                c.common.at = at
                try r.insert(.connection(c))
                connections.append(c)
            }
            // Later records that name people but are not connections do not count.
            for p in people.prefix(50) {
                try r.insert(.journal(RecordFixtures.journal("Thought of them.", day: 400, people: [p.id])))
                try r.insert(.body(RecordFixtures.body(day: 401, people: [p.id])))
                try r.insert(.script(RecordFixtures.script(day: 402, people: [p.id])))
            }
        }
        // Delete each of the first 30 people's latest connection: their last contact goes back
        // to the one before (or to none).
        let before = Self.expected(from: connections.map(AnyRecord.connection))
        let deleted = Set(people.prefix(30).compactMap { p in
            connections.filter { $0.people.contains(p.id) && $0.common.at == before[p.id] }.first?.id
        })
        #expect(deleted.count >= 20)
        try store.write { r in for id in deleted { _ = try r.delete(id: id, kind: .connection, at: RecordFixtures.time(500)) } }
        let kept = connections.filter { !deleted.contains($0.id) }.map(AnyRecord.connection)
        let expected = Self.expected(from: kept)
        #expect(people.prefix(30).contains { expected[$0.id] != before[$0.id] })
        #expect(people.prefix(30).contains { expected[$0.id] != nil })
        #expect(people.dropFirst(200).allSatisfy { expected[$0.id] == nil })

        let listed = try store.read { try $0.list(RecordFilter(kind: .person)) }
        #expect(listed.count == people.count)
        let fromList = Self.lastContacts(listed)
        // One comparison for all (Swift Testing's diff of 540 values one by one is slow).
        #expect(fromList == Dictionary(uniqueKeysWithValues: people.map { ($0.id, expected[$0.id]) }))
        // The whole export and one record at a time read the same.
        #expect(Self.lastContacts(try store.read { try $0.all() }) == fromList)
        for p in people.prefix(40) + people.suffix(5) {
            guard case .person(let one)? = try store.read({ try $0.record(id: p.id) }) else { Issue.record("\(p.name)"); continue }
            #expect(one.lastContact == expected[p.id], "\(p.name)")
        }
        // The offset it was written in is kept (the listing shows the local day of the contact).
        #expect(fromList.values.contains { $0?.offsetSeconds == -5 * 3600 })
        #expect(fromList.values.contains { $0?.offsetSeconds == 3600 })
    }
}
