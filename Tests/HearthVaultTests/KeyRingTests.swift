import Foundation
import HearthCrypto
import Testing

@testable import HearthVault

/// A private folder with a vault made in-process at the cheapest cost the reader accepts.
final class KeyRingFixture {
    static let fast = Argon2idParameters(opsLimit: 1, memLimitBytes: 8 << 20)
    let folder: String
    let path: String
    let plaintext: [UInt8]

    init(payloadBytes: Int = 150_000, passphrase: String = "first passphrase") throws {
        folder = NSTemporaryDirectory() + "hearth-keyring-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        path = folder + "/vault.hearth"
        plaintext = Random.bytes(payloadBytes)
        _ = try plaintext.withUnsafeBytes { raw in
            try Vault.create(at: path, secret: try Self.secret(passphrase), kdf: Self.fast, payload: raw)
        }
    }

    deinit { try? FileManager.default.removeItem(atPath: folder) }

    static func secret(_ text: String) throws -> SecretBytes { try SecretBytes(copying: Array(text.utf8)) }

    func bytes() throws -> [UInt8] { Array(try Data(contentsOf: URL(fileURLWithPath: path))) }

    func header() throws -> VaultHeader { try Vault.readHeader(at: path).header }

    /// Opens with `credential` and returns the decrypted payload.
    func open(_ credential: VaultCredential) throws -> [UInt8] {
        let allocator = PlaintextAllocator(
            allocate: { count in UnsafeMutableRawBufferPointer.allocate(byteCount: count, alignment: 16) },
            release: { $0.deallocate() })
        let (_, payload) = try Vault.open(at: path, credential: credential, allocator: allocator)
        defer { UnsafeMutableRawBufferPointer(start: payload.baseAddress, count: max(1, payload.count)).deallocate() }
        return Array(payload)
    }

    func open(passphrase: String) throws -> [UInt8] { try open(.passphrase(try Self.secret(passphrase))) }

    func ring(_ passphrase: String) throws -> KeyRing {
        try KeyRing.unlock(at: path, credential: .passphrase(try Self.secret(passphrase)))
    }

    /// The master key a slot wraps, as someone holding that slot's secret could take it from a copy.
    static func masterKey(in header: VaultHeader, slot: Int, secret: String) throws -> SecretBytes {
        try header.slots[slot]!.unwrap(secret: try Self.secret(secret), vaultID: header.vaultID, epoch: header.keyEpoch)
    }
}

@Suite("Key ring: header-only changes and rekey")
struct KeyRingTests {
    typealias F = KeyRingFixture

    @Test func addSecondPassphraseBothOpenAndPayloadIsCopiedVerbatim() throws {
        let f = try F()
        let before = try f.bytes()
        let ring = try f.ring("first passphrase")
        let index = try ring.addSlot(type: .passphrase, secret: try F.secret("second"), kdf: F.fast, label: "laptop")
        #expect(index == 1)
        try ring.save(lockTimeout: 1)
        let after = try f.bytes()
        let header = try f.header()
        #expect(header.generation == 1)
        #expect(Array(after[VaultHeader.length...]) == Array(before[VaultHeader.length...]))
        #expect(try f.open(passphrase: "first passphrase") == f.plaintext)
        #expect(try f.open(passphrase: "second") == f.plaintext)
        let reopened = try f.ring("second")
        #expect(reopened.unlockedSlot == 1)
        #expect(reopened.metadata.entries[1]?.label == "laptop")
        #expect(reopened.metadata.entries[0] != nil)
    }

    @Test func labelsAndDatesSurviveSealing() throws {
        let f = try F()
        let ring = try f.ring("first passphrase")
        let long = String(repeating: "é", count: 31)  // 62 bytes, the longest label
        _ = try ring.addSlot(type: .passphrase, secret: try F.secret("x"), kdf: F.fast, label: long)
        try ring.save(lockTimeout: 1)
        let entry = try #require(try f.ring("x").metadata.entries[1])
        #expect(entry.label == long)
        let now = Date().timeIntervalSince1970
        #expect(abs(entry.createdAt.timeIntervalSince1970 - now) < 60)
        #expect(abs(entry.changedAt.timeIntervalSince1970 - now) < 60)
    }

    @Test func passwdReplacesTheSecret() throws {
        let f = try F()
        let ring = try f.ring("first passphrase")
        let created = ring.metadata.entries[0]!.createdAt
        try ring.replaceSlot(0, secret: try F.secret("new one"), kdf: F.fast)
        try ring.save(lockTimeout: 1)
        #expect(throws: VaultError.wrongSecret) { try f.open(passphrase: "first passphrase") }
        #expect(try f.open(passphrase: "new one") == f.plaintext)
        #expect(try f.ring("new one").metadata.entries[0]?.createdAt == created)
    }

    @Test func removeRefusesLastSlotAndLockOut() throws {
        let f = try F()
        let ring = try f.ring("first passphrase")
        #expect(throws: VaultError.lastSlot) { try ring.removeSlot(0) }
        #expect(throws: VaultError.noSuchSlot(index: 3)) { try ring.removeSlot(3) }
        _ = try ring.addSlot(type: .passphrase, secret: try F.secret("b"), kdf: F.fast, label: "")
        try ring.save(lockTimeout: 1)

        let viaB = try f.ring("b")
        #expect(throws: VaultError.wouldLockOut(index: 1)) { try viaB.removeSlot(1) }
        #expect(try viaB.prove(try F.secret("wrong"), type: .passphrase).isEmpty)
        #expect(try viaB.prove(try F.secret("first passphrase"), type: .passphrase) == [0])
        try viaB.removeSlot(1)
        try viaB.save(lockTimeout: 1)
        #expect(throws: VaultError.wrongSecret) { try f.open(passphrase: "b") }
        #expect(try f.open(passphrase: "first passphrase") == f.plaintext)
    }

    @Test func sessionKeysCannotManageKeys() throws {
        let f = try F()
        let header = try f.header()
        let master = try F.masterKey(in: header, slot: 0, secret: "first passphrase")
        let epoch = try EpochKeys(masterKey: master, epoch: header.keyEpoch)
        #expect(throws: VaultError.slotSecretRequired) {
            try KeyRing.unlock(at: f.path, credential: .epochKey(epoch.epochKey!.secret))
        }
    }

    @Test func concurrentKeyChangeIsDetected() throws {
        let f = try F()
        let first = try f.ring("first passphrase")
        let second = try f.ring("first passphrase")
        _ = try first.addSlot(type: .passphrase, secret: try F.secret("one"), kdf: F.fast, label: "")
        _ = try second.addSlot(type: .passphrase, secret: try F.secret("two"), kdf: F.fast, label: "")
        try first.save(lockTimeout: 1)
        let between = try f.bytes()
        #expect(throws: VaultError.keysChangedMeanwhile) { try second.save(lockTimeout: 1) }
        #expect(throws: VaultError.keysChangedMeanwhile) { try second.rekey(lockTimeout: 1) }
        #expect(try f.bytes() == between)
    }

    @Test func damagedPayloadIsNotCarriedForward() throws {
        let f = try F()
        var bytes = try f.bytes()
        bytes[bytes.count - 40] ^= 1
        try Data(bytes).write(to: URL(fileURLWithPath: f.path))
        let ring = try f.ring("first passphrase")
        _ = try ring.addSlot(type: .passphrase, secret: try F.secret("b"), kdf: F.fast, label: "")
        #expect(throws: VaultError.self) { try ring.save(lockTimeout: 1) }
        #expect(try f.bytes() == bytes)
        #expect(throws: VaultError.self) { try ring.rekey(lockTimeout: 1) }
        #expect(try f.bytes() == bytes)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: f.folder).filter { $0.contains(".tmp-") }
        #expect(leftovers.isEmpty)
    }

    @Test(arguments: [0, 1, 65536, 200_001])
    func rekeyChangesEveryKeyAndKeepsTheRecords(payloadBytes: Int) throws {
        let f = try F(payloadBytes: payloadBytes)
        let setup = try f.ring("first passphrase")
        _ = try setup.addSlot(type: .passphrase, secret: try F.secret("b"), kdf: F.fast, label: "b")
        let recovery = try RecoveryKey.generate()
        _ = try setup.addSlot(type: .recovery, secret: recovery, kdf: F.fast, label: "paper")
        try setup.save(lockTimeout: 1)
        let old = try f.header()
        let oldBytes = try f.bytes()
        let oldMaster = try F.masterKey(in: old, slot: 0, secret: "first passphrase")

        let ring = try f.ring("first passphrase")
        #expect(throws: VaultError.unconfirmedSlots([1, 2])) { try ring.rekey(lockTimeout: 1) }
        #expect(try f.bytes() == oldBytes)
        #expect(try ring.prove(try F.secret("b"), type: .passphrase) == [1])
        #expect(try ring.prove(recovery, type: .recovery) == [2])
        try ring.rekey(lockTimeout: 1)

        let new = try f.header()
        #expect(new.keyEpoch == old.keyEpoch + 1)
        #expect(new.generation == old.generation + 1)
        #expect(new.vaultID == old.vaultID)
        #expect(try f.open(passphrase: "first passphrase") == f.plaintext)
        #expect(try f.open(passphrase: "b") == f.plaintext)
        #expect(try f.open(.recoveryKey(recovery)) == f.plaintext)
        #expect(try f.ring("b").metadata.entries[1]?.label == "b")
        #expect(try f.ring("b").metadata.entries[2]?.label == "paper")

        // No key material in common: master key, every salt, nonce and wrapped key, the payload
        // id, stream header, and the ciphertext itself.
        let newMaster = try F.masterKey(in: new, slot: 1, secret: "b")
        #expect(newMaster != oldMaster)
        for i in 0..<3 {
            let a = try #require(old.slots[i])
            let b = try #require(new.slots[i])
            #expect(a.salt != b.salt && a.nonce != b.nonce && a.wrappedKey != b.wrappedKey && a.kdf == b.kdf)
        }
        #expect(new.payloadID != old.payloadID && new.streamHeader != old.streamHeader)
        #expect(new.metadataNonce != old.metadataNonce && new.sealedMetadata != old.sealedMetadata)
        let newBytes = try f.bytes()
        if payloadBytes >= 64 {
            #expect(Array(newBytes[(VaultHeader.length + 32)..<(VaultHeader.length + 64)])
                != Array(oldBytes[(VaultHeader.length + 32)..<(VaultHeader.length + 64)]))
        }
        #expect(newBytes.count == oldBytes.count)
        for (a, b) in [(old, new), (new, old)] {
            #expect(throws: VaultError.self) { try a.slots[0]!.unwrap(secret: newMaster, vaultID: b.vaultID, epoch: b.keyEpoch) }
        }
    }

    /// The revocation story: B's holder kept the master key from a copy. After `key remove B`
    /// and `rekey`, that master key opens neither the new vault nor any later save.
    @Test func removeThenRekeyLocksOutAKeptMasterKey() throws {
        let f = try F()
        let setup = try f.ring("first passphrase")
        _ = try setup.addSlot(type: .passphrase, secret: try F.secret("b"), kdf: F.fast, label: "")
        try setup.save(lockTimeout: 1)
        let copy = try f.header()
        let stolen = try F.masterKey(in: copy, slot: 1, secret: "b")

        // Removing alone does not help against a kept master key.
        let ring = try f.ring("first passphrase")
        try ring.removeSlot(1)
        try ring.save(lockTimeout: 1)
        let afterRemove = try f.header()
        #expect(try f.open(.epochKey(try EpochKeys(masterKey: stolen, epoch: afterRemove.keyEpoch).epochKey!.secret)) == f.plaintext)

        try ring.rekey(lockTimeout: 1)
        func assertLockedOut() throws {
            let header = try f.header()
            for epoch in UInt64(0)...(header.keyEpoch + 3) {
                let keys = try EpochKeys(masterKey: stolen, epoch: epoch)
                #expect(throws: VaultError.wrongSecret) { try f.open(.epochKey(keys.epochKey!.secret)) }
                // Not even the payload stream accepts the old payload key.
                let puller = try SecretStreamPuller(key: keys.payloadKey, header: header.streamHeader)
                let bytes = try f.bytes()
                let chunk = Array(bytes[VaultHeader.length..<min(bytes.count, VaultHeader.length + 65536 + 17)])
                var out = [UInt8](repeating: 0, count: chunk.count - 17)
                #expect(throws: CryptoError.self) {
                    try chunk.withUnsafeBytes { c in
                        try out.withUnsafeMutableBytes { o in _ = try puller.pull(c, associatedData: [], into: o) }
                    }
                }
            }
            for slot in header.slots.compactMap({ $0 }) {
                #expect(throws: VaultError.wrongSecret) { try slot.unwrap(secret: try F.secret("b"), vaultID: header.vaultID, epoch: header.keyEpoch) }
            }
        }
        try assertLockedOut()
        // A later save (the next generation) is just as closed.
        let current = try f.header()
        let keys = try Vault.unlock(current, with: .passphrase(try F.secret("first passphrase")))
        let lock = try WriterLock(vaultPath: f.path, timeout: 1)
        _ = try Random.bytes(5000).withUnsafeBytes { raw in
            try Vault.save(previous: current, keys: keys.epoch, payload: raw, to: f.path)
        }
        withExtendedLifetime(lock) {}
        try assertLockedOut()
    }

    @Test func fromOpenedAddsARecoveryKeyWithoutAnotherUnlock() throws {
        let folder = NSTemporaryDirectory() + "hearth-keyring-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/v.hearth"
        let opened = try [UInt8](repeating: 7, count: 10).withUnsafeBytes { raw in
            try Vault.create(at: path, secret: try F.secret("p"), kdf: F.fast, payload: raw)
        }
        let ring = try KeyRing.fromOpened(opened, secret: try F.secret("p"))
        let key = try RecoveryKey.generate()
        #expect(try ring.addSlot(type: .recovery, secret: key, kdf: F.fast, label: "recovery key") == 1)
        try ring.save(lockTimeout: 1)
        let header = try Vault.readHeader(at: path).header
        #expect(try Vault.unlock(header, with: .recoveryKey(key)).slotIndex == 1)
        // A recovery key is never tried against passphrase slots, nor a passphrase against recovery slots.
        #expect(try KeyRing.unlock(at: path, credential: .recoveryKey(key)).prove(key, type: .passphrase).isEmpty)
        #expect(throws: VaultError.wrongSecret) { try Vault.unlock(header, with: .recoveryKey(try F.secret("p"))) }
    }
}
