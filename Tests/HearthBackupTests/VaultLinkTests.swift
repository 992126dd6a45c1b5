import Foundation
@testable import HearthBackup
import HearthVault
import HearthTestSupport
import Testing

/// Review 2, findings 1 and 2: a vault path that is a symbolic link is followed only into a
/// folder of this account that nobody else can write, and restore keeps its safety copy of the
/// file the link names, not of the link.
@Suite("Vault paths that are links", .ownThreads)
struct VaultLinkTests {
    /// A sandbox whose vault path is a link to `real/vault.hearth` (folder mode `mode`).
    private func linkedVault(folderMode: mode_t = 0o700) throws -> (Sandbox, String) {
        let box = try Sandbox(mode: .inProcess)
        try box.makeVault(entries: ["One."])
        let folder = box.path("real")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let real = folder + "/vault.hearth"
        #expect(rename(box.vault, real) == 0)
        #expect(symlink(real, box.vault) == 0)
        chmod(folder, folderMode)
        return (box, real)
    }

    @Test func theSafetyCopyIsOfTheNamedFile() throws {
        let (box, real) = try linkedVault()
        let drive = box.path("drive")
        try FileManager.default.createDirectory(atPath: drive, withIntermediateDirectories: true)
        let backup = try box.backup(to: drive)
        try box.add("Two, only in the vault.")

        let restored = try box.run(["restore", backup, "--force", "--passphrase-file", box.passphraseFile])
        #expect(restored.status == 0, "\(restored.stderr)")
        let names = try FileManager.default.contentsOfDirectory(atPath: box.path("real"))
        let copy = try #require(names.first { $0.contains("before-restore") }.map { box.path("real/" + $0) }, "\(names)")
        var info = stat()
        #expect(lstat(copy, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG)
        #expect(lstat(box.vault, &info) == 0 && (info.st_mode & S_IFMT) == S_IFLNK, "the link stays")
        #expect(try box.entryIDs(vault: copy).count == 2, "the safety copy keeps the replaced record")
        #expect(try box.entryIDs(vault: real).count == 1, "the restored vault is the backup")
    }

    @Test func keepSafetyCopyResolvesTheLink() throws {
        let box = try Sandbox(mode: .inProcess)
        let folder = box.path("real")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try writeFile(Array("old bytes".utf8), to: folder + "/v.hearth")
        #expect(symlink(folder + "/v.hearth", box.path("link.hearth")) == 0)
        let copy = try RestoreWriter.keepSafetyCopy(of: box.path("link.hearth"))
        #expect((copy as NSString).deletingLastPathComponent == realPath(folder))
        try writeFile(Array("new bytes".utf8), to: folder + "/next")
        #expect(rename(folder + "/next", folder + "/v.hearth") == 0)
        #expect(readFile(copy) == Array("old bytes".utf8))
    }

    /// Review of format 2, L4: a vault (not a link) in a folder others can write without the
    /// sticky bit was used without a word. Now one calm note; nothing refused.
    @Test func aVaultInAFolderOthersCanWriteGetsANote() throws {
        let box = try Sandbox()
        try box.makeVault(entries: ["One."])
        let folder = box.path("shared")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let vault = folder + "/vault.hearth"
        #expect(rename(box.vault, vault) == 0)
        for (mode, noted) in [(mode_t(0o777), true), (0o1777, false), (0o755, false), (0o770, true)] {
            chmod(folder, mode)
            let listed = try box.run(["journal", "list", "--vault", vault, "--passphrase-file", box.passphraseFile])
            #expect(listed.status == 0, "\(listed.stderr)")
            #expect(listed.stderr.contains("other users can change the vault's folder") == noted, "mode \(String(mode, radix: 8)): \(listed.stderr)")
        }
        chmod(folder, 0o700)
    }

    @Test func aLinkIntoAFolderOthersCanWriteIsRefused() throws {
        let (box, real) = try linkedVault(folderMode: 0o777)
        let listed = try box.run(["journal", "list", "--passphrase-file", box.passphraseFile])
        #expect(listed.status == 1, "\(listed.stderr)")
        #expect(listed.stderr.contains(real) && listed.stderr.contains("can be changed by other users"), "\(listed.stderr)")
        #expect(listed.stderr.contains("Nothing was read or changed") && listed.stdout.isEmpty)
        chmod(box.path("real"), 0o700)
        #expect(try box.entryIDs().count == 1, "once the folder is closed, the link is followed")
    }

    /// The writer lock is never opened through a link: a lock file swapped for a link does not
    /// make Hearth create or lock a file elsewhere.
    @Test func aLockFileThatIsALinkIsNotFollowed() throws {
        let box = try Sandbox(mode: .inProcess)
        try box.makeVault(entries: ["One."])
        let elsewhere = box.path("elsewhere.lock")
        let lock = try WriterLock.lockPath(for: box.vault, environment: box.environment)
        unlink(lock)
        #expect(symlink(elsewhere, lock) == 0)
        let added = try box.run(["journal", "add", "--passphrase-file", box.passphraseFile], input: "Two.")
        #expect(added.status != 0, "\(added.stderr)")
        #expect(access(elsewhere, F_OK) != 0, "nothing was created where the link points")
        #expect(try box.entryIDs().count == 1)
    }

    /// A link named like an older Hearth's lock beside the vault is neither followed nor used.
    @Test func anOldLockNameThatIsALinkIsIgnored() throws {
        let box = try Sandbox()
        try box.makeVault(entries: ["One."])
        let elsewhere = box.path("elsewhere.lock")
        #expect(symlink(elsewhere, box.vault + ".lock") == 0)
        let added = try box.run(["journal", "add", "--passphrase-file", box.passphraseFile], input: "Two.")
        #expect(added.status == 0, "\(added.stderr)")
        #expect(access(elsewhere, F_OK) != 0, "nothing was created where the link points")
        #expect(try box.entryIDs().count == 2)
    }
}
