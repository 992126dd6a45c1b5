import Foundation
import HearthTestSupport
import Testing

/// A copy from before a rekey put back at the vault's path (by hand, a sync folder, someone
/// else) opens with the passphrases that rekey retired. Reading it only warns; saving into it
/// is refused (exit 1) until the person runs `hearth rekey` on it or accepts exactly its keys
/// with the `--accept-keys EPOCH:KEY8` the refusal names.
@Suite("A pre-rekey copy put back at the vault's path", .ownThreads)
struct OlderKeysCopyTests {
    /// The exact acceptance a message names (`--accept-keys 1:3f9a0c12`), as arguments.
    static func acceptance(in text: String) -> [String]? {
        text.range(of: #"--accept-keys [0-9]+:[0-9a-f]{8}"#, options: .regularExpression)
            .map { text[$0].split(separator: " ").map(String.init) }
    }

    /// The 8 hex digits a message names for the key at `epoch` ("key epoch 1, key 3f9a0c12").
    static func keyNamed(in text: String, epoch: UInt64) -> String? {
        text.range(of: "key epoch \(epoch), key [0-9a-f]{8}", options: .regularExpression).map { String(text[$0].suffix(8)) }
    }

    /// A vault with one entry, rekeyed, with one more entry; returns the sandbox and the bytes of
    /// the copy from before the rekey.
    static func rekeyedVault() throws -> (Sandbox, [UInt8]) {
        let box = try Sandbox(mode: .inProcess)
        try box.makeVault(entries: ["One."])
        let beforeRekey = readFile(box.vault)
        let rekeyed = try box.run(["rekey", "--passphrase-file", box.passphraseFile])
        try #require(rekeyed.status == 0, "rekey failed: \(rekeyed.stderr)")
        try box.add("Two, after the rekey.")
        return (box, beforeRekey)
    }

    @Test func writesAreRefusedAndReadsWarn() throws {
        let (box, beforeRekey) = try Self.rekeyedVault()
        try writeFile(beforeRekey, to: box.vault)

        let added = try box.run(["journal", "add", "--passphrase-file", box.passphraseFile], input: "Three.")
        #expect(added.status == 1, "\(added.stderr)")
        #expect(added.stdout.isEmpty)
        #expect(added.stderr.contains("  (olderCopyRefusal)"), "the catalogue's refusal: \(added.stderr)")
        #expect(added.stderr.contains("This file is at key epoch 1, key "))
        #expect(added.stderr.contains("the keys this account trusts for this vault are key epoch 2, key "))
        #expect(added.stderr.contains("copy from before a rekey"))
        #expect(added.stderr.contains("Nothing was changed") && added.stderr.contains("hearth rekey")
            && Self.acceptance(in: added.stderr) == ["--accept-keys", "1:" + (Self.keyNamed(in: added.stderr, epoch: 1) ?? "?")]
            && added.stderr.contains("hearth merge"), "\(added.stderr)")
        #expect(!added.stderr.contains("Note:"), "the refusal says it once, without the warning before it")
        #expect(!added.stderr.contains("Three."), "no record text in messages")
        #expect(unchanged(box.vault, beforeRekey))

        // Key changes under the old master key are writes too, refused before a new passphrase is read.
        let second = try box.secretFile("second", "second passphrase")
        let passwd = try box.run(["passwd", "--passphrase-file", box.passphraseFile, "--new-passphrase-file", second])
        #expect(passwd.status == 1 && passwd.stderr.contains("from before a rekey"), "\(passwd.stderr)")
        let other = box.path("other.hearth")
        try writeFile(beforeRekey, to: other)
        let merged = try box.run(["merge", other, "--passphrase-file", box.passphraseFile])
        #expect(merged.status == 1 && merged.stderr.contains("from before a rekey"), "\(merged.stderr)")
        #expect(unchanged(box.vault, beforeRekey))

        // Reading it is no new exposure: it works, with the calm warning.
        let listed = try box.run(["journal", "list", "--passphrase-file", box.passphraseFile])
        #expect(listed.status == 0 && listed.stdout.contains("One.") && !listed.stdout.contains("Two"))
        #expect(listed.stderr.contains("from before a rekey") && listed.stderr.contains("Hearth saves into it after `hearth rekey`"))
        // Without a passphrase only what the file claims, provisionally, and no advice to accept.
        let status = try box.run(["status"])
        #expect(status.status == 0 && status.stderr.contains("says it is from before a rekey") && status.stderr.contains("It says key epoch 1; this account trusts epoch 2"), "\(status.stderr)")
        #expect(status.stderr.contains("only its claim") && !status.stderr.contains("--accept-keys"))

        // An unlocked session of the older copy does not get around it.
        let unlocked = try box.run(["unlock", "--passphrase-file", box.passphraseFile])
        try #require(unlocked.status == 0, "\(unlocked.stderr)")
        defer { _ = try? box.run(["lock"]) }
        let viaSession = try box.run(["journal", "add"], input: "Four.")
        #expect(viaSession.status == 1 && viaSession.stderr.contains("from before a rekey"), "\(viaSession.stderr)")
        #expect(unchanged(box.vault, beforeRekey))
        #expect(try box.run(["lock"]).status == 0)

        // With the check turned off (tests) or without any ledger (another account): as before.
        let unchecked = try box.run(
            ["journal", "add", "--passphrase-file", box.passphraseFile], input: "Five.",
            extra: ["XDG_STATE_HOME": box.path("fresh-state")])
        #expect(unchecked.status == 0, "\(unchecked.stderr)")
        try writeFile(beforeRekey, to: box.vault)
        let off = try box.run(
            ["journal", "add", "--passphrase-file", box.passphraseFile], input: "Six.", extra: ["HEARTH_NO_ROLLBACK_CHECK": "1"])
        #expect(off.status == 0, "\(off.stderr)")
        #expect(off.stderr.contains("$HEARTH_NO_ROLLBACK_CHECK is set, so Hearth saved into"), "\(off.stderr)")
    }

    @Test func acceptingTheOlderKeysOnceLetsWritesThrough() throws {
        let (box, beforeRekey) = try Self.rekeyedVault()
        try writeFile(beforeRekey, to: box.vault)
        let refused = try box.run(["journal", "add", "--passphrase-file", box.passphraseFile], input: "Three.")
        let acceptance = try #require(Self.acceptance(in: refused.stderr), "the refusal names the exact acceptance: \(refused.stderr)")
        // The blanket form is gone: a usage error, nothing accepted.
        let blanket = try box.run(["journal", "add", "--accept-older-keys", "--passphrase-file", box.passphraseFile], input: "Three.")
        #expect(blanket.status == 64, "\(blanket.stderr)")
        // A command that only reads ignores the acceptance, and says so: nothing is accepted.
        let read = try box.run(["journal", "list"] + acceptance + ["--passphrase-file", box.passphraseFile])
        #expect(read.status == 0 && read.stderr.contains("--accept-keys was not used"), "\(read.stderr)")
        let stillRefused = try box.run(["journal", "add", "--passphrase-file", box.passphraseFile], input: "Three.")
        #expect(stillRefused.status == 1, "\(stillRefused.stderr)")

        let accepted = try box.run(["journal", "add"] + acceptance + ["--passphrase-file", box.passphraseFile], input: "Three.")
        #expect(accepted.status == 0, "\(accepted.stderr)")
        // Exactly what was accepted: the vault, the epoch and key, the day.
        let today = String(ISO8601DateFormatter().string(from: Date()).prefix(10))
        #expect(accepted.stderr.contains("Accepted, as asked: Hearth now trusts this vault's keys at \(box.vault)") && accepted.stderr.contains("Now trusted: key epoch 1, key "))
        #expect(accepted.stderr.contains("on \(today)") && accepted.stderr.contains("hearth rekey"), "\(accepted.stderr)")
        #expect(!accepted.stderr.contains("was not used"))
        #expect(!accepted.stderr.contains("Hearth saves into it after"), "the flag is known before the first read")
        // Once accepted, the path's history starts from this copy: no flag, no warning.
        try box.add("Four.")
        let listed = try box.run(["journal", "list", "--passphrase-file", box.passphraseFile])
        #expect(listed.status == 0 && listed.stdout.contains("Four.") && !listed.stderr.contains("Note:"), "\(listed.stderr)")
    }

    @Test func rekeyIsTheRemedy() throws {
        let (box, beforeRekey) = try Self.rekeyedVault()
        try writeFile(beforeRekey, to: box.vault)
        let rekeyed = try box.run(["rekey", "--passphrase-file", box.passphraseFile])
        #expect(rekeyed.status == 0, "\(rekeyed.stderr)")
        #expect(rekeyed.stderr.contains("key epoch 1 → 3"), "above every epoch seen, never 2 again: \(rekeyed.stderr)")
        // The rekey says what it found, without advising the rekey it is doing.
        #expect(rekeyed.stderr.contains("Note: the vault at") && rekeyed.stderr.contains("The rekey gives it a fresh master key"))
        #expect(!rekeyed.stderr.contains("Hearth saves into it after"), "\(rekeyed.stderr)")
        try box.add("Three, under a fresh master key.")
        #expect(!(try box.run(["journal", "list", "--passphrase-file", box.passphraseFile])).stderr.contains("Note:"))
    }

    @Test func anOlderSaveWithTheSameKeysOnlyWarns() throws {
        let (box, _) = try Self.rekeyedVault()
        let olderSave = readFile(box.vault)
        try box.add("Three.")
        try writeFile(olderSave, to: box.vault)
        // Same key epoch: writing exposes nothing new, so the save goes ahead (after the warning).
        let added = try box.run(["journal", "add", "--passphrase-file", box.passphraseFile], input: "Four.")
        #expect(added.status == 0, "\(added.stderr)")
        #expect(added.stderr.contains("is an older copy than one Hearth saw here before"))
    }

    @Test func restoringUnderTheCurrentKeysOfAnOlderCopyIsRefused() throws {
        let (box, beforeRekey) = try Self.rekeyedVault()
        let drive = box.path("drive")
        try FileManager.default.createDirectory(atPath: drive, withIntermediateDirectories: true)
        let backup = try box.backup(to: drive)
        try writeFile(beforeRekey, to: box.vault)
        let refused = try box.run(["restore", backup, "--force", "--passphrase-file", box.passphraseFile])
        #expect(refused.status == 1 && refused.stderr.contains("--with-backup-keys"), "\(refused.stderr)")
        #expect(unchanged(box.vault, beforeRekey))
        #expect(names(in: box.path("data")).filter { $0.contains("before-restore") }.isEmpty, "no safety copy left behind")
        // The backup made after the rekey brings its own, newer keys back: allowed, and writable.
        let restored = try box.run(["restore", backup, "--force", "--with-backup-keys", "--passphrase-file", box.passphraseFile])
        #expect(restored.status == 0, "\(restored.stderr)")
        try box.add("Three.")
    }
}
