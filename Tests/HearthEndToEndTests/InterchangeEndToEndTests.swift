import Foundation
import HearthTestSupport
import Testing

/// `import --format dayone|jrnl-text|markdown|text` through the command: what it reports, what it
/// names, and the Markdown export coming back as the same records.
@Suite struct InterchangeEndToEndTests {
    static let dayOne = #"""
        {"metadata": {"version": "1.0"}, "entries": [
          {"uuid": "1546F37361264E129200B2CA6A885855", "creationDate": "2026-07-04T18:30:12Z",
           "timeZone": "Europe/Berlin", "text": "Walked to the harbour.", "tags": ["walks"], "starred": true},
          {"uuid": "AD6F2A6EC10C41AEA35E94BAD169936D", "creationDate": "2026-07-05T08:00:00Z",
           "photos": [{"identifier": "9C5A3C2A0B7F4C4B8C1D2E3F4A5B6C7D"}]}
        ]}
        """#

    @Test func dayOneNamesWhatItLeftOutAndAddsNothingTwice() throws {
        let h = try PracticeHarness(mode: .inProcess)
        let file = h.folder + "/Journal.json"
        try Self.dayOne.write(toFile: file, atomically: true, encoding: .utf8)
        let dry = try h.run(["import", "--format", "dayone", file, "--dry-run"])
        #expect(dry.status == 0 && dry.err.contains("An import would bring: 1 new"), "\(dry.err)")
        let first = try h.run(["import", "--format", "dayone", file])
        #expect(first.status == 0 && first.err.contains("Imported: 1 new") && first.err.contains("line 4 (no text"), "\(first.err)")
        #expect(try h.run(["import", "--format", "dayone"], stdin: Self.dayOne).err.contains("Imported: 0 new, 1 already here"))
        let entries = try h.list("journal", ["--full"])
        #expect(entries.first?["at"] as? String == "2026-07-04T20:30:12+02:00" && entries.first?["starred"] as? Bool == true)
        #expect(try h.run(["import", "--format", "dayone"], stdin: #"{"records": []}"#).status == 65)
    }

    @Test func jrnlsTextFileBothTimestampStyles() throws {
        let h = try PracticeHarness(mode: .inProcess)
        let journal = "[2019-03-01 21:30] Called in sick. *\nMade soup.\n\n[2026-11-20 09:30:00 PM] Coffee with Ana @friends\n\n[2026-02-30 10:00] Not a day.\n"
        let first = try h.run(["import", "--format", "jrnl-text"], stdin: journal)
        #expect(first.status == 0 && first.err.contains("Imported: 2 new") && first.err.contains("line 6 (a date Hearth does not read)"), "\(first.err)")
        #expect(!first.err.contains("Not a day"), "never the entry's text")
        #expect(try h.run(["import", "--format", "jrnl-text"], stdin: journal).err.contains("Imported: 0 new, 2 already here"))
        let entries = try h.list("journal", ["--full"])
        #expect(entries.map { $0["at"] as? String } == ["2019-03-01T21:30:00Z", "2026-11-20T21:30:00Z"])
        #expect(entries.first?["starred"] as? Bool == true && entries.last?["tags"] as? [String] == ["friends"])
    }

    @Test func markdownExportComesBackAsTheSameRecords() throws {
        let (source, _, _, _) = try FindingTests.practice()
        let folder = source.folder + "/md/"
        #expect(try source.run(["export", "--format", "markdown", "--output", folder]).status == 0)
        let target = try PracticeHarness(mode: .inProcess)
        let imported = try target.run(["import", "--format", "markdown", folder])
        #expect(imported.status == 0 && imported.err.contains("Imported: 11 new"), "\(imported.err)")
        let again = try target.run(["import", "--format", "markdown", folder])
        #expect(again.err.contains("Imported: 0 new, 11 already here"), "\(again.err)")
        let before = try #require(try source.run(["export", "--format", "json"]).json() as? [String: Any])
        let after = try #require(try target.run(["export", "--format", "json"]).json() as? [String: Any])
        #expect(NSDictionary(dictionary: ["r": before["records"] as Any]).isEqual(to: ["r": after["records"] as Any]))
    }

    @Test func notesAndTextFilesAndWhatIsRefused() throws {
        let h = try PracticeHarness(mode: .inProcess)
        let notes = h.folder + "/Notes"
        try FileManager.default.createDirectory(atPath: notes + "/.obsidian", withIntermediateDirectories: true)
        try "---\ndate: 2026-11-20\ntags: [sea]\n---\nA quiet morning.".write(toFile: notes + "/morning.md", atomically: true, encoding: .utf8)
        try "{}".write(toFile: notes + "/.obsidian/app.md", atomically: true, encoding: .utf8)
        try Data([0xFF, 0xD8, 0xFF]).write(to: URL(fileURLWithPath: notes + "/photo.md"))
        let first = try h.run(["import", "--format", "markdown", notes])
        #expect(first.status == 0 && first.err.contains("Imported: 1 new") && first.err.contains("photo.md (not UTF-8 text)"), "\(first.err)")
        try "One thought.".write(toFile: h.folder + "/a.txt", atomically: true, encoding: .utf8)
        try "Another.".write(toFile: h.folder + "/b.txt", atomically: true, encoding: .utf8)
        let text = try h.run(["import", "--format", "text", h.folder + "/a.txt", h.folder + "/b.txt"])
        #expect(text.status == 0 && text.err.contains("Imported: 2 new"), "\(text.err)")
        #expect(try h.list("journal").count == 3)

        #expect(try h.run(["import", "--format", "markdown"]).status == 64)
        #expect(try h.run(["import", "--format", "dayone", "a.json", "b.json"]).status == 64)
        #expect(try h.run(["import", "--format", "markdown", h.folder + "/missing"]).status == 66)
    }
}
