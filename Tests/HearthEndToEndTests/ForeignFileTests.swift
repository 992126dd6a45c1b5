import Foundation
import HearthTestSupport
import Testing

/// Paths from outside that are not regular files (a FIFO, a device, a folder) never hang a
/// command and are refused calmly (65), whether given as `--vault`, as a backup, a merge source,
/// or found under a backup's name on a drive; and `backup --keep` never removes the vault through
/// a backup folder that is a link to the vault's folder or is that folder. Every run has a time
/// limit, so a regression fails the test instead of hanging it.
@Suite("Foreign files and folders", .ownThreads)
struct ForeignFileTests {
    static let limit = 30.0

    private func expectRefusedCalmly(
        _ result: ProcessResult, _ what: String, kind: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(!result.timedOut, "\(what) hung", sourceLocation: sourceLocation)
        #expect(result.status == 65, "\(what): \(result.status) \(result.err)", sourceLocation: sourceLocation)
        #expect(result.err.contains(kind) && result.err.contains("not a file"), "\(what): \(result.err)", sourceLocation: sourceLocation)
        #expect(!result.err.contains("Something unexpected"), "\(what): \(result.err)", sourceLocation: sourceLocation)
    }

    @Test func aFIFOGivenAsAPathNeverHangs() {
        let box = Sandbox(mode: .inProcess)
        box.initVault()
        box.add("One.")
        let fifo = box.root + "/pipe.hearth"
        #expect(mkfifo(fifo, 0o600) == 0)
        let drive = box.root + "/stick"
        mkdir(drive, 0o700)
        let secret = ["--passphrase-file", box.passphraseFile]
        let runs: [(String, [String])] = [
            ("status --vault", ["status", "--vault", fifo]),
            ("status --json --vault", ["status", "--json", "--vault", fifo]),
            ("journal list --vault", ["journal", "list", "--vault", fifo] + secret),
            ("search --vault", ["search", "x", "--vault", fifo] + secret),
            ("key list --vault", ["key", "list", "--vault", fifo] + secret),
            ("passwd --vault", ["passwd", "--vault", fifo, "--new-passphrase-file", box.passphraseFile] + secret),
            ("verify", ["verify", fifo] + secret),
            ("verify --vault", ["verify", "--vault", fifo] + secret),
            ("restore", ["restore", fifo] + box.unlocking()),
            ("merge", ["merge", fifo] + box.unlocking()),
            ("backup --vault", ["backup", drive, "--vault", fifo] + secret),
        ]
        for (what, arguments) in runs {
            expectRefusedCalmly(box.run(arguments, timeout: Self.limit), what, kind: "named pipe (FIFO)")
        }
        // Other kinds of file are refused the same way.
        expectRefusedCalmly(box.run(["status", "--vault", "/dev/null"], timeout: Self.limit), "a device", kind: "character device")
        expectRefusedCalmly(box.run(["verify", drive] + secret, timeout: Self.limit), "a folder", kind: "a folder")
        #expect(box.ids().count == 1, "the vault is untouched")
    }

    /// A FIFO (and a link) planted under a backup's name on a drive: backup, backup list and
    /// restore from the folder list it as unreadable and go on.
    @Test func aFIFONamedLikeABackupNeverHangs() throws {
        let box = Sandbox(mode: .inProcess)
        box.initVault()
        box.add("One.")
        let drive = box.root + "/stick"
        mkdir(drive, 0o700)
        let made = box.run(["backup", drive] + box.unlocking(), timeout: Self.limit)
        #expect(made.status == 0, "\(made.err)")
        let fifoName = "hearth-20991231T235959Z-g99.hearth"
        #expect(mkfifo(drive + "/Hearth/" + fifoName, 0o600) == 0)
        #expect(symlink(box.vault, drive + "/Hearth/hearth-20991231T235958Z-g98.hearth") == 0)

        let listed = box.run(["backup", "list", drive, "--vault", box.vault], timeout: Self.limit)
        #expect(!listed.timedOut && listed.status == 0, "\(listed.err)")
        #expect(listed.out.contains("\(fifoName)  cannot be read: a named pipe (FIFO), not a file"), "\(listed.out)")
        #expect(listed.out.contains("cannot be read: a symbolic link, not a file"), "\(listed.out)")
        let json = box.run(["backup", "list", drive, "--json"] + box.unlocking(), timeout: Self.limit)
        #expect(!json.timedOut && json.status == 0, "\(json.err)")

        box.add("Two.")
        let again = box.run(["backup", drive, "--keep", "1"] + box.unlocking(), timeout: Self.limit)
        #expect(!again.timedOut && again.status == 0, "\(again.err)")
        var info = stat()
        #expect(lstat(drive + "/Hearth/" + fifoName, &info) == 0 && (info.st_mode & S_IFMT) == S_IFIFO, "left alone")

        let restored = box.run(["restore", drive] + box.unlocking(), timeout: Self.limit)
        #expect(!restored.timedOut, "restore FOLDER hung")
        #expect(restored.status == 0 || restored.status == 1, "\(restored.status) \(restored.err)")
        #expect(box.ids().count == 2)
    }

    /// `DEST/Hearth` planted as a link to the vault's folder: `backup --keep 1` deleted the vault.
    @Test func aBackupFolderLinkedToTheVaultsFolderIsRefused() {
        let box = Sandbox(mode: .inProcess)
        box.initVault()
        box.add("One.")
        let drive = box.root + "/stick"
        mkdir(drive, 0o700)
        #expect(symlink(box.root + "/vaults", drive + "/Hearth") == 0)
        let run = box.run(["backup", drive, "--keep", "1"] + box.unlocking(), timeout: Self.limit)
        #expect(run.status == 73, "\(run.status) \(run.err)")
        #expect(run.err.contains("is a symbolic link") && run.err.contains("Nothing was written"), "\(run.err)")
        #expect(box.ids().count == 1, "the vault is still there")
        #expect((try? FileManager.default.contentsOfDirectory(atPath: box.root + "/vaults").filter { $0.hasPrefix("hearth-") }) == [])
    }

    /// DEST is the vault's own folder (named `hearth`, as the default one is, so it is taken as
    /// the backup folder itself): refused, and the vault stays.
    @Test func theVaultsOwnFolderIsRefused() {
        let box = Sandbox(mode: .inProcess)
        let folder = box.root + "/data/hearth"
        let vault = folder + "/vault.hearth"
        box.initVault(vault)
        box.add("One.", vault: vault)
        let run = box.run(["backup", folder, "--keep", "1"] + box.unlocking(vault), timeout: Self.limit)
        #expect(run.status == 73, "\(run.status) \(run.err)")
        #expect(run.err.contains("is the folder your vault"), "\(run.err)")
        #expect(box.ids(vault: vault).count == 1)
        #expect((try? FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasPrefix("hearth-") }) == [])
    }
}
