import Foundation
@testable import HearthBackup
import HearthCrypto
import HearthRecords
import HearthRunContext
import HearthTestSupport
import HearthVault
import Testing

/// How far a merge trusts a copy beyond its key epoch and key (Docs/FORMAT.md, "Only adding";
/// "Save history"): a copy under a key table this account saw replaced only adds, and a
/// `merge --conflicts` removes it once nothing of it was left out; a change a deletion here did
/// not see is never dropped on a clock's word; another vault never brings its save history.
@Suite struct MergeTrustBoundsTests {
    typealias F = PlannerFixtures
    typealias Computer = SyncToolTests.Computer
    typealias M = MergeTrustTests

    static let key = KeyIdentity(epoch: 2, fingerprint: [UInt8](repeating: 7, count: 16))

    @Test func replacedKeysOnlyAdd() {
        let vault = F.header(epoch: 2)
        func trust(_ other: VaultHeader, replaced: Bool) -> MergeTrust {
            MergePlanner.trust(other: other, vault: vault, vaultEpoch: 2, authenticates: true, otherKey: Self.key, keysReplaced: replaced) { true }
        }
        #expect(trust(F.header(epoch: 2), replaced: false) == .full)
        #expect(trust(F.header(epoch: 2), replaced: true) == .onlyAdd(.replacedKeys), "same epoch and key, a retired table")
        #expect(trust(F.header(epoch: 3), replaced: true) == .onlyAdd(.replacedKeys))
        #expect(trust(F.header(epoch: 1), replaced: true) == .onlyAdd(.olderKeys(other: 1, vault: 2)))
        var formatOne = F.header(epoch: 2)
        formatOne.version = 1
        #expect(trust(formatOne, replaced: false) == .onlyAdd(.replacedKeys), "a format-1 copy of a format-2 vault")
    }

    /// A copy under replaced keys goes once its records are in and nothing was left out; a copy
    /// trusted in full with other slots (a newer passphrase) stays; any other only-add stays.
    @Test func disposalOfCopiesUnderReplacedKeys() {
        let done = MergeReport()
        var leftOut = MergeReport()
        leftOut.notBroughtBack = [.init(kind: .journal, id: "a")]
        func fate(_ trust: MergeTrust, _ report: MergeReport, again: Bool = false, sameSlots: Bool = false) -> ConflictCopyDisposal {
            MergePlanner.disposal(trust: trust, report: report, againChanges: again, sameKeySlots: sameSlots, unchangedOnDisk: true, dryRun: false)
        }
        #expect(fate(.onlyAdd(.replacedKeys), done) == .remove)
        #expect(fate(.onlyAdd(.replacedKeys), leftOut) == .keep(.onlyAdded(.replacedKeys)), "a change kept deleted here is only there")
        #expect(fate(.onlyAdd(.replacedKeys), done, again: true) == .keep(.notVerified))
        #expect(fate(.full, done) == .keep(.otherKeySlots), "a newer passphrase: its only file")
        #expect(fate(.onlyAdd(.olderKeys(other: 1, vault: 2)), done) == .keep(.onlyAdded(.olderKeys(other: 1, vault: 2))))
        #expect(MergePlanner.disposal(
            trust: .onlyAdd(.replacedKeys), report: done, againChanges: false, sameKeySlots: false, unchangedOnDisk: true, dryRun: true) == .keep(.dryRun))
    }

    /// A copy from before a `passwd` here (the same key epoch and key; the removed passphrase
    /// opens it), changed by whoever knows that passphrase: its deletion deletes nothing, what it
    /// adds is tagged, and `merge --conflicts` removes it once its records are in.
    @Test func aCopyFromBeforeAPassphraseChangeOnlyAddsAndGoes() throws {
        let laptop = try Computer(passphrase: "the old passphrase", mode: .inProcess)
        let stranger = try Computer(passphrase: "the old passphrase", mode: .inProcess)
        try laptop.home.makeVault(entries: [])
        let kept = try laptop.add("Shared one.")
        try FileManager.default.createDirectory(atPath: stranger.folder, withIntermediateDirectories: true)
        try writeFile(readFile(laptop.vault), to: stranger.vault)
        try laptop.home.changePassphrase(to: try laptop.home.secretFile("new", "the new passphrase"))
        try writeSecret("the new passphrase", to: laptop.home.passphraseFile)
        try stranger.delete(kept)
        let planted = try stranger.add("Planted.")
        let tool = SyncToolDouble.syncthing
        try tool.conflict(kept: laptop.vault, renamed: stranger.vault, folders: [laptop.folder], round: 1)
        let copy = laptop.folder + "/" + tool.conflictName("vault.hearth", round: 1)

        let (merged, report) = try laptop.mergeConflicts()
        #expect(merged.status == 0, "\(merged.stderr)")
        let row = (report["copies"] as? [[String: Any]])?.first
        #expect(row?["removed"] as? Bool == true, "nothing of it was left out, and a removed passphrase opens it: \(merged.stdout)")
        #expect(access(copy, F_OK) != 0)
        let texts = try laptop.texts()
        #expect(texts[kept] == "Shared one.", "its deletion deleted nothing")
        #expect(SyncToolTests.once("Planted.", in: texts) && texts[planted] != nil)
        let shown = try laptop.run(["journal", "show", planted, "--json"])
        #expect(shown.stdout.contains(RecordMerge.untrustedTag), "\(shown.stdout)")

        // `merge PATH` judges the same file the same way.
        let named = laptop.home.path("found.hearth")
        try writeFile(readFile(stranger.vault), to: named)
        chmod(named, 0o600)
        let again = try laptop.run(["merge", named, "--json", "--other-passphrase-file", stranger.home.passphraseFile])
        try #require(again.status == 0, "\(again.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(again.stdout.utf8)) as? [String: Any]
        #expect(again.status == 0 && object?["only_added"] as? Bool == true, "\(again.stderr)\(again.stdout)")
        #expect(try laptop.texts()[kept] == "Shared one.")
    }

    /// Deleted here with a clock a day ahead (still "known"), changed there, and the deletion did
    /// not see that change: the change comes over as a conflict copy, not dropped on the clock's
    /// word; merging again changes nothing, so `merge --conflicts` may remove the copy safely.
    @Test func aChangeTheDeletionDidNotSeeIsNeverDroppedByClock() throws {
        let (hereDB, ids) = try M.database(["One."])
        let theirDB = try M.copy(of: hereDB)
        let here = RecordStore(database: hereDB), theirs = RecordStore(database: theirDB)
        try here.write { r in _ = try r.delete(id: ids[0], at: M.later(20 * 3600)) }
        try M.edit(theirs, ids[0], "One, changed there.", at: M.later(5))

        let report = try RecordMerge.merge(from: theirs, into: here, now: M.later(10))
        #expect(report.stayedDeleted.isEmpty && report.unknownTime.isEmpty)
        let copy = try #require(report.conflicts.first)
        #expect(copy.originalDeleted && copy.original == ids[0])
        #expect(try M.text(here, copy.copy) == "One, changed there.")
        #expect(try RecordMerge.merge(from: theirs, into: here, now: M.later(20)).changedSomething == false)
    }

    /// `merge --import` of another of your vaults (keys trusted: merged in full) brings its
    /// records, never its save history: its marks say nothing of this vault's saves.
    @Test func anotherVaultBringsNoSaveHistory() throws {
        let me = try Computer(passphrase: "one passphrase", mode: .inProcess)
        try me.home.makeVault(entries: ["Mine."])
        let other = me.home.path("other.hearth")
        let made = try me.home.run(["init", "--vault", other, "--new-passphrase-file", me.home.passphraseFile])
        try #require(made.status == 0, "\(made.stderr)")
        for n in 1...3 { try me.home.add("Other \(n).", vault: other) }
        func history(_ path: String) throws -> [SaveMark] {
            try RecordVault.open(at: path, credential: .passphrase(KeyChanges.secret("one passphrase"))).saveHistory()
        }
        let theirs = Set(try history(other).map(\.id))
        let merged = try me.run(["merge", other, "--import", "--json"])
        #expect(merged.status == 0, "\(merged.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(merged.stdout.utf8)) as? [String: Any]
        #expect(object?["only_added"] as? Bool == false, "merged in full (your own vault's keys): \(merged.stdout)")
        #expect(SyncToolTests.once("Other 3.", in: try me.texts()))
        let mine = try history(me.vault)
        #expect(mine.allSatisfy { !theirs.contains($0.id) }, "none of the other vault's marks")
        #expect(!MergePlanner.takesSaveHistory(.full, other: F.header(vault: F.vaultB), vault: F.header()))
        #expect(MergePlanner.takesSaveHistory(.full, other: F.header(), vault: F.header()))
    }

    /// The check for missing saves reads a copy's history only when a merge would trust the copy
    /// in full: not from one under replaced keys (`ConflictCopyHistories.read`'s `keysReplaced`).
    @Test func theLocatorTakesNoHistoryFromACopyUnderReplacedKeys() throws {
        let laptop = try Computer(passphrase: "a passphrase", mode: .inProcess)
        try laptop.home.makeVault(entries: ["One."])
        try writeFile(readFile(laptop.vault), to: laptop.folder + "/" + SyncToolDouble.dropbox.conflictName("vault.hearth", round: 1))
        let header = try Vault.readHeader(at: laptop.vault).header
        let keys = try Vault.unlock(header, with: .passphrase(KeyChanges.secret("a passphrase")))
        func read(replaced: Bool) -> [SaveMark]? {
            ConflictCopyHistories.read(besideVault: laptop.vault, vault: header, keys: keys.epoch) { _, _ in replaced }.first?.history
        }
        #expect(read(replaced: false)?.isEmpty == false, "a copy trusted in full: its history")
        #expect(read(replaced: true) == nil, "keys seen replaced: no history taken as proof")
    }
}
