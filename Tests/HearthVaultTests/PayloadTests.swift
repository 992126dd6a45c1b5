import Foundation
import HearthCrypto
@testable import HearthVault
import Testing

/// The payload (FORMAT.md, "Payload"): chunked secretstream after the header. These tests
/// open with the vault's epoch key (what an unlocked session holds), so no Argon2id runs.
@Suite struct PayloadTests {
    /// Offsets of each ciphertext chunk in the file.
    static func chunkRanges(_ header: VaultHeader) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var offset = VaultHeader.length
        var left = Int(header.payloadLength)
        for _ in 0..<Int(header.chunkCount) {
            let length = min(Int(header.chunkSize), left) + SecretStream.overhead
            ranges.append(offset..<(offset + length))
            offset += length
            left -= min(Int(header.chunkSize), left)
        }
        return ranges
    }

    @Test(arguments: [0, 1, 4095, 4096, 4097, 3 * 4096, 3 * 4096 + 17, 65_536, 200_001])
    func roundTripAtChunkEdges(length: Int) throws {
        let scratch = Scratch()
        let made = try MadeVault.create(at: scratch.file("v.hearth"), payload: samplePayload(length))
        for chunkSize: UInt32 in [4096, 65_536] {
            let saved = try made.save(samplePayload(length), chunkSize: chunkSize)
            let expectedChunks = max(1, (length + Int(chunkSize) - 1) / Int(chunkSize))
            #expect(saved.header.chunkCount == UInt64(expectedChunks))
            #expect(saved.bytes.count == 2048 + length + 17 * expectedChunks)
            #expect(try openPayload(saved.path, saved.epochKey) == saved.payload)
            #expect(try openPayload(saved.path, .passphrase(saved.secret)) == saved.payload)
        }
    }

    /// Sampled single-bit flips in every chunk (its encrypted tag byte, its body, its 16-byte
    /// authenticator, and random positions) are refused: damaged, never a crash or a success.
    @Test(arguments: [UInt32(4096), 65_536])
    func bitFlipsInEveryChunkAreDamage(chunkSize: UInt32) throws {
        let scratch = Scratch()
        let created = try MadeVault.create(at: scratch.file("v.hearth"), payload: [])
        let vault = try created.save(samplePayload(Int(chunkSize) * 6 + 1234), chunkSize: chunkSize)
        let original = vault.bytes
        let ranges = Self.chunkRanges(vault.header)
        #expect(ranges.count == 7)
        #expect(ranges.last?.upperBound == original.count)
        var generator = SeededGenerator.fromEnvironment("bitFlipsInEveryChunk(\(chunkSize))")
        let fd = open(vault.path, O_RDWR)
        try #require(fd >= 0)
        defer { close(fd) }
        var tried = 0
        for (index, range) in ranges.enumerated() {
            var bits: Set<Int> = [0, 7, 8, range.count / 2 * 8 + 3, (range.count - 16) * 8, range.count * 8 - 1]
            while bits.count < 24 { bits.insert(Int.random(in: 0..<(range.count * 8), using: &generator)) }
            for bit in bits.sorted() {
                let offset = range.lowerBound + bit / 8
                var byte = original[offset] ^ UInt8(1 << (bit % 8))
                #expect(pwrite(fd, &byte, 1, off_t(offset)) == 1)
                let error = expectOpenFails(vault.path, vault.epochKey, allowed: \.isDamaged, "chunk \(index) bit \(bit)")
                #expect(error?.detail.contains("chunk") == true || error?.detail.contains("ends early") == true)
                var back = original[offset]
                #expect(pwrite(fd, &back, 1, off_t(offset)) == 1)
                tried += 1
            }
        }
        #expect(tried == 7 * 24)
        #expect(try openPayload(vault.path, vault.epochKey) == vault.payload)
    }

    /// Cutting the file at every chunk boundary, inside every chunk, inside the header, and at
    /// random points: damaged. The header records the exact length, so this is caught before
    /// any key is derived.
    @Test func truncationAnywhereIsDamage() throws {
        let scratch = Scratch()
        let created = try MadeVault.create(at: scratch.file("v.hearth"), payload: [])
        let vault = try created.save(samplePayload(4096 * 5 + 100), chunkSize: 4096)
        let original = vault.bytes
        let ranges = Self.chunkRanges(vault.header)
        var generator = SeededGenerator.fromEnvironment("truncation")
        var cuts = Set(ranges.map(\.lowerBound) + ranges.map { $0.upperBound - 1 } + ranges.map { $0.lowerBound + 1 })
        cuts.formUnion([0, 1, 9, 10, 100, 1088, 2047, original.count - 17, original.count - 1])
        for _ in 0..<40 { cuts.insert(Int.random(in: 0..<original.count, using: &generator)) }
        cuts.remove(original.count)
        for cut in cuts.sorted() {
            writeBytes(Array(original[0..<cut]), to: vault.path)
            let start = Date()
            expectOpenFails(vault.path, .passphrase(vault.secret), allowed: { $0.isDamaged || $0.isNotAVault }, "cut at \(cut)")
            #expect(Date().timeIntervalSince(start) < 1, "cut at \(cut) refused before key derivation")
        }
    }

    @Test func bytesAppendedAreDamage() throws {
        let scratch = Scratch()
        let vault = try MadeVault.create(at: scratch.file("v.hearth"), payload: samplePayload(70_000))
        let original = vault.bytes
        let lastChunk = Array(original[Self.chunkRanges(vault.header).last!])
        for extra in [[0], [0x0A], Random.bytes(17), Random.bytes(4096), lastChunk, original] {
            writeBytes(original + extra, to: vault.path)
            let error = expectOpenFails(vault.path, .passphrase(vault.secret), allowed: \.isDamaged, "\(extra.count) extra")
            #expect(error?.detail.contains("extra bytes") == true)
        }
    }

    /// An attacker who could also rewrite the header (holding the MAC key) and shortens the
    /// payload to whole chunks: every chunk still authenticates, and only the missing FINAL
    /// tag reveals the cut. The reader must notice.
    @Test func truncationToWholeChunksIsCaughtByTheFinalTag() throws {
        let scratch = Scratch()
        let created = try MadeVault.create(at: scratch.file("v.hearth"), payload: [])
        let vault = try created.save(samplePayload(4096 * 4 + 10), chunkSize: 4096)
        let original = vault.bytes
        let ranges = Self.chunkRanges(vault.header)
        for kept in 1..<ranges.count {
            var header = vault.header
            header.payloadLength = UInt64(kept * 4096)
            let bytes = vault.resealed(header) + original[VaultHeader.length..<ranges[kept - 1].upperBound]
            writeBytes(bytes, to: vault.path)
            let error = expectOpenFails(vault.path, vault.epochKey, allowed: \.isDamaged, "kept \(kept) chunks")
            #expect(error?.detail == "the payload ends early")
        }
    }

    /// With the header re-sealed to a longer length, chunks appended after FINAL fail: a copy of
    /// an earlier chunk, a chunk of another save of the same vault, a chunk of the same position
    /// from another save.
    @Test func chunksAppendedAfterFinalAreCaught() throws {
        let scratch = Scratch()
        let created = try MadeVault.create(at: scratch.file("v.hearth"), payload: [])
        let vault = try created.save(samplePayload(4096 * 3), chunkSize: 4096)
        let original = vault.bytes
        let other = try MadeVault.create(at: scratch.file("o.hearth"), payload: [])
            .save(samplePayload(4096 * 5), chunkSize: 4096)
        let sameVaultLater = try vault.save(samplePayload(4096 * 5), chunkSize: 4096)
        let laterBytes = sameVaultLater.bytes
        let laterRanges = Self.chunkRanges(sameVaultLater.header)
        let candidates: [(String, [UInt8])] = [
            ("copy of chunk 0", Array(original[Self.chunkRanges(vault.header)[0]])),
            ("chunk 3 of a later save", Array(laterBytes[laterRanges[3]])),
            ("chunk 3 of another vault", Array(other.bytes[Self.chunkRanges(other.header)[3]])),
        ]
        for (name, chunk) in candidates {
            var header = vault.header
            header.payloadLength += 4096
            writeBytes(vault.resealed(header) + original[VaultHeader.length...] + chunk, to: vault.path)
            expectOpenFails(vault.path, vault.epochKey, allowed: \.isDamaged, name)
        }
    }

    @Test func reorderedChunksAreDamage() throws {
        let scratch = Scratch()
        let created = try MadeVault.create(at: scratch.file("v.hearth"), payload: [])
        let vault = try created.save(samplePayload(4096 * 4), chunkSize: 4096)
        let original = vault.bytes
        let r = Self.chunkRanges(vault.header)
        for order in [[1, 0, 2, 3], [0, 2, 1, 3], [0, 1, 3, 2], [3, 1, 2, 0], [0, 0, 2, 3]] {
            let bytes = Array(original[0..<VaultHeader.length]) + order.flatMap { original[r[$0]] }
            writeBytes(bytes, to: vault.path)
            expectOpenFails(vault.path, vault.epochKey, allowed: \.isDamaged, "order \(order)")
        }
    }

    /// Chunks of another save of the same vault (same keys, another payload id and stream header),
    /// or of another vault, spliced in at the same position: damaged. Also the other way round:
    /// the whole payload of another save under this header.
    @Test func chunksSplicedFromAnotherSaveOrVaultAreDamage() throws {
        let scratch = Scratch()
        let created = try MadeVault.create(at: scratch.file("v.hearth"), payload: [])
        let content = samplePayload(4096 * 3 + 500)
        let first = try created.save(content, chunkSize: 4096)
        let firstBytes = first.bytes
        // The same plaintext saved again: identical lengths, so only the binding can tell.
        let second = try first.save(content, chunkSize: 4096)
        let secondBytes = second.bytes
        let otherVault = try MadeVault.create(at: scratch.file("o.hearth"), payload: [])
            .save(content, chunkSize: 4096)
        let otherBytes = otherVault.bytes
        let ranges = Self.chunkRanges(second.header)
        #expect(ranges == Self.chunkRanges(first.header))
        for (i, range) in ranges.enumerated() {
            var fromEarlierSave = secondBytes
            fromEarlierSave.replaceSubrange(range, with: firstBytes[range])
            writeBytes(fromEarlierSave, to: second.path)
            expectOpenFails(second.path, second.epochKey, allowed: \.isDamaged, "chunk \(i) of the earlier save")

            var fromOtherVault = secondBytes
            fromOtherVault.replaceSubrange(range, with: otherBytes[range])
            writeBytes(fromOtherVault, to: second.path)
            expectOpenFails(second.path, second.epochKey, allowed: \.isDamaged, "chunk \(i) of another vault")
        }
        // Rolling back the payload alone, or the header alone.
        writeBytes(Array(secondBytes[0..<2048]) + firstBytes[2048...], to: second.path)
        expectOpenFails(second.path, second.epochKey, allowed: \.isDamaged, "earlier payload under the later header")
        writeBytes(Array(firstBytes[0..<2048]) + secondBytes[2048...], to: second.path)
        expectOpenFails(second.path, second.epochKey, allowed: \.isDamaged, "later payload under the earlier header")
        // Either save whole is a valid vault.
        writeBytes(firstBytes, to: second.path)
        #expect(try openPayload(second.path, second.epochKey) == content)
    }

    /// A header re-sealed to claim a different epoch or payload id, with the payload left as it
    /// was: the stream no longer authenticates (its associated data and key are bound to them).
    @Test func payloadIsBoundToPayloadIdAndEpoch() throws {
        let scratch = Scratch()
        let vault = try MadeVault.create(at: scratch.file("v.hearth"), payload: samplePayload(5000))
        let original = vault.bytes
        var header = vault.header
        header.payloadID = Random.bytes(16)
        writeBytes(vault.resealed(header) + original[2048...], to: vault.path)
        expectOpenFails(vault.path, vault.epochKey, allowed: \.isDamaged, "payload id")

        var vaultIDChanged = vault.header
        vaultIDChanged.vaultID = Random.bytes(16)
        writeBytes(vault.resealed(vaultIDChanged) + original[2048...], to: vault.path)
        expectOpenFails(vault.path, vault.epochKey, allowed: \.isDamaged, "vault id")
    }
}
