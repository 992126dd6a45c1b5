import Foundation
import HearthCrypto
@testable import HearthVault

/// The real v1 vector vault, opened once with its passphrase: its header and slots give the
/// fuzzers a genuine starting point, and its master and epoch keys are the "fixed test keys"
/// with which fuzzed headers are re-sealed so that the checks behind the checksum, the MAC and
/// the chunk authentication are reached.
enum Vector {
    static let fileBytes: [UInt8] = {
        guard let data = FileManager.default.contents(atPath: Repository.vectorVault) else {
            fatalError("cannot read \(Repository.vectorVault)")
        }
        return [UInt8](data)
    }()

    static let header: VaultHeader = try! VaultHeader.parse(fileBytes, path: "vector")

    static let keys: UnlockedKeys = {
        let secret = try! SecretBytes(copying: Array(Repository.vectorPassphrase.utf8))
        return try! Vault.unlock(header, with: .passphrase(try! Passphrase.normalized(secret)))
    }()
}

/// Vault header and slot table: `VaultHeader.parse` (which decodes every `KeySlot` and checks
/// them), on the first 2048 bytes with their checksum recomputed so that a mutation is judged by
/// the checks after it; then `SlotMetadataTable.open` on the rest of the input, sealed under
/// the vector's master key for the parsed slot table, so its plaintext checks are reached.
enum HeaderFuzz {
    static func run(_ input: [UInt8]) {
        _ = Vector.keys
        var bytes = input
        // Raw, as read from a file (empty, short, not a vault, newer version).
        _ = try? VaultHeader.parse(bytes, path: "fuzz")
        guard bytes.count >= VaultHeader.length else { return }
        let checksumAt = VaultHeader.checksumOffset
        let sum = bytes[0..<checksumAt].withUnsafeBytes { GenericHash.hash($0) }
        bytes.replaceSubrange(checksumAt..<VaultHeader.length, with: sum)
        guard let header = try? VaultHeader.parse(bytes, path: "fuzz") else { return }
        require(header.expectedFileLength > UInt64(VaultHeader.length), "a parsed header implies a payload")
        _ = header.slotTableDigest
        // Re-encoding a parsed header gives back the authenticated bytes it was parsed from.
        require(header.authenticatedBytes == Array(bytes[0..<VaultHeader.macOffset]), "header round trip")

        var plain = Array(bytes[VaultHeader.length...].prefix(SlotMetadataTable.plaintextLength))
        plain += [UInt8](repeating: 0, count: SlotMetadataTable.plaintextLength - plain.count)
        let master = Vector.keys.masterKey!
        var sealedHeader = header
        let key = try! SlotMetadataTable.key(masterKey: master)
        let nonce = [UInt8](repeating: 7, count: AEAD.nonceLength)
        sealedHeader.metadataNonce = nonce
        sealedHeader.sealedMetadata = try! plain.withUnsafeBytes { raw in
            try AEAD.seal(bytes: raw, key: key, nonce: nonce, associatedData: SlotMetadataTable.associatedData(header: sealedHeader))
        }
        if let table = try? SlotMetadataTable.open(from: sealedHeader, masterKey: master) {
            // What opened seals again and opens to the same entries.
            var again = sealedHeader
            try! table.seal(into: &again, masterKey: master)
            require((try? SlotMetadataTable.open(from: again, masterKey: master)) == table, "slot metadata round trip")
        }
    }
}

/// Payload chunk framing: a payload is encrypted with the vector's epoch key into chunks, the
/// chunks are then dropped, repeated, swapped, cut, extended or altered, the declared length or
/// chunk size changed, as the input's first bytes say; the file (header re-MACed with the same
/// key) is opened by `Vault.open` as any vault is. It must fail as damage, or give back exactly
/// the plaintext that was sealed from exactly the bytes sealed: anything else would be a forgery,
/// a silent truncation, or extra bytes let through.
enum PayloadFuzz {
    /// In Scripts/fuzz's scratch folder (removed when it ends), else on the memory file system.
    static let path = (ProcessInfo.processInfo.environment["HEARTH_FUZZ_SCRATCH"] ?? "/dev/shm")
        + "/hearth-fuzz-payload-\(getpid()).hearth"

    static func run(_ input: [UInt8]) {
        let epoch = Vector.keys.epoch
        guard input.count >= 2 else { return }
        let chunkSize = 4096 * (1 + Int(input[0] % 3))
        let opCount = Int(input[1] % 8)
        let opBytes = Array(input.dropFirst(2).prefix(opCount * 3))
        guard opBytes.count == opCount * 3 else { return }
        // The plaintext: the rest of the input, repeated to span a few chunks when asked.
        var plain = Array(input.dropFirst(2 + opCount * 3))
        if let first = plain.first, first & 0x80 != 0 { while plain.count < 3 * chunkSize && !plain.isEmpty { plain += plain } }
        plain = Array(plain.prefix(5 * chunkSize))

        var header = Vector.header
        header.chunkSize = UInt32(chunkSize)
        header.payloadLength = UInt64(plain.count)
        header.payloadID = [UInt8](repeating: 0x42, count: 16)
        let pusher = try! SecretStreamPusher(key: epoch.payloadKey)
        header.streamHeader = pusher.header
        let ad = PayloadCipher.associatedData(vaultID: header.vaultID, epoch: header.keyEpoch, payloadID: header.payloadID)
        var cipher: [UInt8] = []
        plain.withUnsafeBytes { raw in
            try! PayloadCipher.encrypt(raw, pusher: pusher, chunkSize: chunkSize, associatedData: ad) { block in
                cipher += block
            }
        }
        var chunks: [[UInt8]] = stride(from: 0, to: cipher.count, by: chunkSize + SecretStream.overhead).map {
            Array(cipher[$0..<min(cipher.count, $0 + chunkSize + SecretStream.overhead)])
        }
        var tailCut = 0
        var extra: [UInt8] = []
        for op in stride(from: 0, to: opBytes.count, by: 3) {
            let (kind, a, b) = (opBytes[op] % 10, Int(opBytes[op + 1]), Int(opBytes[op + 2]))
            switch kind {
            case 0: if !chunks.isEmpty { chunks.remove(at: a % chunks.count) }
            case 1: if !chunks.isEmpty { chunks.insert(chunks[a % chunks.count], at: b % (chunks.count + 1)) }
            case 2: if !chunks.isEmpty { chunks.swapAt(a % chunks.count, b % chunks.count) }
            case 3: tailCut += a + 1
            case 4: extra += [UInt8](repeating: UInt8(b), count: a + 1)
            case 5: header.payloadLength = UInt64(max(0, Int(header.payloadLength) + Int(Int8(bitPattern: UInt8(a))) * (b % 17 + 1)))
            case 6: header.chunkSize = UInt32(4096 * (1 + b % 4))
            case 7: if !chunks.isEmpty, !chunks[a % chunks.count].isEmpty {
                    let i = a % chunks.count
                    chunks[i][b % chunks[i].count] ^= 0x01
                }
            case 8: header.streamHeader[a % header.streamHeader.count] ^= UInt8(b | 1)
            // A length that ends on a chunk boundary: with the chunks after it dropped, a cut
            // that only the final tag reveals.
            default: header.payloadLength = UInt64(min(plain.count, (a % 6) * Int(header.chunkSize)))
            }
        }
        var file = header.encoded(macKey: epoch.headerMACKey(for: header)) + chunks.flatMap { $0 } + extra
        file.removeLast(min(tailCut, file.count - VaultHeader.length))
        guard FileManager.default.createFile(atPath: path, contents: Data(file)) else { fatalError("cannot write \(path)") }
        defer { unlink(path) }

        let allocator = PlaintextAllocator(
            allocate: { UnsafeMutableRawBufferPointer.allocate(byteCount: $0, alignment: 16) },
            release: { $0.deallocate() })
        guard let (_, payload) = try? Vault.open(at: path, credential: .keys(epoch), allocator: allocator) else { return }
        defer { payload.deallocate() }
        require(Array(UnsafeRawBufferPointer(payload)) == plain, "a vault opened with other plaintext than was sealed")
        // And only the bytes sealed: nothing cut, added or altered after the header was accepted.
        require(Array(file[VaultHeader.length...]) == cipher, "a vault with altered chunks opened")
    }
}
