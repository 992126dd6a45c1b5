import Foundation
import HearthInterchange
import HearthRecordText
import HearthRecords
import Testing

/// Readers feeding the import pipeline: Hearth's Markdown export round trip, and every format
/// imported twice adding nothing.
struct ImportIntoVaultTests {
    static let now = RecordTime(iso8601: "2026-12-01T10:00:00+01:00")!

    static func record(_ json: String) throws -> AnyRecord {
        guard case .object(let object) = try JSONReader.parse(Array(json.utf8)) else { throw RecordsError.invalidInput("not an object") }
        return try RecordJSON.record(from: object, kind: nil, now: now)
    }

    /// One record of every kind, linked as people's records are.
    static func practice() throws -> [AnyRecord] {
        let sam = try record(#"{"kind": "person", "name": "Sam: \"the steady one\"", "roles": ["friend"], "check_in_days": 7, "notes": "Likes walks.\nNot phone calls.", "steadiness": 4, "at": "2026-10-01T12:00:00+02:00"}"#)
        let ana = try record(#"{"kind": "person", "name": "Ana", "at": "2026-10-02T12:00:00+02:00"}"#)
        let first = try record(#"""
            {"kind": "connection", "people": ["\#(sam.id)"], "safety": 1, "state_before": "activated", "state_after": "settled",
             "activation_before": 7, "activation_after": 3, "share_depth": 2, "shared": "how the week went", "rupture": true,
             "support_received": ["listening"], "notes": "---\nnot front matter", "at": "2026-11-02T18:00:00+01:00", "tags": ["walk"]}
            """#)
        let repair = try record(#"{"kind": "connection", "people": ["\#(sam.id)", "\#(ana.id)"], "repair_of": "\#(first.id)", "safety": 2, "at": "2026-11-03T18:00:00+01:00"}"#)
        return [
            sam, ana, first, repair,
            try record(#"{"kind": "journal", "text": "---\ntitle: looks like front matter\n---\n\nA walk with Sam. 🌊\n\n\n", "feelings": ["calm"], "people": ["\#(sam.id)"], "starred": true, "tags": ["sea"], "at": "2026-11-20T21:30:00+01:00"}"#),
            try record(#"{"kind": "journal", "text": "Tab\tand \u001b[31m colour codes stay exactly", "at": "2026-11-21T08:00:00-05:00"}"#),
            try record(#"{"kind": "body", "state": "frozen", "activation": 8, "activation_after": 4, "sensations": [{"region": "chest", "quality": "tight", "intensity": 7}], "helped": [{"strategy": "long exhale", "effect": 2}], "context": "before the call", "people": ["\#(ana.id)"], "at": "2026-11-22T09:00:00+01:00"}"#),
            try record(#"{"kind": "belief", "belief": "I'll be a burden", "counter_belief": "They asked me to call", "ratings": [{"at": "2026-11-01T10:00:00+01:00", "believability": 80, "counter_believability": 30}, {"at": "2026-11-20T10:00:00+01:00", "believability": 55, "counter_believability": 60}], "at": "2026-11-01T10:00:00+01:00"}"#),
            try record(#"{"kind": "script", "script": "Going quiet", "trigger": "a sharp tone", "urge": "withdraw", "instead": "named it out loud", "people": ["\#(sam.id)"], "at": "2026-11-23T20:00:00+01:00"}"#),
        ]
    }

    static func store(_ records: [AnyRecord] = []) throws -> RecordStore {
        let store = RecordStore(database: try PlaintextDatabase.empty())
        if !records.isEmpty { _ = try store.write { try $0.importRecords(records.map { .init(record: $0, line: 1) }, tombstones: []) } }
        return store
    }

    static func exportedNotes(_ store: RecordStore) throws -> [NoteFile] {
        let (records, names) = try store.read { r in (try r.all(), Dictionary(uniqueKeysWithValues: try r.all().compactMap { rec -> (String, String)? in
            if case .person(let p) = rec { return (p.id, p.name) } else { return nil }
        })) }
        return MarkdownExport.folder(records: records, names: names, exportedAt: now).map {
            NoteFile(path: $0.path, bytes: Array($0.text.utf8), modified: nil)
        }
    }

    @Test func markdownExportImportsBackAsTheSameRecords() throws {
        let source = try Self.store(try Self.practice())
        let before = try source.read { try $0.all() }
        let files = try Self.exportedNotes(source)
        #expect(Set(files.map { $0.path.split(separator: "/")[0] }) == ["journal", "people", "connect", "body", "belief", "script"])
        let people = try #require(files.first { $0.path.hasPrefix("journal/") && String(decoding: $0.bytes, as: UTF8.self).contains("feelings") })
        #expect(String(decoding: people.bytes, as: UTF8.self).contains(#"people: [{"id":""#) && String(decoding: people.bytes, as: UTF8.self).contains(#""name":"Sam: \"the steady one\""}]"#))

        let parsed = NoteImport.read(files, timeZone: TimeZone(identifier: "UTC")!)
        #expect(parsed.skipped.isEmpty && parsed.entries.isEmpty && parsed.records.count == before.count)
        let target = try Self.store()
        let report = try target.write { try $0.importParsed(parsed) }
        #expect(report.added == before.count)
        let after = try target.read { try $0.all() }
        #expect(after.sorted { $0.id < $1.id } == before.sorted { $0.id < $1.id }, "every kind, every field, the links")

        let again = try target.write { try $0.importParsed(NoteImport.read(files, timeZone: TimeZone(identifier: "UTC")!)) }
        #expect(again.added == 0 && again.unchanged == before.count)
    }

    @Test func obsidianPropertiesAddedToAnExportedFileAreLeftAside() throws {
        let source = try Self.store(try Self.practice())
        var files = try Self.exportedNotes(source)
        let index = try #require(files.firstIndex { $0.path.hasPrefix("script/") })
        var text = String(decoding: files[index].bytes, as: UTF8.self)
        text = text.replacingOccurrences(of: "---\nid:", with: "---\naliases: [quiet]\ncssclasses: wide\nid:")
        files[index].bytes = Array(text.utf8)
        let parsed = NoteImport.read([files[index]], timeZone: TimeZone(identifier: "UTC")!)
        #expect(parsed.records.count == 1 && parsed.skipped.isEmpty)
        // A broken value names the file and the line, not the text.
        files[index].bytes = Array(text.replacingOccurrences(of: "instead: \"named it out loud\"", with: "instead: 12").utf8)
        let broken = NoteImport.read([files[index]], timeZone: TimeZone(identifier: "UTC")!)
        let skipped = try #require(broken.skipped.first)
        #expect(skipped.place == files[index].path && skipped.reason.contains("`instead`") && skipped.reason.hasPrefix("line "))
    }

    @Test func aRefusalWhileImportingNamesTheFile() throws {
        let records = try Self.practice()
        let source = try Self.store(records)
        let files = try Self.exportedNotes(source).filter { $0.path.hasPrefix("journal/") }  // people left out
        let target = try Self.store()
        #expect {
            try target.write { try $0.importParsed(NoteImport.read(files, timeZone: TimeZone(identifier: "UTC")!)) }
        } throws: { error in
            guard case RecordsError.invalidInput(let why) = error else { return false }
            return why.hasPrefix("journal/") && !why.contains("walk")
        }
    }

    @Test func everyReaderImportedTwiceAddsNothing() throws {
        let zone = Samples.berlin
        let store = try Self.store()
        let dayOne = try DayOneImport.read(Array(Samples.dayOne.utf8), timeZone: zone)
        #expect(try store.write { try $0.importParsed(dayOne) }.added == 2)
        #expect(try store.write { try $0.importParsed(dayOne) } == { var r = ImportReport(); r.unchanged = 2; return r }())
        // A later Day One export with one entry edited there: the newer version replaces it.
        let edited = Samples.dayOne.replacingOccurrences(of: "Quiet\\\\.", with: "Quiet, calm\\\\.")
            .replacingOccurrences(of: "2026-07-05T07:02:40Z", with: "2026-07-06T07:00:00Z")
        let later = try store.write { try $0.importParsed(try DayOneImport.read(Array(edited.utf8), timeZone: zone)) }
        #expect(later.updated == 1 && later.unchanged == 1 && later.added == 0)

        let jrnl = try JrnlTextImport.read(Array(Samples.jrnlText.utf8), timeZone: zone)
        #expect(try store.write { try $0.importJrnl(jrnl.entries) }.added == 4)
        #expect(try store.write { try $0.importJrnl(jrnl.entries) }.unchanged == 4)
        let json = try JrnlImport.entries(Array(Samples.jrnlJSON.utf8), timeZone: zone)
        #expect(try store.write { try $0.importJrnl(json) }.unchanged == 3, "jrnl's JSON of the same journal adds nothing")

        let note = NoteFile(path: "a.md", bytes: Array(Samples.obsidianNote.utf8), modified: nil)
        let plain = NoteFile(path: "b.txt", bytes: Array("A plain note.".utf8), modified: NoteImportTests.modified)
        #expect(try store.write { try $0.importParsed(NoteImport.read([note, plain], timeZone: zone)) }.added == 2)
        var moved = plain
        moved.path = "elsewhere/b.txt"
        moved.modified = Date()  // copied: a new modification time
        let again = try store.write { try $0.importParsed(NoteImport.read([note, moved, moved], timeZone: zone)) }
        #expect(again.added == 0 && again.unchanged == 3)
        #expect(try store.read { try $0.all() }.count == 8)
    }
}
