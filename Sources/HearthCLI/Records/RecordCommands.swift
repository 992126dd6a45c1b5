import ArgumentParser
import Foundation
import HearthCrypto
import HearthMessages
import HearthRecordText
import HearthRecords
import HearthRunContext

/// Ties a generic command to a record kind.
protocol KindSpec {
    static var kind: RecordKind { get }
}

enum JournalKind: KindSpec { static var kind: RecordKind { .journal } }
enum PersonKind: KindSpec { static var kind: RecordKind { .person } }
enum ConnectionKind: KindSpec { static var kind: RecordKind { .connection } }
enum BodyKind: KindSpec { static var kind: RecordKind { .body } }
enum BeliefKind: KindSpec { static var kind: RecordKind { .belief } }
enum ScriptKind: KindSpec { static var kind: RecordKind { .script } }

/// `hearth KIND list`: previews only, filters combined with AND.
struct ListCommand<K: KindSpec>: HearthCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "list",
            abstract: K.kind == .person
                ? "List people by name: a short line each."
                : "List \(K.kind.plural): date and a short preview, oldest first.",
            discussion: "Every filter given must hold. Full text is shown by `show`, or here with --json --full.")
    }

    @OptionGroup(title: OptionTitle.vault) var vault: VaultOptions

    @OptionGroup var output: ListingOutput
    var json: Bool { output.any }

    @Flag(help: "With --json or --jsonl: whole records instead of previews.")
    var full = false

    @Option(name: .short, help: "Only the latest N (people: the first N by name).")
    var n: Int?

    @Option(help: "Only on or after this date (a day: as listings show it).")
    var since: DateInput?

    @Option(help: "Only before this date (a bare date includes that whole day).")
    var until: DateInput?

    @Option(help: "Only on this day, as listings show it.")
    var on: DateInput?

    @Option(help: "Only with this tag.")
    var tag: String?

    @Option(help: "Only with this person: an id, or its first characters; `-` asks on the terminal, where a name works.", completion: SessionCompletion.ids(of: .person))
    var person: String?

    @Option(help: "Only with this feeling word.", completion: CompletionWords.feelings)
    var feeling: String?

    @Option(help: "Only in this nervous-system state (body: the state; connect: before or after): \(NervousSystemState.words.joined(separator: ", ")).", completion: CompletionWords.states)
    var state: String?

    @Flag(help: "Only starred ones.")
    var starred = false

    @Flag(help: "People only: those a check-in would be welcome with now (rhythm passed, not resting).")
    var due = false

    func validate() throws {
        let kind = K.kind
        if let n, n < 0 { throw Message.countNotNegative.usageError }
        if on != nil, since != nil || until != nil { throw Message.onWithRange.usageError }
        if state != nil, !kind.hasState { throw Message.noState(kind.plural.capitalizedFirst).usageError }
        if let state, NervousSystemState(word: state) == nil {
            throw Message.stateWords.usageError
        }
        if person != nil, !kind.linksPeople { throw Message.noPeopleLinks(kind.plural.capitalizedFirst).usageError }
        if feeling != nil, !kind.hasFeelings { throw Message.noFeelings(kind.plural.capitalizedFirst).usageError }
        if due, kind != .person { throw Message.dueIsForPeople.usageError }
        if full, !json { throw Message.fullNeedsJSON.usageError }
    }

    func execute() throws {
        let access = try RecordAccess.open(vault)
        var filter = RecordFilter(kind: K.kind, limit: due ? nil : n, tag: tag, feeling: feeling, starred: starred)
        if let on {
            // The day as listings show it, whatever the time given (`--on 2026-11-25T08:00`).
            filter.since = .day(CalendarDay(on.time))
            filter.until = .day(CalendarDay(on.time))
        } else {
            filter.since = since?.asSince
            filter.until = until?.asUntil
        }
        filter.state = state.flatMap(NervousSystemState.init(word:))
        if let person { filter.person = try access.resolve(person, kind: .person) }
        let listing = try access.store.read { r in (records: try r.list(filter), unreadable: r.unreadable) }
        UnreadableRecords.report(listing.unreadable, leftOutOf: "this list")
        var records = listing.records
        if due {
            let now = HearthClock.current.now()
            records = records.filter { if case .person(let p) = $0, let due = p.checkInDue { return due <= now } else { return false } }
            if let n { records = Array(records.prefix(n)) }
        }
        if json {
            return try Console.listing(records.map { .object(full ? RecordJSON.object(for: $0) : RecordJSON.previewObject(for: $0)) }, lines: output.jsonl)
        }
        if records.isEmpty {
            Console.message(due ? .nobodyDue : .nothingToShow(K.kind.plural))
            return
        }
        let names = K.kind == .connection ? try access.names() : [:]
        let shortIDs = try access.store.read { try $0.shortIDs(for: records.map(\.id)) }
        try Console.fittedLines(RecordPrinter.listLines(records, names: names, shortIDs: shortIDs))
    }
}

/// `hearth KIND show ID`.
struct ShowCommand<K: KindSpec>: HearthCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: "show", abstract: "Show one \(K.kind.singular) in full.")
    }

    @OptionGroup(title: OptionTitle.vault) var vault: VaultOptions

    @Argument(help: "The id (or its first characters; `list` shows them). On a terminal, leave it out to choose.", completion: SessionCompletion.ids(of: K.kind))
    var id: String?

    @Flag(help: "Print a JSON object.")
    var json = false

    @OptionGroup var screen: ClearAfterOption

    func execute() throws {
        let access = try RecordAccess.open(vault)
        let resolved = try id.map { try access.resolve($0, kind: K.kind) } ?? access.choose(kind: K.kind, action: "show")
        guard let record = try access.store.read({ try $0.record(id: resolved) }) else { throw RecordsError.recordNotFound(id: resolved) }
        // The screen is cleared even when printing stopped part way.
        let printed = Result { () throws -> Void in
            if json {
                try Console.output(JSONWriter.pretty(.object(RecordJSON.object(for: record))))
            } else {
                try Console.output(RecordPrinter.full(record, names: try access.names()))
            }
        }
        try screen.finish()
        try printed.get()
    }
}

/// `hearth KIND edit ID`: in `$EDITOR`, or from JSON on stdin (the fields given replace).
struct EditCommand<K: KindSpec>: HearthCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "edit",
            abstract: "Change one \(K.kind.singular) in $EDITOR (a private memory-only copy), or with --json.",
            discussion: """
                The vault is not locked while you edit. If this \(K.kind.singular) changes elsewhere meanwhile, both \
                versions are kept. A changed steadiness or believability is added to its history.
                """)
    }

    @OptionGroup(title: OptionTitle.vault) var vault: VaultOptions

    @Argument(help: "The id (or its first characters). On a terminal, leave it out to choose; with --draft, the draft names it.", completion: SessionCompletion.ids(of: K.kind))
    var id: String?

    @Flag(help: "Read the fields to change as one JSON object on stdin (the same names `show --json` prints).")
    var json = false

    @Option(help: ArgumentHelp("Save a draft Hearth kept after a failed save.", valueName: "path"))
    var draft: String?

    @Flag(help: "With --draft: save a draft written for another vault into this one.")
    var intoThisVault = false

    func execute() throws {
        if intoThisVault, draft == nil { throw Message.intoThisVaultNeedsDraft.usageError }
        let access = try RecordAccess.open(vault, forChange: true)
        // A draft names the vault it was written for (checked before anything else) and its record.
        let drafted = try draft.map { path in
            let text = try TemplateEditing.readDraft(path)
            let origin = try TemplateEditing.retrying(draft: path, command: "hearth \(K.kind.commandName) edit") { try RecordTemplate.origin(in: text) }
            let command = "hearth \(K.kind.commandName) edit \(id ?? origin?.recordID ?? "ID")"
            try access.requirePlacement(of: origin, draft: path, command: command, intoThisVault: intoThisVault)
            return (text: text, origin: origin)
        }
        let resolved = try (id ?? drafted?.origin?.recordID).map { try access.resolve($0, kind: K.kind) } ?? access.choose(kind: K.kind, action: "edit")
        if let draft, let drafted {
            try access.requirePlacement(
                of: drafted.origin, draft: draft, command: "", editing: resolved, kind: K.kind, intoThisVault: intoThisVault)
        }
        guard var original = try access.store.read({ try $0.record(id: resolved) }) else { throw RecordsError.recordNotFound(id: resolved) }
        // A draft started from an older version of the record (changed since, here or in a merge):
        // saved, it keeps both versions (an edit conflict), never writing over the newer one.
        if let started = drafted?.origin?.recordVersion.flatMap(RecordTime.init(iso8601:)), started != original.common.updatedAt {
            original.common.updatedAt = started
        }
        let flow = EditFlow(kind: K.kind, access: access, original: original)
        let record: AnyRecord
        var editor: PrivateEditor?
        if json {
            var bytes = try BoundedInput.standardInput(limit: JSONReader.maximumLineBytes, what: "the JSON on stdin")
            defer { Memory.wipe(&bytes) }
            let value: JSONValue
            do { value = try JSONReader.parse(bytes) } catch { throw RecordsError.invalidInput("line \(error.line): \(error.reason)") }
            guard case .object(var fields) = value else { throw RecordsError.invalidInput("line 1: the changes must be one JSON object") }
            try access.resolveLinks(in: &fields, from: .json)
            record = try flow.build(fields)
        } else if let draft, let text = drafted?.text {
            // A draft that fails again stays where it is, and the message says so.
            return try TemplateEditing.retrying(draft: draft, command: flow.command) {
                let record = try TemplateEditing.record(from: text, kind: K.kind, access: access) { try flow.build($0) }
                if flow.isUnchanged(record) {
                    Console.message(.noChanges)
                } else {
                    try flow.save(record)
                }
                // Saved, or the same as what is stored: either way nothing is lost by wiping it.
                TemplateEditing.wipeDraft(draft)
            }
        } else {
            let opened = try PrivateEditor.prepare()
            editor = opened
            let template = RecordTemplate.render(
                kind: K.kind, values: RecordJSON.object(for: original), people: try access.peopleChoices(),
                intro: "Editing the \(K.kind.singular) from \(RecordPrinter.dateText(original.common.at)).",
                origin: access.draftOrigin(editing: original))
            switch try TemplateEditing(kind: K.kind, access: access, command: flow.command).run(
                editor: opened, template: template, newTemplate: true, build: { try flow.build($0) }) {
            case .record(let edited):
                record = edited
            case .unchanged:
                Console.message(.noChanges)
                return
            case .emptied:
                Console.message(.draftEmptiedNothingChanged)
                return
            }
        }
        if flow.isUnchanged(record) {
            editor?.wipe()
            Console.message(.noChanges)
            return
        }
        do {
            try flow.save(record)
        } catch {
            guard let editor else { throw error }
            throw TemplateEditing.keeping(editor, failure: FailureReport.failure(for: error), command: flow.command)
        }
        editor?.wipe()
    }
}

/// `hearth KIND delete ID`: really deletes; a tombstone without text stays for merging.
struct DeleteCommand<K: KindSpec>: HearthCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "delete",
            abstract: "Delete one \(K.kind.singular) for good (asks first on a terminal).",
            discussion: """
                The text is gone from the vault from its next save on, search index included. Backups \
                made before still hold it.
                """)
    }

    @OptionGroup(title: OptionTitle.vault) var vault: VaultOptions

    @Argument(help: "The id (or its first characters). On a terminal, leave it out to choose.", completion: SessionCompletion.ids(of: K.kind))
    var id: String?

    @Flag(name: .shortAndLong, help: "Do not ask for confirmation.")
    var yes = false

    func execute() throws {
        let access = try RecordAccess.open(vault, forChange: true)
        let resolved = try id.map { try access.resolve($0, kind: K.kind) } ?? access.choose(kind: K.kind, action: "delete")
        // A record that cannot be read can still be deleted: that is the way out for it.
        let record: AnyRecord?
        do {
            guard let found = try access.store.read({ try $0.record(id: resolved) }) else { throw RecordsError.recordNotFound(id: resolved) }
            record = found
        } catch RecordsError.recordUnreadable {
            record = nil
        }
        if !yes, Console.hasTerminal, Console.stdinIsTerminal {
            let what = record.map {
                K.kind == .person ? "this person" : "the \(K.kind.singular) from \(RecordPrinter.dateText($0.common.at))"
            } ?? "the \(K.kind.singular) \(resolved), which cannot be read"
            guard Console.confirm(.confirmDelete(what: what)) else {
                Console.message(.keptNothingDeleted)
                return
            }
        }
        try access.change { try $0.delete(id: resolved, kind: K.kind, at: HearthClock.current.recordNow()) }
        Console.message(.deleted(person: K.kind == .person))
    }
}
