import Foundation
import HearthCrypto
@testable import HearthBackup
import HearthRecords
@testable import HearthVault
import Testing

/// A format-1 slot (binding 0) does not bind the key epoch. Someone who held a passphrase since
/// removed (so the master key of that epoch) and an old copy can put the person's format-1 slot
/// into a file claiming a higher epoch, sealed and MACed under the old master key: the person's
/// old passphrase opens it, and nothing in the file alone tells it from a newer one
/// (Docs/SECURITY.md, "Key epochs"). What can tell: the same slot in a backup of a lower epoch
/// (a rekey writes every slot anew), and, for a merge, a vault already in format 2.
@Suite struct SlotReplayTests {
    static let fast = Argon2idParameters(opsLimit: 1, memLimitBytes: 8 << 20)
    static let passphrase = "the person's passphrase"

    static let heap = PlaintextAllocator(
        allocate: { UnsafeMutableRawBufferPointer.allocate(byteCount: $0, alignment: 16) },
        release: { $0.deallocate() })

    /// Slot 0 of the vault at `path` written again as format 1 writes it (binding 0, the
    /// associated data without the key epoch), as a vault upgraded from format 1 holds it.
    static func makeSlotZeroFormatOne(at path: String, secret: SecretBytes) throws {
        let file = readFile(path)
        let header = try Vault.readHeader(at: path).header
        let keys = try Vault.unlock(header, with: .passphrase(secret))
        let master = try #require(keys.masterKey)
        let old = try #require(header.slots[0])
        var bytes = [UInt8](repeating: 0, count: KeySlot.encodedLength)
        bytes[0] = old.type.rawValue
        bytes[1] = KeySlot.kdfArgon2id
        LittleEndian.write(old.kdf.opsLimit, into: &bytes, at: 8)
        LittleEndian.write(old.kdf.memLimitBytes, into: &bytes, at: 16)
        bytes.replaceSubrange(24..<64, with: Random.bytes(40))  // salt, nonce
        bytes.replaceSubrange(64..<112, with: [UInt8](repeating: 1, count: 48))
        let draft = try #require(try KeySlot.decode(bytes[...], index: 0, headerVersion: 2))
        #expect(!draft.bindsEpoch)
        let wrapping = try PasswordHash.deriveKey(passphrase: secret, salt: draft.salt, parameters: draft.kdf)
        let wrapped = try AEAD.seal(
            master, key: wrapping, nonce: draft.nonce, associatedData: draft.associatedData(vaultID: header.vaultID, epoch: 0))
        bytes.replaceSubrange(64..<112, with: wrapped)
        var next = header
        next.slots[0] = try KeySlot.decode(bytes[...], index: 0, headerVersion: 2)
        try SlotMetadataTable.open(from: header, masterKey: master).seal(into: &next, masterKey: master)
        let (_, sealed) = try next.sealed(with: keys.epoch)
        try writeFile(sealed + file[VaultHeader.length...], to: path)
    }

    static func backUp(_ vaultPath: String, to folder: String, name: String) throws -> String {
        let path = folder + "/" + name
        try writeFile(readFile(vaultPath), to: path)
        chmod(path, 0o600)
        return path
    }

    /// The attacker's file: `old` (a copy of epoch 1, whose slot 0 has binding 0) claiming key
    /// epoch `epoch` and a high save number, its records re-encrypted and its header MACed with
    /// keys derived from epoch 1's master key, which the attacker held.
    static func forge(from old: String, oldMaster: SecretBytes, epoch: UInt64, to path: String) throws {
        let secret = KeyChanges.secret(passphrase)
        let (opened, payload) = try Vault.open(at: old, credential: .passphrase(secret), allocator: heap)
        defer { payload.deallocate() }
        var template = opened.header
        template.keyEpoch = epoch
        template.generation = 50
        _ = try Vault.write(
            template, keys: try EpochKeys(masterKey: oldMaster, epoch: epoch), payload: UnsafeRawBufferPointer(payload), to: path)
    }

    /// On a fresh machine, `restore FOLDER` took the highest key epoch that opened and checked:
    /// the forgery (epoch 7) over the genuine backup after the rekey (epoch 2). Now a file holding
    /// a slot that a backup of a lower epoch holds too is passed over as altered.
    @Test func restoreFromADrivePassesOverAFileWithASlotFromAnEarlierEpoch() throws {
        let root = try makeTemporaryFolder("hearth-slot-replay")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let folder = root + "/Hearth"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let vaultPath = root + "/vault.hearth"
        let secret = KeyChanges.secret(Self.passphrase)
        let vault = try RecordVault.create(at: vaultPath, secret: secret, kdf: Self.fast, lockTimeout: 5)
        let now = RecordTime.now()
        try vault.store.add(JournalEntry(at: now, createdAt: now, updatedAt: now, text: "Entry.", tags: []))
        do {
            let lock = try WriterLock(vaultPath: vaultPath, timeout: 5)
            try vault.save()
            withExtendedLifetime(lock) {}
        }
        try Self.makeSlotZeroFormatOne(at: vaultPath, secret: secret)
        let epochOne = try Self.backUp(vaultPath, to: folder, name: "hearth-20261121T213000Z-g1.hearth")
        let oldHeader = try Vault.readHeader(at: epochOne).header
        let oldMaster = try #require(try Vault.unlock(oldHeader, with: .passphrase(secret)).masterKey)

        // The person rekeys (after removing the other passphrase): every slot binds epoch 2.
        try KeyRing.unlock(at: vaultPath, credential: .passphrase(secret)).rekey(lockTimeout: 5)
        let epochTwo = try Self.backUp(vaultPath, to: folder, name: "hearth-20261122T213000Z-g2.hearth")
        #expect(try Vault.readHeader(at: epochTwo).header.keyEpoch == 2)

        let scratch = root + "/forged.hearth"
        try Self.forge(from: epochOne, oldMaster: oldMaster, epoch: 7, to: scratch)
        let forged = try Self.backUp(scratch, to: folder, name: "hearth-20261123T213000Z-g50.hearth")
        // The file alone cannot tell: the person's passphrase opens it, at epoch 7.
        let (opened, payload) = try Vault.open(at: forged, credential: .passphrase(secret), allocator: Self.heap)
        payload.deallocate()
        #expect(opened.header.keyEpoch == 7 && opened.keys.slotIndex == 0)

        var budget = KeyDerivationBudget()
        let outcome = FreshMachineChoice.choose(in: folder, credential: .passphrase(secret), budget: &budget)
        #expect(outcome.candidates.map(\.path) == [epochTwo])
        let passed = try #require(outcome.passedOver.first { $0.entry.path == forged })
        guard case .damaged(let detail) = passed.reason else {
            Issue.record("the forged file was passed over for another reason: \(passed.reason)")
            return
        }
        #expect(detail == FreshMachineChoice.replayedSlotDetail)
    }

    /// The rule on its own, over headers in memory: only files above the lowest epoch a slot
    /// appears at are refused; copies of one epoch share their slots legitimately.
    @Test func aSlotSharedAcrossEpochsMarksOnlyTheHigherFiles() {
        typealias F = PlannerFixtures
        let entries = [
            F.entry("a", F.header(epoch: 1, save: 1, slot: 5)),
            F.entry("b", F.header(epoch: 1, save: 2, slot: 5)),
            F.entry("c", F.header(epoch: 2, save: 3, slot: 6)),
            F.entry("d", F.header(epoch: 7, save: 50, slot: 5)),
            F.entry("e", F.header(vault: F.vaultB, epoch: 9, save: 1, slot: 5)),
        ]
        #expect(FreshMachineChoice.replayedSlotFiles(among: entries) == [3])
    }

    /// Merge (both `merge OTHER` and `merge --conflicts`, which judge a copy through the same
    /// `MergePlanner.trust(checked:...)`): a copy claiming a higher epoch than a format-2 vault,
    /// opened only through a format-1 slot, is only added from, whatever this account trusts.
    @Test func aMergedCopyOpenedThroughAReplayedSlotIsOnlyAddedFrom() throws {
        let root = try makeTemporaryFolder("hearth-slot-replay-merge")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let vaultPath = root + "/vault.hearth"
        let secret = KeyChanges.secret(Self.passphrase)
        _ = try RecordVault.create(at: vaultPath, secret: secret, kdf: Self.fast, lockTimeout: 5)
        try Self.makeSlotZeroFormatOne(at: vaultPath, secret: secret)
        let epochOne = try Self.backUp(vaultPath, to: root, name: "epoch-one.hearth")
        let oldMaster = try #require(
            try Vault.unlock(try Vault.readHeader(at: epochOne).header, with: .passphrase(secret)).masterKey)
        try KeyRing.unlock(at: vaultPath, credential: .passphrase(secret)).rekey(lockTimeout: 5)
        let forged = root + "/vault.sync-conflict-20261206-101010-ABCDEFG.hearth"
        try Self.forge(from: epochOne, oldMaster: oldMaster, epoch: 7, to: forged)

        let vaultHeader = try Vault.readHeader(at: vaultPath).header
        let vaultKeys = try Vault.unlock(vaultHeader, with: .passphrase(secret))
        let copyHeader = try Vault.readHeader(at: forged).header
        let copyKeys = try Vault.unlock(copyHeader, with: .passphrase(secret))
        var asked = false
        let trust = MergePlanner.trust(checked: copyHeader, openedWith: copyKeys, vault: vaultHeader, vaultKeys: vaultKeys.epoch) {
            asked = true
            return true
        }
        #expect(trust == .onlyAdd(.unboundSlotAboveVault(other: 7, vault: 2)))
        #expect(!asked)
    }
}
