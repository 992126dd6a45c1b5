import Foundation
import HearthBackup
import HearthRunContext
import HearthTestSupport
import Testing

/// A sync tool as seen from the vault's folder: when both machines changed the vault since they
/// last met, it keeps one version at the path and renames the other with its own conflict name;
/// when only one changed, it copies that one over (a plain copy).
enum SyncToolDouble: String, CaseIterable, Sendable {
    case syncthing, dropbox, nextcloud, onedrive

    /// The name this tool gives the version it did not keep, beside `vaultName` (`vault.hearth`);
    /// `round` makes each conflict's name its own, as the date and time in real names do.
    func conflictName(_ vaultName: String, round: Int) -> String {
        let stem = String(vaultName.dropLast(".hearth".count))
        return switch self {
        case .syncthing: "\(stem).sync-conflict-2026120\(round)-101010-ABCDEFG.hearth"
        case .dropbox: "\(stem) (desktop's conflicted copy 2026-12-0\(round)).hearth"
        case .nextcloud: "\(stem) (conflicted copy 2026-12-0\(round) 101010).hearth"
        case .onedrive: "\(stem)-DESKTOP\(round).hearth"
        }
    }

    /// Both changed: `kept` stays at the path in both folders, `renamed`'s version lands beside
    /// it under the conflict name (in both folders, as the tool syncs the copy too).
    func conflict(kept: String, renamed: String, folders: [String], round: Int) throws {
        let keptBytes = readFile(kept), otherBytes = readFile(renamed)
        let name = (kept as NSString).lastPathComponent
        for folder in folders {
            try writeFile(keptBytes, to: folder + "/" + name)
            try writeFile(otherBytes, to: folder + "/" + conflictName(name, round: round))
        }
    }
}

/// Two computers (two homes: their own state and runtime folders, so their own ledgers and
/// locks) keep one vault in a sync folder. Each round both add, edit and delete, the sync tool
/// double makes a conflict copy, and `hearth merge --conflicts` on one of them brings it in:
/// every change of both sides is there exactly once, deletions stay deleted, the merged copy is
/// removed, and a copy under keys this computer did not see come about is only added from and kept.
@Suite(.ownThreads) struct SyncToolTests {
    final class Computer {
        let home: Sandbox
        var vault: String { home.vault }
        var folder: String { (home.vault as NSString).deletingLastPathComponent }

        init(passphrase: String, mode: HearthRun.Mode = .binary, clock: HearthClock? = nil) throws {
            home = try Sandbox(passphrase: passphrase, mode: mode, clock: clock)
        }

        func run(_ arguments: [String], input: String = "") throws -> Finished {
            try home.run(arguments + ["--passphrase-file", home.passphraseFile], input: input)
        }

        func add(_ text: String) throws -> String { try home.add(text) }

        func edit(_ id: String, _ text: String) throws {
            let edited = try run(["journal", "edit", id, "--json"], input: "{\"text\": \"\(text)\"}")
            try #require(edited.status == 0, "edit failed: \(edited.stderr)")
        }

        func delete(_ id: String) throws {
            let deleted = try run(["journal", "delete", id])
            try #require(deleted.status == 0, "delete failed: \(deleted.stderr)")
        }

        /// Every journal entry's text, by id.
        func texts() throws -> [String: String] {
            let listed = try run(["export", "--format", "json"])
            try #require(listed.status == 0, "\(listed.stderr)")
            let document = try #require(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [String: Any])
            let records = document["records"] as? [[String: Any]] ?? []
            return Dictionary(uniqueKeysWithValues: records.map { ($0["id"] as! String, $0["text"] as? String ?? "") })
        }

        func status() throws -> [String: Any] {
            let shown = try run(["status", "--json"])
            try #require(shown.status == 0, "\(shown.stderr)")
            return try #require(try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any])
        }

        func mergeConflicts() throws -> (Finished, [String: Any]) {
            let merged = try run(["merge", "--conflicts", "--json"])
            let object = try JSONSerialization.jsonObject(with: Data(merged.stdout.utf8)) as? [String: Any] ?? [:]
            return (merged, object)
        }

        /// What else is in the vault's folder (the sync folder).
        var others: [String] { names(in: folder).filter { $0 != "vault.hearth" } }
    }

    /// A text appears exactly once among the vault's entries.
    static func once(_ text: String, in texts: [String: String]) -> Bool { texts.values.filter { $0 == text }.count == 1 }

    @Test(arguments: SyncToolDouble.allCases)
    func twoComputersAndOneSyncFolder(_ tool: SyncToolDouble) throws {
        let laptop = try Computer(passphrase: "our shared passphrase")
        let desktop = try Computer(passphrase: "our shared passphrase")
        try laptop.home.makeVault(entries: [])
        let lines = (1...5).map { "{\"text\": \"Entry \($0).\"}" }.joined(separator: "\n")
        let added = try laptop.run(["journal", "add", "--json"], input: lines)
        try #require(added.status == 0, "\(added.stderr)")
        let e = added.stdout.split(separator: "\n").map(String.init)
        try #require(e.count == 5)
        // The first sync: the desktop had nothing, a plain copy.
        try FileManager.default.createDirectory(atPath: desktop.folder, withIntermediateDirectories: true)
        try writeFile(readFile(laptop.vault), to: desktop.vault)
        #expect(try desktop.texts().count == 5, "the desktop opens the synced vault")

        // Round 1: both change the vault before they meet; the tool keeps the desktop's version.
        let laptopNew = try laptop.add("Laptop, round one.")
        try laptop.edit(e[0], "Entry 1, edited on the laptop.")
        try laptop.delete(e[1])
        let desktopNew = try desktop.add("Desktop, round one.")
        try desktop.edit(e[2], "Entry 3, edited on the desktop.")
        try desktop.delete(e[3])
        try tool.conflict(kept: desktop.vault, renamed: laptop.vault, folders: [laptop.folder, desktop.folder], round: 1)
        let conflictName = tool.conflictName("vault.hearth", round: 1)
        #expect(try laptop.texts()[laptopNew] == nil, "the laptop's change is in the conflict copy only")

        // Status lists the copy; merge --conflicts brings it in and removes it.
        let listed = try #require(try laptop.status()["conflict_copies"] as? [[String: Any]])
        #expect(listed.count == 1)
        #expect(listed.first?["path"] as? String == laptop.folder + "/" + conflictName)
        #expect(listed.first?["opens"] as? Bool == true && listed.first?["generation"] is Int)
        let (merged, report) = try laptop.mergeConflicts()
        #expect(merged.status == 0, "\(merged.stderr)")
        #expect((report["copies"] as? [[String: Any]])?.first?["removed"] as? Bool == true, "\(merged.stdout)")
        #expect(laptop.others.isEmpty, "the merged copy is gone, and nothing else of Hearth's is there: \(laptop.others)")
        var texts = try laptop.texts()
        for text in ["Laptop, round one.", "Desktop, round one.", "Entry 1, edited on the laptop.", "Entry 3, edited on the desktop.", "Entry 5."] {
            #expect(Self.once(text, in: texts), "\(text) once, with \(tool)")
        }
        #expect(texts[e[1]] == nil && texts[e[3]] == nil, "deletions of both sides stay deleted")
        #expect(texts.count == 5)
        #expect(texts[laptopNew] != nil && texts[desktopNew] != nil)

        // Merging again finds nothing; the merged vault goes back to the desktop (a plain copy).
        let again = try laptop.mergeConflicts().0
        #expect(again.status == 0 && again.stderr.contains("No conflict copies"), "\(again.stderr)")
        try writeFile(readFile(laptop.vault), to: desktop.vault)
        unlink(desktop.folder + "/" + conflictName)

        // Round 2: both edit the same entry, the desktop adds one, the laptop deletes one; the
        // tool keeps the laptop's version this time.
        try laptop.edit(e[4], "Entry 5, the laptop's words.")
        try laptop.delete(e[0])
        try desktop.edit(e[4], "Entry 5, the desktop's words.")
        let desktopSecond = try desktop.add("Desktop, round two.")
        try tool.conflict(kept: laptop.vault, renamed: desktop.vault, folders: [laptop.folder], round: 2)
        let (second, _) = try laptop.mergeConflicts()
        #expect(second.status == 0, "\(second.stderr)")
        texts = try laptop.texts()
        #expect(Self.once("Entry 5, the laptop's words.", in: texts) && Self.once("Entry 5, the desktop's words.", in: texts),
                "changed on both sides: both kept once")
        #expect(Self.once("Desktop, round two.", in: texts) && texts[desktopSecond] != nil)
        #expect(texts[e[0]] == nil && texts[e[1]] == nil && texts[e[3]] == nil, "deleted stays deleted")
        #expect(laptop.others.isEmpty, "\(laptop.others)")
    }

    /// A copy made after a passphrase change on the other computer: the same keys, so its records
    /// come in as any copy's do, but its key slots are not the vault's, and the copy is the only
    /// file the new passphrase opens: it is kept, and says so.
    @Test func aCopyWithAnotherPassphraseIsMergedAndKept() throws {
        let laptop = try Computer(passphrase: "our shared passphrase")
        let desktop = try Computer(passphrase: "our shared passphrase")
        try laptop.home.makeVault(entries: ["Shared."])
        try FileManager.default.createDirectory(atPath: desktop.folder, withIntermediateDirectories: true)
        try writeFile(readFile(laptop.vault), to: desktop.vault)
        try desktop.home.changePassphrase(to: try desktop.home.secretFile("new", "the desktop's new passphrase"))
        let fromDesktop = try desktop.home.add("Written after the new passphrase.", passphraseFile: desktop.home.path("new"))
        _ = try laptop.add("Written on the laptop.")
        let tool = SyncToolDouble.nextcloud
        try tool.conflict(kept: laptop.vault, renamed: desktop.vault, folders: [laptop.folder], round: 1)
        let copy = laptop.folder + "/" + tool.conflictName("vault.hearth", round: 1)

        let (merged, report) = try laptop.mergeConflicts()
        #expect(merged.status == 0, "\(merged.stderr)")
        let row = (report["copies"] as? [[String: Any]])?.first
        #expect(row?["kept_because"] as? String == "other_key_slots" && row?["removed"] as? Bool == false, "\(merged.stdout)")
        #expect(access(copy, F_OK) == 0)
        #expect(try laptop.texts()[fromDesktop] == "Written after the new passphrase.")
    }

    /// A copy made after a rekey on the other computer (keys this one did not see come about) is
    /// only added from, its records tagged, and kept; a damaged copy and a look-alike file holding
    /// another vault are listed or ignored, and never removed.
    @Test func copiesUnderOtherKeysOrDamagedAreKept() throws {
        let laptop = try Computer(passphrase: "our shared passphrase")
        let desktop = try Computer(passphrase: "our shared passphrase")
        try laptop.home.makeVault(entries: ["Shared."])
        try FileManager.default.createDirectory(atPath: desktop.folder, withIntermediateDirectories: true)
        try writeFile(readFile(laptop.vault), to: desktop.vault)
        let rekeyed = try desktop.run(["rekey"])
        try #require(rekeyed.status == 0, "\(rekeyed.stderr)")
        let fromDesktop = try desktop.add("Written on the desktop after its rekey.")
        _ = try laptop.add("Written on the laptop.")
        let tool = SyncToolDouble.syncthing
        try tool.conflict(kept: laptop.vault, renamed: desktop.vault, folders: [laptop.folder], round: 1)
        let copy = laptop.folder + "/" + tool.conflictName("vault.hearth", round: 1)
        let copyBytes = readFile(copy)
        // A damaged copy, and another vault under a conflict name.
        let damaged = laptop.folder + "/" + SyncToolDouble.dropbox.conflictName("vault.hearth", round: 1)
        try writeFile(Array(repeating: 0x41, count: 5000), to: damaged)
        let stranger = try Computer(passphrase: "our shared passphrase")
        try stranger.home.makeVault(entries: [])
        let lookAlike = laptop.folder + "/" + SyncToolDouble.onedrive.conflictName("vault.hearth", round: 1)
        try writeFile(readFile(stranger.vault), to: lookAlike)

        let listed = try #require(try laptop.status()["conflict_copies"] as? [[String: Any]])
        let paths = listed.compactMap { $0["path"] as? String }
        #expect(Set(paths) == [copy, damaged], "another vault's file is no copy of this one: \(paths)")
        let damagedRow = listed.first { $0["path"] as? String == damaged }
        #expect(damagedRow?["opens"] as? Bool == false && damagedRow?["generation"] is NSNull)
        #expect(listed.first { $0["path"] as? String == copy }?["opens"] as? Bool == false, "other keys")

        let (merged, report) = try laptop.mergeConflicts()
        #expect(merged.status == 65, "the damaged copy is named, with merge's own exit code: \(merged.stderr)")
        let rows = report["copies"] as? [[String: Any]] ?? []
        #expect(rows.first { $0["path"] as? String == copy }?["kept_because"] as? String == "only_added", "\(merged.stdout)")
        #expect(unchanged(copy, copyBytes) && access(damaged, F_OK) == 0 && access(lookAlike, F_OK) == 0)
        let texts = try laptop.texts()
        #expect(Self.once("Written on the desktop after its rekey.", in: texts) && Self.once("Written on the laptop.", in: texts))
        #expect(texts[fromDesktop] != nil)
        let shown = try laptop.run(["journal", "show", fromDesktop, "--json"])
        #expect(shown.stdout.contains(RecordMerge.untrustedTag), "\(shown.stdout)")

        // Again: nothing new comes in, and the copies stay.
        let (again, _) = try laptop.mergeConflicts()
        #expect(again.status == 65 && unchanged(copy, copyBytes))
        #expect(try laptop.texts().count == texts.count)
    }
}
