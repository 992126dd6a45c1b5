import ArgumentParser
import Foundation
import HearthRecords
import HearthVault

struct Journal: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write and read journal entries.",
        subcommands: [JournalAdd.self, JournalList.self, JournalShow.self])
}

struct JournalAdd: HearthCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add an entry. The text comes from stdin, or from $EDITOR on a terminal; never from arguments.")

    @OptionGroup var vault: VaultOptions

    @Option(name: .customLong("tag"), help: "A tag (repeatable).")
    var tags: [String] = []

    @Option(help: "When it happened (2026-11-24, 2026-11-24T21:30, today, yesterday, 3d). Default: now.")
    var at: DateInput?

    @Flag(help: "Star this entry.")
    var starred = false

    func execute() throws {
        let path = vault.path
        guard FileManager.default.fileExists(atPath: path) else { throw VaultError.notFound(path: path) }
        // Unlock before asking for the text, so that a wrong passphrase never costs a written entry.
        // The save below reuses the epoch key, so the passphrase is stretched only once.
        let unlocked = try RecordVault.open(at: path, credential: try vault.credential())
        let credential = VaultCredential.epochKey(unlocked.opened.keys.epoch.epochKey)
        let text = try EntryText.read()
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            Console.message("The entry was empty, so nothing was saved.")
            return
        }
        let now = RecordTime.now()
        let entry = JournalEntry(at: at?.time ?? now, createdAt: now, updatedAt: now, text: text, tags: tags, starred: starred)
        try RecordVault.modify(at: path, credential: credential, lockTimeout: VaultLocation.lockTimeout) { store in
            try store.add(entry)
        }
        Console.output(entry.id)
        Console.message("Saved.")
    }
}

/// Where entry text comes from: stdin when it is not a terminal, else the private editor.
enum EntryText {
    static func read() throws -> String {
        if !Console.stdinIsTerminal {
            var data = FileHandle.standardInput.readDataToEndOfFile()
            defer { data.resetBytes(in: 0..<data.count) }
            guard let text = String(data: data, encoding: .utf8) else {
                throw RecordsError.invalidInput("the text is not valid UTF-8")
            }
            return text
        }
        let editor = try PrivateEditor.prepare()
        defer { editor.wipe() }
        return try editor.edit(initial: "")
    }
}

struct JournalList: HearthCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List entries: date and a short preview, oldest first.")

    @OptionGroup var vault: VaultOptions

    @Flag(help: "Print a JSON array.")
    var json = false

    @Option(name: .short, help: "Only the latest N entries.")
    var n: Int?

    @Option(help: "Only entries on or after this date.")
    var since: DateInput?

    @Option(help: "Only entries before this date (a bare date includes that whole day).")
    var until: DateInput?

    @Option(help: "Only entries with this tag.")
    var tag: String?

    func validate() throws {
        if let n, n < 0 { throw ValidationError("-n must be zero or more.") }
    }

    func execute() throws {
        let opened = try RecordVault.open(at: vault.path, credential: try vault.credential())
        let filter = RecordFilter(
            since: since?.time.date, until: until.map(DateRange.exclusiveEnd), limit: n, tag: tag)
        let entries = try opened.store.journalEntries(matching: filter)
        if json {
            Console.output(try JSONText.encode(entries.map { JournalJSON.object($0, full: false) }))
            return
        }
        if entries.isEmpty {
            Console.message("No entries to show yet.")
            return
        }
        for entry in entries {
            let star = entry.starred ? "*" : " "
            Console.output("\(entry.id)  \(entry.at.iso8601) \(star) \(entry.preview())")
        }
    }
}

struct JournalShow: HearthCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one entry in full.")

    @OptionGroup var vault: VaultOptions

    @Argument(help: "The entry's id (from `hearth journal list`).")
    var id: String

    @Flag(help: "Print a JSON object.")
    var json = false

    @OptionGroup var screen: ClearAfterOption

    func execute() throws {
        let opened = try RecordVault.open(at: vault.path, credential: try vault.credential())
        let entry = try opened.store.journalEntry(id: id)
        defer { screen.finish() }
        if json {
            Console.output(try JSONText.encode(JournalJSON.object(entry, full: true)))
            return
        }
        var lines = ["Date: \(entry.at.iso8601)"]
        if !entry.tags.isEmpty { lines.append("Tags: " + entry.tags.joined(separator: ", ")) }
        if entry.starred { lines.append("Starred") }
        lines.append("")
        lines.append(entry.text)
        Console.output(lines.joined(separator: "\n"))
    }
}

enum JournalJSON {
    static func object(_ entry: JournalEntry, full: Bool) -> [String: Any] {
        var object: [String: Any] = [
            "id": entry.id, "kind": "journal", "at": entry.at.iso8601, "created_at": entry.createdAt.iso8601,
            "updated_at": entry.updatedAt.iso8601, "tags": entry.tags, "starred": entry.starred,
            "feelings": [String](), "people": [String](),
        ]
        if full { object["text"] = entry.text } else { object["preview"] = entry.preview() }
        return object
    }
}

/// `--until 2026-11-24` means "up to the end of that day".
enum DateRange {
    static func exclusiveEnd(_ input: DateInput) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: input.time.offsetSeconds) ?? .current
        let start = calendar.startOfDay(for: input.time.date)
        if start == input.time.date { return calendar.date(byAdding: .day, value: 1, to: start) ?? input.time.date }
        return input.time.date
    }
}
