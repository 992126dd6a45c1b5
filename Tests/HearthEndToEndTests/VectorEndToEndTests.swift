import Foundation
import HearthTestSupport
import Testing

/// The committed test vector (Tests/HearthVaultTests/Vectors) through the binary: the records
/// it must yield come out of `journal list` and `journal show`, field by field.
@Suite(.serialized, .ownThreads) struct VectorEndToEndTests {
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

    /// A format-1 copy put back after the vault was upgraded (Docs/SECURITY.md, "Rollback
    /// warning", older format): reading works and warns, a save is refused (1, nothing written),
    /// and exactly the keys the refusal names let it through, saved as format 2 again.
    @Test func aFormatOneCopyPutBackAfterTheUpgradeIsAFinding() throws {
        let data = try Data(contentsOf: Self.folder.appendingPathComponent("journal-v1-interactive.json"))
        let vector = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let box = Sandbox(passphrase: try #require(vector["passphrase"] as? String))
        let path = box.root + "/vector.hearth"
        let v1 = Self.folder.appendingPathComponent(try #require(vector["file"] as? String)).path
        try FileManager.default.copyItem(atPath: v1, toPath: path)
        let upgrade = box.run(["journal", "add"] + box.unlocking(path), stdin: "After the upgrade.")
        #expect(upgrade.status == 0, "\(upgrade.err)")
        #expect(box.bytes(path)[8] == 2)
        // The format-1 copy from before the upgrade, put back.
        try FileManager.default.removeItem(atPath: path)
        try FileManager.default.copyItem(atPath: v1, toPath: path)
        let oldCopy = box.bytes(path)
        let (listed, listing) = box.list(vault: path)
        #expect(listed?.count == 4, "reading works: \(listing.err)")
        #expect(listing.err.contains("older file format"), "warned: \(listing.err)")
        let refused = box.run(["journal", "add"] + box.unlocking(path), stdin: "Into the old copy.")
        #expect(refused.status == 1, "\(refused.err)")
        #expect(refused.err.contains("older file format"), "\(refused.err)")
        #expect(box.bytes(path) == oldCopy, "nothing written")
        let named = try #require(
            refused.err.range(of: #"--accept-keys [0-9]+:[0-9a-f]{8}"#, options: .regularExpression).map { String(refused.err[$0]) })
        let accept = named.split(separator: " ").map(String.init)
        // Another key than the one named is not enough.
        let wrongKey = String(accept[1].dropLast()) + (accept[1].hasSuffix("0") ? "1" : "0")
        let wrong = box.run(["journal", "add", "--accept-keys", wrongKey] + box.unlocking(path), stdin: "Not yet.")
        #expect(wrong.status == 1 && box.bytes(path) == oldCopy, "\(wrong.err)")
        let accepted = box.run(["journal", "add"] + accept + box.unlocking(path), stdin: "Accepted.")
        #expect(accepted.status == 0, "\(accepted.err)")
        #expect(box.bytes(path)[8] == 2, "saved as format 2")
        // Once it is format 2 again, the next save needs nothing.
        let next = box.run(["journal", "add"] + box.unlocking(path), stdin: "And on.")
        #expect(next.status == 0 && !next.err.contains("older file format"), "\(next.err)")
    }

    /// `restore --with-backup-keys --force` of a format-1 backup from before the upgrade, under the keys
    /// this account trusts: its format is what the person asks for (as its older key slots are),
    /// so it is accepted, said, and saved as format 2; later saves need nothing.
    @Test func restoringAFormatOneBackupWithItsKeysSavesFormatTwo() throws {
        let data = try Data(contentsOf: Self.folder.appendingPathComponent("journal-v1-interactive.json"))
        let vector = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let box = Sandbox(passphrase: try #require(vector["passphrase"] as? String))
        let path = box.root + "/vector.hearth"
        let backup = box.root + "/before-upgrade.hearth"
        let v1 = Self.folder.appendingPathComponent(try #require(vector["file"] as? String)).path
        try FileManager.default.copyItem(atPath: v1, toPath: path)
        try FileManager.default.copyItem(atPath: v1, toPath: backup)
        chmod(backup, 0o600)
        #expect(box.run(["journal", "add"] + box.unlocking(path), stdin: "After the upgrade.").status == 0)
        let restored = box.run(["restore", backup, "--with-backup-keys", "--force"] + box.unlocking(path))
        #expect(restored.status == 0, "\(restored.err)")
        #expect(restored.err.contains("saved in format 2 from now on"), "\(restored.err)")
        #expect(box.bytes(path)[8] == 2)
        let next = box.run(["journal", "add"] + box.unlocking(path), stdin: "And on.")
        #expect(next.status == 0 && !next.err.contains("older file format"), "\(next.err)")
    }
}
