import ArgumentParser
import Foundation
import HearthCrypto
import HearthMessages
import HearthRecordText
import HearthRecords
import HearthRunContext

/// Options every `hearth KIND add` takes, besides the vault options (a group of its own in each
/// command, beside this one: a group nested in a group is checked again at each level on every
/// parse of a debug build, which made `add` the costliest command to parse).
struct AddOptions: ParsableArguments {
    @Flag(help: "Read the record as JSON from stdin: one object, or JSON Lines (one record a line). Field names as `show --json` prints them.")
    var json = false

    @Flag(help: "Write the record in $EDITOR, on a private memory-only copy.")
    var edit = false

    @Option(help: ArgumentHelp("Save a draft Hearth kept after a failed save.", valueName: "path", visibility: .hidden))
    var draft: String?

    @Flag(help: ArgumentHelp("Save a draft written for another vault into this one.", visibility: .hidden))
    var intoThisVault = false

    @Option(help: "When it happened (2026-11-24, 2026-11-24T21:30, today, yesterday, 3d). Default: now.")
    var at: DateInput?

    @Option(name: .customLong("tag"), help: "A tag (repeatable).")
    var tags: [String] = []

    @Flag(help: "Star this record.")
    var starred = false
}

/// Adding records of one kind: from JSON on stdin, a draft, `$EDITOR`, plain stdin text, a
/// guided prompt on a terminal, or flags alone. Prints each new id on stdout.
struct AddFlow {
    let kind: RecordKind
    let vault: VaultOptions
    let options: AddOptions
    /// Fields given as flags (say nothing on their own: numbers, words, dates, ids).
    var preset: JSONObject

    init(kind: RecordKind, vault: VaultOptions, options: AddOptions, preset: JSONObject) {
        self.kind = kind
        self.vault = vault
        self.options = options
        var preset = preset
        if let at = options.at { preset["at"] = .string(at.time.iso8601) }
        if !options.tags.isEmpty { preset["tags"] = .strings(options.tags) }
        if options.starred { preset["starred"] = .bool(true) }
        self.preset = preset
    }

    var command: String { "hearth \(kind.commandName) add" }

    func run() throws {
        if options.json && (options.edit || options.draft != nil) {
            throw Message.jsonWithEditor.usageError
        }
        if options.json, !preset.members.isEmpty {
            throw Message.jsonWithOptions.usageError
        }
        if options.intoThisVault, options.draft == nil { throw Message.intoThisVaultNeedsDraft.usageError }
        // Unlock first, so that a wrong passphrase never costs what was written.
        let access = try RecordAccess.open(vault, forChange: true)
        var preset = self.preset
        try access.resolveLinks(in: &preset, from: .arguments)
        if options.json {
            try addJSONLines(access)
        } else if let draft = options.draft {
            try addDraft(draft, access: access, preset: preset)
        } else if options.edit {
            try addInEditor(access, preset: preset)
        } else if !Console.stdinIsTerminal {
            var values = preset
            let text = try StdinText.read()
            if RecordRules.isBlank(text) {
                if kind == .journal {
                    Console.message(.entryEmpty)
                    return
                }
            } else {
                values[FieldCatalog.stdinField(for: kind)] = .string(kind == .person ? text.trimmingCharacters(in: .whitespacesAndNewlines) : text)
            }
            try save([try build(values)], access: access)
        } else if Console.hasTerminal {
            try addAtPrompt(access, preset: preset)
        } else {
            try save([try build(preset)], access: access)
        }
    }

    /// The guided prompt. Ctrl-C abandons with one calm line; Ctrl-D saves what was written;
    /// a required field left empty, or a record that still does not pass the rules as a
    /// whole, keeps what was typed as a private draft (as `--edit` does) and says how to save it.
    private func addAtPrompt(_ access: RecordAccess, preset: JSONObject) throws {
        // Values given as options are checked before anything is typed: a wrong one never
        // costs what would be written after it.
        for member in preset.members where member.key != "people" && member.key != "repair_of" {
            try RecordJSON.check(field: member.key, value: member.value, kind: kind)
        }
        let people = try access.peopleChoices()
        let prompt = GuidedPrompt(kind: kind, people: people, openRupture: { ids in
            (try? RuptureLookup.open(with: ids, in: access.store, people: people, now: HearthClock.current.now())) ?? nil
        })
        let outcome: GuidedPrompt.Outcome
        do {
            outcome = try prompt.run(preset: preset)
        } catch let abandoned as PromptLines.Abandoned {
            Console.failure(.stoppedAtPrompt(ctrlC: abandoned.signal == SIGINT))
            throw ExitCode(128 + abandoned.signal)
        }
        if let missing = outcome.missing {
            let needs = "A \(kind.singular) needs \(missing.needed ?? missing.label.lowercased())"
            guard outcome.typed else {
                Console.message(.recordNeeds(needs, typed: false))
                return
            }
            throw keepingTyped(outcome.values, access: access, failure: CLIFailure(.invalidData, .recordNeeds(needs, typed: true)))
        }
        var resolved = outcome.values
        let record: AnyRecord
        do {
            try access.resolveLinks(in: &resolved, from: .typed)
            record = try build(resolved)
        } catch {
            let failure = FailureReport.failure(for: error)
            throw keepingTyped(outcome.values, access: access, failure: CLIFailure(failure.status, .couldNotSaveYet(problem: TemplateEditing.problem(failure.message.text))))
        }
        try save([record], access: access, typedAtPrompt: true)
    }

    /// What was typed at the prompt, kept as a private draft to finish in the editor
    /// (`--edit --draft PATH`); the failure says where. Without a memory-only folder the
    /// failure alone is returned (nothing is ever written to a disk unencrypted).
    private func keepingTyped(_ values: JSONObject, access: RecordAccess, failure: CLIFailure) -> Error {
        guard let draft = try? PrivateEditor.prepare() else { return failure }
        let text = RecordTemplate.render(
            kind: kind, values: values, people: [],
            intro: "A \(kind.singular) typed at the prompt that could not be saved yet.", origin: access.draftOrigin())
        guard (try? draft.write(text)) != nil else { return failure }
        return TemplateEditing.keeping(draft, failure: failure, command: command + " --edit")
    }

    /// A new record from field values: strict, like `add --json`.
    func build(_ values: JSONObject) throws -> AnyRecord {
        var object = values
        object["id"] = nil
        object["created_at"] = nil
        object["updated_at"] = nil
        return try RecordJSON.record(from: object, kind: kind, now: HearthClock.current.recordNow())
    }

    private func addJSONLines(_ access: RecordAccess) throws {
        var bytes = try BoundedInput.standardInput(limit: BoundedInput.maximumImportBytes, what: "the JSON on stdin")
        defer { Memory.wipe(&bytes) }
        let values: [(value: JSONValue, line: Int)]
        do {
            values = try JSONReader.parseValueOrLines(bytes)
        } catch {
            throw RecordsError.invalidInput("line \(error.line): \(error.reason)")
        }
        let now = HearthClock.current.recordNow()
        var records: [(AnyRecord, Int)] = []
        for (value, line) in values {
            guard case .object(let object) = value else {
                throw RecordsError.invalidInput("line \(line): each record must be a JSON object")
            }
            records.append((try RecordJSON.record(from: object, kind: kind, now: now), line))
        }
        guard !records.isEmpty else {
            throw RecordsError.invalidInput("there was no JSON on stdin")
        }
        // One transaction: all saved or none. On a terminal a line counts them; Ctrl-C before
        // the save stops it with nothing saved.
        try ProgressLine.shared.clearedAfter {
            try StopRequest.catching(whatWasKept: .keptNoneAdded) { stop in
                try access.change { r in
                    for (done, (record, line)) in records.enumerated() {
                        try stop.check()
                        if records.count > 1, done % 128 == 0 { ProgressLine.shared.count(.progressAdding(kind.plural), done, of: records.count) }
                        do {
                            try r.insert(record)
                        } catch RecordsError.invalidInput(let why) {
                            throw RecordsError.invalidInput("line \(line): \(why)")
                        }
                    }
                    try stop.check()
                    ProgressLine.shared.status(.progressSaving)
                }
            }
        }
        try Console.output(records.map(\.0.id).joined(separator: "\n"))  // one write, not one a record
        Console.message(.saved(count: records.count, plural: kind.plural))
    }

    /// Saves a draft kept earlier. With `--edit`, Hearth's own kept draft is opened again where
    /// it is (never copied), so that a save that fails again leaves that one draft, at the same
    /// path; once saved, it is wiped.
    private func addDraft(_ path: String, access: RecordAccess, preset: JSONObject) throws {
        let text = try TemplateEditing.readDraft(path)
        let origin = try TemplateEditing.retrying(draft: path, command: command) { try RecordTemplate.origin(in: text) }
        try access.requirePlacement(of: origin, draft: path, command: command + (options.edit ? " --edit" : ""), intoThisVault: options.intoThisVault)
        if options.edit {
            let editor = try PrivateEditor.adopting(path) ?? PrivateEditor.prepare()
            let outcome = try TemplateEditing(kind: kind, access: access, command: command).run(
                editor: editor, template: text, build: { try build(merge(preset, $0)) })
            guard case .record(let record) = outcome else { return cancelled(outcome) }
            try save([record], access: access, editor: editor)
        } else {
            try TemplateEditing.retrying(draft: path, command: command) {
                let record = try TemplateEditing.record(from: text, kind: kind, access: access) { try build(merge(preset, $0)) }
                try save([record], access: access)
            }
        }
        TemplateEditing.wipeDraft(path)
    }

    private func addInEditor(_ access: RecordAccess, preset: JSONObject) throws {
        // The tmpfs check comes before the editor ever opens.
        let editor = try PrivateEditor.prepare()
        let template = RecordTemplate.render(
            kind: kind, values: preset, people: try access.peopleChoices(),
            intro: "A new \(kind.singular). Fill in what you like; empty fields are left out.", origin: access.draftOrigin())
        let outcome = try TemplateEditing(kind: kind, access: access, command: command).run(
            editor: editor, template: template, newTemplate: true, build: { try build(merge(preset, $0)) })
        guard case .record(let record) = outcome else { return cancelled(outcome) }
        try save([record], access: access, editor: editor)
    }

    private func cancelled(_ outcome: TemplateEditing.Outcome) {
        if case .unchanged = outcome {
            Console.message(.editorUnchanged)
        } else {
            Console.message(.draftEmpty)
        }
    }

    private func merge(_ base: JSONObject, _ edited: JSONObject) -> JSONObject {
        var merged = base
        for member in edited.members { merged[member.key] = member.value }
        return merged
    }

    /// Saves `records`; the draft (or, for text typed at the guided prompt, a new draft made
    /// from it) is wiped only once the save committed, and kept, with its path in the message,
    /// when it did not.
    private func save(
        _ records: [AnyRecord], access: RecordAccess, editor: PrivateEditor? = nil, typedAtPrompt: Bool = false
    ) throws {
        do {
            try access.change { r in for record in records { try r.insert(record) } }
        } catch {
            let failure = FailureReport.failure(for: error)
            if let editor { throw TemplateEditing.keeping(editor, failure: failure, command: command) }
            guard typedAtPrompt, records.count == 1, let draft = try? PrivateEditor.prepare() else { throw error }
            let text = RecordTemplate.render(
                kind: kind, values: RecordJSON.object(for: records[0]), people: [],
                intro: "A \(kind.singular) typed at the prompt that could not be saved yet.", origin: access.draftOrigin())
            guard (try? draft.write(text)) != nil else { throw error }
            throw TemplateEditing.keeping(draft, failure: failure, command: command)
        }
        editor?.wipe()
        for record in records { try Console.output(record.id) }
        Console.message(.saved(count: 1, plural: ""))
    }
}

/// Text piped on stdin (journal text, a name): read whole, at most the text one record may
/// hold (1 MiB), UTF-8, the copy wiped after use.
enum StdinText {
    static let maximumLength = BoundedInput.maximumTextBytes

    static func read() throws -> String {
        var bytes = try BoundedInput.standardInput(limit: maximumLength, what: "the text on stdin")
        defer { Memory.wipe(&bytes) }
        guard let text = String(validating: bytes, as: UTF8.self) else { throw RecordsError.invalidInput("the text is not valid UTF-8") }
        return text
    }
}
