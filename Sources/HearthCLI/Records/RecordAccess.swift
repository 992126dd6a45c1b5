import Foundation
import HearthMessages
import HearthRecordText
import HearthRecords
import HearthVault

/// A vault unlocked for one record command, with the lookups commands share.
struct RecordAccess {
    let vault: RecordVault

    /// Unlocks the vault (stretching the passphrase once; later saves reuse the keys).
    /// `forChange`: the command will save, so a file with keys from before a rekey seen at its
    /// path is refused now, before the person writes anything (`CommandTrust`); every save of it
    /// is checked again under the writer lock.
    static func open(_ options: VaultOptions, forChange: Bool = false) throws -> RecordAccess {
        let path = options.path
        guard FileManager.default.fileExists(atPath: path) else { throw VaultError.notFound(path: path) }
        let trust = CommandTrust.current
        let access = RecordAccess(vault: try options.opening { try RecordVault.open(at: path, credential: $0, writeGuard: trust) })
        let opened = access.vault.opened
        if forChange {
            try CommandTrust.openedForChange(path, header: opened.header, identity: opened.keys.epoch.identity)
        } else {
            CommandTrust.read(path, header: opened.header, identity: opened.keys.epoch.identity)
        }
        MissingSaveNote.check(access.vault, writing: forChange)
        return access
    }

    var store: RecordStore { vault.store }

    /// Saves changes: lock, re-read if another save happened meanwhile, change, save.
    /// Through an unlocked session whose key stopped fitting meanwhile (a rekey, or a passphrase
    /// or key changed while the person was writing), nothing is lost: see `SessionSaveRetry`.
    /// `givingUp`: asked while waiting for another writer; true ends the wait (busy, 75).
    @discardableResult
    func change<R>(givingUp: (@Sendable () -> Bool)? = nil, _ body: (Records) throws -> R) throws -> R {
        defer { Self.tellFormatUpgrade(vault) }
        var timeout = VaultLocation.lockTimeout
        if let givingUp { timeout.givingUp = givingUp }
        do {
            return try vault.modifyLatest(lockTimeout: timeout) { store in try store.write(body) }
        } catch let error as VaultError where vault.opened.keys.session != nil {
            try SessionSaveRetry.reopen(vault, after: error)
            return try vault.modifyLatest(lockTimeout: timeout) { store in try store.write(body) }
        }
    }

    /// The first save of a version-1 vault writes format version 2: said once, by that save.
    static func tellFormatUpgrade(_ vault: RecordVault) {
        if let from = vault.takeFormatUpgrade() { Console.message(.formatUpgraded(from: from, to: vault.opened.header.version)) }
    }

    /// The full id for what a person typed on the command line (`Records.resolveID`: the id, or a
    /// unique beginning of it; refusals in `FailureReport`). People go through
    /// `PersonPicker` (ids only here too; `-` asks on the terminal, where a name may be typed).
    func resolve(_ typed: String, kind: RecordKind) throws -> String {
        if kind == .person { return try personPicker().resolve(typed, from: .argument) }
        return try store.read { try $0.resolveID(typed, kind: kind) }
    }

    /// Where the values of a `people` field came from: what each may name (`PersonPicker`).
    enum LinkInput {
        /// `--person` options: ids (or `-` to ask on the terminal).
        case arguments
        /// A JSON object on stdin: ids.
        case json
        /// A draft or a prompt: names, their beginnings, or ids.
        case typed
    }

    /// Resolves every person in the `people` field (and the id in `repair_of`) of an object in place.
    func resolveLinks(in object: inout JSONObject, from input: LinkInput) throws {
        if case .array(let values)? = object["people"], !values.isEmpty {
            let picker = try personPicker()
            var resolved: [JSONValue] = []
            for (index, value) in values.enumerated() {
                guard case .string(let typed) = value else {
                    resolved.append(value)
                    continue
                }
                let source: PersonPicker.Source = switch input {
                case .arguments: .argument
                case .json: .json
                case .typed: .typed(position: index + 1, count: values.count)
                }
                resolved.append(.string(try picker.resolve(typed, from: source)))
            }
            object["people"] = .array(resolved)
        }
        if case .string(let id)? = object["repair_of"], !id.isEmpty {
            object["repair_of"] = .string(try resolve(id, kind: .connection))
        }
    }

    /// Everyone in the vault, for resolving what a person typed to mean someone.
    func personPicker() throws -> PersonPicker {
        PersonPicker(people: try peopleChoices())
    }

    /// Everyone, by name, for choosing in a prompt or the editor.
    func peopleChoices() throws -> [PersonReference.Candidate] {
        try store.read { try $0.list(RecordFilter(kind: .person)) }.compactMap {
            guard case .person(let p) = $0 else { return nil }
            return PersonReference.Candidate(id: p.id, name: p.name)
        }
    }

    /// Names for person ids (for showing records).
    func names() throws -> [String: String] {
        Dictionary(uniqueKeysWithValues: try peopleChoices().map { ($0.id, $0.name) })
    }

    /// On a terminal with no id given: the latest records of a kind, numbered, to choose from
    /// (people also by name, its beginning or id).
    func choose(kind: RecordKind, action: String) throws -> String {
        guard Console.hasTerminal else {
            throw CLIFailure(.usage, .giveAnID(singular: kind.singular, action: action, command: kind.commandName))
        }
        let records = try store.read { try $0.list(RecordFilter(kind: kind, limit: kind == .person ? nil : 20)) }
        guard !records.isEmpty else { throw CLIFailure(.notFound, .noneYet(kind.plural)) }
        let shown = kind == .person ? records : records.reversed()
        for (i, record) in shown.enumerated() {
            Terminal.showChoices("  \(i + 1). \(RecordPrinter.dateText(record.common.at))  \(record.preview())\n")
        }
        if kind == .person {
            return try choosePerson(numbered: shown)
        }
        guard let answer = Terminal.readLine(prompt: .whichOne), let n = Int(answer.trimmingCharacters(in: .whitespaces)),
              (1...shown.count).contains(n)
        else { throw CLIFailure(.usage, .nothingChosen) }
        return shown[n - 1].id
    }

    /// Someone from the numbered list, or by name, its beginning or id.
    private func choosePerson(numbered shown: [AnyRecord]) throws -> String {
        let picker = try personPicker()
        while true {
            switch TerminalQuestion.ask(.whichNumberOrNamePrompt) {
            case .interrupted(let signal):
                throw Interrupted(signal: signal, draftWiped: false)
            case .ended:
                throw CLIFailure(.usage, .nothingChosen)
            case .line(let line):
                let answer = line.trimmingCharacters(in: .whitespaces)
                if answer.isEmpty { throw CLIFailure(.usage, .nothingChosen) }
                if let n = Int(answer), (1...shown.count).contains(n) { return shown[n - 1].id }
                do {
                    return try picker.resolve(answer, from: .asked)
                } catch let failure as CLIFailure where failure.status == .notFound {
                    Terminal.show(.noOneByThatName)
                }
            }
        }
    }
}
