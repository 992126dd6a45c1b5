import Foundation
import HearthInterchange
import HearthMessages
import HearthRecords
import HearthRunContext

/// The formats of other apps: the readers live in HearthInterchange; here they are only wired to
/// the import's reading, applying and reporting.
extension Import {
    /// jrnl's text file or Day One's JSON, already read into `bytes` (wiped by the caller).
    func importOtherFormat(_ bytes: [UInt8]) throws {
        let zone = HearthClock.current.timeZone
        switch format {
        case .jrnlText:
            let read = try reading { try JrnlTextImport.read(bytes, timeZone: zone) }
            let report = try apply(try RecordAccess.open(vault, forChange: !dryRun)) { r, stop in
                try r.importJrnl(read.entries, reading: { _, _ in try stop.check() }, progress: stop.counting)
            }
            try finish(report, skipped: read.skipped)
        case .dayone:
            try importParsed(try reading { try DayOneImport.read(bytes, timeZone: zone) })
        default:
            // Notes on stdin: one note, dated now unless its front matter says otherwise.
            var notes = [NoteFile(path: "stdin", bytes: bytes, modified: nil)]
            defer { NoteFile.wipe(&notes) }
            try importParsed(NoteImport.read(notes, timeZone: zone, now: HearthClock.current.now()))
        }
    }

    /// `--format markdown DIR...` and `--format text FILE...`.
    func importNotes() throws {
        var gathered: NoteFiles.Gathered
        do {
            gathered = try reading { try NoteFiles.gather(files, markdownOnly: format == .markdown) }
        } catch NoteFiles.Failure.notFound(let path) {
            throw CLIFailure(.notFound, .noFileAt(path))
        } catch NoteFiles.Failure.tooMuch(let what) {
            throw CLIFailure(.invalidData, .importTooLarge(what))
        }
        defer { NoteFile.wipe(&gathered.files) }
        var parsed = NoteImport.read(gathered.files, timeZone: HearthClock.current.timeZone, now: HearthClock.current.now())
        parsed.skipped.insert(contentsOf: gathered.skipped, at: 0)
        try importParsed(parsed)
    }

    private func importParsed(_ parsed: ParsedImport) throws {
        let report = try apply(try RecordAccess.open(vault, forChange: !dryRun)) { r, stop in
            try r.importParsed(parsed, progress: stop.counting)
        }
        try finish(report, skipped: parsed.skipped)
    }

    private func finish(_ report: ImportReport, skipped: [SkippedInput]) throws {
        try tell(report, skipped: skipped.map { ($0.place, $0.reason) })
    }
}
