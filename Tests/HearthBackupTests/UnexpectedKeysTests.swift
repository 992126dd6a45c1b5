import Foundation
import HearthCrypto
import HearthVault
import HearthTestSupport
import Testing

/// The review of the older-keys refusal, attack by attack, through the command line (in process): Hearth saves only
/// into files under the key line this account trusts for the vault, whatever their epoch number
/// and path; an older slot table is refused too; nothing is decided from a header without a key.
@Suite("Keys this account did not see come about", .ownThreads)
struct UnexpectedKeysTests {
    /// Attack 1: someone holding the retired master key re-encrypts the pre-rekey copy at a
    /// HIGHER key epoch and puts it at the vault's path. Reusing the person's old key slot no
    /// longer works (format version 2: the slot binds epoch 1, so it opens only at epoch 1: the
    /// right passphrase is told the key epoch was altered, 65, nothing written). Made with the passphrase itself (a new slot), it opens, and this account's
    /// ledger, which did not see that key come about, refuses saves into it.
    @Test func aCopyForgedAtAHigherEpochIsRefused() throws {
        let (box, beforeRekey) = try OlderKeysCopyTests.rekeyedVault()
        try writeFile(beforeRekey, to: box.vault)
        try forgeFile(box.vault, passphrase: KeyChanges.secret("first passphrase"), epoch: 7, generation: 1000, reusingOldSlot: true)
        let reused = readFile(box.vault)
        let opened = try box.run(["journal", "add", "--passphrase-file", box.passphraseFile], input: "Three.")
        #expect(opened.status == 65, "\(opened.stderr)")
        #expect(opened.stderr.contains("damaged or was changed"), "\(opened.stderr)")
        #expect(unchanged(box.vault, reused))

        try writeFile(beforeRekey, to: box.vault)
        try forgeFile(box.vault, passphrase: KeyChanges.secret("first passphrase"), epoch: 7, generation: 1000)
        let added = try box.run(["journal", "add", "--passphrase-file", box.passphraseFile], input: "Three.")
        #expect(added.status == 1, "\(added.stderr)")
        #expect(added.stderr.contains("  (olderCopyRefusal)"), "the catalogue's refusal: \(added.stderr)")
        #expect(added.stderr.contains("This file is at key epoch 7, key ") && added.stderr.contains("trusts for this vault are key epoch 2"))
        let wrong = try box.run(["journal", "add", "--accept-keys", "7:00000000", "--passphrase-file", box.passphraseFile], input: "Three.")
        #expect(wrong.status == 1, "only exactly those keys are accepted")
        // There is no blanket acceptance any more (review 3, B3): the old flag is a usage error.
        let blanket = try box.run(["journal", "add", "--accept-older-keys", "--passphrase-file", box.passphraseFile], input: "Three.")
        #expect(blanket.status == 64, "\(blanket.stderr)")
        // Reading works and warns; the forged numbers do not become what this account trusts.
        let listed = try box.run(["journal", "list", "--passphrase-file", box.passphraseFile])
        #expect(listed.status == 0 && listed.stdout.contains("One.") && listed.stderr.contains("This file is at key epoch 7"))
        let again = try box.run(["journal", "add", "--passphrase-file", box.passphraseFile], input: "Three.")
        #expect(again.status == 1)
        // Someone who insists can still take exactly this key (named in the finding), and then it is trusted.
        let key = try #require(added.stderr.range(of: #"key epoch 7, key [0-9a-f]{8}"#, options: .regularExpression)
            .map { String(added.stderr[$0].suffix(8)) })
        let accepted = try box.run(
            ["journal", "add", "--accept-keys", "7:\(key)", "--passphrase-file", box.passphraseFile], input: "Three.")
        #expect(accepted.status == 0 && accepted.stderr.contains("Accepted, as asked"), "\(accepted.stderr)")
        let after = try box.run(["journal", "add", "--passphrase-file", box.passphraseFile], input: "Four.")
        #expect(after.status == 0, "trusted from now on")
    }

    /// A real rekey made elsewhere (another computer, with its own ledger) wraps every slot anew:
    /// it gets the benign reason first and the exact acceptance, and no advice to rekey.
    @Test func aRekeyOnAnotherComputerIsNamedAsSuch() throws {
        let box = try Sandbox(mode: .inProcess)
        try box.makeVault(entries: ["One."])
        let elsewhere = (box.root as NSString).appendingPathComponent("other-computer")
        try FileManager.default.createDirectory(atPath: elsewhere, withIntermediateDirectories: true)
        let copy = (elsewhere as NSString).appendingPathComponent("vault.hearth")
        try writeFile(readFile(box.vault), to: copy)
        let otherState = (elsewhere as NSString).appendingPathComponent("state")
        let rekeyed = try box.run(["rekey", "--vault", copy, "--passphrase-file", box.passphraseFile], extra: ["XDG_STATE_HOME": otherState])
        try #require(rekeyed.status == 0, "\(rekeyed.stderr)")
        try writeFile(readFile(copy), to: box.vault)

        let added = try box.run(["journal", "add", "--passphrase-file", box.passphraseFile], input: "Two.")
        #expect(added.status == 1, "\(added.stderr)")
        #expect(added.stderr.contains("Most often this is a rekey made on your other computer") && added.stderr.contains("sync folder"))
        #expect(added.stderr.contains("accepting it is right") && added.stderr.contains("(not `hearth rekey`)"))
        #expect(!added.stderr.contains("It was not made by a rekey"))
        let exact = try #require(added.stderr.range(of: #"--accept-keys [0-9]+:[0-9a-f]{8}"#, options: .regularExpression)
            .map { String(added.stderr[$0]) })
        let accepted = try box.run(
            ["journal", "add"] + exact.split(separator: " ").map(String.init) + ["--passphrase-file", box.passphraseFile], input: "Two.")
        #expect(accepted.status == 0 && accepted.stderr.contains("Accepted, as asked"), "\(accepted.stderr)")
    }

    /// Review 2, finding 3: when the save-time check refuses (the file was swapped while the
    /// person wrote in $EDITOR), the draft is kept in the private folder and its place said.
    @Test func anEditorDraftIsKeptWhenTheSaveIsRefused() throws {
        let box = try Sandbox(mode: .inProcess)
        try box.makeVault(entries: ["One."])
        let old = box.path("old.hearth")
        try writeFile(readFile(box.vault), to: old)
        let second = try box.secretFile("second", "second passphrase")
        try box.changePassphrase(to: second)
        let editor = box.path("editor.sh")
        try writeFile(Array("""
            #!/bin/sh
            cp "\(old)" "\(box.vault).swap" && mv "\(box.vault).swap" "\(box.vault)"
            printf 'Written while the file was swapped\\n' >> "$1"

            """.utf8), to: editor)
        chmod(editor, 0o700)
        let added = try box.run(["journal", "add", "--edit", "--passphrase-file", second], extra: ["EDITOR": editor])
        #expect(added.status == 1 && added.stderr.contains("passphrases or keys changed or removed since may open it"), "\(added.status) \(added.stderr)")
        let kept = try #require(added.stderr.components(separatedBy: "Your draft is kept at ").last?.components(separatedBy: ",").first)
        #expect(kept.hasPrefix("/dev/shm/") || kept.hasPrefix(box.root + "/runtime"), "in the private folder: \(kept)")
        #expect(try String(contentsOfFile: kept, encoding: .utf8).contains("Written while the file was swapped"))
        // The kept draft is this test's: wipe it, as a person would once their entry is safe.
        let folder = (kept as NSString).deletingLastPathComponent
        if (folder as NSString).lastPathComponent.hasPrefix("hearth-draft-") { try? FileManager.default.removeItem(atPath: folder) }
    }

    /// Attack 1 against merge: the forged copy's higher epoch number does not make its changes
    /// and deletions count; from keys this account did not see come about, merge only adds.
    @Test func mergingACopyForgedAtAHigherEpochOnlyAdds() throws {
        let box = try Sandbox(mode: .inProcess)
        try box.makeVault(entries: [])
        let kept = try box.add("Kept.")
        let old = box.path("old.hearth")
        try writeFile(readFile(box.vault), to: old)
        let deleted = try box.run(["journal", "delete", kept, "--vault", old, "--passphrase-file", box.passphraseFile])
        try #require(deleted.status == 0, "\(deleted.stderr)")
        let planted = try box.add("Planted.", vault: old)
        let rekeyed = try box.run(["rekey", "--passphrase-file", box.passphraseFile])
        try #require(rekeyed.status == 0, "\(rekeyed.stderr)")
        try forgeFile(old, passphrase: KeyChanges.secret("first passphrase"), epoch: 9, generation: 500)

        let merged = try box.run(["merge", old, "--passphrase-file", box.passphraseFile])
        #expect(merged.status == 0, "\(merged.stderr)")
        #expect((merged.stdout + merged.stderr).contains("not keys this account saw come about"), "\(merged.stderr)")
        let ids = try box.entryIDs()
        #expect(ids.contains(kept), "its deletion deleted nothing here")
        #expect(ids.contains(planted), "its new records do come in, listed")
    }

    /// Finding 7: Hearth processes finishing at once each record their vault; none is lost.
    @Test func processesRecordingAtOnceLoseNothing() throws {
        let box = try Sandbox(mode: .inProcess)
        let count = 10
        let started = try (0..<count).map { i in
            try box.start(["init", "--vault", box.path("data/v\(i).hearth"), "--new-passphrase-file", box.passphraseFile])
        }
        for process in started { process.waitUntilExit() }
        #expect(started.allSatisfy { $0.terminationStatus == 0 })
        let ledger = try #require(try JSONSerialization.jsonObject(
            with: Data(readFile(box.stateHome + "/hearth/seen-vaults.json"))) as? [String: Any])
        #expect((ledger["vaults"] as? [String: Any])?.count == count, "\(ledger)")
        #expect((ledger["paths"] as? [String: Any])?.count == count)
    }

    /// Attack 2: epoch numbers must not repeat. 1 → 2 → 3; the epoch-1 copy put back and rekeyed
    /// gets epoch 4 (not 2); the genuine epoch-2 and epoch-3 files put back are then refused.
    @Test func aRekeyNeverReusesAnEpochNumber() throws {
        let box = try Sandbox(mode: .inProcess)
        try box.makeVault(entries: ["One."])
        var copies: [[UInt8]] = [readFile(box.vault)]
        for _ in 0..<2 {
            let rekeyed = try box.run(["rekey", "--passphrase-file", box.passphraseFile])
            try #require(rekeyed.status == 0, "\(rekeyed.stderr)")
            copies.append(readFile(box.vault))
        }
        try writeFile(copies[0], to: box.vault)
        let remedy = try box.run(["rekey", "--passphrase-file", box.passphraseFile])
        #expect(remedy.status == 0 && remedy.stderr.contains("key epoch 1 → 4"), "\(remedy.stderr)")
        for (epoch, copy) in [(2, copies[1]), (3, copies[2])] {
            try writeFile(copy, to: box.vault)
            let added = try box.run(["journal", "add", "--passphrase-file", box.passphraseFile], input: "Two.")
            #expect(added.status == 1 && added.stderr.contains("This file is at key epoch \(epoch), key "), "\(added.stderr)")
            #expect(added.stderr.contains("trusts for this vault are key epoch 4"))
        }
    }

    /// Attack 3: the refusal holds for the vault id at any path: a pre-rekey copy on a stick
    /// written with --vault, and a symlink swapped in at the vault's path.
    @Test func otherPathsAndSymlinksAreRefusedToo() throws {
        let (box, beforeRekey) = try OlderKeysCopyTests.rekeyedVault()
        let stick = box.path("stick.hearth")
        try writeFile(beforeRekey, to: stick)
        let onStick = try box.run(["journal", "add", "--vault", stick, "--passphrase-file", box.passphraseFile], input: "Three.")
        #expect(onStick.status == 1 && onStick.stderr.contains("copy from before a rekey"), "\(onStick.stderr)")
        #expect(unchanged(stick, beforeRekey))

        let genuine = box.path("data/genuine.hearth")
        #expect(rename(box.vault, genuine) == 0)
        #expect(symlink(stick, box.vault) == 0)
        let throughLink = try box.run(["journal", "add", "--passphrase-file", box.passphraseFile], input: "Three.")
        #expect(throughLink.status == 1 && throughLink.stderr.contains("copy from before a rekey"), "\(throughLink.stderr)")
        #expect(unchanged(stick, beforeRekey))

        // A link to the genuine vault: the save goes to the file it names, and the link stays.
        unlink(box.vault)
        #expect(symlink(genuine, box.vault) == 0)
        let before = readFile(genuine)
        try box.add("Three, through the link.")
        var info = stat()
        #expect(lstat(box.vault, &info) == 0 && (info.st_mode & S_IFMT) == S_IFLNK, "the link was not replaced")
        #expect(!unchanged(genuine, before), "the file it names was saved")
        #expect(try box.entryIDs(vault: genuine).count == 3)
    }

    /// Attack 6: an older save under the same keys but with an older slot table (a passphrase
    /// changed since) brings the retired passphrase back: read, not written.
    @Test func anOlderSlotTableIsRefused() throws {
        let box = try Sandbox(mode: .inProcess)
        try box.makeVault(entries: ["One."])
        let beforePasswd = readFile(box.vault)
        let second = try box.secretFile("second", "second passphrase")
        try box.changePassphrase(to: second)
        try box.add("Two.", passphraseFile: second)
        try writeFile(beforePasswd, to: box.vault)

        let added = try box.run(["journal", "add", "--passphrase-file", box.passphraseFile], input: "Three.")
        #expect(added.status == 1 && added.stderr.contains("passphrases or keys changed or removed since may open it"), "\(added.stderr)")
        #expect(unchanged(box.vault, beforePasswd))
        let listed = try box.run(["journal", "list", "--passphrase-file", box.passphraseFile])
        #expect(listed.status == 0 && listed.stderr.contains("passphrases or keys changed or removed since may open it"))
        // The refusal names the exact acceptance: this file's own key (the trusted one, older slots).
        let acceptance = try #require(OlderKeysCopyTests.acceptance(in: added.stderr), "\(added.stderr)")
        let accepted = try box.run(["journal", "add"] + acceptance + ["--passphrase-file", box.passphraseFile], input: "Three.")
        #expect(accepted.status == 0 && accepted.stderr.contains("Accepted, as asked"), "\(accepted.stderr)")
    }

    /// Review 2, findings 1 and 12: a slot table this account saw replaced (by passwd) is refused
    /// at any path and whatever its save number: the pre-passwd copy at another path, and put
    /// back at the vault's path with a higher save number forged with the epoch key.
    @Test func aReplacedSlotTableIsRefusedAnywhere() throws {
        let box = try Sandbox(mode: .inProcess)
        try box.makeVault(entries: ["One."])
        let beforePasswd = readFile(box.vault)
        let second = try box.secretFile("second", "second passphrase")
        try box.changePassphrase(to: second)

        let elsewhere = box.path("elsewhere.hearth")
        try writeFile(beforePasswd, to: elsewhere)
        let there = try box.run(["journal", "add", "--vault", elsewhere, "--passphrase-file", box.passphraseFile], input: "Two.")
        #expect(there.status == 1 && there.stderr.contains("saw replaced by a key change"), "\(there.stderr)")
        #expect(unchanged(elsewhere, beforePasswd))

        try writeFile(beforePasswd, to: box.vault)
        try forgeFile(box.vault, passphrase: KeyChanges.secret("first passphrase"), epoch: 1, generation: 1000)
        let forged = readFile(box.vault)
        let added = try box.run(["journal", "add", "--passphrase-file", box.passphraseFile], input: "Two.")
        #expect(added.status == 1 && added.stderr.contains("passphrases or keys changed or removed since may open it"), "\(added.stderr)")
        #expect(unchanged(box.vault, forged))
    }

    /// A key change made on a copy of its own (`passwd --vault COPY`) does not stop saves into
    /// the vault, which still has the table the copy replaced.
    @Test func aKeyChangeOnACopyLeavesTheVaultWritable() throws {
        let box = try Sandbox(mode: .inProcess)
        try box.makeVault(entries: ["One."])
        let copy = box.path("copy.hearth")
        try writeFile(readFile(box.vault), to: copy)
        let second = try box.secretFile("second", "second passphrase")
        let changed = try box.run(["passwd", "--vault", copy, "--passphrase-file", box.passphraseFile, "--new-passphrase-file", second])
        try #require(changed.status == 0, "\(changed.stderr)")
        try box.add("Two.")
        #expect(try box.entryIDs().count == 2)
    }

    /// Finding 10: a header whose claimed key epoch was lowered by someone without keys (checksum
    /// recomputed) never gets "older keys" advice once a key is tried. Format version 2: its key
    /// slots bind epoch 2, so none opens under the number 1, and the right passphrase opens them
    /// at 2: damage, "the key epoch in this file was altered" (65, FORMAT.md, "What deliberate
    /// tampering gives"), not a wrong key and not older keys.
    @Test func aLoweredClaimWithoutKeysIsDamageNotOlderKeys() throws {
        let (box, _) = try OlderKeysCopyTests.rekeyedVault()
        var bytes = readFile(box.vault)
        bytes.replaceSubrange(32..<40, with: [1, 0, 0, 0, 0, 0, 0, 0])
        let sum = bytes[0..<2016].withUnsafeBytes { GenericHash.hash($0) }
        bytes.replaceSubrange(2016..<2048, with: sum)
        try writeFile(bytes, to: box.vault)

        let added = try box.run(["journal", "add", "--passphrase-file", box.passphraseFile], input: "Three.")
        #expect(added.status == 65, "\(added.stderr)")
        #expect(added.stderr.contains("damaged or was changed"), "\(added.stderr)")
        #expect(!added.stderr.contains("--accept-keys") && !added.stderr.contains("did not see come about"), "\(added.stderr)")
        let status = try box.run(["status"])
        #expect(status.stderr.contains("only its claim") && !status.stderr.contains("hearth rekey"), "\(status.stderr)")
    }
}
