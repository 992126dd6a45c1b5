import Foundation
import HearthBackup
import Testing

/// A vault kept on a stick (real FAT32 and exFAT file systems through FUSE) as the working vault:
/// saves leave nothing but the vault on the stick, backups onto the stick itself are refused
/// (also through a link), the ledger knows the vault wherever the stick is mounted, and a stick
/// pulled out between commands is said plainly and loses nothing. Serialized: loop devices and
/// mounts are machine-wide.
@Suite(.serialized) struct StickVaultTests {
    /// A sandbox whose drive folder (`$HEARTH_DRIVE_ROOTS`) is `media/`, with a stick mounted there.
    static func stick(_ kind: FUSEDrive.Kind) throws -> (Sandbox, FUSEDrive, [String: String]) {
        if let reason = FUSEDrive.unavailableReason(kind) { try Test.cancel("\(reason)") }
        let box = try Sandbox(mode: .inProcess)
        let media = box.path("media")
        try FileManager.default.createDirectory(atPath: media, withIntermediateDirectories: true)
        let drive = try FUSEDrive(kind, megabytes: kind == .fat32 ? 40 : 8, in: media)
        return (box, drive, ["HEARTH_DRIVE_ROOTS": media, "HEARTH_VAULT": drive.mountPoint + "/vault.hearth"])
    }

    static func run(_ box: Sandbox, _ env: [String: String], _ arguments: [String], input: String = "") throws -> Finished {
        try box.run(arguments + ["--passphrase-file", box.passphraseFile], input: input, extra: env)
    }

    @Test(arguments: [FUSEDrive.Kind.fat32, .exfat])
    func aStickAsTheWorkingVault(_ kind: FUSEDrive.Kind) throws {
        let (box, drive, env) = try Self.stick(kind)
        defer { drive.close() }
        let vault = drive.mountPoint + "/vault.hearth"
        let made = try box.run(["init", "--new-passphrase-file", box.passphraseFile], extra: env)
        try #require(made.status == 0, "\(made.stderr)")
        for text in ["On the stick.", "Another."] {
            #expect(try Self.run(box, env, ["journal", "add"], input: text).status == 0)
        }
        #expect(names(in: drive.mountPoint) == ["vault.hearth"], "nothing of Hearth's on the stick but the vault")
        #expect(try Self.run(box, env, ["verify"]).status == 0, "modes mean nothing on \(kind.rawValue)")
        let before = readFile(vault)

        // Backups onto the stick itself are refused, by its mount point or through a link to it.
        let link = box.path("stick-link")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: drive.mountPoint)
        for destination in [drive.mountPoint, link, drive.mountPoint + "/"] {
            let refused = try Self.run(box, env, ["backup", destination])
            #expect(refused.status == 73, "\(destination): \(refused.stderr)")
            #expect(refused.stderr.contains("(backupOnVaultsDrive)") && refused.stderr.contains("Nothing was written"))
        }
        #expect(names(in: drive.mountPoint) == ["vault.hearth"], "nothing was written on the stick")
        let listed = try box.run(["backup", "list", drive.mountPoint], extra: env)
        #expect(listed.status == 0, "listing the stick stays fine: \(listed.stderr)")
        let home = box.path("home-backups")
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        #expect(try Self.run(box, env, ["backup", home]).status == 0, "onto the computer's own disk: fine")
        // Without a destination, the stick holding the vault is not offered.
        let found = try Self.run(box, env, ["backup"])
        #expect(found.status == 66 && found.stderr.contains("(onlyDriveHoldsVault)"), "\(found.stderr)")

        // The stick on another computer (another mount path): the same place for the ledger, so
        // an older copy put back on it is noticed there too.
        #expect(try Self.run(box, env, ["journal", "add"], input: "A third.").status == 0)
        try drive.remount(at: box.path("media/STICK1"))
        let moved = drive.mountPoint + "/vault.hearth"
        var here = env
        here["HEARTH_VAULT"] = moved
        #expect(try box.entryIDs(vault: moved).count == 3)
        unlink(moved)
        try writeFile(before, to: moved)
        let older = try Self.run(box, here, ["journal", "list"])
        #expect(older.status == 0 && older.stderr.contains("(olderCopyWarning)"), "\(older.stderr)")
    }

    @Test func unpluggedBetweenCommandsThenPluggedInAgain() throws {
        let (box, drive, env) = try Self.stick(.fat32)
        defer { drive.close() }
        let made = try box.run(["init", "--new-passphrase-file", box.passphraseFile], extra: env)
        try #require(made.status == 0, "\(made.stderr)")
        #expect(try Self.run(box, env, ["journal", "add"], input: "Saved before the stick was pulled.").status == 0)

        drive.pullOut()
        for arguments in [["journal", "list"], ["journal", "add"], ["status"]] {
            let gone = try Self.run(box, env, arguments, input: "Not saved: the stick is out.")
            #expect(gone.status == 74, "\(arguments): \(gone.stderr)")
            #expect(gone.stderr.contains("(vaultDriveGone)") && gone.stderr.contains("stopped answering"), "\(gone.stderr)")
            #expect(!gone.stderr.contains("damaged"))
        }

        drive.close()
        let unplugged = try Self.run(box, env, ["journal", "list"])
        #expect(unplugged.status == 66 && unplugged.stderr.contains("(vaultDriveNotMounted)"), "\(unplugged.stderr)")
        try drive.mount()
        let listed = try Self.run(box, env, ["journal", "list", "--json"])
        #expect(listed.status == 0 && listed.stdout.contains("Saved before"), "\(listed.stderr)")
        #expect(try Self.run(box, env, ["verify"]).status == 0)
        #expect(try Self.run(box, env, ["journal", "add"], input: "After plugging it in.").status == 0)
        #expect(names(in: drive.mountPoint) == ["vault.hearth"])
    }

    /// Two computers (two homes: their own ledgers, locks and runtime folders) take turns with the
    /// stick, each mounting it at its own path: a passphrase change on one and a rekey on the
    /// other are told to the other calmly, the rekey accepted with the exact `--accept-keys`, and
    /// every change saved on either is there exactly once, deletions deleted.
    @Test func twoComputersTakeTurnsWithTheStick() throws {
        let (laptop, drive, laptopEnv) = try Self.stick(.fat32)
        defer { drive.close() }
        let desktop = try Sandbox(passphrase: "first passphrase", mode: .inProcess)
        let made = try laptop.run(["init", "--new-passphrase-file", laptop.passphraseFile], extra: laptopEnv)
        try #require(made.status == 0, "\(made.stderr)")
        let first = try #require(try Self.run(laptop, laptopEnv, ["journal", "add"], input: "Laptop, first.").stdout.split(separator: "\n").first)
        #expect(try Self.run(laptop, laptopEnv, ["journal", "add"], input: "Laptop, second.").status == 0)

        // On the desktop, mounted elsewhere: a new passphrase, a deletion and an entry.
        try drive.remount(at: desktop.path("run-media/STICK"))
        let desktopEnv = ["HEARTH_DRIVE_ROOTS": desktop.path("run-media"), "HEARTH_VAULT": drive.mountPoint + "/vault.hearth"]
        let newPassphrase = try desktop.secretFile("new", "a new passphrase for both")
        let changed = try desktop.run(
            ["passwd", "--passphrase-file", desktop.passphraseFile, "--new-passphrase-file", newPassphrase], extra: desktopEnv)
        try #require(changed.status == 0, "\(changed.stderr)")
        let withNew = { (box: Sandbox, env: [String: String], arguments: [String], input: String) throws -> Finished in
            try box.run(arguments + ["--passphrase-file", newPassphrase], input: input, extra: env)
        }
        #expect(try withNew(desktop, desktopEnv, ["journal", "delete", String(first)], "").status == 0)
        #expect(try withNew(desktop, desktopEnv, ["journal", "add"], "Desktop, first.").status == 0)

        // Back on the laptop: its passphrase no longer opens, and it is told why.
        try drive.remount(at: laptop.path("media/STICK"))
        var here = laptopEnv
        here["HEARTH_VAULT"] = drive.mountPoint + "/vault.hearth"
        let old = try Self.run(laptop, here, ["journal", "list"])
        #expect(old.status == 77 && old.stderr.contains("(passphrasesChangedSinceSeen)"), "\(old.stderr)")
        #expect(try withNew(laptop, here, ["rekey"], "").status == 0)
        #expect(try withNew(laptop, here, ["journal", "add"], "Laptop, after its rekey.").status == 0)

        // The desktop's ledger did not see the rekey: reading works, a save is refused naming the keys.
        try drive.remount(at: desktop.path("run-media/STICK"))
        let refused = try withNew(desktop, desktopEnv, ["journal", "add"], "Desktop, refused.")
        #expect(refused.status == 1, "\(refused.stderr)")
        let accept = try #require(KeyChangeRoundsTests.acceptance(in: refused.stderr), "\(refused.stderr)")
        let accepted = try withNew(desktop, desktopEnv, ["journal", "add", "--accept-keys", accept], "Desktop, after accepting.")
        #expect(accepted.status == 0, "\(accepted.stderr)")

        let listed = try withNew(desktop, desktopEnv, ["export", "--format", "json"], "")
        let document = try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [String: Any]
        let texts = (document?["records"] as? [[String: Any]] ?? []).compactMap { $0["text"] as? String }.sorted()
        #expect(texts == ["Desktop, after accepting.", "Desktop, first.", "Laptop, after its rekey.", "Laptop, second."], "\(texts)")
        #expect(names(in: drive.mountPoint) == ["vault.hearth"])
    }

    /// An unlocked session works for a vault on the stick (its socket is in the runtime folder,
    /// not on the stick); pulling the stick out locks it (the agent sees the vault gone), and
    /// after plugging it in again the passphrase is asked for as before.
    @Test func aSessionOnTheStickLocksWhenTheStickIsPulled() throws {
        let (box, drive, env) = try Self.stick(.fat32)
        defer { drive.close() }
        let made = try box.run(["init", "--new-passphrase-file", box.passphraseFile], extra: env)
        try #require(made.status == 0, "\(made.stderr)")
        #expect(try Self.run(box, env, ["journal", "add"], input: "Written before unlocking.").status == 0)
        let unlocked = try box.run(["unlock", "--passphrase-file", box.passphraseFile], extra: env, mode: .binary)
        try #require(unlocked.status == 0, "\(unlocked.stderr)")
        let status = try box.run(["status", "--json"], extra: env)
        let object = try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any]
        let session = try #require(object?["session"] as? [String: Any], "\(status.stdout)")
        let agent = try #require(session["agent_pid"] as? Int).int32
        defer { if kill(agent, 0) == 0 { kill(agent, SIGTERM) } }
        let listed = try box.run(["journal", "list"], extra: env)
        #expect(listed.status == 0 && listed.stdout.contains("Written before unlocking."), "the session opens it: \(listed.stderr)")

        drive.pullOut()
        let deadline = Date().addingTimeInterval(5)
        while kill(agent, 0) == 0, Date() < deadline { usleep(20_000) }
        #expect(kill(agent, 0) != 0, "the session locked when the stick went away")

        drive.close()
        try drive.mount()
        let asked = try box.run(["journal", "list"], extra: env)
        #expect(asked.status == 77, "locked: a secret is needed again: \(asked.stderr)")
        #expect(try Self.run(box, env, ["journal", "list"]).status == 0)
    }
}

private extension Int {
    var int32: Int32 { Int32(truncatingIfNeeded: self) }
}
