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
            var binds_key_epoch: Bool?
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
        var second_passphrase: String?
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

    /// Both vectors, opened with each passphrase they list (the v2 vector's slot 0 has the
    /// format-1 associated data, its slot 1 the format-2 one, bound to the key epoch).
    @Test(arguments: ["journal-v1-interactive|passphrase", "journal-v2-upgraded|passphrase", "journal-v2-upgraded|second"])
    func journalVectorOpensAndYieldsItsPayload(_ which: String) throws {
        let parts = which.split(separator: "|").map(String.init)
        let (vector, path) = try Self.load(parts[0])
        let text = parts[1] == "second" ? try #require(vector.second_passphrase) : vector.passphrase
        let secret = try Passphrase.normalized(passphrase(text))
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
        #expect(slots.map(\.bindsEpoch) == vector.header.slots.map { $0.binds_key_epoch ?? false })
        #expect(opened.keys.slotIndex == (parts[1] == "second" ? 1 : 0))
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

    /// A version-1 vault opens as before; its first save writes version 2 with the slots and
    /// sealed metadata copied unchanged (slot 0 keeps its version-1 associated data), and the
    /// passphrase still opens it. An unlocked session of the version-1 file holds the epoch key
    /// and can make that save; a session of the upgraded file holds only a one-table key, which
    /// cannot MAC the same table as version 1 again.
    @Test func firstSaveOfVersionOneWritesVersionTwo() throws {
        let (vector, vectorPath) = try Self.load("journal-v1-interactive")
        let scratch = Scratch()
        let path = scratch.file("v1.hearth")
        try FileManager.default.copyItem(atPath: vectorPath, toPath: path)
        let secret = try Passphrase.normalized(passphrase(vector.passphrase))
        let v1 = try Vault.readHeader(at: path).header
        #expect(v1.version == 1 && v1.slots[0]?.bindsEpoch == false)
        let unlocked = try Vault.unlock(v1, with: .passphrase(secret))
        let v1Session = SessionKey(
            epoch: v1.keyEpoch, key: try unlocked.epoch.sessionMaterial(for: v1), slotTableDigest: v1.keyTableDigest)
        #expect(v1Session.holdsEpochKey, "a version-1 header can only be checked with the epoch key")
        let (opened, payload) = try Vault.open(at: path, credential: .session(v1Session), allocator: heapAllocator)
        defer { UnsafeMutableRawPointer(payload.baseAddress)?.deallocate() }
        let lock = try WriterLock(vaultPath: path, timeout: 1)
        let saved = try Vault.save(previous: opened.header, keys: opened.keys.epoch, payload: UnsafeRawBufferPointer(payload), to: path)
        withExtendedLifetime(lock) {}
        #expect(saved.version == 2 && saved.generation == v1.generation + 1)
        #expect(saved.slots == v1.slots && saved.sealedMetadata == v1.sealedMetadata && saved.keyTableDigest == v1.keyTableDigest)
        #expect(try Vault.readHeader(at: path).header.version == 2)
        #expect(try openPayload(path, .passphrase(secret)) == Array(payload))
        // The same session goes on working: the key table did not change.
        #expect(try openPayload(path, .session(v1Session)) == Array(payload))

        // A session of the version-2 file holds no epoch key; its key cannot MAC version 1.
        let v2 = try Vault.readHeader(at: path).header
        let keys = try Vault.unlock(v2, with: .passphrase(secret)).epoch
        let v2Session = SessionKey(epoch: v2.keyEpoch, key: try keys.sessionMaterial(for: v2), slotTableDigest: v2.keyTableDigest)
        #expect(!v2Session.holdsEpochKey)
        let sessionKeys = try #require(try v2Session.epochKeys())
        guard case .slotTable(let tableKey) = sessionKeys.headerKey else { Issue.record("not a one-table key"); return }
        var relabelled = v2
        relabelled.version = 1
        relabelled.generation += 1
        writeBytes(relabelled.encoded(macKey: tableKey.macKey) + Array(readBytes(path)[VaultHeader.length...]), to: path)
        #expect(throws: VaultError.damaged(detail: "the header does not authenticate (it was altered)")) {
            try openPayload(path, .passphrase(secret))
        }
        #expect(throws: VaultError.sessionSlotTableChanged) { try openPayload(path, .session(v2Session)) }
    }

    /// The independent reader (Python, PyNaCl; Vectors/README.md) reads both vectors as their
    /// JSON says. Skipped, and reported as skipped, where python3 with PyNaCl is missing.
    @Test(.enabled(if: Self.pythonReaderAvailable, "python3 with PyNaCl is not installed"),
          arguments: ["journal-v1-interactive", "journal-v2-upgraded"])
    func referenceReaderReadsTheVector(_ name: String) throws {
        let (vector, path) = try Self.load(name)
        let scratch = Scratch()
        var outputs: [[String: Any]] = []
        for text in [vector.passphrase, vector.second_passphrase].compactMap({ $0 }) {
            let secretFile = scratch.file("pass")
            writeBytes(Array(text.utf8), to: secretFile)
            let (status, out) = Self.runReader([path, secretFile])
            #expect(status == 0)
            outputs.append(try #require(try JSONSerialization.jsonObject(with: Data(out)) as? [String: Any]))
        }
        for facts in outputs {
            #expect(facts["payload_blake2b_256"] as? String == vector.payload_blake2b_256)
            #expect(facts["format_version"] as? Int == vector.header.format_version)
            #expect(facts["generation"] as? Int == Int(vector.header.generation))
            #expect(facts["file_length"] as? Int == vector.header.file_length)
        }
        let wrongFile = scratch.file("wrong")
        writeBytes(Array(vector.wrong_passphrase.utf8), to: wrongFile)
        #expect(Self.runReader([path, wrongFile]).status == 77)
    }

    static let readerPath = folder.appendingPathComponent("reference_reader.py").path

    static var pythonReaderAvailable: Bool { runPython(["-c", "import nacl.bindings"]).status == 0 }

    static func runReader(_ arguments: [String]) -> (status: Int32, out: [UInt8]) { runPython([readerPath] + arguments) }

    static func runPython(_ arguments: [String]) -> (status: Int32, out: [UInt8]) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return (-1, []) }
        let out = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, Array(out))
    }

    @Test func wrongPassphraseIsWrongSecret() throws {
        let (vector, path) = try Self.load("journal-v1-interactive")
        #expect(throws: VaultError.wrongSecret) {
            try openPayload(path, .passphrase(Passphrase.normalized(passphrase(vector.wrong_passphrase))))
        }
    }
}
