import Foundation
import HearthBackup
import HearthCrypto
import HearthRecords
import HearthTrust
import HearthVault
import Testing

/// The order of a save and its note in the ledger, over real files: the save is noted before its
/// rename and confirmed after. A save that fails after the note leaves no phantom "may be lost";
/// a save whose confirmation is lost is still looked for, and found where it is.
@Suite struct OwnSaveLedgerTests {
    /// Passes the notes of each save on to `trust`; refuses every write when `refuse` (after the
    /// note before the rename: the write stops before anything is renamed); drops the
    /// confirmation when `loseConfirmation` (the process ended, the ledger was busy).
    final class Relay: VaultWriteGuard, OwnSaveWitness, @unchecked Sendable {
        let trust: TrustContext, refuse: Bool, loseConfirmation: Bool
        init(_ trust: TrustContext, refuse: Bool = false, loseConfirmation: Bool = false) {
            (self.trust, self.refuse, self.loseConfirmation) = (trust, refuse, loseConfirmation)
        }
        func checkWrite(path: String, header: VaultHeader, identity: KeyIdentity) throws(VaultError) {
            if refuse { throw .writeRefused(WriteRefusal("test", description: "refused in the test")) }
        }
        func willReplace(path: String, header: VaultHeader, identity: KeyIdentity) {}
        func didWrite(path: String, header: VaultHeader, identity: KeyIdentity) {}
        func abandoned(path: String, header: VaultHeader, identity: KeyIdentity) {}
        func willSave(path: String, header: VaultHeader, mark: SaveMark) { trust.willSave(path: path, header: header, mark: mark) }
        func didSave(path: String, header: VaultHeader, mark: SaveMark) {
            if !loseConfirmation { trust.didSave(path: path, header: header, mark: mark) }
        }
    }

    static let passphrase = "own saves in process"

    static func add(_ text: String, at path: String, keys: EpochKeys, guard writeGuard: Relay?) throws {
        try RecordVault.modify(at: path, credential: .keys(keys), lockTimeout: 5, writeGuard: writeGuard) { store in
            let now = RecordTime.now()
            try store.add(JournalEntry(at: now, createdAt: now, updatedAt: now, text: text, tags: []))
        }
    }

    /// What the vault at `path` and the conflict copies beside it say of `trust`'s saves, kept.
    static func review(_ trust: TrustContext, at path: String, keys: EpochKeys) throws -> MissingSaveReview {
        let vault = try RecordVault.open(at: path, credential: .keys(keys))
        let id = vault.opened.header.vaultID
        let review = MissingSaves.review(
            own: trust.ownSaves(path: path, vaultID: id), remembered: trust.missingSaves(path: path, vaultID: id),
            history: try vault.saveHistory(),
            copies: { ConflictCopyHistories.read(besideVault: path, vault: vault.opened.header, keys: keys) })
        trust.settle(review, path: path, vaultID: id)
        return review
    }

    static func folder() throws -> String {
        let root = NSTemporaryDirectory() + "hearth-own-saves-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        return root
    }

    @Test func aSaveThatFailsAfterItsNoteIsNoPhantom() throws {
        let root = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let path = root + "/vault.hearth"
        let trust = TrustContext(store: MemoryTrustStore())
        let vault = try RecordVault.create(
            at: path, secret: KeyChanges.secret(Self.passphrase), kdf: RestoreExecutionTests.fast, lockTimeout: 5, writeGuard: Relay(trust))
        let keys = vault.opened.keys.epoch
        let before = readFile(path)
        #expect(throws: VaultError.self) { try Self.add("Never written.", at: path, keys: keys, guard: Relay(trust, refuse: true)) }
        #expect(readFile(path) == before, "nothing written")
        let id = vault.opened.header.vaultID
        #expect(trust.ownSaves(path: path, vaultID: id).map(\.isPending) == [false, true], "noted before the write stopped")

        let review = try Self.review(trust, at: path, keys: keys)
        #expect(review.report.isEmpty && review.dropped.count == 1, "nothing said of a save never written")
        #expect(trust.ownSaves(path: path, vaultID: id).map(\.isPending) == [false] && trust.missingSaves(path: path, vaultID: id).isEmpty)
    }

    @Test func aSaveWhoseConfirmationWasLostIsStillFound() throws {
        let root = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let path = root + "/vault.hearth", elsewhere = root + "/other-computer.hearth"
        let trust = TrustContext(store: MemoryTrustStore())
        let vault = try RecordVault.create(
            at: path, secret: KeyChanges.secret(Self.passphrase), kdf: RestoreExecutionTests.fast, lockTimeout: 5, writeGuard: Relay(trust))
        let keys = vault.opened.keys.epoch
        try writeFile(readFile(path), to: elsewhere)
        try Self.add("Saved here; the confirmation lost.", at: path, keys: keys, guard: Relay(trust, loseConfirmation: true))
        let id = vault.opened.header.vaultID
        #expect(trust.ownSaves(path: path, vaultID: id).last?.isPending == true)

        // Another computer's save is kept at the path; this computer's is renamed beside it.
        try Self.add("Saved on the other computer.", at: elsewhere, keys: keys, guard: nil)
        let copy = root + "/vault (laptop's conflicted copy 2026-12-06).hearth"
        try FileManager.default.moveItem(atPath: path, toPath: copy)
        try FileManager.default.moveItem(atPath: elsewhere, toPath: path)

        let review = try Self.review(trust, at: path, keys: keys)
        #expect(review.report.saves.count == 1 && review.report.foundIn == [copy], "\(review)")
        #expect(review.dropped.isEmpty && review.confirmed.count == 1)
        #expect(trust.missingSaves(path: path, vaultID: id).count == 1, "kept until it is back")
    }
}
