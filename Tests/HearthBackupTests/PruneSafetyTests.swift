import Foundation
import HearthCrypto
import Testing

/// `hearth backup --keep N` goes by each backup's key epoch and save number, checked with the
/// vault's key, never by names or file dates; and it removes nothing while the drive holds a
/// backup newer than the vault (the vault may be an older copy put back at its path).
@Suite struct PruneSafetyTests {
    static func backupNames(_ drive: String) -> Set<String> {
        Set(names(in: drive + "/Hearth").filter { $0.hasSuffix(".hearth") })
    }

    @Test func aRolledBackVaultNeverPrunesTheNewerBackups() throws {
        let box = try Sandbox()
        try box.makeVault(entries: ["One."])
        let drive = box.path("drive")
        try FileManager.default.createDirectory(atPath: drive, withIntermediateDirectories: true)
        let olderCopy = readFile(box.vault)  // save 1
        var genuine: [String] = []
        for i in 0..<3 {
            try box.add("Later \(i).")
            genuine.append(try box.backup(to: drive))  // saves 2, 3, 4
        }
        try writeFile(olderCopy, to: box.vault)  // rolled back (same keys, older save)

        var made: [String] = []
        for _ in 0..<3 {
            let run = try box.run(["backup", drive, "--keep", "2", "--passphrase-file", box.passphraseFile])
            #expect(run.status == 0, "\(run.stderr)")
            made.append(run.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
            #expect(run.stderr.contains("your vault is at save 1 (key epoch 1), but this drive holds 3 newer backups"), "\(run.stderr)")
            #expect(run.stderr.contains("save 4, key epoch 1 (checked with your vault's key)"))
            #expect(run.stderr.contains("nothing was removed from the drive this time"))
            #expect(!run.stderr.contains("Removed "))
        }
        let left = Self.backupNames(drive)
        for path in genuine + made { #expect(left.contains((path as NSString).lastPathComponent), "\(path) survives") }
        for path in genuine { #expect(try box.run(["verify", path, "--passphrase-file", box.passphraseFile]).status == 0) }

        // Without --keep the warning still comes, so a backup run from cron shows it too.
        let plain = try box.run(["backup", drive, "--passphrase-file", box.passphraseFile])
        #expect(plain.status == 0 && plain.stderr.contains("may be an older copy put back"))
        #expect(!plain.stderr.contains("--keep was not applied"))
    }

    @Test func newerKeysOnTheDriveAreKeptAndStopPruning() throws {
        let box = try Sandbox()
        try box.makeVault(entries: ["One."])
        let drive = box.path("drive")
        try FileManager.default.createDirectory(atPath: drive, withIntermediateDirectories: true)
        let beforeRekey = readFile(box.vault)
        let old1 = try box.backup(to: drive)
        let rekeyed = try box.run(["rekey", "--passphrase-file", box.passphraseFile])
        try #require(rekeyed.status == 0, "\(rekeyed.stderr)")
        #expect(rekeyed.stderr.contains("Write down the new key epoch, 2"))
        try box.add("After the rekey.")
        let afterRekey = try box.backup(to: drive)

        // The pre-rekey copy comes back at the vault's path; reading it (a backup) is allowed.
        try writeFile(beforeRekey, to: box.vault)
        let run = try box.run(["backup", drive, "--keep", "1", "--passphrase-file", box.passphraseFile])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("key epoch 2 (by its header; your vault's key cannot check a later key epoch)"), "\(run.stderr)")
        let left = Self.backupNames(drive)
        #expect(left.contains((afterRekey as NSString).lastPathComponent))
        #expect(left.contains((old1 as NSString).lastPathComponent))
    }

    @Test func orderIsBySaveNumberNotNameAndUnauthenticatedHeadersAreKept() throws {
        let box = try Sandbox()
        try box.makeVault(entries: ["One."])
        let drive = box.path("drive")
        let folder = drive + "/Hearth"
        try FileManager.default.createDirectory(atPath: drive, withIntermediateDirectories: true)
        var made: [String] = []
        for i in 0..<3 {
            try box.add("Entry \(i).")
            made.append(try box.backup(to: drive))  // saves 2, 3, 4
        }
        // Names lie: the newest save gets the oldest name, the oldest save a newer one.
        let newestRenamed = folder + "/hearth-20000101T000000Z-g4.hearth"
        let oldestRenamed = folder + "/hearth-20010101T000000Z-g2.hearth"
        #expect(rename(made[2], newestRenamed) == 0 && rename(made[0], oldestRenamed) == 0)
        // A header someone rewrote to claim save 3 (the checksum fixed, the MAC cannot be): kept.
        var forged = readFile(made[1])
        withUnsafeBytes(of: UInt64(3).littleEndian) { forged.replaceSubrange(40..<48, with: $0) }
        forged[1990] ^= 1
        let sum = forged[0..<2016].withUnsafeBytes { GenericHash.hash($0) }
        forged.replaceSubrange(2016..<2048, with: sum)
        let forgedPath = folder + "/hearth-19990101T000000Z-g3.hearth"
        try writeFile(forged, to: forgedPath)

        try box.add("Entry 3.")
        let run = try box.run(["backup", drive, "--keep", "2", "--passphrase-file", box.passphraseFile])
        #expect(run.status == 0, "\(run.stderr)")
        let newest = run.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let left = Self.backupNames(drive)
        #expect(left == [
            (newest as NSString).lastPathComponent, (newestRenamed as NSString).lastPathComponent,
            (forgedPath as NSString).lastPathComponent,
        ], "\(left)")
        #expect(run.stderr.contains("hearth-19990101T000000Z-g3.hearth: its header does not authenticate"), "\(run.stderr)")

        let listed = try box.run(["backup", "list", drive, "--json", "--passphrase-file", box.passphraseFile])
        let entries = try #require(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]])
        #expect(entries.map { $0["generation"] as? Int } == [3, 4, 5], "oldest first by save number, not by name")
        #expect(entries.map { $0["authenticated"] as? Bool } == [false, true, true])
        #expect(entries.first?["key_state"] as? String == "does_not_authenticate")
        // Without a secret, nothing can be checked: the claim is shown as it is, unjudged.
        let unchecked = try box.run(["backup", "list", drive, "--json"])
        let plain = try #require(try JSONSerialization.jsonObject(with: Data(unchecked.stdout.utf8)) as? [[String: Any]])
        #expect(plain.first?["authenticated"] is NSNull)
        // A wrong passphrase does not stop a listing that needs none: unchecked, and said so.
        let wrong = try box.secretFile("wrong", "not it")
        let withWrong = try box.run(["backup", "list", drive, "--json", "--passphrase-file", wrong])
        #expect(withWrong.status == 0 && withWrong.stderr.contains("does not open the vault"), "\(withWrong.stderr)")
        let unjudged = try #require(try JSONSerialization.jsonObject(with: Data(withWrong.stdout.utf8)) as? [[String: Any]])
        #expect(unjudged.first?["authenticated"] is NSNull)
    }
}
