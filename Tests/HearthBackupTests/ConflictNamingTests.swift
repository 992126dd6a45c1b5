import Foundation
import HearthBackup
import HearthRecords
import Testing

/// `hearth conflicts resolve` takes a copy's whole id or a beginning of it, as listings show it.
@Suite struct ConflictNamingTests {
    static let links = ["3f2a9c00-0000-4000-8000-000000000001", "3f2b1111-0000-4000-8000-000000000002", "77aa0000-0000-4000-8000-000000000003"]
        .map { ConflictLink(copyID: $0, originalID: "0" + $0.dropFirst(), origin: .merge, notedAt: RecordTime(date: Date(timeIntervalSince1970: 0), offsetSeconds: 0)) }

    @Test(arguments: [
        ("3f2a9c00-0000-4000-8000-000000000001", 0), ("3f2a", 0), ("3F2A9C", 0), (" 77aa ", 2), ("3f2b1111", 1),
    ])
    func aWholeIdOrAUniqueBeginningNamesItsConflict(typed: String, index: Int) throws {
        #expect(try ConflictResolution.link(named: typed, among: Self.links) == Self.links[index])
    }

    @Test func aBeginningTooShortSharedOrUnknownNamesNone() {
        // Fewer than four characters name nothing, even when only one copy begins so.
        #expect(throws: ConflictResolution.NoSuchConflict(copy: "3f2")) { try ConflictResolution.link(named: "3f2", among: Self.links) }
        #expect(throws: ConflictResolution.SeveralConflicts(typed: "3f2a")) {
            try ConflictResolution.link(named: "3f2a", among: Self.links + [ConflictLink(copyID: "3f2a0000-0000-4000-8000-000000000009", originalID: "x", origin: .edit, notedAt: RecordTime(date: Date(timeIntervalSince1970: 0), offsetSeconds: 0))])
        }
        #expect(throws: ConflictResolution.NoSuchConflict(copy: "0badc0de")) { try ConflictResolution.link(named: "0badc0de", among: Self.links) }
        // An original's id is not a copy's.
        #expect(throws: ConflictResolution.NoSuchConflict.self) { try ConflictResolution.link(named: Self.links[0].originalID, among: Self.links) }
    }
}
