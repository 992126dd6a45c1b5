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
            print("skipped: mounting a small tmpfs needs root")
            return
        }
        let root = try makeTemporaryFolder("hearth-enospc")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let vaultPath = root + "/vault.hearth"
        _ = try Self.makeVault(at: vaultPath, entries: 400)
        let drive = root + "/drive"
        try FileManager.default.createDirectory(atPath: drive, withIntermediateDirectories: true)
        guard tool("/bin/mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", drive])?.status == 0 else {
            print("skipped: cannot mount a tmpfs here")
            return
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

    @Test func rollbackLedgerWarnsOnlyWhenThisPathGoesBackwards() throws {
        let root = try makeTemporaryFolder("hearth-ledger")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let ledger = RollbackLedger(file: root + "/state/hearth/seen-vaults.json")
        let path = root + "/vault.hearth"
        try writeFile([0], to: path)
        var header = VaultHeader(
            vaultID: Array(repeating: 7, count: 16), keyEpoch: 2, generation: 10, slots: Array(repeating: nil, count: 8),
            payloadID: [], streamHeader: [], payloadLength: 0)
        #expect(ledger.observe(path: path, header: header, event: .readAuthenticated) == nil)
        var info = stat()
        #expect(stat(ledger.file, &info) == 0 && info.st_mode & 0o777 == 0o600)
        let text = String(decoding: readFile(ledger.file), as: UTF8.self)
        #expect(!text.contains("vault.hearth") && !text.contains(root), "no path in the ledger")

        // An unauthenticated header may warn, but never raises what was seen.
        header.generation = 50
        #expect(ledger.observe(path: path, header: header, event: .readUnauthenticated) == nil)
        header.generation = 9
        let warning = try #require(ledger.observe(path: path, header: header, event: .readAuthenticated))
        #expect(warning.seenGeneration == 10 && warning.olderSave && !warning.olderKeys)
        // Older keys at the same save count warn too.
        header.generation = 10
        header.keyEpoch = 1
        #expect(ledger.observe(path: path, header: header, event: .readAuthenticated)?.olderKeys == true)
        // Another path holding the same vault does not warn.
        let elsewhere = root + "/stick-copy.hearth"
        try writeFile([0], to: elsewhere)
        #expect(ledger.observe(path: elsewhere, header: header, event: .readAuthenticated) == nil)
        // A save by Hearth at the path starts its history afresh.
        header.generation = 11
        #expect(ledger.observe(path: path, header: header, event: .saved) == nil)
        header.keyEpoch = 1
        header.generation = 12
        #expect(ledger.observe(path: path, header: header, event: .readAuthenticated) == nil)
    }

    @Test func rollbackLedgerNamesOlderKeysForWritesWithoutExcuse() throws {
        let root = try makeTemporaryFolder("hearth-ledger-keys")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let ledger = RollbackLedger(file: root + "/state/hearth/seen-vaults.json")
        let path = root + "/vault.hearth"
        try writeFile([0], to: path)
        var header = VaultHeader(
            vaultID: Array(repeating: 9, count: 16), keyEpoch: 1, generation: 3, slots: Array(repeating: nil, count: 8),
            payloadID: [], streamHeader: [], payloadLength: 0)
        #expect(ledger.olderKeys(path: path, header: header) == nil, "nothing seen yet: nothing known")
        header.keyEpoch = 3
        ledger.observe(path: path, header: header, event: .saved)
        header.keyEpoch = 2
        header.generation = 9
        let older = try #require(ledger.olderKeys(path: path, header: header))
        #expect(older.keyEpoch == 2 && older.seenKeyEpoch == 3 && !older.olderSave)
        // An older save at the same epoch is not about keys.
        header.keyEpoch = 3
        header.generation = 1
        #expect(ledger.olderKeys(path: path, header: header) == nil)
        // Another path, or a special file, is not the vault at this path.
        header.keyEpoch = 2
        #expect(ledger.olderKeys(path: root + "/stick.hearth", header: header) == nil)
        // Accepted: from now on this epoch is the path's history.
        ledger.accept(path: path, header: header)
        #expect(ledger.olderKeys(path: path, header: header) == nil)
        header.keyEpoch = 1
        #expect(ledger.olderKeys(path: path, header: header)?.seenKeyEpoch == 2)
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
