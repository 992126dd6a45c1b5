import Foundation
import HearthCrypto
@testable import HearthVault
import Testing

/// The committed test vector (Vectors/README.md): a vault made by the `hearth` binary must keep
/// opening, with exactly the header and payload recorded beside it.
@Suite struct VectorTests {
    struct Vector: Decodable {
        struct Header: Decodable {
            var format_version: Int
            var vault_id: String
            var key_epoch: UInt64
            var generation: UInt64
            var chunk_size: UInt32
            var chunks: Int
            var payload_length: UInt64
            var file_length: Int
            var slots: [Slot]
            var slot_metadata: [Metadata]
        }
        struct Slot: Decodable {
            var index: Int
            var type: String
            var opslimit: UInt64
            var memlimit: UInt64
        }
        struct Metadata: Decodable {
            var slot: Int
            var present: Bool
            var label: String
        }
        struct Record: Decodable {
            var id: String
            var text: String
        }
        var file: String
        var passphrase: String
        var passphrase_nfd: String
        var wrong_passphrase: String
        var header: Header
        var payload_blake2b_256: String
        var payload_starts_with_hex: String
        var records: [Record]
    }

    static let folder: URL = Bundle.module.url(forResource: "Vectors", withExtension: nil)!

    static func load(_ name: String) throws -> (vector: Vector, path: String) {
        let data = try Data(contentsOf: folder.appendingPathComponent(name + ".json"))
        let vector = try JSONDecoder().decode(Vector.self, from: data)
        return (vector, folder.appendingPathComponent(vector.file).path)
    }

    static func hex(_ bytes: some Sequence<UInt8>) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

    @Test func journalVectorOpensAndYieldsItsPayload() throws {
        let (vector, path) = try Self.load("journal-v1-interactive")
        let secret = try Passphrase.normalized(passphrase(vector.passphrase))
        let (opened, payload) = try Vault.open(at: path, credential: .passphrase(secret), allocator: heapAllocator)
        defer { UnsafeMutableRawPointer(payload.baseAddress)?.deallocate() }

        let h = opened.header
        #expect(Int(h.version) == vector.header.format_version)
        #expect(Self.hex(h.vaultID) == vector.header.vault_id)
        #expect(h.keyEpoch == vector.header.key_epoch)
        #expect(h.generation == vector.header.generation)
        #expect(h.chunkSize == vector.header.chunk_size)
        #expect(Int(h.chunkCount) == vector.header.chunks)
        #expect(vector.header.chunks > 1, "the vector exercises more than one chunk")
        #expect(h.payloadLength == vector.header.payload_length)
        #expect(Int(opened.fileLength) == vector.header.file_length)
        let slots = h.slots.compactMap { $0 }
        #expect(slots.map(\.index) == vector.header.slots.map(\.index))
        #expect(slots.map(\.type.name) == vector.header.slots.map(\.type))
        #expect(slots.map(\.kdf) == vector.header.slots.map { Argon2idParameters(opsLimit: $0.opslimit, memLimitBytes: $0.memlimit) })
        #expect(opened.keys.slotIndex == 0)
        let metadata = try SlotMetadataTable.open(from: h, masterKey: try #require(opened.keys.masterKey))
        for entry in vector.header.slot_metadata {
            #expect((metadata.entries[entry.slot] != nil) == entry.present)
            #expect(metadata.entries[entry.slot]?.label == entry.label)
        }

        let plaintext = Array(payload)
        #expect(Self.hex(plaintext.withUnsafeBytes { GenericHash.hash($0) }) == vector.payload_blake2b_256)
        #expect(Self.hex(plaintext.prefix(16)) == vector.payload_starts_with_hex)
        // The records database is not this module's business, but every id is in the image, and
        // so is every text short enough to sit on one SQLite page.
        for record in vector.records {
            #expect(plaintext.firstRange(of: Array(record.id.utf8)) != nil, "id \(record.id)")
            if record.text.utf8.count < 1000 {
                #expect(plaintext.firstRange(of: Array(record.text.utf8)) != nil, "text of \(record.id)")
            }
        }
    }

    @Test func decomposedPassphraseOpensAfterNormalization() throws {
        let (vector, path) = try Self.load("journal-v1-interactive")
        #expect(vector.passphrase_nfd.utf8.count > vector.passphrase.utf8.count, "the NFD form really is decomposed")
        let secret = try Passphrase.normalized(passphrase(vector.passphrase_nfd))
        #expect(try openPayload(path, .passphrase(secret)).count == Int(vector.header.payload_length))
        // Without normalization the bytes differ and the vault does not open: normalization matters.
        #expect(throws: VaultError.wrongSecret) { try openPayload(path, .passphrase(passphrase(vector.passphrase_nfd))) }
    }

    @Test func wrongPassphraseIsWrongSecret() throws {
        let (vector, path) = try Self.load("journal-v1-interactive")
        #expect(throws: VaultError.wrongSecret) {
            try openPayload(path, .passphrase(Passphrase.normalized(passphrase(vector.wrong_passphrase))))
        }
    }
}
