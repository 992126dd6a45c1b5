import Foundation
import HearthTestSupport
import Testing

/// `hearth restore` and the rollback warning, in process.
@Suite(.ownThreads) struct RestoreCommandTests {
    /// A vault with two entries and a backup of it, then one more entry in the vault.
    static func vaultAheadOfItsBackup(mode: HearthRun.Mode = .inProcess) throws
        -> (box: Sandbox, backup: String, before: [String], after: [String])
    {
        let box = try Sandbox(mode: mode)
        try box.makeVault(entries: ["One.", "Two."])
        let drive = box.path("drive")
        try FileManager.default.createDirectory(atPath: drive, withIntermediateDirectories: true)
        let backup = try box.backup(to: drive)
        let before = try box.entryIDs()
        try box.add("Three, written after the backup.")
        return (box, backup, before, try box.entryIDs())
    }

    @Test func refusesOverNewerDataThenForceKeepsASafetyCopy() throws {
        let (box, backup, before, after) = try Self.vaultAheadOfItsBackup()
        let vaultBytes = readFile(box.vault)
        let refused = try box.run(["restore", backup, "--passphrase-file", box.passphraseFile])
        #expect(refused.status == 1, "\(refused.stderr)")
        #expect(refused.stderr.contains("hearth merge"))
        #expect(refused.stderr.contains("1 record the backup does not have"))
        let intact1 = unchanged(box.vault, vaultBytes)
        #expect(intact1, "nothing changed")

        let forced = try box.run(["restore", backup, "--force", "--passphrase-file", box.passphraseFile])
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(try box.entryIDs() == before)
        let safety = try #require(names(in: box.path("data")).first { $0.contains("before-restore") })
        #expect(forced.stderr.contains(safety) && forced.stderr.contains("Your vault as it was is kept at"))
        #expect(try box.entryIDs(vault: box.path("data/" + safety)) == after)
        // A restore is a save: the next one goes on from it, and nothing warns of a rollback.
        let listed = try box.run(["journal", "list", "--passphrase-file", box.passphraseFile])
        #expect(!listed.stderr.contains("older copy"))
    }

    @Test func restoreKeepsTheCurrentPassphraseUnlessAskedOtherwise() throws {
        let box = try Sandbox(mode: .inProcess)
        try box.makeVault(entries: ["One."])
        let drive = box.path("drive")
        try FileManager.default.createDirectory(atPath: drive, withIntermediateDirectories: true)
        let backup = try box.backup(to: drive)
        let second = try box.secretFile("second", "second passphrase")
        try box.changePassphrase(to: second)
        try box.add("Two, under the new passphrase.", passphraseFile: second)

        // The backup opens only with the first passphrase: without it and without a terminal, 77.
        let noSecret = try box.run(["restore", backup, "--force", "--passphrase-file", second])
        #expect(noSecret.status == 77)
        #expect(noSecret.stderr.contains("--backup-passphrase-file"))

        let restored = try box.run([
            "restore", backup, "--force", "--passphrase-file", second, "--backup-passphrase-file", box.passphraseFile,
        ])
        #expect(restored.status == 0, "\(restored.stderr)")
        #expect(restored.stderr.contains("did not come back"))
        #expect(try box.run(["verify", "--passphrase-file", second]).status == 0)
        #expect(try box.run(["verify", "--passphrase-file", box.passphraseFile]).status == 77, "the old passphrase stays out")

        // --with-backup-keys takes the backup's slots, after saying so.
        let withKeys = try box.run(
            ["restore", backup, "--force", "--with-backup-keys", "--passphrase-file", second],
            extra: ["HEARTH_BACKUP_PASSPHRASE": "first passphrase"])
        #expect(withKeys.status == 0, "\(withKeys.stderr)")
        #expect(withKeys.stderr.contains("no longer with the ones it has now"))
        #expect(try box.run(["verify", "--passphrase-file", box.passphraseFile]).status == 0)
        #expect(try box.run(["verify", "--passphrase-file", second]).status == 77)
    }

    @Test func restoreIntoAnEmptyPlaceAndOfTheSameSave() throws {
        let box = try Sandbox(mode: .inProcess)
        try box.makeVault(entries: ["One.", "Two."])
        let drive = box.path("drive")
        try FileManager.default.createDirectory(atPath: drive, withIntermediateDirectories: true)
        let backup = try box.backup(to: drive)
        let ids = try box.entryIDs()
        let same = try box.run(["restore", backup, "--passphrase-file", box.passphraseFile])
        #expect(same.status == 0)
        #expect(same.stderr.contains("already holds exactly the records of this backup"))

        // The laptop was lost: restore onto a fresh machine (no vault yet).
        let fresh = box.path("fresh/vault.hearth")
        let restored = try box.run(["restore", backup, "--vault", fresh, "--passphrase-file", box.passphraseFile])
        #expect(restored.status == 0, "\(restored.stderr)")
        #expect(try box.entryIDs(vault: fresh) == ids)
        var info = stat()
        #expect(stat(fresh, &info) == 0 && info.st_mode & 0o777 == 0o600)

        // A damaged backup is refused before anything is touched.
        var bytes = readFile(backup)
        bytes[bytes.count - 30] ^= 1
        try writeFile(bytes, to: backup)
        let vaultBytes = readFile(box.vault)
        #expect(try box.run(["restore", backup, "--force", "--passphrase-file", box.passphraseFile]).status == 65)
        let intact2 = unchanged(box.vault, vaultBytes)
        #expect(intact2)
        #expect(try box.run(["restore", box.path("nothing"), "--passphrase-file", box.passphraseFile]).status == 66)
    }

    @Test func rollbackWarningForThisPathOnly() throws {
        let (box, backup, _, _) = try Self.vaultAheadOfItsBackup(mode: .inProcess)
        // Someone copies the older backup over the vault by hand.
        try writeFile(readFile(backup), to: box.vault)
        let listed = try box.run(["journal", "list", "--passphrase-file", box.passphraseFile])
        #expect(listed.status == 0)
        #expect(listed.stderr.contains("is an older copy than one Hearth saw here before"))
        #expect(listed.stderr.contains("This file is save 2; save 3 was seen"))
        let status = try box.run(["status"])
        #expect(status.stderr.contains("says it is older than a copy seen here before") && status.stderr.contains("It says save 2; save 3 was seen"), "even without a passphrase, provisionally")
        // The same copy at another path (a stick carried elsewhere) does not warn.
        let elsewhere = box.path("stick.hearth")
        try writeFile(readFile(backup), to: elsewhere)
        let other = try box.run(["journal", "list", "--vault", elsewhere, "--passphrase-file", box.passphraseFile])
        #expect(other.status == 0 && !other.stderr.contains("older copy"))
        // Nor does reading the backup itself, in its folder.
        #expect(!(try box.run(["verify", backup, "--passphrase-file", box.passphraseFile])).stderr.contains("older copy"))
        // Once Hearth saves at the path, that is its history: no more warnings.
        try box.add("Four.")
        #expect(!(try box.run(["status"])).stderr.contains("Note:"))
    }
}
