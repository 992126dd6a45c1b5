import ArgumentParser
import Foundation
import HearthCommandJSON
import HearthCrypto
import HearthMessages
import HearthRecords
import HearthRunContext

struct Import: HearthCommand {
    static let configuration = CommandConfiguration(
        abstract: "Bring records in: Hearth's own export, jrnl, Day One, or a folder of notes.",
        discussion: """
            Importing is idempotent: a record already here (same id) is left alone when unchanged, replaced when \
            the input has a newer version, and a record deleted here stays deleted. jrnl entries get stable ids, \
            so importing the same file twice adds nothing (and, with nothing new, the vault file is not written). \
            Invalid input changes nothing and names its line. \
            A new record dated more than a day in the future (created_at, updated_at) is stored dated now. \
            --dry-run says what an import would do and writes nothing. Formats: json (Hearth's export), \
            jrnl (`jrnl --export json`), jrnl-text (jrnl's journal file), dayone (Day One's JSON export), \
            markdown (folders of notes, Obsidian's too, or Hearth's Markdown export), text (one entry per file). \
            What cannot be used is left out and named by its line or file.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case json, jrnl
        case jrnlText = "jrnl-text"
        case dayone, markdown, text
    }

    @OptionGroup(title: OptionTitle.vault) var vault: VaultOptions

    @Option(help: "json, jrnl, jrnl-text, dayone, markdown or text.")
    var format: Format

    @Argument(help: ArgumentHelp("The file to read (default, or `-`: stdin); for markdown, folders or files of notes; for text, files.",
                                 valueName: "path"))
    var files: [String] = []

    /// The one file of a single-file format; nil for stdin (none given, or `-`).
    var file: String? { files.first.flatMap { $0 == "-" ? nil : $0 } }

    func validate() throws {
        if format == .markdown, files.isEmpty { throw Message.importNeedsNotes.usageError }
        if files.count > 1, format != .markdown, format != .text { throw Message.importOneFileOnly(format.rawValue).usageError }
    }

    @Flag(help: "Print what was imported as one JSON object.")
    var json = false

    @Flag(name: .customLong("dry-run"), help: "Show what the import would do, and change nothing.")
    var dryRun = false

    func execute() throws {
        if format == .markdown || format == .text, !files.isEmpty { return try importNotes() }
        var bytes = try file.map { try BoundedInput.file($0, limit: BoundedInput.maximumImportBytes, what: "the file to import") }
            ?? BoundedInput.standardInput(limit: BoundedInput.maximumImportBytes, what: "the input on stdin")
        defer { Memory.wipe(&bytes) }
        let now = HearthClock.current.recordNow()
        switch format {
        case .json:
            let contents = try reading { try RecordArchive.read(bytes, now: now) }
            let access = try RecordAccess.open(vault, forChange: !dryRun)
            let report = try apply(access) { r, stop in
                try r.importRecords(contents.items, tombstones: contents.tombstones, now: HearthClock.current.now(), progress: stop.counting)
            }
            try tell(report)
        case .jrnl:
            let entries = try reading { try JrnlImport.entries(bytes, timeZone: HearthClock.current.timeZone) }
            let access = try RecordAccess.open(vault, forChange: !dryRun)
            let report = try apply(access) { r, stop in
                try r.importJrnl(entries, reading: { done, total in
                    try stop.check()
                    if done % 64 == 0 { ProgressLine.shared.count(.progressReadingEntries, done, of: total) }
                }, progress: stop.counting)
            }
            try tell(report)
        case .jrnlText, .dayone, .markdown, .text:
            try importOtherFormat(bytes)
        }
    }

    func tell(_ report: ImportReport, skipped: [(place: String, reason: String)] = []) throws {
        if json { try Console.json(ImportJSON.report(report, dryRun: dryRun, skipped: skipped)) }
        Console.message(.imported(report, dryRun: dryRun))
        if !skipped.isEmpty { Console.message(.importSkipped(skipped)) }
    }

    /// Reads the input (seconds for tens of thousands of records). Ctrl-C meanwhile stops the
    /// import once the reading ends, before the vault is opened.
    func reading<T>(_ parse: () throws -> T) throws -> T {
        try ProgressLine.shared.during(.progressReadingFile) {
            try StopRequest.catching(whatWasKept: .keptNothingImported) { stop in
                let parsed = try parse()
                try stop.check()
                return parsed
            }
        }
    }

    /// Runs the import: saved, or with --dry-run only in memory (the vault file is never written).
    /// On a terminal a line counts the records; Ctrl-C stops it before the save, and then nothing
    /// from it was saved (it is one transaction, saved whole or not at all).
    func apply(_ access: RecordAccess, _ body: (Records, ImportStop) throws -> ImportReport) throws -> ImportReport {
        let kept: Message = dryRun ? .keptDryRun : .keptNothingImported
        return try ProgressLine.shared.clearedAfter {
            try StopRequest.catching(whatWasKept: kept) { stop in
                let steps = ImportStop(stop: stop)
                let work: (Records) throws -> ImportReport = { records in
                    let report = try body(records, steps)
                    if !dryRun { ProgressLine.shared.status(.progressSaving) }
                    return report
                }
                return dryRun ? try access.store.write(work) : try access.change(work)
            }
        }
    }
}

/// Between the records of an import: a count on the terminal, and a chance for Ctrl-C to stop it.
struct ImportStop {
    let stop: StopRequest

    func check() throws { try stop.check() }

    /// For `Records.importRecords(progress:)`.
    func counting(_ done: Int, _ total: Int) throws {
        try stop.check()
        // The line shows ten counts a second at most: making each one is not worth doing per record.
        if done % 128 == 0 || done == total { ProgressLine.shared.count(.progressImporting, done, of: total) }
    }
}
