import Foundation
import HearthTestSupport
import Testing

/// Export and import through the binary: JSON round trip, Markdown, jrnl.
@Suite(.ownThreads) struct ExchangeEndToEndTests {
    @Test func exportImportRoundTripsAndIsIdempotent() throws {
        let (source, _, _, entries) = try FindingTests.practice()
        let gone = try source.add("script", json: #"{"script": "disappear", "urge": "cancel plans"}"#)
        _ = try source.run(["script", "delete", gone])
        _ = try source.run(["journal", "delete", entries[0]])
        let exported = try source.run(["export", "--format", "json"])
        #expect(exported.status == 0 && exported.err.contains("not encrypted"))
        let file = source.folder + "/export.json"
        try exported.out.write(toFile: file, atomically: true, encoding: .utf8)

        let target = try PracticeHarness(mode: .inProcess)
        let imported = try target.run(["import", "--format", "json", file])
        #expect(imported.status == 0 && imported.err.contains("Imported: 10 new") && imported.err.contains("2 deletions noted"), "\(imported.err)")
        // Nothing new: nothing is written (the same bytes, the same save count), so a sync tool
        // sees no change and no other computer's save is raced for nothing.
        let before = try Data(contentsOf: URL(fileURLWithPath: target.vault))
        let again = try target.run(["import", "--format", "json"], stdin: exported.out)
        #expect(again.status == 0 && again.err.contains("Imported: 0 new, 10 already here"), "\(again.err)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: target.vault)) == before, "an import with nothing new wrote the vault")

        let first = try #require(try exported.json() as? [String: Any])
        let second = try #require(try target.run(["export", "--format", "json"]).json() as? [String: Any])
        for key in ["records", "tombstones", "format", "version"] {
            #expect(NSDictionary(dictionary: ["v": first[key] as Any]).isEqual(to: ["v": second[key] as Any]), "\(key)")
        }
        #expect(!exported.out.contains("disappear"))
    }

    @Test func markdownExportAsOneFileOrAFolderPerKind() throws {
        let (h, _, _, _) = try FindingTests.practice()
        let single = h.folder + "/practice.md"
        #expect(try h.run(["export", "--format", "markdown", "--output", single]).status == 0)
        let text = try String(contentsOfFile: single, encoding: .utf8)
        #expect(text.contains("## Journal entries") && text.contains("the lighthouse walk") && text.contains("## People"))
        var info = stat()
        stat(single, &info)
        #expect(info.st_mode & 0o777 == 0o600)
        #expect(try h.run(["export", "--format", "markdown", "--output", single]).status == 73, "never over an existing file")

        let folder = h.folder + "/md/"
        #expect(try h.run(["export", "--format", "markdown", "--output", folder]).status == 0)
        let files = PracticeHarness.files(under: folder)
        #expect(files.filter { $0.contains("/journal/") }.count == 6)
        #expect(files.filter { $0.contains("/people/") }.count == 2)
        #expect(files.filter { $0.contains("/body/") }.count == 2)
    }

    /// The shape `jrnl --export json` writes (jrnl 2.x–4.x), escapes and all.
    static let jrnlExport = """
        {
          "tags": {
            "@work": 2,
            "@family": 1
          },
          "entries": [
            {
              "title": "Called in sick.",
              "body": "Used the time to rest. Felt guilty, then less so.\\n\\nMade soup.",
              "date": "2024-03-01",
              "time": "09:00",
              "tags": [
                "@work"
              ],
              "starred": false
            },
            {
              "title": "Dinner with my sister \\u2014 finally.",
              "body": "She asked how I really was. I told her a little. \\ud83c\\udf5d",
              "date": "2024-03-02",
              "time": "19:30",
              "tags": [
                "@family",
                "@work"
              ],
              "starred": true
            },
            {
              "title": "Short one.",
              "body": "",
              "date": "2024-03-03",
              "time": "7:05",
              "tags": [],
              "starred": false,
              "uuid": "6D1E0A0B2C3D4E5F60718293A4B5C6D7",
              "creator": {"device_agent": "iPhone", "software_agent": "Day One"}
            }
          ]
        }
        """

    @Test func jrnlImportIsIdempotentAndBadInputNamesTheLine() throws {
        let h = try PracticeHarness(mode: .inProcess)
        let file = h.folder + "/jrnl.json"
        try Self.jrnlExport.write(toFile: file, atomically: true, encoding: .utf8)
        let first = try h.run(["import", "--format", "jrnl", file])
        #expect(first.status == 0 && first.err.contains("Imported: 3 new"), "\(first.err)")
        #expect(try h.run(["import", "--format", "jrnl", file]).err.contains("Imported: 0 new, 3 already here"))
        let entries = try h.list("journal", ["--full"])
        #expect(entries.count == 3)
        #expect(entries[0]["text"] as? String == "Called in sick.\nUsed the time to rest. Felt guilty, then less so.\n\nMade soup.")
        #expect(entries[0]["at"] as? String == "2024-03-01T09:00:00Z")
        #expect(entries[1]["tags"] as? [String] == ["family", "work"] && entries[1]["starred"] as? Bool == true)
        #expect((entries[1]["text"] as? String)?.contains("🍝") == true)
        #expect(entries[2]["id"] as? String == "6d1e0a0b2c3d4e5f60718293a4b5c6d7")
        #expect(try h.list("journal", ["--tag", "work"]).count == 2)

        let broken = Self.jrnlExport.replacingOccurrences(of: "\"time\": \"19:30\"", with: "\"time\": 1930")
        let bad = try h.run(["import", "--format", "jrnl"], stdin: broken)
        #expect(bad.status == 65 && bad.err.contains("line 21") && bad.err.contains("`time`"), "\(bad.err)")
        let syntax = try h.run(["import", "--format", "jrnl"], stdin: "{\n  \"entries\": [\n    {\"title\": \"x\",}\n  ]\n}")
        #expect(syntax.status == 65 && syntax.err.contains("line 3"), "\(syntax.err)")
        #expect(try h.list("journal").count == 3, "nothing half-imported")
    }

    @Test func aVersionOneVaultOpensThroughTheBinary() throws {
        let vectors = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("HearthVaultTests/Vectors")
        struct Vector: Decodable {
            struct Record: Decodable { var id: String }
            var file: String
            var passphrase: String
            var records: [Record]
        }
        let vector = try JSONDecoder().decode(Vector.self, from: Data(contentsOf: vectors.appendingPathComponent("journal-v1-interactive.json")))
        let h = try PracticeHarness(createVault: false, mode: .inProcess)
        try FileManager.default.copyItem(atPath: vectors.appendingPathComponent(vector.file).path, toPath: h.vault)
        let listed = try h.run(["journal", "list", "--json"], env: ["HEARTH_PASSPHRASE": vector.passphrase])
        #expect(listed.status == 0, "\(listed.err)")
        let ids = (try listed.json() as? [[String: Any]])?.compactMap { $0["id"] as? String } ?? []
        #expect(Set(ids) == Set(vector.records.map(\.id)))
        let added = try h.run(["journal", "add"], stdin: "After the upgrade", env: ["HEARTH_PASSPHRASE": vector.passphrase])
        #expect(added.status == 0)
        #expect(try h.run(["journal", "list", "--json"], env: ["HEARTH_PASSPHRASE": vector.passphrase]).out.contains(added.lines[0]))
    }
}
