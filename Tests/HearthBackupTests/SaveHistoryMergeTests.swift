import Foundation
import HearthBackup
import HearthCrypto
import HearthRecords
import HearthVault
import Testing

/// `merge` unions the save histories of both copies (Docs/FORMAT.md, "Save history"), so that
/// a save that came back through a merge is no longer said missing; a copy only added from
/// brings none of its history (a planted history could hide a missing save).
@Suite struct SaveHistoryMergeTests {
    static func store(_ marks: [SaveMark]) throws -> RecordStore {
        let store = RecordStore(database: try PlaintextDatabase.empty())
        try store.write { try $0.learnSaves(marks) }
        return store
    }

    static func marks(_ depths: ClosedRange<UInt64>) -> [SaveMark] { depths.map { SaveMark(id: Random.bytes(16), depth: $0) } }

    @Test func aMergeUnionsBothHistories() throws {
        let shared = Self.marks(1...2)
        let mine = shared + Self.marks(3...3), theirs = shared + Self.marks(3...4)
        let a = try Self.store(mine), b = try Self.store(theirs)
        let report = try RecordMerge.merge(from: b, into: a)
        #expect(report.savesLearned && report.changedSomething, "no record changed, but the vault is saved")
        #expect(Set(try a.read { try $0.saveHistory() }) == Set(mine + theirs))
        let again = try RecordMerge.merge(from: b, into: a)
        #expect(!again.savesLearned && !again.changedSomething, "merging again changes nothing")
    }

    @Test func aCopyOnlyAddedFromBringsNoHistory() throws {
        let a = try Self.store(Self.marks(1...2)), b = try Self.store(Self.marks(1...5))
        let before = try a.read { try $0.saveHistory() }
        let report = try RecordMerge.merge(from: b, into: a, trust: .onlyAdd)
        #expect(!report.savesLearned && !report.changedSomething)
        #expect(try a.read { try $0.saveHistory() } == before)
    }
}
