import Foundation
import HearthTestSupport
import GRDB
import HearthCrypto
import HearthRecords
import HearthVault
import Testing

/// One bad value never poisons the vault, run through the binary: values out of range are
/// refused where they enter (65, or 64 for an option), too much input is refused, a record
/// whose stored values do not decode is reported by id and can be deleted and exported raw,
/// and a jrnl file imported under three time zones adds its entries once.
@Suite(.ownThreads) struct ValueEndToEndTests {
    @Test func outOfRangeDatesAreRefusedWhereTheyEnterNeverCrash() throws {
        let box = Sandbox(mode: .inProcess)
        box.initVault()
        for at in ["-0001-01-01T00:00:00Z", "2026-01-01T00:00:00+99:99", "1200000d", "9999999999999999w", "-1-2-6T9:5:4Z"] {
            let add = box.run(["journal", "add", "--json"] + box.unlocking(), stdin: "{\"text\":\"hello\",\"at\":\"\(at)\"}")
            #expect(add.status == 65, "add --json at \(at): \(add.status) \(add.err)")
            let file = box.root + "/import.json"
            box.write(Array("[{\"kind\":\"journal\",\"text\":\"hello\",\"at\":\"\(at)\"}]".utf8), to: file)
            let imported = box.run(["import", "--format", "json", file] + box.unlocking())
            #expect(imported.status == 65, "import at \(at): \(imported.status) \(imported.err)")
        }
        #expect(box.ids().isEmpty)
        // Before: SIGILL (exit 132) converting the far date.
        let since = box.run(["journal", "list", "--since", "999999999999999d"] + box.unlocking())
        #expect(since.status == 64, "\(since.status) \(since.err)")
        #expect(!since.err.contains("crashed"))
    }

    @Test func tooMuchInputIsRefusedWithoutReadingItAll() throws {
        let box = Sandbox(mode: .inProcess)
        box.initVault()
        let big = String(repeating: "a", count: (1 << 20) + 1)
        let text = box.run(["journal", "add"] + box.unlocking(), stdin: big)
        #expect(text.status == 65, "\(text.status) \(text.err)")
        let json = box.run(["journal", "add", "--json"] + box.unlocking(), stdin: "{\"text\":\"\(big)\"}")
        #expect(json.status == 65, "\(json.status) \(json.err)")
        #expect(box.ids().isEmpty)
        let folder = box.run(["import", "--format", "json", box.root] + box.unlocking())
        #expect(folder.status == 65, "\(folder.status) \(folder.err)")
        let missing = box.run(["import", "--format", "json", box.root + "/nothing-here.json"] + box.unlocking())
        #expect(missing.status == 66, "\(missing.status) \(missing.err)")
    }

    /// Stores `at` as the raw `at` of the record `id`, as an older Hearth did for `-0001-…`.
    static func plant(at text: String, for id: String, in box: Sandbox) throws {
        let secret = try SecretBytes(copying: Array(box.passphrase.utf8))
        let vault = try RecordVault.open(at: box.vault, credential: .passphrase(secret))
        try vault.database.queue.write { db in
            try db.execute(sql: "UPDATE record SET at = ? WHERE id = ?", arguments: [text, id])
        }
        try vault.save()
    }

    @Test func aRecordThatCannotBeReadIsReportedDeletableAndExportedRaw() throws {
        let box = Sandbox(mode: .inProcess)
        box.initVault()
        let good = try #require(box.add("a walk by the river"))
        let bad = try #require(box.add("planted entry"))
        try Self.plant(at: "00-1-01-01T00:00:00Z", for: bad, in: box)

        // Before: verify said all good, and every command below exited 65 "looks damaged".
        let verify = box.run(["verify"] + box.unlocking())
        #expect(verify.status == 1 && verify.out.contains(bad), "\(verify.status) \(verify.out) \(verify.err)")
        let list = box.run(["journal", "list"] + box.unlocking())
        #expect(list.status == 0, "\(list.status) \(list.err)")
        #expect(list.out.contains(String(good.prefix(8))) && !list.out.contains(String(bad.prefix(8))))
        #expect(list.err.contains(bad) && !list.err.contains("planted"))
        for other in [["search", "entry"], ["insights"], ["status"], ["people", "list", "--due"], ["conflicts"]] {
            let result = box.run(other + box.unlocking())
            #expect(result.status == 0, "\(other): \(result.status) \(result.err)")
        }
        let show = box.run(["journal", "show", bad] + box.unlocking())
        #expect(show.status == 65 && show.err.contains(bad) && show.err.contains("delete"), "\(show.status) \(show.err)")
        #expect(box.run(["journal", "show", good] + box.unlocking()).status == 0)
        let export = box.run(["export", "--format", "json"] + box.unlocking())
        #expect(export.status == 0, "\(export.status) \(export.err)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(export.stdout)) as? [String: Any])
        let unreadable = try #require(document["unreadable"] as? [[String: Any]])
        #expect(unreadable.first?["id"] as? String == bad)
        #expect(((unreadable.first?["stored"] as? [String: Any])?["journal"] as? [String: Any])?["text"] as? String == "planted entry")
        #expect((document["records"] as? [Any])?.count == 1)
        // The export imports back: the raw part is skipped.
        let file = box.root + "/export.json"
        box.write(export.stdout, to: file)
        let reimport = box.run(["import", "--format", "json", file] + box.unlocking())
        #expect(reimport.status == 0, "\(reimport.status) \(reimport.err)")

        let delete = box.run(["journal", "delete", bad] + box.unlocking())
        #expect(delete.status == 0, "\(delete.status) \(delete.err)")
        let after = box.run(["journal", "list"] + box.unlocking())
        #expect(after.status == 0 && after.err.isEmpty && after.out.contains(String(good.prefix(8))), "\(after.status) \(after.err)")
        #expect(box.run(["verify"] + box.unlocking()).status == 0)
    }

    @Test func aKeySlotDateFarOutOfRangeIsShownAsUnknown() throws {
        let box = Sandbox(mode: .inProcess)
        box.initVault()
        // Sealed by someone holding the master key: a date some three million years ago.
        let secret = try SecretBytes(copying: Array(box.passphrase.utf8))
        let vault = try RecordVault.open(at: box.vault, credential: .passphrase(secret))
        let master = try #require(vault.opened.keys.masterKey)
        var header = vault.opened.header
        var table = try SlotMetadataTable.open(from: header, masterKey: master)
        table.entries[0]?.createdAt = Date(timeIntervalSince1970: -1e14)
        try table.seal(into: &header, masterKey: master)
        _ = try vault.database.withSerializedImage { image in
            try Vault.save(previous: header, keys: vault.opened.keys.epoch, payload: image, to: box.vault)
        }
        // Before: "Negative count not allowed", exit 132.
        let list = box.run(["key", "list"] + box.unlocking())
        #expect(list.status == 0 && list.out.contains("unknown"), "\(list.status) \(list.out) \(list.err)")
        // In JSON, a date Hearth cannot print is null (Docs/JSON.md: "date or null").
        let json = box.run(["key", "list", "--json"] + box.unlocking())
        let slots = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout)) as? [[String: Any]])
        #expect(json.status == 0 && slots.first?["created_at"] is NSNull && slots.first?["changed_at"] is String, "\(json.out)")
    }

    @Test func editOfARecordThatCannotBeReadSaysSo() throws {
        let box = Sandbox(mode: .inProcess)
        box.initVault()
        let bad = try #require(box.add("planted entry"))
        try Self.plant(at: "00-1-01-01T00:00:00Z", for: bad, in: box)
        let edit = box.run(["journal", "edit", bad, "--json"] + box.unlocking(), stdin: "{\"text\":\"new\"}")
        #expect(edit.status == 65 && edit.err.contains(bad) && edit.err.contains("delete"), "\(edit.status) \(edit.err)")
    }

    static let jrnlFile = """
        {"tags": {}, "entries": [
          {"title": "Walk", "body": "by the river", "date": "2024-03-01", "time": "21:30", "tags": ["@outside"], "starred": false},
          {"title": "Late night", "body": "", "date": "2024-11-03", "time": "01:30", "tags": [], "starred": true}
        ]}
        """

    @Test func aJrnlFileImportedUnderThreeTimeZonesAddsItsEntriesOnce() throws {
        let box = Sandbox(mode: .inProcess)
        box.initVault()
        let file = box.root + "/jrnl.json"
        box.write(Array(Self.jrnlFile.utf8), to: file)
        for zone in ["UTC", "Europe/Paris", "America/New_York"] {
            let result = box.run(["import", "--format", "jrnl", file] + box.unlocking(), env: ["TZ": zone])
            #expect(result.status == 0, "\(zone): \(result.err)")
        }
        // Before: each zone gave other ids, so six entries.
        #expect(box.ids().count == 2)
    }

    @Test func entriesImportedWithTheEarlierIdsAreRecognised() throws {
        let box = Sandbox(mode: .inProcess)
        box.initVault()
        // What an earlier Hearth stored for this file under TZ=Europe/Paris.
        let entries = try JrnlImport.entries(Array(Self.jrnlFile.utf8), timeZone: TimeZone(identifier: "Europe/Paris")!)
        let secret = try SecretBytes(copying: Array(box.passphrase.utf8))
        try RecordVault.modify(at: box.vault, credential: .passphrase(secret), lockTimeout: 5) { store in
            try store.write { r in
                for entry in entries {
                    let id = try r.derivedID(for: entry.legacyIDContent)
                    let common = RecordCommon(id: id, at: entry.at, createdAt: entry.at, updatedAt: entry.at, tags: entry.tags, starred: entry.starred)
                    try r.insert(.journal(JournalEntry(common: common, text: entry.text)))
                }
            }
        }
        let file = box.root + "/jrnl.json"
        box.write(Array(Self.jrnlFile.utf8), to: file)
        let again = box.run(["import", "--format", "jrnl", file] + box.unlocking(), env: ["TZ": "Europe/Paris"])
        #expect(again.status == 0 && again.err.contains("0 new"), "\(again.err)")
        #expect(box.ids().count == 2)
    }
}
