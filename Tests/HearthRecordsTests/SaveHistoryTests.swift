import Foundation
import GRDB
import HearthCrypto
import HearthVault
import Testing
@testable import HearthRecords

/// The save history inside the encrypted records database (Docs/FORMAT.md, "Save history"):
/// every save draws a fresh mark one deeper than the history it was made on, the history keeps
/// the deepest 256, marks learned from another copy are unioned, and an older file has none.
@Suite struct SaveHistoryTests {
    @Test func everySaveCarriesTheHistoryForward() throws {
        let store = try RecordFixtures.store()
        let marks = try (1...3).map { _ in try store.write { try $0.markNewSave() } }
        #expect(marks.map(\.depth) == [1, 2, 3])
        #expect(Set(marks.map(\.id)).count == 3 && marks.allSatisfy { $0.id.count == 16 }, "fresh random ids")
        #expect(try store.read { try $0.saveHistory() } == marks.reversed(), "deepest first")
    }

    @Test func theHistoryKeepsTheDeepest256() throws {
        let store = try RecordFixtures.store()
        let learned = (1...300).map { SaveMark(id: Random.bytes(16), depth: UInt64($0)) }
        #expect(try store.write { try $0.learnSaves(learned) })
        var history = try store.read { try $0.saveHistory() }
        #expect(history.count == 256 && history.last?.depth == 45 && history.first?.depth == 300)
        let next = try store.write { try $0.markNewSave() }
        #expect(next.depth == 301)
        history = try store.read { try $0.saveHistory() }
        #expect(history.count == 256 && history.first == next && history.last?.depth == 46, "the shallowest fell out")
        #expect(try store.write { try $0.learnSaves(Array(learned.prefix(40))) } == false, "shallower than all kept: nothing new")
        #expect(try store.database.queue.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM save_history") } == 256)
    }

    @Test func learningIsAUnionAndIdempotent() throws {
        let a = try RecordFixtures.store(), b = try RecordFixtures.store()
        let a1 = try a.write { try $0.markNewSave() }
        let b1 = try b.write { try $0.markNewSave() }
        let b2 = try b.write { try $0.markNewSave() }
        let theirs = try b.read { try $0.saveHistory() }
        #expect(try a.write { try $0.learnSaves(theirs) })
        #expect(Set(try a.read { try $0.saveHistory() }) == [a1, b1, b2])
        #expect(try a.write { try $0.learnSaves(theirs) } == false, "again: nothing new")
        #expect(try a.write { try $0.markNewSave() }.depth == 3, "the next save is deeper than both sides")
    }

    /// A vault saved by the first Hearth has no history: it opens as before, knows nothing, and
    /// its next save starts one; the vault's write guard hears of the save's mark.
    @Test func anOlderVaultHasNoHistoryUntilItsNextSave() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("HearthVaultTests/Vectors")
        let vector = try JSONDecoder().decode(
            VersionOneVectorTests.Vector.self, from: try Data(contentsOf: folder.appendingPathComponent("journal-v1-interactive.json")))
        let work = NSTemporaryDirectory() + "hearth-history-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: work) }
        let path = work + "/vault.hearth"
        try FileManager.default.copyItem(atPath: folder.appendingPathComponent(vector.file).path, toPath: path)
        let secret = try Passphrase.normalized(try SecretBytes(copying: Array(vector.passphrase.utf8)))

        let opened = try RecordVault.open(at: path, credential: .passphrase(secret))
        #expect(try opened.saveHistory().isEmpty)
        let witness = Witness()
        _ = try RecordVault.modify(at: path, credential: .keys(opened.opened.keys.epoch), lockTimeout: 5, writeGuard: witness) { store in
            try store.write { try $0.insert(.journal(RecordFixtures.journal("Written after the upgrade"))) }
        }
        let saved = try RecordVault.open(at: path, credential: .keys(opened.opened.keys.epoch))
        let history = try saved.saveHistory()
        #expect(history.count == 1 && history.first?.depth == 1)
        #expect(witness.marks == history, "the write guard heard of the mark the file now holds")
    }

    final class Witness: VaultWriteGuard, OwnSaveWitness, @unchecked Sendable {
        private let lock = NSLock()
        private var heard: [SaveMark] = []
        var marks: [SaveMark] { lock.withLock { heard } }
        func checkWrite(path: String, header: VaultHeader, identity: KeyIdentity) throws(VaultError) {}
        func willReplace(path: String, header: VaultHeader, identity: KeyIdentity) {}
        func didWrite(path: String, header: VaultHeader, identity: KeyIdentity) {}
        func abandoned(path: String, header: VaultHeader, identity: KeyIdentity) {}
        func didSave(path: String, header: VaultHeader, mark: SaveMark) { lock.withLock { heard.append(mark) } }
    }
}
