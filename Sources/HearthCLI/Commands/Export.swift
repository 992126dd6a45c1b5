import ArgumentParser
import Foundation
import HearthMessages
import HearthRecordText
import HearthRecords
import HearthRunContext

struct Export: HearthCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write everything out, unencrypted: JSON (lossless, for `import`) or Markdown (for reading).",
        discussion: """
            The output is plaintext: anyone who can read it can read everything. Without --output it goes to \
            stdout. A Markdown --output that ends in / (or is a folder) gets one folder per kind, one file per \
            record, each starting with YAML front matter that `import --format markdown` reads back as the same \
            record. On a terminal, Hearth asks before writing to a disk (anything but a memory-only tmpfs).
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case json, jsonl, markdown
    }

    @OptionGroup(title: OptionTitle.vault) var vault: VaultOptions

    @Option(help: "json (one document), jsonl (one record a line, without deletions) or markdown.")
    var format: Format

    @Option(name: .customLong("output"), help: ArgumentHelp("Write here instead of stdout (never over an existing file; `-`: stdout).", valueName: "path"))
    var path: String?
    var output: String? { path == "-" ? nil : path }

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
        case .jsonl:
            files = [(output ?? "-", RecordArchive.lines(records: records))]
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
