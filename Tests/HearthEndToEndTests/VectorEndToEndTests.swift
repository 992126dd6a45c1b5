import Foundation
import HearthTestSupport
import Testing

/// The committed test vector (Tests/HearthVaultTests/Vectors) through the binary: the records
/// it must yield come out of `journal list` and `journal show`, field by field.
@Suite(.serialized) struct VectorEndToEndTests {
    static let folder = packageRoot.appendingPathComponent("Tests/HearthVaultTests/Vectors")

    @Test func journalVectorYieldsItsRecords() throws {
        let data = try Data(contentsOf: Self.folder.appendingPathComponent("journal-v1-interactive.json"))
        let vector = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let records = try #require(vector["records"] as? [[String: Any]])
        let passphrase = try #require(vector["passphrase"] as? String)
        let box = Sandbox(passphrase: passphrase, mode: .inProcess)
        let path = box.root + "/vector.hearth"
        try FileManager.default.copyItem(
            atPath: Self.folder.appendingPathComponent(try #require(vector["file"] as? String)).path, toPath: path)
        let original = box.bytes(path)

        let (listed, listing) = box.list(vault: path)
        let entries = try #require(listed, "list failed: \(listing.status) \(listing.err)")
        #expect(entries.map { $0["id"] as? String } == records.map { $0["id"] as? String })
        for record in records {
            let id = try #require(record["id"] as? String)
            let show = box.run(["journal", "show", id, "--json"] + box.unlocking(path))
            #expect(show.status == 0, "\(show.err)")
            let shown = try #require(try JSONSerialization.jsonObject(with: Data(show.stdout)) as? [String: Any])
            for (field, expected) in record {
                #expect(
                    (shown[field] as? NSObject) == (expected as? NSObject),
                    "\(id) \(field): \(String(describing: shown[field])) != \(expected)")
            }
        }
        // The decomposed spelling of the passphrase opens it too (NFC), the wrong one gives 77.
        let nfd = box.root + "/nfd"
        _ = FileManager.default.createFile(atPath: nfd, contents: Data(try #require(vector["passphrase_nfd"] as? String).utf8))
        #expect(box.run(["journal", "list", "--vault", path, "--passphrase-file", nfd]).status == 0)
        let wrong = box.root + "/wrong"
        _ = FileManager.default.createFile(atPath: wrong, contents: Data(try #require(vector["wrong_passphrase"] as? String).utf8))
        #expect(box.run(["journal", "list", "--vault", path, "--passphrase-file", wrong]).status == 77)
        let status = box.run(["status", "--json", "--vault", path])
        let facts = try #require(try JSONSerialization.jsonObject(with: Data(status.stdout)) as? [String: Any])
        let header = try #require(vector["header"] as? [String: Any])
        #expect(facts["format_version"] as? Int == header["format_version"] as? Int)
        #expect(facts["generation"] as? Int == header["generation"] as? Int)
        #expect(facts["key_epoch"] as? Int == header["key_epoch"] as? Int)
        #expect(facts["size"] as? Int == header["file_length"] as? Int)
        #expect(box.bytes(path) == original, "reading never rewrites the vault")
    }

    /// The first save of the version-1 vector writes format version 2 and says so, once.
    @Test func firstSaveOfVersionOneUpgradesAndSaysSoOnce() throws {
        let data = try Data(contentsOf: Self.folder.appendingPathComponent("journal-v1-interactive.json"))
        let vector = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let box = Sandbox(passphrase: try #require(vector["passphrase"] as? String))
        let path = box.root + "/vector.hearth"
        try FileManager.default.copyItem(
            atPath: Self.folder.appendingPathComponent(try #require(vector["file"] as? String)).path, toPath: path)
        let first = box.run(["journal", "add"] + box.unlocking(path), stdin: "After the upgrade.")
        #expect(first.status == 0, "\(first.err)")
        #expect(first.err.contains("newer file format (version 2, before: 1)"), "\(first.err)")
        #expect(box.bytes(path)[8] == 2)
        let second = box.run(["journal", "add"] + box.unlocking(path), stdin: "And again.")
        #expect(second.status == 0, "\(second.err)")
        #expect(!second.err.contains("newer file format"), "said once: \(second.err)")
        let (listed, _) = box.list(vault: path)
        #expect(listed?.count == 6)
    }
}
