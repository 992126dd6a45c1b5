import Foundation
import GRDB

/// Every person's id and name, by local row number.
struct PeopleDirectory {
    private let bySeq: [Int64: PersonRef]

    init(_ db: Database) throws {
        var map: [Int64: PersonRef] = [:]
        // CROSS JOIN keeps SQLite from scanning every record to find the few people.
        for row in try Row.fetchAll(db, sql: "SELECT p.seq, r.id, p.name FROM person p CROSS JOIN record r ON r.seq = p.seq") {
            guard let seq = try? row.decode(Int64.self, forColumn: "seq"), let id = try? row.decode(String.self, forColumn: "id"),
                  let name = try? row.decode(String.self, forColumn: "name")
            else { continue }  // a person whose values do not decode (reported by `people list`)
            map[seq] = PersonRef(id: id, name: name)
        }
        bySeq = map
    }

    subscript(seq: Int64) -> PersonRef? { bySeq[seq] }
}

/// Someone the insights are about: their id and the name they were given.
public struct PersonRef: Equatable, Hashable, Sendable {
    public let id: String
    public let name: String

    public init(id: String, name: String) {
        self.id = id
        self.name = name
    }

    /// Names as people sort them ("Friend 2" before "Friend 10"), then by id.
    public static func inNameOrder(_ a: PersonRef, _ b: PersonRef) -> Bool {
        switch a.name.compare(b.name, options: [.caseInsensitive, .numeric]) {
        case .orderedAscending: true
        case .orderedDescending: false
        case .orderedSame: a.id < b.id
        }
    }
}

extension Array {
    /// Sorted by `count` (largest first), then by the person's name.
    func byCountThenName(_ count: (Element) -> Int, _ person: (Element) -> PersonRef) -> [Element] {
        sorted { a, b in
            let ca = count(a), cb = count(b)
            return ca != cb ? ca > cb : PersonRef.inNameOrder(person(a), person(b))
        }
    }
}
