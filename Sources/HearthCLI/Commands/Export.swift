import ArgumentParser
import Foundation
import HearthCrypto
import HearthRecords

struct Export: HearthCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write everything out, unencrypted: JSON (lossless, for `import`) or Markdown (for reading).",
        discussion: """
            The output is plaintext: anyone who can read it can read everything. Without --output it goes to \
            stdout. A Markdown --output that ends in / (or is a folder) gets one folder per kind, one file per \
            record. On a terminal, Hearth asks before writing to a disk (anything but a memory-only tmpfs).
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case json, markdown
    }

    @OptionGroup var vault: VaultOptions

    @Option(help: "json or markdown.")
    var format: Format

    @Option(help: ArgumentHelp("Write here instead of stdout (never over an existing file).", valueName: "path"))
    var output: String?

    @Flag(name: .shortAndLong, help: "Do not ask before writing to a disk or showing everything on a terminal.")
    var yes = false

    func execute() throws {
        // To a terminal, everything would land on the screen and in its scrollback: ask first.
        if output == nil, Console.stdoutIsTerminal, !yes,
           !Console.confirm(.showEveryRecord) {
            throw CLIFailure(.refused, .nothingShown)
        }
        let access = try RecordAccess.open(vault)
        let (records, tombstones, unreadable) = try access.store.read { r in (try r.all(), try r.tombstones(), r.unreadable) }
        let now = HearthClock.current.recordNow()
        let names = try access.names()
        Console.message(.exportNotEncrypted)
        if format == .json, !unreadable.isEmpty {
            Console.message(.exportKeepsUnreadable(count: unreadable.count, names: unreadable.prefix(20).map(\.name).joined(separator: ", ")))
        } else {
            UnreadableRecords.report(unreadable, leftOutOf: "this export")
        }
        let files: [(path: String, text: String)]
        let folderMode = format == .markdown && output.map { $0.hasSuffix("/") || isDirectory($0) } == true
        switch format {
        case .json:
            let document = RecordArchive.document(records: records, tombstones: tombstones, exportedAt: now, unreadable: unreadable)
            let text = JSONWriter.pretty(document) + "\n"
            files = [(output ?? "-", text)]
        case .markdown where folderMode:
            files = MarkdownExport.folder(records: records, names: names, exportedAt: now).map {
                ((output! as NSString).appendingPathComponent($0.path), $0.text)
            }
        case .markdown:
            files = [(output ?? "-", MarkdownExport.single(records: records, names: names, exportedAt: now))]
        }
        guard let output else {
            try Console.write(files[0].text)
            return
        }
        try PlaintextOutput.confirmDestination(output, asked: !yes)
        try PlaintextOutput.write(files, folder: folderMode ? output : nil)
        Console.message(.exported(count: records.count, to: output))
    }

    private func isDirectory(_ path: String) -> Bool {
        var isDir: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDir) && isDir.boolValue
    }
}

struct Import: HearthCommand {
    static let configuration = CommandConfiguration(
        abstract: "Bring records in: Hearth's own JSON export, or a jrnl JSON export (`jrnl --export json`).",
        discussion: """
            Importing is idempotent: a record already here (same id) is left alone when unchanged, replaced when \
            the input has a newer version, and a record deleted here stays deleted. jrnl entries get stable ids, \
            so importing the same file twice adds nothing. Invalid input changes nothing and names its line. \
            A new record dated more than a day in the future (created_at, updated_at) is stored dated now. \
            --dry-run says what an import would do and writes nothing.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case json, jrnl
    }

    @OptionGroup var vault: VaultOptions

    @Option(help: "json or jrnl.")
    var format: Format

    @Argument(help: "The file to read (default: stdin).")
    var file: String?

    @Flag(name: .customLong("dry-run"), help: "Show what the import would do, and change nothing.")
    var dryRun = false

    func execute() throws {
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
            Console.message(.imported(report, dryRun: dryRun))
        case .jrnl:
            let entries = try reading { try JrnlImport.entries(bytes, timeZone: HearthClock.current.timeZone) }
            let access = try RecordAccess.open(vault, forChange: !dryRun)
            let report = try apply(access) { r, stop in
                // An entry already here (by the id from its written date and time, or by the id
                // an earlier Hearth derived in this time zone) is left as it is: jrnl entries have
                // no versions, and its time read in another zone says nothing new.
                var alreadyHere = 0
                let items = try entries.enumerated().compactMap { done, entry -> RecordArchive.Item? in
                    try stop.check()
                    if done % 64 == 0 { ProgressLine.shared.count(.progressReadingEntries, done, of: entries.count) }
                    let uuid = entry.uuid.map { $0.lowercased() }.flatMap { RecordID.isValid($0) ? $0 : nil }
                    if uuid == nil {
                        let legacy = try r.derivedID(for: entry.legacyIDContent)
                        if try r.kind(of: legacy) != nil || r.tombstone(id: legacy) != nil {
                            alreadyHere += 1
                            return nil
                        }
                    }
                    let id = try uuid ?? r.derivedID(for: entry.idContent)
                    if uuid == nil, try r.kind(of: id) != nil {
                        alreadyHere += 1
                        return nil
                    }
                    let common = RecordCommon(id: id, at: entry.at, createdAt: entry.at, updatedAt: entry.at,
                                              tags: entry.tags, starred: entry.starred)
                    return .init(record: .journal(JournalEntry(common: common, text: entry.text)), line: entry.line)
                }
                var report = try r.importRecords(items, tombstones: [], now: HearthClock.current.now(), progress: stop.counting)
                report.unchanged += alreadyHere
                return report
            }
            Console.message(.imported(report, dryRun: dryRun))
        }
    }

    /// Reads the input (seconds for tens of thousands of records). Ctrl-C meanwhile stops the
    /// import once the reading ends, before the vault is opened.
    private func reading<T>(_ parse: () throws -> T) throws -> T {
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
    private func apply(_ access: RecordAccess, _ body: (Records, ImportStop) throws -> ImportReport) throws -> ImportReport {
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
        ProgressLine.shared.count(.progressImporting, done, of: total)
    }
}
