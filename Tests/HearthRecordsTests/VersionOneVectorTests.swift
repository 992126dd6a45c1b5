import Foundation
import HearthCrypto
import HearthVault
import Testing
@testable import HearthRecords

/// The committed v1 test vector (Tests/HearthVaultTests/Vectors) was written by the first
/// Hearth, with only the "v1-journal" migration. It must open, show every entry, and be saved
/// upgraded.
@Suite struct VersionOneVectorTests {
    struct Vector: Decodable {
        struct Record: Decodable {
            var id: String
            var text: String
        }
        var file: String
        var passphrase: String
        var records: [Record]
    }

    @Test func aVersionOneVaultOpensAndIsSavedUpgraded() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("HearthVaultTests/Vectors")
        let vector = try JSONDecoder().decode(
            Vector.self, from: try Data(contentsOf: folder.appendingPathComponent("journal-v1-interactive.json")))
        let work = NSTemporaryDirectory() + "hearth-v1-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: work) }
        let path = work + "/vault.hearth"
        try FileManager.default.copyItem(atPath: folder.appendingPathComponent(vector.file).path, toPath: path)
        let secret = try Passphrase.normalized(try SecretBytes(copying: Array(vector.passphrase.utf8)))

        let opened = try RecordVault.open(at: path, credential: .passphrase(secret))
        let entries = try opened.store.journalEntries()
        #expect(entries.count == vector.records.count)
        for record in vector.records {
            #expect(try opened.store.journalEntry(id: record.id).text == record.text)
        }
        let word = try #require(vector.records[0].text.split(separator: " ").first { $0.count > 4 && $0.allSatisfy(\.isLetter) })
        #expect(try opened.store.read { try $0.search(SearchQuery(String(word))).hits }.contains { $0.id == vector.records[0].id })

        _ = try RecordVault.modify(at: path, credential: .passphrase(secret), lockTimeout: 5) { store in
            try store.write { try $0.insert(.journal(RecordFixtures.journal("Written after the upgrade"))) }
        }
        let upgraded = try RecordVault.open(at: path, credential: .passphrase(secret))
        #expect(try upgraded.store.journalEntries().count == vector.records.count + 1)
        #expect(try upgraded.database.queue.read { try $0.tableExists("journal_entry") } == false)
        try upgraded.store.checkSearchIndex()
    }
}
