import Foundation
import HearthCrypto
@testable import HearthVault
import Testing

/// The header (FORMAT.md, "Header"): its encoding, and how every change to it is caught.
@Suite struct HeaderTests {
    @Test func parseAndEncodeRoundTrip() throws {
        let scratch = Scratch()
        let vault = try MadeVault.create(at: scratch.file("v.hearth"), payload: samplePayload(70_000))
        let bytes = vault.bytes
        let headerBytes = Array(bytes[0..<VaultHeader.length])
        let parsed = try VaultHeader.parse(headerBytes, path: vault.path)
        #expect(parsed == vault.header)
        #expect(vault.resealed(parsed) == headerBytes)
        #expect(parsed.version == 2)
        #expect(parsed.keyEpoch == 1)
        #expect(parsed.generation == 0)
        #expect(parsed.chunkSize == 65_536)
        #expect(parsed.payloadLength == 70_000)
        #expect(parsed.chunkCount == 2)
        #expect(UInt64(bytes.count) == parsed.expectedFileLength)
        #expect(bytes.count == 2048 + 70_000 + 2 * 17)
        #expect(parsed.slots.compactMap { $0 }.count == 1)
        #expect(parsed.slots[0]?.kdf == fastKDF)
        #expect(parsed.slots[0]?.type == .passphrase)

        // The byte layout FORMAT.md promises.
        #expect(Array(bytes[0..<8]) == [0x89, 0x48, 0x45, 0x41, 0x52, 0x54, 0x48, 0x0A])
        #expect(bytes[8] == 2 && bytes[9] == 0)
        #expect(bytes[10] == 0x00 && bytes[11] == 0x08)
        #expect(Array(bytes[16..<32]) == parsed.vaultID)
        #expect(bytes[64] == 1 && bytes[65] == 2, "passphrase slot, crypto_pwhash_ALG_ARGON2ID13")
        #expect(Array(bytes[(64 + 128)..<1088]).allSatisfy { $0 == 0 }, "empty slots are zero")
        #expect(Array(bytes[1816..<1984]).allSatisfy { $0 == 0 }, "reserved tail is zero")
        #expect(Array(bytes[1088..<1104]) == parsed.payloadID)
        #expect(Array(bytes[1104..<1128]) == parsed.streamHeader)
        let checksum = bytes[0..<2016].withUnsafeBytes { GenericHash.hash($0) }
        #expect(Array(bytes[2016..<2048]) == checksum)
        let mac = bytes[0..<1984].withUnsafeBytes { GenericHash.mac($0, key: vault.opened.keys.epoch.headerMACKey(for: parsed)) }
        #expect(Array(bytes[1984..<2016]) == mac)

        let (read, length) = try Vault.readHeader(at: vault.path)
        #expect(read == parsed)
        #expect(length == UInt64(bytes.count))
        #expect(try openPayload(vault.path, .passphrase(vault.secret)) == vault.payload)
    }

    @Test func savesAdvanceGenerationAndRenewPayloadIdentity() throws {
        let scratch = Scratch()
        let first = try MadeVault.create(at: scratch.file("v.hearth"), payload: samplePayload(1000))
        let second = try first.save(samplePayload(2000))
        #expect(second.header.generation == first.header.generation + 1)
        #expect(second.header.vaultID == first.header.vaultID)
        #expect(second.header.payloadID != first.header.payloadID)
        #expect(second.header.streamHeader != first.header.streamHeader)
        #expect(try openPayload(second.path, .passphrase(second.secret)) == second.payload)
    }

    /// Every single-bit flip anywhere in the 2048 header bytes, each tried by really opening the
    /// file with the right passphrase. Each is refused before any key derivation: by the magic
    /// (not a vault), by the version (newer, or unknown), and everywhere else by the checksum.
    /// Since the checksum is checked before the key slots are even parsed, the passphrase is
    /// never tried; this loop of 16 384 opens would take minutes if Argon2id ran once per flip.
    @Test func everyHeaderBitFlipIsCaughtBeforeKeyDerivation() throws {
        let scratch = Scratch()
        let vault = try MadeVault.create(
            at: scratch.file("v.hearth"), payload: samplePayload(5000), kdf: .interactive)
        let original = vault.bytes
        let fd = open(vault.path, O_RDWR)
        try #require(fd >= 0)
        defer { close(fd) }
        var counts: [String: Int] = [:]
        let start = Date()
        for bit in 0..<(VaultHeader.length * 8) {
            let offset = bit / 8
            var byte = original[offset] ^ UInt8(1 << (bit % 8))
            #expect(pwrite(fd, &byte, 1, off_t(offset)) == 1)
            do {
                try openPayload(vault.path, .passphrase(vault.secret))
                Issue.record("a flip of header bit \(bit) went unnoticed")
            } catch {
                switch (offset, error) {
                case (0..<8, .notAVault):
                    counts["magic", default: 0] += 1
                case (8..<10, .newerFormat(let version)):
                    #expect(version > 2)
                    counts["version", default: 0] += 1
                case (8..<10, .damaged):
                    counts["version", default: 0] += 1
                case (10..., .damaged(let detail)) where detail == "the header checksum does not match":
                    counts["checksum", default: 0] += 1
                default:
                    Issue.record("header bit \(bit): unexpected \(error)")
                }
            }
            var back = original[offset]
            #expect(pwrite(fd, &back, 1, off_t(offset)) == 1)
        }
        #expect(counts == ["magic": 64, "version": 16, "checksum": 16_304])
        let elapsed = Date().timeIntervalSince(start)
        print("16384 header bit flips refused in \(String(format: "%.2f", elapsed)) s")
        // Argon2id at the interactive cost takes ~50 ms: one derivation per flip would need > 10 minutes.
        #expect(elapsed < 60)
        #expect(try openPayload(vault.path, .passphrase(vault.secret)) == vault.payload)
    }

    /// The second layer: someone who flips a bit and also recomputes the checksum. For every bit
    /// of bytes 0..<2016 the result must be refused by the parser (structure, bounds) or fail the
    /// header MAC under the vault's real key. Checked with the MAC key in hand, so no Argon2id runs.
    @Test func everyBitFlipWithRecomputedChecksumFailsParsingOrTheMAC() throws {
        let scratch = Scratch()
        let vault = try MadeVault.create(at: scratch.file("v.hearth"), payload: samplePayload(100))
        let original = Array(vault.bytes[0..<VaultHeader.length])
        // Both kinds of key in hand: the epoch key (derives the MAC key of whatever key table the
        // flipped header has) and an unlocked session's one-table key (version 2).
        let epochKeys = vault.opened.keys.epoch
        let sessionKeys = try #require(try vault.sessionKey().epochKeys())
        #expect(original[8] == 2, "a version-2 header")
        #expect(epochKeys.check(vault.header) == .authentic && sessionKeys.check(vault.header) == .authentic)
        // Fields with no structure to check (ids, counters, salt, nonces, wrapped key, stream
        // header, sealed metadata, the MAC): only the MAC can catch a change there.
        // (Byte 32 is left out: key_epoch 1 with its lowest bit flipped is 0, which the parser refuses;
        // bytes 36..<40 too: there a flipped bit makes key_epoch larger than 2^32, also refused.)
        let onlyTheMAC: [Range<Int>] = [16..<32, 33..<36, 40..<48, 88..<176, 1088..<1128, 1136..<1816, 1984..<2016]
        var parsedButMACFailed = 0
        var refusedByParser = 0
        for bit in 0..<(VaultHeader.checksumOffset * 8) {
            var bytes = original
            bytes[bit / 8] ^= UInt8(1 << (bit % 8))
            bytes = withRecomputedChecksum(bytes)
            let unstructured = onlyTheMAC.contains { $0.contains(bit / 8) }
            do {
                let header = try VaultHeader.parse(bytes, path: vault.path)
                #expect(epochKeys.check(header) != .authentic, "bit \(bit) passes the MAC under the epoch key")
                #expect(sessionKeys.check(header) != .authentic, "bit \(bit) passes the MAC under the session's key")
                parsedButMACFailed += 1
            } catch {
                #expect(!unstructured, "bit \(bit) in an unstructured field was refused by the parser: \(error)")
                switch error {
                case .damaged, .notAVault, .newerFormat: refusedByParser += 1
                default: Issue.record("bit \(bit): unexpected \(error)")
                }
            }
        }
        #expect(parsedButMACFailed + refusedByParser == 2016 * 8)
        #expect(parsedButMACFailed >= onlyTheMAC.map(\.count).reduce(0, +) * 8)
    }

    /// The same attack through the real unlock path, one bit in each field: what the slot's
    /// associated data binds fails as a wrong secret (77), the key epoch included (version 2);
    /// the rest fails the MAC (65).
    @Test func fieldTamperingWithRecomputedChecksumThroughUnlock() throws {
        let scratch = Scratch()
        let vault = try MadeVault.create(at: scratch.file("v.hearth"), payload: samplePayload(3000))
        let original = vault.bytes
        var generator = SeededGenerator.fromEnvironment("fieldTampering")
        // (name, byte range, expected outcome)
        let fields: [(String, Range<Int>, (VaultError) -> Bool)] = [
            ("vault id", 16..<32, \.isWrongSecret),
            ("key epoch", 32..<40, { $0.isWrongSecret || $0.isDamaged }),
            ("generation", 40..<48, \.isDamaged),
            ("slot salt", 88..<104, \.isWrongSecret),
            ("slot nonce", 104..<128, \.isWrongSecret),
            ("wrapped master key", 128..<176, \.isWrongSecret),
            ("payload id", 1088..<1104, \.isDamaged),
            ("stream header", 1104..<1128, \.isDamaged),
            ("payload length", 1128..<1136, \.isDamaged),
            ("metadata nonce", 1136..<1160, \.isDamaged),
            ("sealed metadata", 1160..<1816, \.isDamaged),
            ("header MAC", 1984..<2016, \.isDamaged),
        ]
        for (name, range, expected) in fields {
            for _ in 0..<3 {
                let bit = Int.random(in: (range.lowerBound * 8)..<(range.upperBound * 8), using: &generator)
                var bytes = original
                bytes[bit / 8] ^= UInt8(1 << (bit % 8))
                bytes.replaceSubrange(0..<VaultHeader.length, with: withRecomputedChecksum(Array(bytes[0..<VaultHeader.length])))
                let path = scratch.file("tampered.hearth")
                writeBytes(bytes, to: path)
                expectOpenFails(path, .passphrase(vault.secret), allowed: expected, "\(name), bit \(bit)")
            }
        }
    }

    @Test func headerMACTamperWithRecomputedChecksumIsDamage() throws {
        let scratch = Scratch()
        let vault = try MadeVault.create(at: scratch.file("v.hearth"), payload: samplePayload(10))
        var bytes = vault.bytes
        bytes[VaultHeader.macOffset + 5] ^= 0x40
        bytes.replaceSubrange(0..<2048, with: withRecomputedChecksum(Array(bytes[0..<2048])))
        writeBytes(bytes, to: vault.path)
        let error = expectOpenFails(vault.path, .passphrase(vault.secret), allowed: \.isDamaged)
        #expect(error?.detail.contains("does not authenticate") == true)
        // A session's epoch key cannot tell damage from a stale session: it reports the key as not fitting.
        expectOpenFails(vault.path, vault.epochKey, allowed: { $0.isWrongSecret || $0.isDamaged })
    }

    @Test(arguments: [UInt16(3), 4, 0x0100, 0xFFFF])
    func newerFormatVersion(version: UInt16) throws {
        let scratch = Scratch()
        let vault = try MadeVault.create(at: scratch.file("v.hearth"), payload: samplePayload(10))
        let original = vault.bytes
        for recompute in [false, true] {
            var bytes = original
            bytes[8] = UInt8(version & 0xFF)
            bytes[9] = UInt8(version >> 8)
            if recompute { bytes.replaceSubrange(0..<2048, with: withRecomputedChecksum(Array(bytes[0..<2048]))) }
            // A newer Hearth may also have made the file longer or shorter: the version decides first.
            if recompute { bytes += [1, 2, 3] }
            writeBytes(bytes, to: vault.path)
            if recompute {
                #expect(throws: VaultError.newerFormat(version: version)) { try openPayload(vault.path, .passphrase(vault.secret)) }
                #expect(throws: VaultError.newerFormat(version: version)) { try Vault.readHeader(at: vault.path) }
            } else {
                // Every version ends its header with a checksum: a flip that only looks like a
                // newer version is damage, not "update Hearth".
                #expect(throws: VaultError.damaged(detail: "the header checksum does not match")) {
                    try Vault.readHeader(at: vault.path)
                }
            }
        }
    }

    @Test func versionZeroIsDamage() throws {
        let scratch = Scratch()
        let vault = try MadeVault.create(at: scratch.file("v.hearth"), payload: samplePayload(10))
        var bytes = vault.bytes
        bytes[8] = 0
        writeBytes(withRecomputedChecksum(Array(bytes[0..<2048])) + bytes[2048...], to: vault.path)
        expectOpenFails(vault.path, .passphrase(vault.secret), allowed: \.isDamaged)
    }

    /// A hostile cost is refused while parsing, before any memory is set aside: these would take
    /// hours (or a terabyte) if Argon2id were started.
    @Test(arguments: [
        (2, 1 << 40), (2, .max), (2, (1 << 30) + 4096), (2, 4 << 20), (1 << 40, 64 << 20),
        (65, 64 << 20), (0, 64 << 20), (.max, .max),
    ] as [(UInt64, UInt64)])
    func hugeOrTinyCostIsDamageAtOnce(ops: UInt64, memory: UInt64) throws {
        let scratch = Scratch()
        let vault = try MadeVault.create(at: scratch.file("v.hearth"), payload: samplePayload(10))
        var bytes = vault.bytes
        LittleEndian.write(ops, into: &bytes, at: 64 + 8)
        LittleEndian.write(memory, into: &bytes, at: 64 + 16)
        writeBytes(withRecomputedChecksum(Array(bytes[0..<2048])) + bytes[2048...], to: vault.path)
        let start = Date()
        let error = expectOpenFails(vault.path, .passphrase(vault.secret), allowed: \.isDamaged)
        #expect(error?.detail.contains("cost") == true)
        #expect(Date().timeIntervalSince(start) < 1)
        #expect(throws: VaultError.self) { try Vault.readHeader(at: vault.path) }
    }

    @Test func slotCopiedFromAnotherVaultFails() throws {
        let scratch = Scratch()
        let a = try MadeVault.create(at: scratch.file("a.hearth"), payload: samplePayload(10), secret: "same words")
        let b = try MadeVault.create(at: scratch.file("b.hearth"), payload: samplePayload(10), secret: "same words")
        var bytes = a.bytes
        bytes.replaceSubrange(64..<192, with: b.bytes[64..<192])
        writeBytes(withRecomputedChecksum(Array(bytes[0..<2048])) + bytes[2048...], to: a.path)
        // FORMAT.md, step 7: the slot's associated data names vault B, so it does not open in A (77).
        // Without that binding it would yield B's master key and fail A's MAC instead (65).
        expectOpenFails(a.path, .passphrase(a.secret), allowed: \.isWrongSecret)
    }

    @Test func slotWithLoweredCostFails() throws {
        let scratch = Scratch()
        let stronger = Argon2idParameters(opsLimit: 3, memLimitBytes: 16 << 20)
        let vault = try MadeVault.create(at: scratch.file("v.hearth"), payload: samplePayload(10), kdf: stronger)
        for (ops, memory) in [(UInt64(2), UInt64(16 << 20)), (3, 8 << 20), (1, 8 << 20)] {
            var bytes = vault.bytes
            LittleEndian.write(ops, into: &bytes, at: 64 + 8)
            LittleEndian.write(memory, into: &bytes, at: 64 + 16)
            let path = scratch.file("cheaper.hearth")
            writeBytes(withRecomputedChecksum(Array(bytes[0..<2048])) + bytes[2048...], to: path)
            expectOpenFails(path, .passphrase(vault.secret), allowed: { $0.isWrongSecret || $0.isDamaged }, "\(ops)/\(memory)")
        }
    }

    /// Moving a slot to another position keeps its salt and cost (so the same wrapping key), and
    /// fails only because the position is part of the associated data.
    @Test func slotMovedToAnotherPositionFails() throws {
        let scratch = Scratch()
        let vault = try MadeVault.create(at: scratch.file("v.hearth"), payload: samplePayload(10))
        var bytes = vault.bytes
        let slot = Array(bytes[64..<192])
        bytes.replaceSubrange(64..<192, with: [UInt8](repeating: 0, count: 128))
        bytes.replaceSubrange((64 + 3 * 128)..<(64 + 4 * 128), with: slot)
        writeBytes(withRecomputedChecksum(Array(bytes[0..<2048])) + bytes[2048...], to: vault.path)
        expectOpenFails(vault.path, .passphrase(vault.secret), allowed: \.isWrongSecret)
    }

    @Test func slotTypeChangedFails() throws {
        let scratch = Scratch()
        let vault = try MadeVault.create(at: scratch.file("v.hearth"), payload: samplePayload(10))
        var bytes = vault.bytes
        bytes[64] = KeySlotType.recovery.rawValue
        writeBytes(withRecomputedChecksum(Array(bytes[0..<2048])) + bytes[2048...], to: vault.path)
        // Now there is no passphrase slot at all; and the recovery slot does not open with it either.
        #expect(throws: VaultError.noMatchingSlot) { try openPayload(vault.path, .passphrase(vault.secret)) }
        expectOpenFails(vault.path, .recoveryKey(vault.secret), allowed: \.isWrongSecret)
    }

    @Test func wrongPassphraseIsWrongSecretNotDamage() throws {
        let scratch = Scratch()
        let vault = try MadeVault.create(at: scratch.file("v.hearth"), payload: samplePayload(10))
        #expect(throws: VaultError.wrongSecret) { try openPayload(vault.path, .passphrase(passphrase("correct horse battery stapler"))) }
        #expect(throws: VaultError.wrongSecret) { try openPayload(vault.path, .passphrase(passphrase(""))) }
        #expect(throws: VaultError.noMatchingSlot) { try openPayload(vault.path, .recoveryKey(vault.secret)) }
        #expect(throws: VaultError.wrongSecret) {
            try openPayload(vault.path, .epochKey(SecretBytes(randomCount: 32)))
        }
    }

    @Test func structuralDamageWithRecomputedChecksumIsDamage() throws {
        let scratch = Scratch()
        let vault = try MadeVault.create(at: scratch.file("v.hearth"), payload: samplePayload(10))
        let edits: [(String, (inout [UInt8]) -> Void)] = [
            ("header length", { $0[10] = 0x00; $0[11] = 0x04 }),
            ("flags", { $0[12] = 1 }),
            ("reserved after slot count", { $0[60] = 1 }),
            ("slot count", { $0[52] = 9 }),
            ("chunk size too small", { LittleEndian.write(UInt32(4095), into: &$0, at: 48) }),
            ("chunk size too large", { LittleEndian.write(UInt32((16 << 20) + 1), into: &$0, at: 48) }),
            ("unknown slot type", { $0[64] = 9 }),
            ("kdf 1 (Argon2i, not Argon2id)", { $0[65] = 1 }),
            ("unknown kdf", { $0[65] = 0xFF }),
            ("slot binding 2", { $0[64 + 2] = 2 }),
            ("slot reserved", { $0[64 + 3] = 1 }),
            ("slot reserved tail", { $0[64 + 127] = 1 }),
            ("empty slot not empty", { $0[64 + 128 + 50] = 1 }),
            ("no slot", { $0.replaceSubrange(64..<192, with: [UInt8](repeating: 0, count: 128)) }),
            ("reserved tail", { $0[1900] = 1 }),
            ("payload length impossible", { LittleEndian.write(UInt64(1) << 41, into: &$0, at: 1128) }),
            ("key epoch above 2^32", { LittleEndian.write((UInt64(1) << 32) + 1, into: &$0, at: 32) }),
        ]
        let original = vault.bytes
        for (name, edit) in edits {
            var bytes = original
            edit(&bytes)
            writeBytes(withRecomputedChecksum(Array(bytes[0..<2048])) + bytes[2048...], to: vault.path)
            let start = Date()
            expectOpenFails(vault.path, .passphrase(vault.secret), allowed: \.isDamaged, name)
            #expect(Date().timeIntervalSince(start) < 1, "\(name) is refused before key derivation")
        }
        // Control: the untouched file opens, so each refusal above came from its own edit.
        writeBytes(original, to: vault.path)
        #expect(try openPayload(vault.path, .passphrase(vault.secret)) == vault.payload)
    }

    /// key_epoch is bounded (FORMAT.md: 1 ≤ key_epoch ≤ 2^32): 2^32 + 1 with a correct checksum is
    /// damage, found by the parser before any key derivation; 2^32 itself parses (and then fails
    /// only the MAC, which no one without the key can fix).
    @Test func keyEpochAboveTheBoundIsDamage() throws {
        let scratch = Scratch()
        let vault = try MadeVault.create(at: scratch.file("v.hearth"), payload: samplePayload(10))
        var bytes = Array(vault.bytes[0..<VaultHeader.length])
        LittleEndian.write((UInt64(1) << 32) + 1, into: &bytes, at: 32)
        #expect(throws: VaultError.damaged(detail: "the key epoch is impossibly large")) {
            try VaultHeader.parse(withRecomputedChecksum(bytes), path: vault.path)
        }
        LittleEndian.write(UInt64(1) << 32, into: &bytes, at: 32)
        let atTheBound = try VaultHeader.parse(withRecomputedChecksum(bytes), path: vault.path)
        #expect(atTheBound.keyEpoch == VaultHeader.maximumKeyEpoch)
        #expect(!atTheBound.macMatches(vault.opened.keys.epoch.headerMACKey(for: atTheBound)))
    }
}

/// `Vault.open` reports decryption as it goes (restore and verify show it as a percentage).
@Suite struct OpenProgressTests {
    @Test func decryptionIsReportedChunkByChunkUpToTheWholePayload() throws {
        let scratch = Scratch()
        let vault = try MadeVault.create(at: scratch.file("v.hearth"), payload: samplePayload(200_000))
        var reports: [(UInt64, UInt64)] = []
        let (_, payload) = try Vault.open(at: vault.path, credential: vault.epochKey, allocator: heapAllocator) { done, total in
            reports.append((done, total))
        }
        defer { UnsafeMutableRawPointer(payload.baseAddress)?.deallocate() }
        #expect(reports.count == Int(vault.header.chunkCount))
        #expect(reports.allSatisfy { $0.1 == 200_000 })
        #expect(zip(reports, reports.dropFirst()).allSatisfy { $0.0 < $1.0 }, "increasing")
        #expect(reports.last?.0 == 200_000)
    }
}
