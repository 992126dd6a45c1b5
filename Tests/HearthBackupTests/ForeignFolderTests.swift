import Foundation
import HearthCrypto
@testable import HearthBackup
import HearthRecords
import HearthVault
import Testing

/// Backup folders and files that are not what they seem (a link planted on a drive, the vault's
/// own folder, the vault's file under a backup's name) never lead Hearth to touch the vault; the
/// rollback ledger's temporaries left by a killed command are cleaned. In process: the binary's
/// side (exit codes, FIFOs) is in HearthEndToEndTests/ForeignFileTests.
@Suite struct ForeignFolderTests {
    static let backupName = "hearth-20261124T213000Z-g1.hearth"

    /// A vault in `root/data/hearth/vault.hearth` (a folder named like the default one).
    static func vault(in root: String) throws -> String {
        let path = root + "/data/hearth/vault.hearth"
        try FileManager.default.createDirectory(atPath: root + "/data/hearth", withIntermediateDirectories: true)
        _ = try InProcessTests.makeVault(at: path, entries: 1)
        return path
    }

    @Test func aLinkAsTheBackupFolderIsRefused() throws {
        let root = try makeTemporaryFolder("hearth-linkfolder")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let vault = try Self.vault(in: root)
        let drive = root + "/drive"
        try FileManager.default.createDirectory(atPath: drive, withIntermediateDirectories: true)
        #expect(symlink(root + "/data/hearth", drive + "/Hearth") == 0)
        #expect(throws: BackupError.folderIsLink(path: drive + "/Hearth")) {
            _ = try BackupFolder(destination: drive, vaultPath: vault, lockTimeout: 1)
        }
        // Even a link to a harmless folder: a link could lead anywhere.
        try FileManager.default.createDirectory(atPath: root + "/elsewhere", withIntermediateDirectories: true)
        #expect(unlink(drive + "/Hearth") == 0 && symlink(root + "/elsewhere", drive + "/Hearth") == 0)
        #expect(throws: BackupError.folderIsLink(path: drive + "/Hearth")) {
            _ = try BackupFolder(destination: drive, lockTimeout: 1)
        }
        #expect(FileManager.default.fileExists(atPath: vault))
    }

    @Test func theVaultsFolderOrOneHoldingItsFileIsRefused() throws {
        let root = try makeTemporaryFolder("hearth-vaultfolder")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let vault = try Self.vault(in: root)
        // DEST is the vault's folder: named `hearth`, it is taken as the backup folder itself.
        #expect(throws: BackupError.folderHoldsVault(folder: root + "/data/hearth", vaultPath: vault, why: .isVaultFolder)) {
            _ = try BackupFolder(destination: root + "/data/hearth", vaultPath: vault, lockTimeout: 1)
        }
        // Reached through a link to its parent: the same folder by device and inode.
        #expect(symlink(root + "/data", root + "/alias") == 0)
        #expect(throws: BackupError.self) {
            _ = try BackupFolder(destination: root + "/alias/hearth", vaultPath: vault, lockTimeout: 1)
        }
        // A vault path that is a link: the folder of the file it names is refused too.
        #expect(symlink(vault, root + "/link.hearth") == 0)
        #expect(throws: BackupError.folderHoldsVault(folder: root + "/data/hearth", vaultPath: root + "/link.hearth", why: .isVaultFolder)) {
            _ = try BackupFolder(destination: root + "/data/hearth", vaultPath: root + "/link.hearth", lockTimeout: 1)
        }
        // A folder that holds the vault's file under another name (a hard link).
        let drive = root + "/drive"
        try FileManager.default.createDirectory(atPath: drive + "/Hearth", withIntermediateDirectories: true)
        #expect(link(vault, drive + "/Hearth/" + Self.backupName) == 0)
        #expect(throws: BackupError.folderHoldsVault(folder: drive + "/Hearth", vaultPath: vault, why: .holdsVault(name: Self.backupName))) {
            _ = try BackupFolder(destination: drive, vaultPath: vault, lockTimeout: 1)
        }
        #expect(FileManager.default.fileExists(atPath: vault))
        // An ordinary drive is fine.
        try FileManager.default.createDirectory(atPath: root + "/stick", withIntermediateDirectories: true)
        _ = try BackupFolder(destination: root + "/stick", vaultPath: vault, lockTimeout: 1)
    }

    /// The last check before every removal: only the very file judged, and never the vault.
    @Test func removalChecksTheFileRightBefore() throws {
        let root = try makeTemporaryFolder("hearth-remove")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let vault = try Self.vault(in: root)
        let drive = root + "/stick"
        try FileManager.default.createDirectory(atPath: drive, withIntermediateDirectories: true)
        let backups = try BackupFolder(destination: drive, lockTimeout: 1)
        // The vault's file under a backup's name (hard link): never removed.
        #expect(link(vault, backups.file(Self.backupName)) == 0)
        let identity = try #require(FileIdentity.of(backups.file(Self.backupName), followingLinks: false))
        #expect(backups.remove(Self.backupName, expected: identity, vaultPath: vault) == .isTheVault)
        #expect(FileManager.default.fileExists(atPath: backups.file(Self.backupName)))
        // A file swapped in after it was judged: left alone.
        let other = "hearth-20261124T213000Z-g2.hearth"
        try writeFile([1, 2, 3], to: backups.file(other))
        let judged = try #require(FileIdentity.of(backups.file(other)))
        try writeFile([4, 5, 6], to: backups.file("next"))
        #expect(rename(backups.file("next"), backups.file(other)) == 0)
        #expect(backups.remove(other, expected: judged, vaultPath: vault) == .replacedSinceChecked)
        #expect(readFile(backups.file(other)) == [4, 5, 6])
        // The file judged, not the vault: removed.
        let now = try #require(FileIdentity.of(backups.file(other)))
        #expect(backups.remove(other, expected: now, vaultPath: vault) == nil)
        #expect(!FileManager.default.fileExists(atPath: backups.file(other)))
        #expect(FileManager.default.fileExists(atPath: vault))
    }

    /// Only Hearth's backup names are catalogued, and a link under such a name is listed as
    /// unreadable, never followed (it could name the vault).
    @Test func theCatalogueListsOnlyBackupNamesAndFollowsNoLink() throws {
        let root = try makeTemporaryFolder("hearth-catalogue")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let vault = try Self.vault(in: root)
        let folder = root + "/drive/Hearth"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try writeFile(readFile(vault), to: folder + "/vault.hearth")  // a copy by hand: not a backup's name
        try writeFile(readFile(vault), to: folder + "/" + Self.backupName)
        let linkName = "hearth-20261124T213001Z-g1.hearth"
        #expect(symlink(vault, folder + "/" + linkName) == 0)
        let entries = BackupCatalog.entries(in: folder, comparedWith: nil)
        #expect(entries.map(\.name).sorted() == [Self.backupName, linkName])
        let linked = try #require(entries.first { $0.name == linkName })
        #expect(linked.header == nil && linked.identity == nil)
        #expect(linked.problem == "a symbolic link, not a file", "\(linked.problem ?? "")")
        let real = try #require(entries.first { $0.name == Self.backupName })
        #expect(real.header != nil && real.identity == FileIdentity.of(folder + "/" + Self.backupName))
        // A path the person names may be a link (restore SOURCE): followed then.
        #expect(BackupCatalog.entry(path: folder + "/" + linkName, comparedWith: nil).header != nil)
    }

    /// A restore killed while copying its safety copy (where the file system has no hard links)
    /// leaves `.vault.before-restore-<time>.hearth.tmp-<hex>`; the next copy removes such leftovers
    /// and nothing else.
    @Test func staleSafetyCopyTemporariesAreRemoved() throws {
        let root = try makeTemporaryFolder("hearth-safety-stale")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let vault = root + "/vault.hearth"
        try writeFile([1], to: vault)
        let stale = [".vault.before-restore-20261124T213000Z.hearth.tmp-0011223344556677",
                     ".vault.before-restore-20261124T213000Z-2.hearth.tmp-8899aabbccddeeff"]
        let kept = ["vault.before-restore-20261124T213000Z.hearth", ".vault.before-restore-x.hearth.tmp-short",
                    ".other.before-restore-20261124T213000Z.hearth.tmp-0011223344556677", "vault.hearth"]
        for name in stale + kept where name != "vault.hearth" { try writeFile([1], to: root + "/" + name) }
        let folderLike = ".vault.before-restore-20261124T213001Z.hearth.tmp-0011223344556677"
        try FileManager.default.createDirectory(atPath: root + "/" + folderLike, withIntermediateDirectories: false)
        RestoreWriter.removeStaleSafetyCopyTemporaries(beside: vault)
        let left = Set(names(in: root))
        for name in stale { #expect(!left.contains(name), "\(name) removed") }
        for name in kept + [folderLike] { #expect(left.contains(name), "\(name) kept") }
    }

    /// A command killed while saving the ledger leaves `.seen-vaults.json.tmp-*`; the next change
    /// (under the ledger's lock) removes them, and nothing else.
    @Test func staleLedgerTemporariesAreRemoved() throws {
        let root = try makeTemporaryFolder("hearth-ledger-stale")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let state = root + "/state/hearth"
        try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: true)
        let ledger = Ledger(file: state + "/seen-vaults.json")
        let stale = [".seen-vaults.json.tmp-0011223344556677", ".seen-vaults.json.tmp-8899aabbccddeeff"]
        let others = [".other.json.tmp-0011223344556677", "notes.txt"]
        for name in stale + others { try writeFile([1], to: state + "/" + name) }
        let vault = try Self.vault(in: root)
        let header = try Vault.readHeader(at: vault).header
        let keys = try Vault.unlock(header, with: .passphrase(KeyChanges.secret("in process")))
        ledger.recordSave(path: vault, header: header, identity: keys.epoch.identity)
        let left = Set(names(in: state))
        for name in stale { #expect(!left.contains(name), "\(name) removed") }
        for name in others + ["seen-vaults.json"] { #expect(left.contains(name), "\(name) kept") }
        // A read that changes nothing cleans up too (it still takes the lock).
        try writeFile([1], to: state + "/" + stale[0])
        ledger.observeAuthenticated(path: vault, header: header, identity: keys.epoch.identity)
        #expect(!names(in: state).contains(stale[0]))
    }
}
