import Foundation
import HearthBackup
import HearthTestSupport
import Testing

/// `hearth backup`, `backup list` and `verify` through the command line in process, on plain folders.
@Suite(.ownThreads) struct BackupCommandTests {
    @Test func backupToAFolderIsCheckedAndOpensAsAVault() throws {
        let box = try Sandbox(mode: .inProcess)
        try box.makeVault(entries: ["A walk with Sam.", "Tea with Ana."])
        let drive = box.path("drive")
        try FileManager.default.createDirectory(atPath: drive, withIntermediateDirectories: true)

        let made = try box.run(["backup", drive, "--passphrase-file", box.passphraseFile])
        #expect(made.status == 0, "\(made.stderr)")
        let path = made.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(path.hasPrefix(drive + "/Hearth/hearth-"))
        let name = (path as NSString).lastPathComponent
        #expect(BackupName.parse(name)?.generation == 2)
        #expect(!name.contains(":"))
        #expect(made.stderr.contains("and checked it on the drive") && made.stderr.contains("Every part decrypts and authenticates"))
        #expect(names(in: drive + "/Hearth") == [name], "no temporary left behind")

        // A backup is a vault: it opens with --vault, with the same records.
        #expect(try box.entryIDs(vault: path) == (try box.entryIDs()))
        let verified = try box.run(["verify", path, "--passphrase-file", box.passphraseFile, "--json"])
        #expect(verified.status == 0, "\(verified.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(verified.stdout.utf8)) as? [String: Any])
        #expect(report["status"] as? String == "good")
        #expect(report["generation"] as? Int == 2)

        let listed = try box.run(["backup", "list", drive, "--json"])
        #expect(listed.status == 0)
        let entries = try #require(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]])
        #expect(entries.count == 1)
        #expect(entries.first?["key_state"] as? String == "current")
        #expect(entries.first?["predates_key_change"] as? Bool == false)
        #expect(entries.first?["generation"] as? Int == 2)
        #expect(entries.first?["size"] as? Int == readFile(path).count)
    }

    @Test func wrongPassphraseWritesNothing() throws {
        let box = try Sandbox(mode: .inProcess)
        try box.makeVault(entries: ["One."])
        let wrong = try box.secretFile("wrong", "not it")
        let drive = box.path("drive")
        try FileManager.default.createDirectory(atPath: drive, withIntermediateDirectories: true)
        let made = try box.run(["backup", drive, "--passphrase-file", wrong])
        #expect(made.status == 77)
        #expect(names(in: drive + "/Hearth").isEmpty)
        let missing = try box.run(["backup", box.path("nowhere"), "--passphrase-file", box.passphraseFile])
        #expect(missing.status == 66)
    }

    @Test func listSaysWhichBackupsStillOpenWithOldKeys() throws {
        let box = try Sandbox(mode: .inProcess)
        try box.makeVault(entries: ["One."])
        let drive = box.path("drive")
        try FileManager.default.createDirectory(atPath: drive, withIntermediateDirectories: true)
        let first = try box.backup(to: drive)
        let second = try box.secretFile("second", "second passphrase")
        try box.changePassphrase(to: second)
        let afterPasswd = try box.backup(to: drive, extraArguments: ["--passphrase-file", second])
        let rekeyed = try box.run(["rekey", "--passphrase-file", second])
        try #require(rekeyed.status == 0, "\(rekeyed.stderr)")

        let listed = try box.run(["backup", "list", drive, "--json"])
        let entries = try #require(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]])
        let byPath = Dictionary(uniqueKeysWithValues: entries.map { ($0["path"] as! String, $0) })
        #expect(byPath[first]?["key_state"] as? String == "before_rekey")
        #expect(byPath[first]?["predates_key_change"] as? Bool == true)
        #expect(byPath[afterPasswd]?["key_state"] as? String == "before_rekey")
        #expect(byPath[first]?["key_epoch"] as? Int == 1)

        let text = try box.run(["backup", "list", drive])
        #expect(text.stdout.contains("still opens with the master key and passphrases of that time"))
        #expect(text.stderr.contains("still open with the old keys"))
        // And it is true: the first backup opens with the first passphrase, the vault no longer does.
        #expect(try box.run(["verify", first, "--passphrase-file", box.passphraseFile]).status == 0)
        #expect(try box.run(["verify", "--passphrase-file", box.passphraseFile]).status == 77)
    }

    @Test func listAfterAPassphraseChangeOnly() throws {
        let box = try Sandbox(mode: .inProcess)
        try box.makeVault(entries: ["One."])
        let drive = box.path("drive")
        try FileManager.default.createDirectory(atPath: drive, withIntermediateDirectories: true)
        let first = try box.backup(to: drive)
        try box.changePassphrase(to: try box.secretFile("second", "second passphrase"))
        let entries = try #require(try JSONSerialization.jsonObject(
            with: Data(try box.run(["backup", "list", drive, "--json"]).stdout.utf8)) as? [[String: Any]])
        #expect(entries.first?["path"] as? String == first)
        #expect(entries.first?["key_state"] as? String == "older_passphrase")
        #expect((entries.first?["note"] as? String)?.contains("still opens with that old passphrase") == true)
    }

    @Test func keepPrunesOlderBackupsOfThisVaultOnly() throws {
        let box = try Sandbox(mode: .inProcess)
        try box.makeVault(entries: ["One."])
        let drive = box.path("drive")
        try FileManager.default.createDirectory(atPath: drive + "/Hearth", withIntermediateDirectories: true)
        // Another vault's backup, a stranger file and an unreadable one share the folder.
        let other = try Sandbox(mode: .inProcess)
        try other.makeVault(entries: ["Someone else's."])
        let othersBackup = try other.backup(to: drive)
        try writeFile(Array("not a vault".utf8), to: drive + "/Hearth/notes.hearth")

        var mine: [String] = []
        for i in 0..<3 {
            try box.add("Entry \(i).")
            mine.append(try box.backup(to: drive))
        }
        let pruned = try box.run(["backup", drive, "--keep", "2", "--passphrase-file", box.passphraseFile])
        #expect(pruned.status == 0, "\(pruned.stderr)")
        let newest = pruned.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(pruned.stderr.contains("Removing a file does not erase it from the drive"))
        let left = Set(names(in: drive + "/Hearth"))
        let expected: Set<String> = [
            (newest as NSString).lastPathComponent, (mine[2] as NSString).lastPathComponent,
            (othersBackup as NSString).lastPathComponent, "notes.hearth",
        ]
        #expect(left == expected)
        // --keep 1 never removes the new backup.
        let one = try box.run(["backup", drive, "--keep", "1", "--passphrase-file", box.passphraseFile])
        #expect(one.status == 0)
        let kept = one.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(FileManager.default.fileExists(atPath: kept))
        #expect(try box.run(["backup", drive, "--keep", "0", "--passphrase-file", box.passphraseFile]).status == 64)
    }

    @Test func verifyTellsDamageProblemsAndWrongPassphraseApart() throws {
        let box = try Sandbox(mode: .inProcess)
        try box.makeVault(entries: ["One.", "Two."])
        let drive = box.path("drive")
        try FileManager.default.createDirectory(atPath: drive, withIntermediateDirectories: true)
        let backup = try box.backup(to: drive)
        let good = readFile(backup)

        // One flipped bit in the payload, then one in the header: damaged (65), never 77.
        for offset in [good.count - 40, 2048 + 100, 20] {
            var bytes = good
            bytes[offset] ^= 0x10
            try writeFile(bytes, to: backup)
            let checked = try box.run(["verify", backup, "--passphrase-file", box.passphraseFile, "--json"])
            #expect(checked.status == 65, "bit flip at \(offset): \(checked.stderr)")
            let report = try JSONSerialization.jsonObject(with: Data(checked.stdout.utf8)) as? [String: Any]
            #expect(report?["status"] as? String == "damaged")
        }
        try writeFile(good, to: backup)
        let wrong = try box.secretFile("wrong", "not it")
        #expect(try box.run(["verify", backup, "--passphrase-file", wrong]).status == 77)
        #expect(try box.run(["verify", box.path("nothing.hearth"), "--passphrase-file", wrong]).status == 66)

        // A vault that opens but that others can read: a problem found (1), listed.
        chmod(box.vault, 0o644)
        let problems = try box.run(["verify", "--passphrase-file", box.passphraseFile])
        #expect(problems.status == 1)
        #expect(problems.stdout.contains("PROBLEM") && problems.stdout.contains("mode 644"))
        chmod(box.vault, 0o600)
        #expect(try box.run(["verify", "--passphrase-file", box.passphraseFile]).status == 0)
    }

    @Test func fullDriveLeavesOldBackupsAndNoPartialFile() throws {
        guard geteuid() == 0 else {
            try Test.cancel("mounting a small tmpfs needs root")
        }
        let box = try Sandbox(mode: .inProcess)
        try box.makeVault(entries: ["Small at first."])
        let drive = box.path("small-drive")
        try FileManager.default.createDirectory(atPath: drive, withIntermediateDirectories: true)
        guard tool("/bin/mount", ["-t", "tmpfs", "-o", "size=256k", "tmpfs", drive])?.status == 0 else {
            try Test.cancel("cannot mount a tmpfs here")
        }
        defer { _ = tool("/bin/umount", [drive]) }
        let old = try box.backup(to: drive)
        let oldBytes = readFile(old)
        try box.add(String(repeating: "A long entry that makes the vault grow. ", count: 6000))
        let full = try box.run(["backup", drive, "--passphrase-file", box.passphraseFile])
        #expect(full.status == 74, "\(full.stderr)")
        #expect(full.stderr.contains("full"))
        #expect(names(in: drive + "/Hearth") == [(old as NSString).lastPathComponent])
        let intact1 = unchanged(old, oldBytes)
        #expect(intact1)
        #expect(try box.run(["verify", old, "--passphrase-file", box.passphraseFile]).status == 0)
    }
}
