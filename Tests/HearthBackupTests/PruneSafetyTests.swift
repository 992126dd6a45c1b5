import Foundation
@testable import HearthBackup
import HearthCrypto
import HearthVault
import HearthTestSupport
import Testing

/// `hearth backup --keep N` removes only backups whose header authenticates with the vault's key
/// at its key epoch and whose save is older, never by names, file dates or claimed numbers; it
/// removes nothing while the drive holds a backup newer than the vault (the vault may be an older
/// copy put back at its path), nor when this account does not trust, or does not know, the vault's keys.
@Suite(.ownThreads) struct PruneSafetyTests {
    static func backupNames(_ drive: String) -> Set<String> {
        Set(names(in: drive + "/Hearth").filter { $0.hasSuffix(".hearth") })
    }

    /// Rewrites the header's claimed key epoch and fixes the checksum (the MAC cannot be fixed).
    static func claimEpoch(_ epoch: UInt64, in path: String) throws {
        var bytes = readFile(path)
        withUnsafeBytes(of: epoch.littleEndian) { bytes.replaceSubrange(32..<40, with: $0) }
        let sum = bytes[0..<2016].withUnsafeBytes { GenericHash.hash($0) }
        bytes.replaceSubrange(2016..<2048, with: sum)
        try writeFile(bytes, to: path)
    }

    /// Review 2, finding 6, attack 1: someone holding retired keys puts a vault forged at key
    /// epoch 999 at the vault's path; a backup with --keep (from cron, maybe with no ledger) must
    /// not remove the genuine backups as "older".
    @Test func aForgedHighEpochVaultRemovesNoGenuineBackup() throws {
        let (box, beforeRekey) = try OlderKeysCopyTests.rekeyedVault()  // epoch 2
        let drive = box.path("drive")
        try FileManager.default.createDirectory(atPath: drive, withIntermediateDirectories: true)
        var genuine: [String] = []
        for i in 0..<3 {
            try box.add("Genuine \(i).")
            genuine.append(try box.backup(to: drive))
        }
        try writeFile(beforeRekey, to: box.vault)
        try forgeFile(box.vault, passphrase: KeyChanges.secret("first passphrase"), epoch: 999, generation: 1000)

        let run = try box.run(["backup", drive, "--keep", "1", "--passphrase-file", box.passphraseFile])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("Nothing was removed from the drive (--keep 1 was not applied)"), "\(run.stderr)")
        #expect(run.stderr.contains("has keys this account has not seen") && run.stderr.contains("Its keys: key epoch 999, key "))
        // A cron job whose account has no ledger: nothing removed either, and it says why.
        let fresh = try box.run(["backup", drive, "--keep", "1", "--passphrase-file", box.passphraseFile],
                                extra: ["XDG_STATE_HOME": box.path("empty-state")])
        #expect(fresh.status == 0, "\(fresh.stderr)")
        #expect(fresh.stderr.contains("This account has not yet noted the keys of the vault"), "\(fresh.stderr)")
        let left = Self.backupNames(drive)
        for path in genuine { #expect(left.contains((path as NSString).lastPathComponent), "\(path) survives") }
        #expect(left.count == genuine.count + 2)

        // And the rule itself, whatever the trust: judged with the forged vault's own key, the
        // genuine epoch-2 backups are at another key epoch, listed and never removed.
        let forgedBackup = fresh.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let header = try Vault.readHeader(at: forgedBackup).header
        let keys = try Vault.unlock(header, with: .passphrase(KeyChanges.secret("first passphrase"))).epoch
        let survey = try #require(BackupPruner.survey(folder: drive + "/Hearth", newBackupPath: forgedBackup, keys: keys))
        let plan = BackupPruner.plan(survey, keep: 1)
        #expect(plan.remove.map(\.name) == [(run.stdout.trimmingCharacters(in: .whitespacesAndNewlines) as NSString).lastPathComponent],
                "only the other backup of the forged vault itself (same key, older copy of that save)")
        #expect(Set(plan.protected.filter { $0.reason == .olderKeys }.map(\.entry.name))
                == Set(genuine.map { ($0 as NSString).lastPathComponent }))
    }

    /// Finding 6, attack 2: someone with the drive lowers the claimed key epoch of genuine recent
    /// backups (checksum recomputed): they are not removed as older.
    @Test func aBackupWhoseClaimedEpochWasLoweredIsNotRemoved() throws {
        let box = try Sandbox(mode: .inProcess)
        try box.makeVault(entries: ["One."])
        let rekeyed = try box.run(["rekey", "--passphrase-file", box.passphraseFile])
        try #require(rekeyed.status == 0, "\(rekeyed.stderr)")
        let drive = box.path("drive")
        try FileManager.default.createDirectory(atPath: drive, withIntermediateDirectories: true)
        var made: [String] = []
        for i in 0..<3 {
            try box.add("Entry \(i).")
            made.append(try box.backup(to: drive))  // epoch 2
        }
        try Self.claimEpoch(1, in: made[2])  // the newest genuine backup now claims epoch 1

        try box.add("Entry 3.")
        let run = try box.run(["backup", drive, "--keep", "1", "--passphrase-file", box.passphraseFile])
        #expect(run.status == 0, "\(run.stderr)")
        let newest = run.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let left = Self.backupNames(drive)
        let name = { (path: String) in (path as NSString).lastPathComponent }
        #expect(left == [name(newest), name(made[2])], "\(left)")
        #expect(run.stderr.contains("Removed 2 older backups"), "\(run.stderr)")
        #expect(run.stderr.contains("\(name(made[2])): from before a rekey by its header"), "\(run.stderr)")
    }

    @Test func noLedgerOrChecksOffRemovesNothing() throws {
        let box = try Sandbox(mode: .inProcess)
        try box.makeVault(entries: ["One."])
        let drive = box.path("drive")
        try FileManager.default.createDirectory(atPath: drive, withIntermediateDirectories: true)
        let first = try box.backup(to: drive)
        try box.add("Two.")
        let off = try box.run(["backup", drive, "--keep", "1", "--passphrase-file", box.passphraseFile],
                              extra: ["HEARTH_NO_ROLLBACK_CHECK": "1"])
        #expect(off.status == 0 && off.stderr.contains("$HEARTH_NO_ROLLBACK_CHECK is set"), "\(off.stderr)")
        try FileManager.default.removeItem(atPath: box.stateHome)
        let none = try box.run(["backup", drive, "--keep", "1", "--passphrase-file", box.passphraseFile])
        #expect(none.status == 0 && none.stderr.contains("This account has not yet noted the keys of the vault"), "\(none.stderr)")
        #expect(Self.backupNames(drive).count == 3 && Self.backupNames(drive).contains((first as NSString).lastPathComponent))
        // Once the vault is opened on this account, its keys are known and --keep works.
        _ = try box.entryIDs()
        let trusted = try box.run(["backup", drive, "--keep", "1", "--passphrase-file", box.passphraseFile])
        #expect(trusted.status == 0 && trusted.stderr.contains("Removed 3 older backups"), "\(trusted.stderr)")
        #expect(Self.backupNames(drive) == [(trusted.stdout.trimmingCharacters(in: .whitespacesAndNewlines) as NSString).lastPathComponent])
    }

    @Test func aRolledBackVaultNeverPrunesTheNewerBackups() throws {
        let box = try Sandbox(mode: .inProcess)
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
            #expect(run.stderr.contains("this drive holds 3 backups newer than your vault") && run.stderr.contains("Your vault is save 1, key epoch 1"), "\(run.stderr)")
            #expect(run.stderr.contains("save 4, key epoch 1 (checked with your vault's key)"))
            #expect(run.stderr.contains("So nothing was removed from it."))
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
        let box = try Sandbox(mode: .inProcess)
        try box.makeVault(entries: ["One."])
        let drive = box.path("drive")
        try FileManager.default.createDirectory(atPath: drive, withIntermediateDirectories: true)
        let beforeRekey = readFile(box.vault)
        let old1 = try box.backup(to: drive)
        let rekeyed = try box.run(["rekey", "--passphrase-file", box.passphraseFile])
        try #require(rekeyed.status == 0, "\(rekeyed.stderr)")
        #expect(rekeyed.stderr.contains("Note the new key epoch, 2"))
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
        let box = try Sandbox(mode: .inProcess)
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
        #expect(run.stderr.contains("hearth-19990101T000000Z-g3.hearth: it does not open with your vault's key"), "\(run.stderr)")

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
