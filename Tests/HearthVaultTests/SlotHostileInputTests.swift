import Foundation
import HearthCrypto
import Testing

@testable import HearthVault

/// Hostile key-slot tables: refused as damage (65) before any key derivation or large
/// allocation; where an attacker also recomputes the unkeyed checksum, the slot fails to
/// authenticate instead (77), as Docs/FORMAT.md says.
@Suite("Hostile key-slot tables")
struct SlotHostileInputTests {
    typealias F = KeyRingFixture

    private static func slotOffset(_ index: Int) -> Int { VaultHeader.slotTableOffset + index * KeySlot.encodedLength }

    /// Edits the header bytes of the vault at `path`, recomputing the checksum when asked.
    private func edit(_ f: F, recomputeChecksum: Bool = true, _ change: (inout [UInt8]) -> Void) throws {
        var bytes = try f.bytes()
        change(&bytes)
        if recomputeChecksum {
            let sum = bytes[0..<VaultHeader.checksumOffset].withUnsafeBytes { GenericHash.hash($0) }
            bytes.replaceSubrange(VaultHeader.checksumOffset..<VaultHeader.length, with: sum)
        }
        try Data(bytes).write(to: URL(fileURLWithPath: f.path))
    }

    private func expectDamagedQuickly(_ f: F) throws {
        let start = Date()
        #expect {
            try Vault.readHeader(at: f.path)
        } throws: { error in
            if case VaultError.damaged = error { return true }
            return false
        }
        #expect(throws: VaultError.self) { try f.open(passphrase: "first passphrase") }
        #expect(Date().timeIntervalSince(start) < 1)
    }

    @Test(arguments: [
        (UInt64(2), UInt64(1) << 40),  // a terabyte of memory
        (UInt64(2), (UInt64(1) << 30) + 1024),  // just above the 1 GiB bound
        (UInt64(2), UInt64(1) << 20),  // below the 8 MiB floor
        (UInt64(1) << 40, UInt64(64) << 20),  // absurd time cost
        (UInt64(65), UInt64(64) << 20),
        (UInt64(0), UInt64(64) << 20),
    ])
    func impossibleCostsAreDamageBeforeAnyDerivation(ops: UInt64, memory: UInt64) throws {
        let f = try F(payloadBytes: 100)
        try edit(f) { bytes in
            LittleEndian.write(ops, into: &bytes, at: Self.slotOffset(0) + 8)
            LittleEndian.write(memory, into: &bytes, at: Self.slotOffset(0) + 16)
        }
        try expectDamagedQuickly(f)
    }

    @Test(arguments: [0, 7, 9, 200, Int(UInt32.max)])
    func aSlotTableOfAnotherSizeIsDamage(count: Int) throws {
        let f = try F(payloadBytes: 100)
        try edit(f) { bytes in LittleEndian.write(UInt32(count), into: &bytes, at: 52) }
        try expectDamagedQuickly(f)
    }

    @Test func overlappingSlotsAreDamage() throws {
        let f = try F(payloadBytes: 100)
        let ring = try f.ring("first passphrase")
        _ = try ring.addSlot(type: .passphrase, secret: try F.secret("b"), kdf: F.fast, label: "")
        try ring.save(lockTimeout: 1)
        // Slot 0 written again over slot 1 (same salt and nonce), and into slot 5.
        try edit(f) { bytes in
            let zero = Array(bytes[Self.slotOffset(0)..<Self.slotOffset(1)])
            bytes.replaceSubrange(Self.slotOffset(1)..<Self.slotOffset(2), with: zero)
            bytes.replaceSubrange(Self.slotOffset(5)..<Self.slotOffset(6), with: zero)
        }
        try expectDamagedQuickly(f)
    }

    @Test func aSlotCopiedFromAnotherVault() throws {
        let a = try F(payloadBytes: 100)
        let b = try F(payloadBytes: 100, passphrase: "other vault")
        let foreign = Array(try b.bytes()[Self.slotOffset(0)..<Self.slotOffset(1)])

        // Without recomputing the checksum: damage, found before any key derivation.
        try edit(a, recomputeChecksum: false) { bytes in
            bytes.replaceSubrange(Self.slotOffset(1)..<Self.slotOffset(2), with: foreign)
        }
        try expectDamagedQuickly(a)

        // With the checksum recomputed: the copied slot is bound to vault B's id, so B's
        // passphrase does not open it (77); A's own passphrase opens slot 0, and then the header
        // MAC (which covers the slot table) shows the change (65).
        let c = try F(payloadBytes: 100)
        try edit(c) { bytes in bytes.replaceSubrange(Self.slotOffset(1)..<Self.slotOffset(2), with: foreign) }
        #expect(throws: VaultError.wrongSecret) { try c.open(passphrase: "other vault") }
        #expect {
            try c.open(passphrase: "first passphrase")
        } throws: { error in
            if case VaultError.damaged = error { return true }
            return false
        }
    }

    @Test func aSlotWithAnAlteredCostNoLongerOpens() throws {
        let f = try F(payloadBytes: 100)
        try edit(f) { bytes in
            LittleEndian.write(UInt64(2), into: &bytes, at: Self.slotOffset(0) + 8)  // was 1 pass
        }
        // The cost is bound into the wrapped key's associated data.
        #expect(throws: VaultError.wrongSecret) { try f.open(passphrase: "first passphrase") }
    }
}
