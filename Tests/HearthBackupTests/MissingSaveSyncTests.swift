import Foundation
import HearthBackup
import HearthRunContext
import HearthTrust
import HearthTestSupport
import Testing

/// Two computers, one vault in a sync folder, and a sync tool that keeps another computer's save
/// over one of yours: the computer whose save is missing says so on its next open (once a
/// command), says where the save is and how it comes back, goes on saving what is typed, and
/// says nothing more once a merge brought the save back.
@Suite struct MissingSaveSyncTests {
    typealias Computer = SyncToolTests.Computer
    /// 6 Dec 2026, 10:10 UTC: the day the message names.
    static let clock = HearthClock.fixed(Date(timeIntervalSince1970: 1_796_551_800))
    static let said = "A change made on this computer on 6 Dec is not in the vault now."

    static func twoComputers() throws -> (laptop: Computer, desktop: Computer, first: [String]) {
        let laptop = try Computer(passphrase: "our shared passphrase", mode: .inProcess, clock: clock)
        let desktop = try Computer(passphrase: "our shared passphrase", mode: .inProcess, clock: clock)
        try laptop.home.makeVault(entries: [])
        let first = [try laptop.add("Shared one."), try laptop.add("Shared two.")]
        try FileManager.default.createDirectory(atPath: desktop.folder, withIntermediateDirectories: true)
        try writeFile(readFile(laptop.vault), to: desktop.vault)
        return (laptop, desktop, first)
    }

    static func missing(_ computer: Computer) throws -> Int? { try computer.status()["missing_own_saves"] as? Int }

    static func count(_ text: String, in output: String) -> Int { output.components(separatedBy: text).count - 1 }

    /// An older copy of the vault put back by hand (a backup copied over it): one cause, one
    /// story. The older-copy warning comes first; the missing save is said as what that copy
    /// lacks; a write says where what is saved now goes, never "Nothing was changed".
    @Test func anOlderCopyPutBackIsOneStory() throws {
        let laptop = try Computer(passphrase: "our shared passphrase", mode: .inProcess, clock: Self.clock)
        try laptop.home.makeVault(entries: [])
        _ = try laptop.add("Kept in both.")
        let older = try readFile(laptop.vault)
        _ = try laptop.add("Only in the newer one.")
        try writeFile(older, to: laptop.vault)

        let listed = try laptop.run(["journal", "list"])
        #expect(listed.status == 0)
        #expect(listed.stderr.contains("is an older copy") && listed.stderr.contains("Nothing was changed."), "\(listed.stderr)")
        #expect(listed.stderr.contains("This older copy lacks a change made on this computer on 6 Dec."), "\(listed.stderr)")
        #expect(!listed.stderr.contains("is not in the vault now") && listed.stderr.contains("it may be lost"), "\(listed.stderr)")

        let written = try laptop.run(["journal", "add"], input: "Written into the older copy.")
        #expect(written.status == 0, "\(written.stderr)")
        #expect(written.stderr.contains("What you save now goes into this copy."), "\(written.stderr)")
        #expect(!written.stderr.contains("Nothing was changed") && !written.stderr.contains("is kept as well"), "\(written.stderr)")
        #expect(written.stderr.contains("This older copy lacks"), "\(written.stderr)")
    }

    /// Last writer wins, with no conflict file (a plain copy): the laptop's entry is gone from the
    /// file at the path; the laptop says so on its next open, and that it may be lost; a write
    /// still says so and is saved; merging the copy that holds the entry ends it.
    @Test func aPlainCopyOverYourSaveIsReported() throws {
        let (laptop, desktop, first) = try Self.twoComputers()
        let fromLaptop = try laptop.add("Written on the laptop.")
        let laptopFile = laptop.home.path("laptop-before-sync.hearth")
        try writeFile(readFile(laptop.vault), to: laptopFile)  // found later, outside the sync folder
        chmod(laptopFile, 0o600)
        let fromDesktop = try desktop.add("Written on the desktop.")
        try writeFile(readFile(desktop.vault), to: laptop.vault)  // the desktop wrote last: a plain copy

        let listed = try laptop.run(["journal", "list"])
        #expect(listed.status == 0 && Self.count(Self.said, in: listed.stderr) == 1, "\(listed.stderr)")
        #expect(listed.stderr.contains("may be lost") && listed.stderr.contains("hearth backup list"), "\(listed.stderr)")
        #expect(try Self.missing(laptop) == 1)
        let status = try laptop.run(["status"])
        #expect(status.stdout.contains("Missing:      1 save made on this computer, not in the vault now"), "\(status.stdout)")
        #expect(try Self.missing(desktop) == 0, "the desktop's saves are all there")
        let quiet = try desktop.run(["journal", "list"])
        #expect(!quiet.stderr.contains("not in the vault now"), "\(quiet.stderr)")

        // A write goes on, saved, and says so.
        let written = try laptop.run(["journal", "add"], input: "Written while one was missing.")
        #expect(written.status == 0 && Self.count("is not in the vault now", in: written.stderr) == 1, "\(written.stderr)")
        #expect(written.stderr.contains("What you save now is kept as well."))
        #expect(try Self.missing(laptop) == 1)
        // However many saves come after (each rolls an older one out of this computer's last
        // saves), the missing one is said until it is back.
        for n in 1...OwnSave.remembered { _ = try laptop.add("Later entry \(n).") }
        #expect(try Self.missing(laptop) == 1, "still missing after \(OwnSave.remembered) more saves")

        // The copy that holds it, merged: nothing more is said, and every change is there once.
        let merged = try laptop.run(["merge", laptopFile])
        #expect(merged.status == 0 && !merged.stderr.contains("not in the vault now"), "\(merged.stderr)")
        let after = try laptop.run(["journal", "list"])
        #expect(!after.stderr.contains("not in the vault now"), "\(after.stderr)")
        #expect(try Self.missing(laptop) == 0)
        let texts = try laptop.texts()
        for text in ["Shared one.", "Shared two.", "Written on the laptop.", "Written on the desktop.", "Written while one was missing."] {
            #expect(SyncToolTests.once(text, in: texts), "\(text) once")
        }
        #expect(texts.count == 5 + OwnSave.remembered && texts[fromLaptop] != nil && texts[fromDesktop] != nil && first.allSatisfy { texts[$0] != nil })
    }

    /// Both computers saved; the tool kept the desktop's save at the path and renamed the
    /// laptop's: the laptop names the copy and `hearth merge --conflicts`; after it, nothing more,
    /// on either computer, and every acknowledged change of both is there exactly once.
    @Test(arguments: SyncToolDouble.allCases)
    func aConflictCopyHoldingYourSaveIsNamed(_ tool: SyncToolDouble) throws {
        let (laptop, desktop, first) = try Self.twoComputers()
        let laptopNew = try laptop.add("Laptop's entry.")
        try laptop.edit(first[0], "Shared one, edited on the laptop.")
        let desktopNew = try desktop.add("Desktop's entry.")
        try desktop.delete(first[1])
        try tool.conflict(kept: desktop.vault, renamed: laptop.vault, folders: [laptop.folder, desktop.folder], round: 1)
        let copy = laptop.folder + "/" + tool.conflictName("vault.hearth", round: 1)

        let shown = try laptop.run(["journal", "list"])
        #expect(Self.count("not in the vault now", in: shown.stderr) == 1, "once: \(shown.stderr)")
        #expect(shown.stderr.contains("2 changes made on this computer (the latest on 6 Dec) are not in the vault now."),
                "\(shown.stderr)")
        #expect(shown.stderr.contains("They are in the conflict copy \(copy)") && shown.stderr.contains("`hearth merge --conflicts`"),
                "\(shown.stderr)")
        #expect(try Self.missing(laptop) == 2, "the add and the edit")
        #expect(try Self.missing(desktop) == 0)

        let (merged, _) = try laptop.mergeConflicts()
        #expect(merged.status == 0 && !merged.stderr.contains("not in the vault now"), "\(merged.stderr)")
        #expect(access(copy, F_OK) != 0, "merged and removed")
        let after = try laptop.run(["journal", "list"])
        #expect(!after.stderr.contains("not in the vault now"), "\(after.stderr)")
        #expect(try Self.missing(laptop) == 0)

        // The merged vault goes back to the desktop (a plain copy): its saves are all in it.
        try writeFile(readFile(laptop.vault), to: desktop.vault)
        unlink(desktop.folder + "/" + tool.conflictName("vault.hearth", round: 1))
        #expect(try Self.missing(desktop) == 0)
        let texts = try desktop.texts()
        for text in ["Shared one, edited on the laptop.", "Laptop's entry.", "Desktop's entry."] {
            #expect(SyncToolTests.once(text, in: texts), "\(text) once, with \(tool)")
        }
        #expect(texts[first[1]] == nil, "the desktop's deletion stays")
        #expect(texts.count == 3 && texts[laptopNew] != nil && texts[desktopNew] != nil)
    }

    /// A copy from before Hearth kept a history of saves is put back (or a computer on an older
    /// Hearth saved over the vault): no save of this computer can be in it, and each is said
    /// missing, with why. `status --forget-missing` lets them go, without a passphrase.
    @Test func aFileWithoutTheHistoryHoldsNoneOfYourSaves() throws {
        let vectors = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("HearthVaultTests/Vectors")
        let vector = try JSONSerialization.jsonObject(
            with: Data(contentsOf: vectors.appendingPathComponent("journal-v2-upgraded.json"))) as? [String: Any]
        let passphrase = try #require(vector?["passphrase"] as? String)
        let laptop = try Computer(passphrase: passphrase, mode: .inProcess, clock: Self.clock)
        try FileManager.default.createDirectory(atPath: laptop.folder, withIntermediateDirectories: true)
        let older = readFile(vectors.appendingPathComponent("journal-v2-upgraded.hearth").path)
        try writeFile(older, to: laptop.vault)
        chmod(laptop.vault, 0o600)
        _ = try laptop.add("Written after the upgrade.")
        #expect(try Self.missing(laptop) == 0)

        try writeFile(older, to: laptop.vault)  // the copy from before, put back
        let listed = try laptop.run(["journal", "list"])
        // Said as what the older copy lacks, after the older-copy warning.
        #expect(listed.stderr.contains("is an older copy") && listed.stderr.contains(
            "This older copy lacks a change made on this computer on 6 Dec (this file was written without Hearth's history of saves)."),
                "\(listed.stderr)")
        #expect(try Self.missing(laptop) == 1)

        let forgot = try laptop.home.run(["status", "--forget-missing"])
        #expect(forgot.status == 0 && forgot.stderr.contains("no longer looks for its earlier saves"), "\(forgot.stderr)")
        #expect(try Self.missing(laptop) == 0)
        let quiet = try laptop.run(["journal", "list"])
        #expect(!quiet.stderr.contains("not in the vault now"), "\(quiet.stderr)")
        let again = try laptop.home.run(["status", "--forget-missing"])
        #expect(again.status == 0 && again.stderr.contains("was not looking for any of its saves"), "\(again.stderr)")
    }
}
