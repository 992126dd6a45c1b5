import Foundation
import HearthInterchange
import HearthRecords

/// The readers of other apps' formats (`hearth import --format dayone|jrnl-text|markdown|text`):
/// whatever the bytes, a result or a refusal, never a crash or a hang; and what they offer for
/// import passes the record rules (they check before offering).
enum InterchangeFuzz {
    static let zone = TimeZone(identifier: "Europe/Berlin")!

    static func runDayOne(_ input: [UInt8]) {
        guard let parsed = try? DayOneImport.read(input, timeZone: zone) else { return }
        checkOffered(parsed)
    }

    static func runJrnlText(_ input: [UInt8]) {
        guard let read = try? JrnlTextImport.read(input, timeZone: zone) else { return }
        for entry in read.entries {
            let record = AnyRecord.journal(JournalEntry(common: .init(id: "fuzz", at: entry.at, createdAt: entry.at, updatedAt: entry.at,
                                                                      tags: entry.tags, starred: entry.starred), text: entry.text))
            require((try? RecordRules.validate(RecordNormalizer.normalize(record))) != nil, "jrnl-text offered an entry the rules refuse")
        }
    }

    /// One note, with or without front matter (Hearth's own or a note app's).
    static func runNote(_ input: [UInt8]) {
        let parsed = NoteImport.read([NoteFile(path: "note.md", bytes: input, modified: Date(timeIntervalSince1970: 1_790_000_000))],
                                     timeZone: zone, now: Date(timeIntervalSince1970: 1_790_000_000))
        require(parsed.count + parsed.skipped.count == 1, "a note gives one record or one skip")
        checkOffered(parsed)
        JSONFuzz.insertAndRollBack(parsed.records.map(\.record))
    }

    static func checkOffered(_ parsed: ParsedImport) {
        for entry in parsed.entries {
            require((try? RecordRules.validate(RecordNormalizer.normalize(entry.record(id: "fuzz")))) != nil,
                    "an entry offered for import breaks the record rules")
        }
    }
}
