import Foundation
import HearthCrypto
@testable import HearthVault
import Testing

/// The cheapest Argon2id cost a vault may hold (FORMAT.md, "Cost bounds"): keeps unlocking
/// in these tests to a few milliseconds.
let fastKDF = Argon2idParameters(opsLimit: 1, memLimitBytes: 8 << 20)

/// Where decrypted payloads go in these tests: plain heap memory.
let heapAllocator = PlaintextAllocator(
    allocate: { count in UnsafeMutableRawBufferPointer.allocate(byteCount: count, alignment: 16) },
    release: { buffer in buffer.deallocate() })

/// A private folder for one test, removed when the value goes away.
final class Scratch {
    let path: String

    init() {
        var template = Array((NSTemporaryDirectory() + "hearth-vault-test-XXXXXX").utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        precondition(made != nil, "mkdtemp failed")
        path = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }
}

func passphrase(_ text: String) -> SecretBytes { try! SecretBytes(copying: Array(text.utf8)) }

func readBytes(_ path: String) -> [UInt8] { Array(FileManager.default.contents(atPath: path) ?? Data()) }

func writeBytes(_ bytes: [UInt8], to path: String) {
    precondition(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
}

/// The checksum of a header, computed as FORMAT.md says (BLAKE2b-256 of bytes 0..<2016).
func withRecomputedChecksum(_ bytes: [UInt8]) -> [UInt8] {
    var out = bytes
    let checksum = out[0..<VaultHeader.checksumOffset].withUnsafeBytes { GenericHash.hash($0) }
    out.replaceSubrange(VaultHeader.checksumOffset..<VaultHeader.length, with: checksum)
    return out
}

/// A vault made for a test, with its keys kept so that tests can play an attacker who
/// knows more than a real one would (to check each defence on its own).
struct MadeVault {
    let path: String
    let secret: SecretBytes
    let opened: OpenedVault
    let payload: [UInt8]

    var epochKey: VaultCredential { .epochKey(opened.keys.epoch.epochKey!.secret) }
    var bytes: [UInt8] { readBytes(path) }
    var header: VaultHeader { opened.header }

    /// Creates a vault at `path` holding `payload`, opened by `secret`.
    static func create(
        at path: String, payload: [UInt8], secret: String = "correct horse battery staple", kdf: Argon2idParameters = fastKDF
    ) throws -> MadeVault {
        let key = passphrase(secret)
        let opened = try payload.withUnsafeBytes { raw in
            try Vault.create(at: path, secret: key, kdf: kdf, payload: raw, lockTimeout: 1)
        }
        return MadeVault(path: path, secret: key, opened: opened, payload: payload)
    }

    /// Saves `payload` as the next generation (optionally with another chunk size).
    func save(_ payload: [UInt8], chunkSize: UInt32? = nil) throws -> MadeVault {
        var template = opened.header
        if let chunkSize { template.chunkSize = chunkSize }
        template.generation += 1
        let header = try payload.withUnsafeBytes { raw in
            try Vault.write(template, keys: opened.keys.epoch, payload: raw, to: path)
        }
        let next = OpenedVault(path: path, header: header, keys: opened.keys, fileLength: header.expectedFileLength)
        return MadeVault(path: path, secret: secret, opened: next, payload: payload)
    }

    /// What `hearth unlock` would hand an agent for this vault as it is now.
    func sessionKey() throws -> SessionKey {
        SessionKey(
            epoch: header.keyEpoch, key: try opened.keys.epoch.sessionMaterial(for: header),
            slotTableDigest: header.keyTableDigest)
    }

    /// Header bytes re-sealed with this vault's real MAC key and a fresh checksum: what only a
    /// holder of the keys could write.
    func resealed(_ header: VaultHeader) -> [UInt8] {
        header.encoded(macKey: opened.keys.epoch.headerMACKey(for: header))
    }
}

/// Opens `path` and returns the payload, or throws what `Vault.open` throws.
@discardableResult
func openPayload(_ path: String, _ credential: VaultCredential) throws(VaultError) -> [UInt8] {
    let (_, payload) = try Vault.open(at: path, credential: credential, allocator: heapAllocator)
    defer { UnsafeMutableRawPointer(payload.baseAddress)?.deallocate() }
    return Array(payload)
}

/// Opening must fail, and with one of `allowed`; returns the error for closer checks.
@discardableResult
func expectOpenFails(
    _ path: String, _ credential: VaultCredential, allowed: (VaultError) -> Bool, _ comment: @autoclosure () -> String = "",
    sourceLocation: SourceLocation = #_sourceLocation
) -> VaultError? {
    do {
        try openPayload(path, credential)
        Issue.record("opened a vault that should not open (\(comment()))", sourceLocation: sourceLocation)
        return nil
    } catch {
        #expect(allowed(error), "\(comment()): \(error)", sourceLocation: sourceLocation)
        return error
    }
}

extension VaultError {
    var isDamaged: Bool { if case .damaged = self { true } else { false } }
    var isNotAVault: Bool { if case .notAVault = self { true } else { false } }
    var isWrongSecret: Bool { self == .wrongSecret }
    var detail: String { if case .damaged(let detail) = self { detail } else { "" } }
}

/// A deterministic generator, so that a failing sampled position can be reproduced: the seed
/// is printed by the tests that use it and can be fixed with HEARTH_TEST_SEED.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed == 0 ? 0x9E37_79B9_7F4A_7C15 : seed }

    static func fromEnvironment(_ label: String) -> SeededGenerator {
        let seed = ProcessInfo.processInfo.environment["HEARTH_TEST_SEED"].flatMap { UInt64($0) }
            ?? UInt64.random(in: 1...UInt64.max)
        print("\(label): HEARTH_TEST_SEED=\(seed)")
        return SeededGenerator(seed: seed)
    }

    mutating func next() -> UInt64 {
        // splitmix64
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Payload bytes that are not all alike, so that a misplaced chunk cannot decrypt to the same text.
func samplePayload(_ count: Int) -> [UInt8] { Random.bytes(count) }
