import Foundation
import HearthTestSupport
import Testing

/// Review 2, findings 4 and 7: the ledger's pending entries, its failures, and the off switch.
@Suite("The ledger when things go wrong", .ownThreads)
struct LedgerFailureTests {
    private func ledger(_ box: Sandbox) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(readFile(box.stateHome + "/hearth/seen-vaults.json"))) as? [String: Any])
    }

    private func pending(_ box: Sandbox) throws -> [Any] {
        let vaults = try #require(try ledger(box)["vaults"] as? [String: [String: Any]])
        return try #require(vaults.values.first?["pending"] as? [Any])
    }

    /// A rekey with a new recovery key that cannot be written out is abandoned: its key does not
    /// stay pending (a copy of its flushed temporary file must never be taken for our own).
    @Test func anAbandonedRekeyLeavesNothingPending() throws {
        let box = try Sandbox(mode: .inProcess)
        try box.makeVault(entries: ["One."])
        let recovery = try box.run(["key", "add", "--recovery", "--passphrase-file", box.passphraseFile])
        try #require(recovery.status == 0, "\(recovery.stderr)")
        let before = readFile(box.vault)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: hearthBinary)
        process.arguments = ["rekey", "--new-recovery-key", "--passphrase-file", box.passphraseFile]
        process.environment = box.environment
        process.standardOutput = try #require(FileHandle(forWritingAtPath: "/dev/full"))
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 74)
        let unchanged = readFile(box.vault) == before
        #expect(unchanged)
        #expect(try pending(box).isEmpty)
    }

    /// With the checks off, Hearth's own rekey is still recorded: with them back on, the
    /// person's vault is not refused.
    @Test func aRekeyWithTheChecksOffIsStillRecorded() throws {
        let box = try Sandbox(mode: .inProcess)
        try box.makeVault(entries: ["One."])
        let rekeyed = try box.run(["rekey", "--passphrase-file", box.passphraseFile], extra: ["HEARTH_NO_ROLLBACK_CHECK": "1"])
        try #require(rekeyed.status == 0, "\(rekeyed.stderr)")
        let added = try box.run(["journal", "add", "--passphrase-file", box.passphraseFile], input: "Two.")
        #expect(added.status == 0, "\(added.stderr)")
    }

    /// The pending note cannot be written (here: another process holds the ledger's lock past
    /// its 5 seconds): the rekey stops before the rename, and says so.
    @Test func aRekeyWhosePendingNoteFailsChangesNothing() throws {
        let box = try Sandbox(mode: .inProcess)
        try box.makeVault(entries: ["One."])
        let before = readFile(box.vault)
        let fd = open(box.stateHome + "/hearth/seen-vaults.json.lock", O_RDWR | O_CREAT, 0o600)
        try #require(fd >= 0 && flock(fd, LOCK_EX) == 0)
        let rekeyed = try box.run(["rekey", "--passphrase-file", box.passphraseFile])
        close(fd)
        #expect(rekeyed.status == 74, "\(rekeyed.stderr)")
        #expect(rekeyed.stderr.contains("The rekey did not happen") && rekeyed.stderr.contains("Nothing was changed"))
        let unchanged = readFile(box.vault) == before
        #expect(unchanged)
    }

    /// A damaged ledger is moved aside once, said plainly, and a new one started.
    @Test func aDamagedLedgerIsMovedAsideAndANewOneStarted() throws {
        let box = try Sandbox(mode: .inProcess)
        try box.makeVault(entries: ["One."])
        try writeFile(Array("{ not json".utf8), to: box.stateHome + "/hearth/seen-vaults.json")
        let listed = try box.run(["journal", "list", "--passphrase-file", box.passphraseFile])
        #expect(listed.status == 0)
        #expect(listed.stderr.components(separatedBy: "was damaged; it was set aside").count == 2, "\(listed.stderr)")
        let names = try FileManager.default.contentsOfDirectory(atPath: box.stateHome + "/hearth")
        let aside = try #require(names.first { $0.hasPrefix("seen-vaults.json.unreadable-") })
        #expect(readFile(box.stateHome + "/hearth/" + aside) == Array("{ not json".utf8))
        let again = try box.run(["journal", "list", "--passphrase-file", box.passphraseFile])
        #expect(!again.stderr.contains("set aside"), "said once")
        #expect(try (ledger(box)["vaults"] as? [String: Any])?.count == 1, "a new record, with this vault")
    }

    /// Review 2, finding 5: on an account with no record, reading an old backup first (in its
    /// `Hearth/` folder) does not make its keys the trusted ones; the working vault's first read
    /// does, and says so in one line.
    @Test func trustOnFirstUseOnlyFromTheWorkingVault() throws {
        let box = try Sandbox(mode: .inProcess)
        try box.makeVault(entries: ["One."])
        let drive = box.path("drive")
        try FileManager.default.createDirectory(atPath: drive, withIntermediateDirectories: true)
        let backup = try box.backup(to: drive)
        let rekeyed = try box.run(["rekey", "--passphrase-file", box.passphraseFile])
        try #require(rekeyed.status == 0, "\(rekeyed.stderr)")
        try FileManager.default.removeItem(atPath: box.stateHome)

        let old = try box.run(["journal", "list", "--vault", backup, "--passphrase-file", box.passphraseFile])
        #expect(old.status == 0 && !old.stderr.contains("First time"), "\(old.stderr)")
        let added = try box.run(["journal", "add", "--passphrase-file", box.passphraseFile], input: "Two.")
        #expect(added.status == 0, "\(added.stderr)")
        #expect(added.stderr.contains("Remembered: key epoch 2, key "))
        let again = try box.run(["journal", "list", "--passphrase-file", box.passphraseFile])
        #expect(!again.stderr.contains("First time"), "said once")
        // Review 2, finding 15: reading the backup again adds no path entry for it.
        let backupAgain = try box.run(["journal", "list", "--vault", backup, "--passphrase-file", box.passphraseFile])
        #expect(backupAgain.status == 0)
        #expect(try (ledger(box)["paths"] as? [String: Any])?.count == 1, "only the working vault's path")
    }
}
