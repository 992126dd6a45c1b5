import HearthCrypto

/// The fixed 2048-byte header at the start of every vault file (Docs/FORMAT.md, "Header").
/// This file only parses and writes bytes; it decides nothing about keys.
public struct VaultHeader: Equatable, Sendable {
    public static let magic: [UInt8] = [0x89, 0x48, 0x45, 0x41, 0x52, 0x54, 0x48, 0x0A]  // "\x89HEARTH\n"
    /// The version Hearth writes. Version 1 is still read; every save writes version 2.
    public static let currentVersion: UInt16 = 2
    public static let oldestReadableVersion: UInt16 = 1
    public static let length = 2048
    public static let slotCount = 8
    public static let defaultChunkSize: UInt32 = 64 * 1024
    static let chunkSizeRange: ClosedRange<UInt32> = 4096...(16 << 20)
    /// The highest key epoch a header may hold (2^32): far beyond any number of rekeys, and far
    /// from the end of UInt64, so `epoch + 1` never wraps. A larger one is damage.
    public static let maximumKeyEpoch: UInt64 = 1 << 32

    // Byte offsets.
    static let slotTableOffset = 64
    static let payloadIDOffset = slotTableOffset + slotCount * KeySlot.encodedLength  // 1088
    static let streamHeaderOffset = payloadIDOffset + 16  // 1104
    static let payloadLengthOffset = streamHeaderOffset + SecretStream.headerLength  // 1128
    static let metadataNonceOffset = payloadLengthOffset + 8  // 1136
    static let sealedMetadataOffset = metadataNonceOffset + AEAD.nonceLength  // 1160
    static let sealedMetadataLength = SlotMetadataTable.sealedLength  // 656
    static let reservedTailRange = (sealedMetadataOffset + sealedMetadataLength)..<macOffset  // 1816..<1984
    static let macOffset = length - 64  // 1984
    /// The header bytes the key-table digest T covers: the slot table, then the metadata nonce
    /// and the sealed metadata (everything `passwd`, `key …` and labels change; nothing a save of
    /// records changes).
    static let keyTableRanges = [slotTableOffset..<payloadIDOffset, metadataNonceOffset..<(sealedMetadataOffset + sealedMetadataLength)]
    static let checksumOffset = length - 32  // 2016

    public var version: UInt16 = currentVersion
    /// Random 16 bytes, fixed for the life of the vault and shared by its backups.
    public var vaultID: [UInt8]
    /// Increments on every rekey; selects the payload key.
    public var keyEpoch: UInt64
    /// Increments on every save.
    public var generation: UInt64
    /// Plaintext bytes per payload chunk.
    public var chunkSize: UInt32
    /// Eight entries, `nil` where empty.
    public var slots: [KeySlot?]
    /// Random per save; bound into every payload chunk.
    public var payloadID: [UInt8]
    /// The secretstream header of the payload.
    public var streamHeader: [UInt8]
    /// Exact plaintext length of the payload.
    public var payloadLength: UInt64
    /// Nonce and ciphertext of the sealed slot metadata (labels, dates): see `SlotMetadataTable`.
    public var metadataNonce: [UInt8] = [UInt8](repeating: 0, count: AEAD.nonceLength)
    public var sealedMetadata: [UInt8] = [UInt8](repeating: 0, count: SlotMetadataTable.sealedLength)
    /// Keyed BLAKE2b over bytes 0..<1984, as read (zero until sealed).
    public var mac: [UInt8]

    public init(
        vaultID: [UInt8], keyEpoch: UInt64, generation: UInt64, chunkSize: UInt32 = defaultChunkSize,
        slots: [KeySlot?], payloadID: [UInt8], streamHeader: [UInt8], payloadLength: UInt64
    ) {
        precondition(slots.count == Self.slotCount)
        self.vaultID = vaultID
        self.keyEpoch = keyEpoch
        self.generation = generation
        self.chunkSize = chunkSize
        self.slots = slots
        self.payloadID = payloadID
        self.streamHeader = streamHeader
        self.payloadLength = payloadLength
        self.mac = [UInt8](repeating: 0, count: 32)
    }

    /// Number of chunks and total file length implied by `payloadLength` and `chunkSize`.
    public var chunkCount: UInt64 {
        payloadLength == 0 ? 1 : (payloadLength + UInt64(chunkSize) - 1) / UInt64(chunkSize)
    }

    public var expectedFileLength: UInt64 {
        UInt64(Self.length) + payloadLength + chunkCount * UInt64(SecretStream.overhead)
    }

    /// The bytes covered by the header MAC (0..<1984).
    var authenticatedBytes: [UInt8] {
        var out = [UInt8](repeating: 0, count: Self.macOffset)
        out.replaceSubrange(0..<8, with: Self.magic)
        LittleEndian.write(version, into: &out, at: 8)
        LittleEndian.write(UInt16(Self.length), into: &out, at: 10)
        // 12..<16: flags, zero in versions 1 and 2.
        out.replaceSubrange(16..<32, with: vaultID)
        LittleEndian.write(keyEpoch, into: &out, at: 32)
        LittleEndian.write(generation, into: &out, at: 40)
        LittleEndian.write(chunkSize, into: &out, at: 48)
        LittleEndian.write(UInt32(Self.slotCount), into: &out, at: 52)
        // 56..<64: reserved, zero.
        for (i, slot) in slots.enumerated() {
            if let slot {
                let at = Self.slotTableOffset + i * KeySlot.encodedLength
                out.replaceSubrange(at..<(at + KeySlot.encodedLength), with: slot.encoded)
            }
        }
        out.replaceSubrange(Self.payloadIDOffset..<(Self.payloadIDOffset + 16), with: payloadID)
        out.replaceSubrange(
            Self.streamHeaderOffset..<(Self.streamHeaderOffset + SecretStream.headerLength), with: streamHeader)
        LittleEndian.write(payloadLength, into: &out, at: Self.payloadLengthOffset)
        out.replaceSubrange(Self.metadataNonceOffset..<Self.sealedMetadataOffset, with: metadataNonce)
        out.replaceSubrange(
            Self.sealedMetadataOffset..<(Self.sealedMetadataOffset + Self.sealedMetadataLength), with: sealedMetadata)
        return out
    }

    /// BLAKE2b-256 of the slot table (header bytes 64..<1088), the hash the sealed metadata binds.
    /// (The ledger remembers slot tables by it; sessions use `keyTableDigest`.)
    public var slotTableDigest: [UInt8] {
        let table = authenticatedBytes[Self.slotTableOffset..<Self.payloadIDOffset]
        return table.withUnsafeBytes { GenericHash.hash($0) }
    }

    /// T, the key-table digest: BLAKE2b-256 of header bytes 64..<1088 ‖ 1136..<1816 (the slot
    /// table, the metadata nonce and the sealed metadata). A version-2 header's MAC key is bound
    /// to it (`EpochKey.slotTableKey`), and an unlocked session is given the T it was unlocked at.
    public var keyTableDigest: [UInt8] {
        let bytes = authenticatedBytes
        var table: [UInt8] = []
        table.reserveCapacity(Self.keyTableRanges.reduce(0) { $0 + $1.count })
        for range in Self.keyTableRanges { table += bytes[range] }
        return table.withUnsafeBytes { GenericHash.hash($0) }
    }

    /// The full 2048 bytes: authenticated part, MAC under `macKey`, then the checksum.
    func encoded(macKey: SecretBytes) -> [UInt8] {
        var out = authenticatedBytes
        out += out.withUnsafeBytes { GenericHash.mac($0, key: macKey) }
        out += out.withUnsafeBytes { GenericHash.hash($0) }
        return out
    }

    /// Checks the MAC read from the file against `macKey` (constant time).
    func macMatches(_ macKey: SecretBytes) -> Bool {
        let expected = authenticatedBytes.withUnsafeBytes { GenericHash.mac($0, key: macKey) }
        return expected.withUnsafeBytes { e in mac.withUnsafeBytes { m in Memory.constantTimeEqual(e, m) } }
    }

    /// Reads a version-1 or version-2 header. Order matters: what is not a vault, what is newer, what is
    /// damaged (checksum, before any key derivation), then what is out of bounds.
    public static func parse(_ bytes: [UInt8], path: String) throws(VaultError) -> VaultHeader {
        if bytes.isEmpty { throw .damaged(detail: "the file is empty (a crash or a sync program may have emptied it)") }
        guard bytes.count >= 10, Array(bytes[0..<8]) == magic else { throw .notAVault(path: path) }
        let version = LittleEndian.read(UInt16.self, from: bytes, at: 8)
        if version > currentVersion {
            // Every version keeps bytes 0..<12 and ends its header with a BLAKE2b-256 checksum of
            // the rest, so a flipped bit that only looks like a newer version is still damage.
            let newerLength = bytes.count >= 12 ? Int(LittleEndian.read(UInt16.self, from: bytes, at: 10)) : 0
            if newerLength >= 44, bytes.count >= newerLength {
                let sum = bytes[0..<(newerLength - 32)].withUnsafeBytes { GenericHash.hash($0) }
                if sum != Array(bytes[(newerLength - 32)..<newerLength]) {
                    throw .damaged(detail: "the header checksum does not match")
                }
            }
            throw .newerFormat(version: version)
        }
        guard version >= oldestReadableVersion else { throw .damaged(detail: "the format version is unknown") }
        guard bytes.count >= length else { throw .damaged(detail: "the file ends inside the header") }
        let header = Array(bytes[0..<length])
        let checksum = header[..<checksumOffset].withUnsafeBytes { GenericHash.hash($0) }
        guard checksum == Array(header[checksumOffset..<length]) else {
            throw .damaged(detail: "the header checksum does not match")
        }
        guard LittleEndian.read(UInt16.self, from: header, at: 10) == UInt16(length) else {
            throw .damaged(detail: "the header length is wrong")
        }
        guard header.allZero(12..<16), header.allZero(56..<64), header.allZero(reservedTailRange) else {
            throw .damaged(detail: "reserved header bytes are not zero")
        }
        guard LittleEndian.read(UInt32.self, from: header, at: 52) == UInt32(slotCount) else {
            throw .damaged(detail: "the key-slot table has the wrong size")
        }
        let chunkSize = LittleEndian.read(UInt32.self, from: header, at: 48)
        guard chunkSizeRange.contains(chunkSize) else { throw .damaged(detail: "the chunk size is out of range") }
        var slots: [KeySlot?] = []
        for i in 0..<slotCount {
            let at = slotTableOffset + i * KeySlot.encodedLength
            slots.append(try KeySlot.decode(header[at..<(at + KeySlot.encodedLength)], index: i, headerVersion: version))
        }
        guard slots.contains(where: { $0 != nil }) else { throw .damaged(detail: "the vault has no key slot") }
        try KeySlot.checkDistinct(slots.compactMap { $0 })
        var parsed = VaultHeader(
            vaultID: Array(header[16..<32]),
            keyEpoch: LittleEndian.read(UInt64.self, from: header, at: 32),
            generation: LittleEndian.read(UInt64.self, from: header, at: 40),
            chunkSize: chunkSize,
            slots: slots,
            payloadID: Array(header[payloadIDOffset..<(payloadIDOffset + 16)]),
            streamHeader: Array(header[streamHeaderOffset..<(streamHeaderOffset + SecretStream.headerLength)]),
            payloadLength: LittleEndian.read(UInt64.self, from: header, at: payloadLengthOffset))
        parsed.version = version
        parsed.metadataNonce = Array(header[metadataNonceOffset..<sealedMetadataOffset])
        parsed.sealedMetadata = Array(header[sealedMetadataOffset..<(sealedMetadataOffset + sealedMetadataLength)])
        parsed.mac = Array(header[macOffset..<checksumOffset])
        // Guard the arithmetic below against a hostile length (the checksum is not a MAC).
        guard parsed.payloadLength <= (1 << 40) else { throw .damaged(detail: "the payload length is impossible") }
        guard parsed.keyEpoch >= 1 else { throw .damaged(detail: "the key epoch is zero") }
        guard parsed.keyEpoch <= maximumKeyEpoch else { throw .damaged(detail: "the key epoch is impossibly large") }
        return parsed
    }
}
