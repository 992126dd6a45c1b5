import Foundation
import HearthTestSupport
import Testing

/// `restore --with-backup-keys` brings back every key that opened the backup; keys from before
/// a rekey of the vault undo that rekey, so they need an explicit confirmation.
@Suite("Restore with a backup's older keys", .ownThreads)
struct RestoreOlderKeysTests {
    @Test func keysFromBeforeARekeyNeedConfirmation() throws {
        let box = try Sandbox(mode: .inProcess)
        try box.makeVault(entries: ["One."])
        let drive = box.path("drive")
        try FileManager.default.createDirectory(atPath: drive, withIntermediateDirectories: true)
        // A second passphrase, then taken back: removed and rekeyed (the backup still has it).
        let second = try box.secretFile("second", "second passphrase")
        #expect(try box.run(["key", "add", "--passphrase-file", box.passphraseFile, "--new-passphrase-file", second]).status == 0)
        let withSecond = try box.backup(to: drive)
        #expect(try box.run(["key", "remove", "1", "--passphrase-file", box.passphraseFile]).status == 0)
        #expect(try box.run(["rekey", "--passphrase-file", box.passphraseFile]).status == 0)
        try box.add("Two, after the rekey.")
        let before = readFile(box.vault)

        let arguments = ["restore", withSecond, "--force", "--with-backup-keys", "--passphrase-file", box.passphraseFile]
        let refused = try box.run(arguments)
        #expect(refused.status == 1, "\(refused.stderr)")
        #expect(refused.stderr.contains("from before a rekey"))
        // It names exactly the backup's keys to accept (no blanket form).
        let acceptance = try #require(OlderKeysCopyTests.acceptance(in: refused.stderr), "\(refused.stderr)")
        #expect(refused.stderr.contains("including any removed since"))
        #expect(readFile(box.vault) == before)
        #expect(try box.run(["verify", "--passphrase-file", second]).status == 77)

        let otherKey = try box.run(arguments + ["--accept-keys", acceptance[1].prefix(while: { $0 != ":" }) + ":00000000"])
        #expect(otherKey.status == 1 && readFile(box.vault) == before, "only exactly those keys: \(otherKey.stderr)")
        let accepted = try box.run(arguments + acceptance)
        #expect(accepted.status == 0, "\(accepted.stderr)")
        #expect(accepted.stderr.contains("including any removed since") && accepted.stderr.contains("hearth rekey"))
        // The removed passphrase opens the vault again: that is what was confirmed.
        #expect(try box.run(["verify", "--passphrase-file", second]).status == 0)
        // Confirmed once: the vault is writable under those keys without any further flag.
        try box.add("Three, after the restore.")
    }
}
