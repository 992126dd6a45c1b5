import Foundation
import HearthCrypto
import HearthVault
import Testing
@testable import HearthRecords

/// Deleting or rewriting text really removes it: the next saved database image (what the
/// vault encrypts) holds no trace of it, including in the search index.
@Suite struct DeletionTraceTests {
    static let canary = "Quillfeather7Canary"

    /// The decrypted database image of the vault at `path`, as bytes.
    static func savedImage(_ path: String, _ secret: SecretBytes) throws -> [UInt8] {
        let vault = try RecordVault.open(at: path, credential: .passphrase(secret))
        return try vault.database.withSerializedImage { Array($0) }
    }

    static func contains(_ image: [UInt8], _ needle: String) -> Bool {
        let lower = image.map { ($0 >= 0x41 && $0 <= 0x5A) ? $0 + 32 : $0 }
        let n = Array(needle.lowercased().utf8)
        guard lower.count >= n.count else { return false }
        for i in 0...(lower.count - n.count) where lower[i] == n[0] && Array(lower[i..<i + n.count]) == n { return true }
        return false
    }

    static func makeVault() throws -> (path: String, secret: SecretBytes, folder: String) {
        let folder = NSTemporaryDirectory() + "hearth-trace-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let secret = try SecretBytes(copying: Array("correct horse".utf8))
        let path = folder + "/vault.hearth"
        _ = try RecordVault.create(at: path, secret: secret, kdf: .interactive, lockTimeout: 5)
        return (path, secret, folder)
    }

    @Test func aDeletedRecordLeavesNoTraceInTheSavedImage() throws {
        let (path, secret, folder) = try Self.makeVault()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var target = ""
        try RecordVault.modify(at: path, credential: .passphrase(secret), lockTimeout: 5) { store in
            try store.write { r in
                let sam = RecordFixtures.person("Sam")
                try r.insert(.person(sam))
                // Enough other text that the index has several segments and pages.
                for day in 0..<300 {
                    try r.insert(.journal(RecordFixtures.journal("Ordinary day \(day) by the river with tea", day: day % 40, people: [sam.id])))
                }
                let secretEntry = RecordFixtures.journal("I finally said it: \(Self.canary) and nobody left.", day: 3)
                target = secretEntry.id
                try r.insert(.journal(secretEntry))
                var belief = RecordFixtures.belief()
                belief.counterBelief = "Second \(Self.canary)x counter"
                try r.insert(.belief(belief))
                try r.delete(id: belief.id)
            }
        }
        let before = Self.contains(try Self.savedImage(path, secret), Self.canary)
        #expect(before, "the canary should be there before deletion")
        _ = try RecordVault.modify(at: path, credential: .passphrase(secret), lockTimeout: 5) { store in
            try store.write { try $0.delete(id: target, kind: .journal) }
        }
        let image = try Self.savedImage(path, secret)
        let canaryLeft = Self.contains(image, Self.canary), textLeft = Self.contains(image, "nobody left")
        #expect(!canaryLeft)
        #expect(!textLeft)
        let vault = try RecordVault.open(at: path, credential: .passphrase(secret))
        #expect(try vault.store.read { try $0.tombstone(id: target) }?.kind == .journal)
        #expect(try vault.store.read { try $0.search(SearchQuery("river")).hits }.count == 300)
        try vault.store.checkSearchIndex()
    }

    @Test func rewrittenTextLeavesNoTraceInTheSavedImage() throws {
        let (path, secret, folder) = try Self.makeVault()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var entry = RecordFixtures.journal("Draft with \(Self.canary) in it")
        try RecordVault.modify(at: path, credential: .passphrase(secret), lockTimeout: 5) { store in
            try store.write { r in
                for day in 0..<100 { try r.insert(.journal(RecordFixtures.journal("Filler \(day)", day: day))) }
                try r.insert(.journal(entry))
            }
        }
        entry.text = "Kinder words now"
        entry.common.updatedAt = RecordFixtures.time(1)
        try RecordVault.modify(at: path, credential: .passphrase(secret), lockTimeout: 5) { store in
            try store.write { try $0.update(.journal(entry)) }
        }
        let canaryLeft = Self.contains(try Self.savedImage(path, secret), Self.canary)
        #expect(!canaryLeft)
    }
}
