import Foundation
import HearthDraftOrigin
import HearthRecords
import HearthRecordText
import HearthRunContext
import Testing

/// The notes at the top of an editor draft that say which vault (and record) it is for: they
/// read back, never reach the record's fields, and a draft without them (an earlier Hearth's, or
/// a file of the person's own) names no vault.
struct RecordTemplateOriginTests {
    static let origin = DraftOrigin(vaultID: Array(0..<16), vaultPath: "/media/stick/vault.hearth", recordID: "6f1c0d1e-2b3a-4c5d-8e9f-0a1b2c3d4e5f")
    static let clock = HearthClock(timeZone: TimeZone(identifier: "UTC")!, now: { Date(timeIntervalSince1970: 1_780_000_000) })

    @Test func theOriginReadsBackAndTheFieldsDoNotSeeIt() throws {
        let values = JSONObject(["id": .string("6f1c0d1e-2b3a-4c5d-8e9f-0a1b2c3d4e5f"), "text": .string("A walk.")])
        let text = RecordTemplate.render(kind: .journal, values: values, people: [], intro: "Editing.", origin: Self.origin)
        #expect(text.contains("# vault_id: 000102030405060708090a0b0c0d0e0f") && text.contains("# vault_path: /media/stick/vault.hearth"))
        #expect(try RecordTemplate.origin(in: text) == Self.origin)
        let withoutOrigin = RecordTemplate.render(kind: .journal, values: values, people: [], intro: "Editing.")
        #expect(try RecordTemplate.parse(text, kind: .journal, clock: Self.clock) == RecordTemplate.parse(withoutOrigin, kind: .journal, clock: Self.clock))
        // An annotated draft (a note about what to fix) still names its vault.
        #expect(try RecordTemplate.origin(in: RecordTemplate.annotated(text, problem: "x")) == Self.origin)
    }

    /// An editor may save the draft with other line ends: CRLF (Windows editors) or a lone CR
    /// (classic Mac, or an editor obeying a line in the text). The fields, the text and the
    /// vault the draft names read the same; no line of the front matter leaks into the text.
    @Test(arguments: ["\r\n", "\r"])
    func otherLineEndsReadTheSame(_ end: String) throws {
        let values = JSONObject(["id": .string("6f1c0d1e-2b3a-4c5d-8e9f-0a1b2c3d4e5f"), "text": .string("A walk.\nThen tea.")])
        let text = RecordTemplate.render(kind: .journal, values: values, people: [], intro: "Editing.", origin: Self.origin)
        let converted = text.replacingOccurrences(of: "\n", with: end)
        #expect(try RecordTemplate.origin(in: converted) == Self.origin)
        let fields = try RecordTemplate.parse(converted, kind: .journal, clock: Self.clock)
        #expect(fields == (try RecordTemplate.parse(text, kind: .journal, clock: Self.clock)))
        #expect(fields["text"] == .string("A walk.\nThen tea."), "\(fields)")
    }

    /// An edit draft names the version it started from, so that a save after the record changed
    /// keeps both; the note is refused when it is no time, or stands without a record.
    @Test func anEditDraftNamesTheVersionItStartedFrom() throws {
        let origin = DraftOrigin(vaultID: Array(0..<16), vaultPath: nil, recordID: Self.origin.recordID, recordVersion: "2026-12-06T23:32:02Z")
        let values = JSONObject(["id": .string(Self.origin.recordID!), "text": .string("A walk.")])
        let text = RecordTemplate.render(kind: .journal, values: values, people: [], intro: "Editing.", origin: origin)
        #expect(text.contains("# record_version: 2026-12-06T23:32:02Z"))
        #expect(try RecordTemplate.origin(in: text) == origin)
        let bad = text.replacingOccurrences(of: "2026-12-06T23:32:02Z", with: "yesterday")
        #expect(throws: RecordsError.self) { try RecordTemplate.origin(in: bad) }
        let alone = text.components(separatedBy: "\n").filter { !$0.hasPrefix("# record_id: ") }.joined(separator: "\n")
        #expect(throws: RecordsError.self) { try RecordTemplate.origin(in: alone) }
    }

    @Test func aNewRecordsDraftNamesItsVaultAndNoRecord() throws {
        let origin = DraftOrigin(vaultID: Array(0..<16), vaultPath: nil)
        let text = RecordTemplate.render(kind: .body, values: JSONObject(), people: [], intro: "A new body check-in.", origin: origin)
        #expect(try RecordTemplate.origin(in: text) == origin)
    }

    @Test(arguments: [
        "---\n# id: 6f1c0d1e\ntags: \n---\nOlder words\n",  // an earlier Hearth's draft
        "Just my own words, no front matter\n",
        "---\ntags: \n---\n# vault_id: 000102030405060708090a0b0c0d0e0f\n",  // below the front matter: the entry's own text
    ])
    func aDraftWithoutTheNotesNamesNoVault(_ text: String) throws {
        #expect(try RecordTemplate.origin(in: text) == nil)
    }

    @Test(arguments: [
        ("---\n# vault_id: my stick\n---\n", "line 2: `vault_id`"),
        ("---\n# vault_id: 000102030405060708090a0b0c0d0e0f\n# record_id: Sam's entry\n---\n", "line 3: `record_id`"),
    ])
    func anEditedNoteIsRefusedNamingItsLine(_ text: String, reason: String) {
        #expect {
            _ = try RecordTemplate.origin(in: text)
        } throws: { error in
            guard case RecordsError.invalidInput(let why) = error else { return false }
            return why.contains(reason) && !why.contains("Sam")
        }
    }
}
