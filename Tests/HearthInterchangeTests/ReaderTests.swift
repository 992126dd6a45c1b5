import Foundation
@testable import HearthInterchange
import HearthRecords
import Testing

struct FrontMatterTests {
    @Test func readsTheFlatYAMLNotesUse() {
        let split = FrontMatter.split(Samples.obsidianNote)
        #expect(split.fields["date"] == .string("2026-11-20T21:30"))
        #expect(split.fields["tags"] == .array([.string("walks"), .string("#sea")]))
        #expect(split.fields["aliases"] == .array([.string("harbour walk")]))
        #expect(split.fields["starred"] == .bool(true))
        #expect(split.fields.line(of: "starred") == 7)
        #expect(split.body.hasPrefix("\n# Harbour walk"))
        #expect(split.bodyLine == 10)
    }

    @Test func quotedBlockAndCommentValues() {
        let text = "---\r\nmood: 'it''s fine'\r\nsummary: |\r\n  line one\r\n  line two\r\nplace: harbour # by the sea\r\nempty:\r\n---\r\nBody"
        let split = FrontMatter.split(text)
        #expect(split.fields["mood"] == .string("it's fine"))
        #expect(split.fields["summary"] == .string("line one\nline two"))
        #expect(split.fields["place"] == .string("harbour"))
        #expect(split.fields["empty"] == .null)
        #expect(split.body == "Body")
    }

    @Test func withoutAClosingLineEverythingIsBody() {
        for text in ["---\ntitle: x\nno end", "no front matter\n---\n", "", "---"] {
            let split = FrontMatter.split(text)
            #expect(split.fields.members.isEmpty && split.body == Substring(text), "\(text)")
        }
    }

    /// Hostile front matter: deep nesting, huge lines, many keys. Bounded, never a crash.
    @Test func hostileFrontMatterIsBounded() {
        let deep = "---\nx: " + String(repeating: "[", count: 100_000) + "\n---\nbody"
        #expect(FrontMatter.split(deep).body == "body")
        let many = "---\n" + (0..<5_000).map { "k\($0): v" }.joined(separator: "\n") + "\n---\nbody"
        #expect(FrontMatter.split(many).fields.members.isEmpty, "past maximumLines it is not front matter")
        let quotes = "---\nx: [" + String(repeating: "\"a, ", count: 50_000) + "]\n---\n"
        #expect(FrontMatter.split(quotes).fields["x"] != nil)
    }
}

struct DayOneImportTests {
    @Test func entriesWithTheirZonesTagsAndStars() throws {
        let parsed = try DayOneImport.read(Array(Samples.dayOne.utf8), timeZone: Samples.berlin)
        #expect(parsed.entries.count == 2)
        let walk = try #require(parsed.entries.first)
        #expect(walk.at.iso8601 == "2026-07-04T20:30:12+02:00", "Berlin's summer offset on that day")
        #expect(walk.updatedAt?.iso8601 == "2026-07-05T09:02:40+02:00")
        #expect(walk.tags == ["walks", "Sam"] && walk.starred && walk.versioned)
        #expect(walk.text.hasPrefix("Walked to the harbour with Sam\\. Quiet\\.\n\nFelt"))
        #expect(walk.identity == "dayone\n1546F37361264E129200B2CA6A885855")
        let night = parsed.entries[1]
        #expect(night.at.iso8601 == "2026-01-11T07:15:00+08:00" && !night.starred)
        #expect(parsed.skipped.map(\.place) == ["line 35", "line 41"])
        #expect(parsed.skipped[0].reason.contains("no text") && parsed.skipped[1].reason.contains("creationDate"))
        #expect(!parsed.skipped.contains { $0.reason.contains("No date on this one") }, "never the entry's text")
    }

    @Test func notADayOneExportNamesTheLine() {
        #expect(throws: RecordsError.invalidInput("line 1: this does not look like a Day One JSON export (no \"entries\" list)")) {
            try DayOneImport.read(Array(#"{"records": []}"#.utf8), timeZone: Samples.berlin)
        }
        #expect(throws: RecordsError.self) { try DayOneImport.read(Array("{\n\"entries\": [,]}".utf8), timeZone: Samples.berlin) }
    }
}

struct JrnlTextImportTests {
    @Test func bothTimestampStylesStarsTagsAndTitles() throws {
        let read = try JrnlTextImport.read(Array(Samples.jrnlText.utf8), timeZone: Samples.berlin)
        #expect(read.entries.map(\.line) == [1, 6, 8, 11])
        let sick = read.entries[0]
        #expect(sick.starred && sick.tags == ["@work"])
        #expect(sick.text == "Called in sick.\nUsed the time to rest. Felt guilty, then less so @work.\n\nMade soup.")
        #expect(sick.at.iso8601 == "2019-03-01T21:30:00+01:00")
        #expect(read.entries[1].tags == ["@family"] && !read.entries[1].starred)
        #expect(read.entries[2].at.iso8601 == "2026-11-20T21:30:00+01:00", "09:30:00 PM is 21:30")
        #expect(read.entries[2].text == "Coffee with Ana @friends\nShe asked how I was and waited for the answer.")
        #expect(read.entries[3].at.iso8601 == "2026-11-21T07:15:00+01:00" && read.entries[3].text == "Short one, no body")
        #expect(read.skipped == [SkippedInput(place: "line 13", reason: "a date Hearth does not read")])
    }

    /// The text file and `jrnl --export json` of the same journal give the same entries and ids.
    @Test func sameEntriesAsJrnlsJSONExport() throws {
        let text = try JrnlTextImport.read(Array(Samples.jrnlText.utf8), timeZone: Samples.berlin).entries.prefix(3)
        let json = try JrnlImport.entries(Array(Samples.jrnlJSON.utf8), timeZone: Samples.berlin)
        #expect(text.map(\.idContent) == json.map(\.idContent))
        #expect(text.map(\.at) == json.map(\.at))
        #expect(text.map(\.starred) == json.map(\.starred))
    }

    @Test func jrnlsTitleRules() {
        func split(_ text: String) -> [String] { let t = JrnlTextImport.splitTitle(text); return [t.title, t.body] }
        #expect(split("One line. Then more.") == ["One line.", "Then more."])
        #expect(split("Wow!\") And on") == ["Wow!\")", "And on"])
        #expect(split("很好。然后") == ["很好。", "然后"])
        #expect(split("no end at all") == ["no end at all", ""])
        #expect(split("First line\n  second. third") == ["First line", "second. third"])
        #expect(JrnlTextImport.tags(in: "@a x@b @C/d-e+f @ (@g)") == ["@a", "@c/d-e+f"])
    }

    /// Hostile journals: long runs that a backtracking reader would stumble over, read in one pass.
    @Test func hostileJournalsAreReadInOnePass() throws {
        let brackets = String(repeating: "[" + String(repeating: "9", count: 70) + "] x\n", count: 5_000)
        #expect(throws: RecordsError.self) { try JrnlTextImport.read(Array(brackets.utf8), timeZone: Samples.berlin) }
        let closers = "[2026-01-01 10:00] " + String(repeating: ".)", count: 100_000)
        let read = try JrnlTextImport.read(Array(closers.utf8), timeZone: Samples.berlin)
        #expect(read.entries.count + read.skipped.count == 1)
        let many = String(repeating: "[2026-01-01 10:00] @a @b\n", count: 3_000)
        #expect(try JrnlTextImport.read(Array(many.utf8), timeZone: Samples.berlin).entries.count == 3_000)
    }

    @Test func aFileWithNoEntriesIsRefused() {
        #expect(throws: RecordsError.self) { try JrnlTextImport.read(Array("just some words\n".utf8), timeZone: Samples.berlin) }
        #expect(throws: RecordsError.self) { try JrnlTextImport.read([0xFF, 0xFE, 0x00], timeZone: Samples.berlin) }
        #expect((try? JrnlTextImport.read([], timeZone: Samples.berlin))?.entries.isEmpty == true)
    }
}

struct NoteImportTests {
    static let modified = Date(timeIntervalSince1970: 1_790_000_000)  // 2026-09-21T14:13:20Z

    @Test func obsidianNotesPlainFilesAndWhatCannotBeUsed() throws {
        let files = [
            NoteFile(path: "vault/walk.md", bytes: Array(Samples.obsidianNote.utf8), modified: Self.modified),
            NoteFile(path: "vault/plain.md", bytes: Array("\n\nJust a thought,\r\nwritten down.  \n\n".utf8), modified: Self.modified),
            NoteFile(path: "vault/empty.md", bytes: Array("---\ntags: [x]\n---\n   \n".utf8), modified: Self.modified),
            NoteFile(path: "vault/photo.md", bytes: [0x89, 0x50, 0x4E, 0x47, 0x00], modified: Self.modified),
            NoteFile(path: "vault/bad-date.md", bytes: Array("---\ntitle: x\ndate: next tuesday\n---\nText".utf8), modified: nil),
        ]
        let parsed = NoteImport.read(files, timeZone: Samples.berlin)
        #expect(parsed.records.isEmpty && parsed.entries.count == 2)
        let walk = parsed.entries[0]
        #expect(walk.at.iso8601 == "2026-11-20T21:30:00+01:00" && walk.starred && walk.tags == ["walks", "#sea"])
        #expect(walk.text.hasPrefix("# Harbour walk\n\nCold wind") && walk.text.hasSuffix("talk."))
        #expect(walk.identity == "note\n2026-11-20T21:30\n" + walk.text && walk.line == 1)
        let plain = parsed.entries[1]
        #expect(plain.text == "Just a thought,\nwritten down." && plain.at.iso8601 == "2026-09-21T16:13:20+02:00")
        #expect(plain.identity == "note\n\n" + plain.text, "the file's time is not part of its identity")
        #expect(parsed.skipped == [
            SkippedInput(place: "vault/empty.md", reason: "no text"),
            SkippedInput(place: "vault/photo.md", reason: "not UTF-8 text"),
            SkippedInput(place: "vault/bad-date.md", reason: "line 3: `date` is not a date Hearth reads"),
        ])
        #expect(parsed.located("line 2: `tags` must be words") == "vault/plain.md: `tags` must be words")
    }

    @Test func gathersMarkdownBelowFoldersWithoutHiddenOnesOrLinks() throws {
        let root = NSTemporaryDirectory() + "hearth-notes-\(UUID().uuidString)"
        let fm = FileManager.default
        try fm.createDirectory(atPath: root + "/daily/2026", withIntermediateDirectories: true)
        try fm.createDirectory(atPath: root + "/.obsidian", withIntermediateDirectories: true)
        defer { try? fm.removeItem(atPath: root) }
        for (path, text) in [("a.md", "A"), ("daily/2026/b.MD", "B"), ("daily/c.txt", "C"), (".obsidian/d.md", "D"), ("e.markdown", "E")] {
            try text.write(toFile: root + "/" + path, atomically: false, encoding: .utf8)
        }
        try fm.createSymbolicLink(atPath: root + "/daily/loop", withDestinationPath: root)
        try fm.createSymbolicLink(atPath: root + "/f.md", withDestinationPath: root + "/a.md")
        let markdown = try NoteFiles.gather([root])
        #expect(markdown.files.map { String($0.path.dropFirst(root.count + 1)) } == ["a.md", "daily/2026/b.MD", "e.markdown"])
        #expect(markdown.files.allSatisfy { $0.modified != nil })
        let text = try NoteFiles.gather([root + "/daily/c.txt", root + "/daily"], markdownOnly: false)
        #expect(text.files.map { String($0.path.dropFirst(root.count + 1)) } == ["daily/c.txt", "daily/2026/b.MD", "daily/c.txt"])
        #expect(throws: NoteFiles.Failure.notFound(root + "/missing")) { try NoteFiles.gather([root + "/missing"]) }
    }
}
