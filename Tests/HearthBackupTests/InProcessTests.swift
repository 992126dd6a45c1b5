import Foundation
import HearthCrypto
@testable import HearthBackup
import HearthRecords
import HearthVault
import Testing

/// Pieces of backups tested in process, where the binary cannot reach the case.
@Suite struct InProcessTests {
    static func makeVault(at path: String, entries: Int, textLength: Int = 200) throws -> RecordVault {
        let vault = try RecordVault.create(
            at: path, secret: KeyChanges.secret("in process"), kdf: .interactive, lockTimeout: 5)
        let now = RecordTime.now()
        for i in 0..<entries {
            try vault.store.add(JournalEntry(
                at: now, createdAt: now, updatedAt: now, text: "Entry \(i) " + String(repeating: "x", count: textLength),
                tags: []))
        }
        let lock = try WriterLock(vaultPath: path, timeout: 5)
        try vault.save()
        withExtendedLifetime(lock) {}
        return vault
    }

    /// The space check is exact on tmpfs; on a drive whose free count is wrong, the write
    /// itself fails with ENOSPC. Then: 74's error, and no partial file.
    @Test func noSpaceMidWriteLeavesNoPartialFile() throws {
        guard geteuid() == 0 else {
            try Test.cancel("mounting a small tmpfs needs root")
        }
        let root = try makeTemporaryFolder("hearth-enospc")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let vaultPath = root + "/vault.hearth"
        _ = try Self.makeVault(at: vaultPath, entries: 400)
        let drive = root + "/drive"
        try FileManager.default.createDirectory(atPath: drive, withIntermediateDirectories: true)
        guard tool("/bin/mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", drive])?.status == 0 else {
            try Test.cancel("cannot mount a tmpfs here")
        }
        defer { _ = tool("/bin/umount", [drive]) }
        let folder = try BackupFolder(destination: drive, lockTimeout: 1)
        let source = try VaultSnapshot(path: vaultPath)
        #expect(source.length > 64 << 10)
        #expect(throws: BackupError.self) {
            try BackupMaker.write(source, to: folder.file("hearth-20261124T213000Z-g1.hearth"), folder: folder)
        }
        do {
            try BackupMaker.write(source, to: folder.file("hearth-20261124T213000Z-g1.hearth"), folder: folder)
        } catch let error as BackupError {
            guard case .driveFull = error else {
                Issue.record("expected driveFull, got \(error)")
                return
            }
        }
        #expect(names(in: folder.path).isEmpty)
    }

    @Test func staleTemporariesAreRemovedAndNothingElse() throws {
        let root = try makeTemporaryFolder("hearth-stale")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let folder = try BackupFolder(destination: root, lockTimeout: 1)
        let stale = ".hearth-20261124T213000Z-g4.hearth.tmp-00112233445566ff"
        for name in [stale, "hearth-20261124T213000Z-g4.hearth", ".hidden", "notes.txt"] {
            try writeFile([1, 2, 3], to: folder.file(name))
        }
        #expect(folder.removeStaleTemporaries() == 1)
        #expect(names(in: folder.path) == [".hidden", "hearth-20261124T213000Z-g4.hearth", "notes.txt"])
        // The folder lock keeps a second backup out while the first runs.
        #expect(throws: BackupError.folderBusy(folder: folder.path)) {
            _ = try BackupFolder(destination: root, lockTimeout: 0.1)
        }
    }

    @Test func keyStateComparesEpochsAndSlots() throws {
        let root = try makeTemporaryFolder("hearth-keystate")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let path = root + "/vault.hearth"
        _ = try Self.makeVault(at: path, entries: 1)
        let original = try Vault.readHeader(at: path).header
        #expect(BackupKeyState.compare(backup: original, current: original) == .current)
        try KeyChanges.changePassphrase(vault: path, from: "in process", to: "changed")
        let changed = try Vault.readHeader(at: path).header
        #expect(BackupKeyState.compare(backup: original, current: changed) == .olderPassphrase)
        var added = original
        added.slots[1] = changed.slots[0]  // a second key (its position does not matter to the comparison)
        #expect(BackupKeyState.compare(backup: original, current: added) == .fewerKeys)
        try KeyChanges.rekey(vault: path, passphrase: "changed")
        let rekeyed = try Vault.readHeader(at: path).header
        #expect(BackupKeyState.compare(backup: changed, current: rekeyed) == .beforeRekey)
        #expect(BackupKeyState.compare(backup: rekeyed, current: changed) == .newerKeys)
        var stranger = original
        stranger.vaultID = Array(repeating: 1, count: 16)
        #expect(BackupKeyState.compare(backup: stranger, current: original) == .otherVault)
        #expect(BackupKeyState.compare(backup: original, current: nil) == .unknown)
    }
}
