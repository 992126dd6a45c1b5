import Foundation
import HearthCrypto
import Testing

@testable import HearthVault

/// What format version 2 adds (Docs/FORMAT.md, "Version 2"): an unlocked session's key fits one
/// key table, and a key slot binds the key epoch of its header.
@Suite struct FormatV2Tests {
    typealias F = KeyRingFixture

    /// The MAC key a version-2 session holds, as a thief of the agent's memory would have it.
    static func stolenTableKey(_ session: SessionKey) throws -> SecretBytes {
        let keys = try #require(try session.epochKeys())
        guard case .slotTable(let key) = keys.headerKey else { throw VaultError.slotSecretRequired }
        #expect(keys.epochKey == nil, "a version-2 session holds no epoch key")
        return key.macKey
    }

    static func session(for path: String, passphrase: String) throws -> SessionKey {
        let header = try Vault.readHeader(at: path).header
        let keys = try Vault.unlock(header, with: .passphrase(try F.secret(passphrase)))
        return SessionKey(
            epoch: header.keyEpoch, key: try keys.epoch.sessionMaterial(for: header), slotTableDigest: header.keyTableDigest)
    }

    /// A session unlocked after a key change cannot bring back the key table from before it:
    /// the table MAC key it holds makes a header no reader accepts, at version 2 or 1.
    @Test func aSessionKeyCannotAuthenticateAnotherKeyTable() throws {
        let f = try F()
        let before = try f.header()
        let beforeBytes = Array(try f.bytes()[0..<VaultHeader.length])
        let ring = try f.ring("first passphrase")
        _ = try ring.addSlot(type: .passphrase, secret: try F.secret("second"), kdf: F.fast, label: "")
        try ring.save(lockTimeout: 1)
        let after = try f.header()
        #expect(after.keyTableDigest != before.keyTableDigest)
        let session = try Self.session(for: f.path, passphrase: "first passphrase")
        let stolen = try Self.stolenTableKey(session)
        #expect(try f.open(.session(session)) == f.plaintext)

        // The earlier table, with a later save number, MACed with the stolen key.
        var forged = before
        forged.generation = after.generation + 1
        for version: UInt16 in [2, 1] {
            forged.version = version
            let file = try f.bytes()
            writeBytes(forged.encoded(macKey: stolen) + file[VaultHeader.length...], to: f.path)
            if version == 2 {
                // The person's passphrase opens a slot of that table: the MAC then fails, 65.
                #expect(throws: VaultError.damaged(detail: "the header does not authenticate (it was altered)")) {
                    try f.open(passphrase: "first passphrase")
                }
                let keys = try Vault.unlock(after, with: .passphrase(try F.secret("first passphrase"))).epoch
                #expect(keys.check(try f.header()) == .notAuthentic)
            } else {
                // As version 1: its slots bind the epoch, which a version-1 slot cannot (65).
                #expect(throws: VaultError.damaged(detail: "key slot 0 has non-zero reserved bytes")) {
                    try f.open(passphrase: "first passphrase")
                }
            }
        }
        // The API refuses it too: a one-table key writes only its own table.
        let sessionKeys = try #require(try session.epochKeys())
        var older = before
        older.generation = after.generation + 1
        #expect(throws: VaultError.sessionSlotTableChanged) { try older.sealed(with: sessionKeys) }
        // The genuine earlier header still verifies under the epoch key (it once was valid).
        writeBytes(beforeBytes + Array(try f.bytes()[VaultHeader.length...]), to: f.path)
        #expect(Vault.check(before, with: try Vault.unlock(after, with: .passphrase(try F.secret("first passphrase"))).epoch) == .authentic)
    }

    /// Key changes need a slot's secret: a version-2 session's keys (and keys in hand) are
    /// refused, and they could not MAC the changed table anyway.
    @Test func keyChangesRefuseASessionsKeys() throws {
        let f = try F()
        let session = try Self.session(for: f.path, passphrase: "first passphrase")
        #expect(throws: VaultError.slotSecretRequired) { try KeyRing.unlock(at: f.path, credential: .session(session)) }
        let keys = try #require(try session.epochKeys())
        #expect(throws: VaultError.slotSecretRequired) { try KeyRing.unlock(at: f.path, credential: .keys(keys)) }
    }

    /// An old slot replayed into a header that claims a higher key epoch does not open (77),
    /// even for someone who holds that slot's old master key and can seal and MAC everything else.
    @Test func aSlotFromAnotherEpochDoesNotOpen() throws {
        let f = try F()
        let epochOne = try f.header()
        #expect(epochOne.slots[0]!.bindsEpoch)
        let oldMaster = try F.masterKey(in: epochOne, slot: 0, secret: "first passphrase")
        let ring = try f.ring("first passphrase")
        try ring.rekey(lockTimeout: 1)
        let epochTwo = try f.header()
        #expect(epochTwo.keyEpoch == 2)

        // Only the number changed (checksum recomputed): the slot's tag fails, a wrong key.
        var renumbered = Array(try f.bytes())
        let oldBytes = epochOne.encoded(macKey: try EpochKeys(masterKey: oldMaster, epoch: 1).headerMACKey(for: epochOne))
        renumbered.replaceSubrange(0..<VaultHeader.length, with: oldBytes)
        LittleEndian.write(UInt64(3), into: &renumbered, at: 32)
        renumbered.replaceSubrange(0..<VaultHeader.length, with: withRecomputedChecksum(Array(renumbered[0..<VaultHeader.length])))
        writeBytes(renumbered, to: f.path)
        #expect(throws: VaultError.wrongSecret) { try f.open(passphrase: "first passphrase") }

        // A whole header forged at epoch 3 with the old master key: metadata sealed and MAC
        // right, the person's old slot copied in. Still a wrong key: the slot binds epoch 1.
        var forged = epochOne
        forged.keyEpoch = 3
        forged.generation = epochTwo.generation + 1
        try SlotMetadataTable.open(from: epochOne, masterKey: oldMaster).seal(into: &forged, masterKey: oldMaster)
        let (_, bytes) = try forged.sealed(with: try EpochKeys(masterKey: oldMaster, epoch: 3))
        writeBytes(bytes + Array(try f.bytes()[VaultHeader.length...]), to: f.path)
        #expect(throws: VaultError.wrongSecret) { try f.open(passphrase: "first passphrase") }
        #expect(throws: VaultError.wrongSecret) {
            try epochOne.slots[0]!.unwrap(secret: try F.secret("first passphrase"), vaultID: epochOne.vaultID, epoch: 3)
        }
    }

    /// A slot that binds the epoch cannot appear in a version-1 header (its byte 2 is reserved
    /// there): relabelling a version-2 file as version 1 is damage, 65.
    @Test func aVersionTwoFileRelabelledVersionOneIsDamage() throws {
        let scratch = Scratch()
        let vault = try MadeVault.create(at: scratch.file("v.hearth"), payload: samplePayload(10))
        var bytes = vault.bytes
        bytes[8] = 1
        writeBytes(withRecomputedChecksum(Array(bytes[0..<2048])) + bytes[2048...], to: vault.path)
        #expect(throws: VaultError.damaged(detail: "key slot 0 has non-zero reserved bytes")) {
            try Vault.readHeader(at: vault.path)
        }
    }

    /// Each slot's associated data, exactly as FORMAT.md writes it.
    @Test func slotAssociatedDataIsAsDocumented() throws {
        let f = try F()
        let header = try f.header()
        let slot = try #require(header.slots[0])
        let bytes = try f.bytes()
        let expected = Array("hearth-slot-v2".utf8) + header.vaultID + [0] + LittleEndian.bytes(header.keyEpoch)
            + Array(bytes[64..<104])
        #expect(slot.associatedData(vaultID: header.vaultID, epoch: header.keyEpoch) == expected)
        #expect(expected.count == 79 && bytes[66] == 1)
        // T and the table MAC key, from the bytes alone.
        let t = (Array(bytes[64..<1088]) + Array(bytes[1136..<1816])).withUnsafeBytes { GenericHash.hash($0) }
        #expect(header.keyTableDigest == t)
        let master = try F.masterKey(in: header, slot: 0, secret: "first passphrase")
        let e = try KeyDerivation.deriveSubkey(from: master, subkeyID: header.keyEpoch, context: "HrthEpch")
        let h = try KeyDerivation.deriveSubkey(from: e, subkeyID: 2, context: "HrthHMac")
        let ht = try (Array("hearth-header-v2".utf8) + t).withUnsafeBytes { try GenericHash.derivedKey($0, key: h) }
        let mac = bytes[0..<1984].withUnsafeBytes { GenericHash.mac($0, key: ht) }
        #expect(Array(bytes[1984..<2016]) == mac)
    }
}
