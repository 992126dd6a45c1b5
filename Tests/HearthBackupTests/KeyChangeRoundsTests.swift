import Foundation
import HearthBackup
import HearthVault
import Testing

/// Two computers (two homes: their own state and runtime folders, so their own ledgers, locks
/// and sessions) keep one vault in a sync folder over several rounds that include a passphrase
/// change on one of them and a rekey on the other. After `hearth merge --conflicts` every change
/// Hearth acknowledged on either side is there exactly once and deletions stay deleted; the side
/// whose keys changed under it is told so calmly, and the trust rules decide what it may do, with
/// `--accept-keys EPOCH:KEY8` as the way on.
@Suite struct KeyChangeRoundsTests {
    final class Home {
        let box: Sandbox
        var passphraseFile: String
        var vault: String { box.vault }
        var folder: String { PathName.folder(of: box.vault) }

        init() throws {
            box = try Sandbox(passphrase: "our first passphrase", mode: .inProcess)
            passphraseFile = box.passphraseFile
        }

        func run(_ arguments: [String], input: String = "") throws -> Finished {
            try box.run(arguments + ["--passphrase-file", passphraseFile], input: input)
        }

        func add(_ text: String) throws -> String { try box.add(text, passphraseFile: passphraseFile) }

        func must(_ arguments: [String], input: String = "") throws {
            let done = try run(arguments, input: input)
            try #require(done.status == 0, "\(arguments) failed (\(done.status)): \(done.stderr)")
        }

        func edit(_ id: String, _ text: String) throws { try must(["journal", "edit", id, "--json"], input: "{\"text\": \"\(text)\"}") }
        func delete(_ id: String) throws { try must(["journal", "delete", id]) }

        /// Every journal entry's text, by id (through export: edit copies included).
        func texts() throws -> [String: String] {
            let listed = try run(["export", "--format", "json"])
            try #require(listed.status == 0, "\(listed.stderr)")
            let document = try #require(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [String: Any])
            let records = document["records"] as? [[String: Any]] ?? []
            return Dictionary(uniqueKeysWithValues: records.map { ($0["id"] as! String, $0["text"] as? String ?? "") })
        }

        /// The plain copy a sync tool makes when only `other` changed.
        func receive(from other: Home) throws {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try writeFile(readFile(other.vault), to: vault)
        }
    }

    static func once(_ text: String, in texts: [String: String]) -> Bool { texts.values.filter { $0 == text }.count == 1 }

    /// The `--accept-keys` value a refusal names (`EPOCH:KEY8`).
    static func acceptance(in text: String) -> String? {
        guard let range = text.range(of: #"--accept-keys \d+:[0-9a-f]{8}"#, options: .regularExpression) else { return nil }
        return String(text[range].dropFirst("--accept-keys ".count))
    }

    @Test(arguments: [SyncToolDouble.syncthing, .dropbox])
    func aPassphraseChangeAndARekeyOverSeveralRounds(_ tool: SyncToolDouble) throws {
        let laptop = try Home(), desktop = try Home()
        try laptop.box.makeVault(entries: [])
        let e = try (0..<4).map { try laptop.add("Entry \($0).") }
        try desktop.receive(from: laptop)
        #expect(try desktop.texts().count == 4)

        // Round 1: the desktop changes the passphrase, adds and deletes; the laptop adds and
        // edits. The sync tool keeps the desktop's version at the path.
        let newPassphrase = try desktop.box.secretFile("new", "the desktop's new passphrase")
        try desktop.must(["passwd", "--new-passphrase-file", newPassphrase])
        desktop.passphraseFile = newPassphrase
        _ = try desktop.add("Desktop, round one.")
        try desktop.delete(e[0])
        _ = try laptop.add("Laptop, round one.")
        try laptop.edit(e[1], "Entry 1, edited on the laptop.")
        try tool.conflict(kept: desktop.vault, renamed: laptop.vault, folders: [laptop.folder, desktop.folder], round: 1)

        // The laptop's passphrase no longer opens the vault at the path: said plainly, 77, not damage.
        let refused = try laptop.run(["journal", "list"])
        #expect(refused.status == 77, "\(refused.stderr)")
        #expect(refused.stderr.contains("(passphrasesChangedSinceSeen)") && !refused.stderr.contains("damaged"), "\(refused.stderr)")
        // With the new passphrase (told by the person who changed it), the laptop's own version
        // comes in from the conflict copy; the copy opens with the old passphrase only, so it stays.
        let laptopNew = try laptop.box.secretFile("new", "the desktop's new passphrase")
        laptop.passphraseFile = laptopNew
        let merged = try laptop.run(["merge", "--conflicts", "--json"])
        #expect(merged.status == 0, "\(merged.stderr)")
        #expect(merged.stdout.contains("other_key_slots"), "\(merged.stdout)")
        var texts = try laptop.texts()
        for text in ["Desktop, round one.", "Laptop, round one.", "Entry 1, edited on the laptop.", "Entry 2.", "Entry 3."] {
            #expect(Self.once(text, in: texts), "\(text) once after round one")
        }
        #expect(texts[e[0]] == nil && texts.count == 5, "the desktop's deletion stays: \(texts.values.sorted())")
        // The person removes the old copy once seen to (it still opens with the old passphrase).
        for other in names(in: laptop.folder) where other != "vault.hearth" { unlink(laptop.folder + "/" + other) }
        try desktop.receive(from: laptop)
        for other in names(in: desktop.folder) where other != "vault.hearth" { unlink(desktop.folder + "/" + other) }

        // Round 2: the laptop rekeys, adds and deletes; the desktop adds and edits before it sees
        // the rekey. The tool keeps the laptop's (rekeyed) version at the path.
        try laptop.must(["rekey"])
        let laptopSecond = try laptop.add("Laptop, round two.")
        try laptop.delete(e[2])
        _ = try desktop.add("Desktop, round two.")
        try desktop.edit(e[3], "Entry 3, edited on the desktop.")
        try tool.conflict(kept: laptop.vault, renamed: desktop.vault, folders: [laptop.folder, desktop.folder], round: 2)

        // The desktop's ledger trusts the keys from before the rekey: reading works, with a note;
        // saving (the merge) is refused, naming the exact acceptance.
        let read = try desktop.run(["journal", "list"])
        #expect(read.status == 0, "\(read.stderr)")
        let refusedMerge = try desktop.run(["merge", "--conflicts"])
        #expect(refusedMerge.status == 1 && refusedMerge.stderr.contains("Nothing was changed"), "\(refusedMerge.stderr)")
        let accept = try #require(Self.acceptance(in: refusedMerge.stderr), "the refusal names the way on: \(refusedMerge.stderr)")
        #expect(accept.hasPrefix("2:"), "the rekeyed vault's epoch: \(accept)")
        #expect(try desktop.texts()[laptopSecond] != nil, "the refusal changed nothing, and reading still works")

        // Accepted exactly: the desktop's own version (under the keys from before the rekey) is
        // only added from, as every copy under older keys is, and kept.
        let accepted = try desktop.run(["merge", "--conflicts", "--json", "--accept-keys", accept])
        #expect(accepted.status == 0, "\(accepted.stderr)")
        #expect(accepted.stdout.contains("only_added"), "\(accepted.stdout)")
        texts = try desktop.texts()
        for text in ["Desktop, round one.", "Laptop, round one.", "Entry 1, edited on the laptop.", "Laptop, round two.",
                     "Desktop, round two.", "Entry 3, edited on the desktop."] {
            #expect(Self.once(text, in: texts), "\(text) once after round two")
        }
        #expect(texts[e[0]] == nil && texts[e[2]] == nil, "deletions of both sides stay deleted")
        #expect(!texts.values.contains("Entry 0.") && !texts.values.contains("Entry 2."))

        // From now on the desktop saves without a word; the laptop opens what the desktop saved.
        let after = try desktop.run(["journal", "add"], input: "Desktop, after accepting.")
        #expect(after.status == 0 && !after.stderr.contains("accept"), "\(after.stderr)")
        try laptop.receive(from: desktop)
        #expect(Self.once("Desktop, after accepting.", in: try laptop.texts()))
    }
}
