import Foundation
import HearthCrypto
@testable import HearthVault
import Testing

/// Files that are not vaults at all: refused as such, quickly, and never as a wrong passphrase.
@Suite struct NotAVaultTests {
    static let secret = VaultCredential.passphrase(passphrase("anything"))

    @Test func missingFileIsNotFound() {
        let scratch = Scratch()
        let path = scratch.file("nothing-here.hearth")
        #expect(throws: VaultError.notFound(path: path)) { try openPayload(path, Self.secret) }
        #expect(throws: VaultError.notFound(path: path)) { try Vault.readHeader(at: path) }
        let under = scratch.file("no-folder/v.hearth")
        #expect(throws: VaultError.notFound(path: under)) { try openPayload(under, Self.secret) }
    }

    @Test func emptyShortRandomAndTextFiles() throws {
        let scratch = Scratch()
        let text = Array("""
            # My notes
            This is a plain text file, not a vault. It is long enough to fill a header, because it
            goes on and on for a while so that only the magic can tell it apart.
            """.utf8)
        let samples: [(String, [UInt8])] = [
            ("empty", []),
            ("one byte", [0x89]),
            ("nine bytes of the magic", Array(VaultHeader.magic) + [1]),
            ("random 100", Random.bytes(100)),
            ("random 5000", Random.bytes(5000)),
            ("text", text + Array(repeating: UInt8(ascii: "."), count: 3000)),
            ("zeros", [UInt8](repeating: 0, count: 4096)),
            ("sqlite file", Array("SQLite format 3\0".utf8) + Random.bytes(4000)),
        ]
        for (name, bytes) in samples {
            let path = scratch.file(name)
            writeBytes(bytes, to: path)
            expectOpenFails(path, Self.secret, allowed: { $0.isNotAVault || $0.isDamaged }, name)
            #expect(throws: VaultError.self, "\(name)") { try Vault.readHeader(at: path) }
        }
    }

    @Test func magicFollowedByNoiseIsDamage() throws {
        let scratch = Scratch()
        for length in [10, 2047, 2048, 5000] {
            let path = scratch.file("noise-\(length)")
            writeBytes(VaultHeader.magic + [1, 0] + Random.bytes(length - 10), to: path)
            expectOpenFails(path, Self.secret, allowed: \.isDamaged, "\(length)")
        }
    }

    @Test func folderIsNotAVault() throws {
        let scratch = Scratch()
        let path = scratch.file("folder.hearth")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        #expect(throws: VaultError.notAFile(path: path, kind: "a folder")) { try openPayload(path, Self.secret) }
    }

    @Test func headerWithoutPayloadIsDamage() throws {
        let scratch = Scratch()
        let vault = try MadeVault.create(at: scratch.file("v.hearth"), payload: samplePayload(10))
        writeBytes(Array(vault.bytes[0..<2048]), to: vault.path)
        let error = expectOpenFails(vault.path, .passphrase(vault.secret), allowed: \.isDamaged)
        #expect(error?.detail.contains("truncated") == true)
    }

    @Test func createNeverOverwrites() throws {
        let scratch = Scratch()
        let vault = try MadeVault.create(at: scratch.file("v.hearth"), payload: samplePayload(10))
        let before = vault.bytes
        #expect(throws: VaultError.alreadyExists(path: vault.path)) {
            try MadeVault.create(at: vault.path, payload: samplePayload(10))
        }
        #expect(vault.bytes == before)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: scratch.path).filter { $0.contains(".tmp-") }
        #expect(leftovers.isEmpty)
    }
}
