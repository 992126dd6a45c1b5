import Foundation
import HearthCrypto
import HearthTestSupport
import Testing

/// `hearth restore` chooses and describes backups by their (key epoch, save number), checked with
/// the vault's key, never by file name: someone with the drive can rename a backup from before a
/// rekey to the newest name.
@Suite(.ownThreads) struct RestoreChoiceTests {
    /// A vault with a backup from before a rekey and one after; the names swapped so that the
    /// pre-rekey file looks newest. Returns the sandbox, the drive, and the two paths.
    static func swappedNames() throws -> (Sandbox, String, before: String, after: String) {
        let box = try Sandbox(mode: .inProcess)
        try box.makeVault(entries: ["One."])
        let drive = box.path("drive")
        try FileManager.default.createDirectory(atPath: drive, withIntermediateDirectories: true)
        let first = try box.backup(to: drive)
        let rekeyed = try box.run(["rekey", "--passphrase-file", box.passphraseFile])
        try #require(rekeyed.status == 0, "\(rekeyed.stderr)")
        try box.add("Two, after the rekey.")
        let second = try box.backup(to: drive)
        let before = drive + "/Hearth/hearth-20991231T000000Z-g99.hearth"
        let after = drive + "/Hearth/hearth-20000101T000000Z-g1.hearth"
        try #require(rename(first, before) == 0 && rename(second, after) == 0)
        return (box, drive, before, after)
    }

    @Test func aFolderGivesTheNewestByCheckedNumbersNotByName() throws {
        let (box, drive, _, _) = try Self.swappedNames()
        let restored = try box.run(["restore", drive, "--passphrase-file", box.passphraseFile])
        #expect(restored.status == 0, "\(restored.stderr)")
        #expect(restored.stderr.contains("The newest backup of this vault in \(drive)/Hearth is hearth-20000101T000000Z-g1.hearth."),
                "\(restored.stderr)")
        #expect(restored.stderr.contains("By key epoch and save number, checked with your vault's key: save 3, key epoch 2"),
                "\(restored.stderr)")
        #expect(restored.stderr.contains("already holds exactly the records of this backup"))
    }

    @Test func onAFreshMachineTheHighestClaimIsTakenAndTheEpochIsShown() throws {
        let (box, drive, _, _) = try Self.swappedNames()
        unlink(box.vault)
        try FileManager.default.removeItem(atPath: box.stateHome)  // nothing seen on this "machine"
        let restored = try box.run(["restore", drive, "--passphrase-file", box.passphraseFile])
        #expect(restored.status == 0, "\(restored.stderr)")
        #expect(restored.stderr.contains("is hearth-20000101T000000Z-g1.hearth.\n") && restored.stderr.contains("  By key epoch and save number: save 3, key epoch 2"),
                "\(restored.stderr)")
        #expect(restored.stderr.contains("if you noted a higher key epoch at your last rekey"))
        let status = try box.run(["status", "--json"])
        #expect(status.stdout.contains("\"key_epoch\" : 2") || status.stdout.contains("\"key_epoch\":2"), "\(status.stdout)")
        #expect(try box.entryIDs().count == 2)
    }

    /// Review 2, finding 9: on a fresh machine one junk file (a copied header claiming a huge key
    /// epoch, checksum recomputed) does not block `restore DRIVE`: it is passed over, and named.
    @Test func onAFreshMachineAJunkFileIsPassedOverAndNamed() throws {
        let box = try Sandbox(mode: .inProcess)
        try box.makeVault(entries: ["One."])
        let drive = box.path("drive")
        try FileManager.default.createDirectory(atPath: drive, withIntermediateDirectories: true)
        _ = try box.backup(to: drive)
        try box.add("Two.")
        let newest = try box.backup(to: drive)
        var junk = readFile(newest)
        withUnsafeBytes(of: UInt64(1 << 32).littleEndian) { junk.replaceSubrange(32..<40, with: $0) }
        junk.replaceSubrange(2016..<2048, with: junk[0..<2016].withUnsafeBytes { GenericHash.hash($0) })
        let junkPath = drive + "/Hearth/hearth-20991231T000000Z-g9.hearth"
        try writeFile(junk, to: junkPath)
        // A stranger file that claims to be this vault but opens with nothing.
        var stranger = readFile(newest)
        for i in 128..<176 { stranger[i] ^= 0x5a }  // slot 0's wrapped master key scrambled
        withUnsafeBytes(of: UInt64(4_000).littleEndian) { stranger.replaceSubrange(32..<40, with: $0) }
        stranger.replaceSubrange(2016..<2048, with: stranger[0..<2016].withUnsafeBytes { GenericHash.hash($0) })
        try writeFile(stranger, to: drive + "/Hearth/hearth-20991231T000000Z-g8.hearth")
        // And one that claims to be of another vault (which would make the folder look shared).
        var foreign = readFile(newest)
        for i in 16..<32 { foreign[i] ^= 0xff }
        foreign.replaceSubrange(2016..<2048, with: foreign[0..<2016].withUnsafeBytes { GenericHash.hash($0) })
        try writeFile(foreign, to: drive + "/Hearth/hearth-20991231T000000Z-g7.hearth")

        unlink(box.vault)
        try FileManager.default.removeItem(atPath: box.stateHome)
        let restored = try box.run(["restore", drive, "--passphrase-file", box.passphraseFile])
        #expect(restored.status == 0, "\(restored.stderr)")
        // Its slot is the one the genuine backups of key epoch 1 hold: a slot never appears at two
        // epochs (a rekey writes every slot anew), so it is passed over before it is opened.
        #expect(restored.stderr.contains("hearth-20991231T000000Z-g9.hearth (says save 2, key epoch 4294967296, dated 2099-12-31 00:00 UTC by its name): "),
                "\(restored.stderr)")
        #expect(restored.stderr.contains("copied from a backup of an earlier key epoch"), "\(restored.stderr)")
        #expect(restored.stderr.contains("hearth-20991231T000000Z-g8.hearth (says save 2, key epoch 4000, dated 2099-12-31 00:00 UTC by its name): "), "\(restored.stderr)")
        #expect(restored.stderr.contains("hearth-20991231T000000Z-g7.hearth (says save 2, key epoch 1, dated 2099-12-31 00:00 UTC by its name): it does not open"), "\(restored.stderr)")
        #expect(restored.stderr.contains("is \((newest as NSString).lastPathComponent).\n") && restored.stderr.contains("  By key epoch and save number: save 2, key epoch 1"),
                "\(restored.stderr)")
        #expect(try box.entryIDs().count == 2)

        // Only junk left: nothing restored, each file named, and the exit says why.
        unlink(box.vault)
        for name in names(in: drive + "/Hearth") where !name.hasPrefix("hearth-2099") { unlink(drive + "/Hearth/" + name) }
        let none = try box.run(["restore", drive, "--passphrase-file", box.passphraseFile])
        #expect(none.status == 77, "\(none.stderr)")
        #expect(none.stderr.contains("None of the backups in") && none.stderr.contains("hearth-20991231T000000Z-g9.hearth"))
        #expect(!FileManager.default.fileExists(atPath: box.vault))
    }

    @Test func aNamedBackupFromBeforeARekeyIsMarkedAndTheNewerOneNamed() throws {
        let (box, _, before, after) = try Self.swappedNames()
        let restored = try box.run(["restore", before, "--passphrase-file", box.passphraseFile])
        // The vault holds a record the backup lacks: refused, after saying what the backup is.
        #expect(restored.status == 1, "\(restored.stderr)")
        #expect(restored.stderr.contains("Restoring \(before).\n") && restored.stderr.contains("  Save 1, key epoch 1, dated 2099-12-31 00:00 UTC by its name."),
                "\(restored.stderr)")
        #expect(restored.stderr.contains("This backup is from before a rekey of your vault"))
        #expect(restored.stderr.contains("The backup is at key epoch 1; your vault is at 2."))
        #expect(restored.stderr.contains("the same folder holds a newer backup of this vault: \((after as NSString).lastPathComponent)."))
        #expect(restored.stderr.contains("save 3, key epoch 2, checked with your vault's key."))
        #expect(restored.stderr.contains("nothing was changed"))
    }

    @Test func aFolderWithoutBackupsOfThisVault() throws {
        let box = try Sandbox(mode: .inProcess)
        try box.makeVault(entries: ["One."])
        let empty = box.path("empty")
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        let restored = try box.run(["restore", empty, "--passphrase-file", box.passphraseFile])
        #expect(restored.status == 66, "\(restored.stderr)")
        #expect(restored.stderr.contains("There is no backup of this vault in"))
    }

    @Test func aLaterKeyEpochIsNamedNotTakenSilently() throws {
        let box = try Sandbox(mode: .inProcess)
        try box.makeVault(entries: ["One."])
        let beforeRekey = readFile(box.vault)
        let rekeyed = try box.run(["rekey", "--passphrase-file", box.passphraseFile])
        try #require(rekeyed.status == 0, "\(rekeyed.stderr)")
        let drive = box.path("drive")
        try FileManager.default.createDirectory(atPath: drive, withIntermediateDirectories: true)
        let newer = try box.backup(to: drive)
        try writeFile(beforeRekey, to: box.vault)  // an older copy is back at the vault's path
        let restored = try box.run(["restore", drive, "--passphrase-file", box.passphraseFile])
        #expect(restored.status == 66, "\(restored.stderr)")
        #expect(restored.stderr.contains("Not taken: \((newer as NSString).lastPathComponent), which your vault's key cannot check"),
                "\(restored.stderr)")
        #expect(restored.stderr.contains("\((newer as NSString).lastPathComponent) (save 2, key epoch 2"), "\(restored.stderr)")
        #expect(restored.stderr.contains("--with-backup-keys"))
        #expect(unchanged(box.vault, beforeRekey))
    }
}
