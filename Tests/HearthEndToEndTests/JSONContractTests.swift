import Foundation
import HearthRecords
import HearthTestSupport
import Testing

/// Docs/JSON.md is the contract a script relies on: each command's JSON is run here, in process,
/// and its keys compared with the tables of its section, both ways (every key printed is
/// documented, of the type documented; every key documented as always there is printed), so that
/// doc and code cannot drift. Hearth's own JSON reader parses the output, so that `0` and `"0"`,
/// `1` and `true` stay apart.
@Suite("JSON contract")
struct JSONContractTests {
    /// The keys of one documented shape: every key (`a`, `a.b`, `a[].b`) and those always present.
    struct Shape {
        var keys: Set<String> = []
        var always: Set<String> = []
        /// The type column of each key: `string`, `integer or null`, `[string]`, ...
        var types: [String: String] = [:]

        /// Whether `value` is of the documented `type` (alternatives joined by " or "; a date is
        /// a string; `[x]` is a list of x).
        static func matches(_ value: JSONValue, _ type: String) -> Bool {
            type.components(separatedBy: " or ").contains { word in
                switch (word, value) {
                case ("string", .string), ("date", .string), ("integer", .integer), ("number", .integer), ("number", .double),
                     ("boolean", .bool), ("null", .null), ("array", .array), ("object", .object):
                    return true
                case (_, .array(let items)) where word.hasPrefix("[") && word.hasSuffix("]"):
                    return items.allSatisfy { matches($0, String(word.dropFirst().dropLast())) }
                default:
                    return false
                }
            }
        }

        static func parent(of key: String) -> String {
            guard let dot = key.lastIndex(of: ".") else { return "" }
            return String(key[..<dot])
        }

        /// Whether the doc lists the keys inside `path` (else they are data, or described elsewhere).
        func listsChildren(of path: String) -> Bool { keys.contains { Self.parent(of: $0) == path } }
    }

    /// Docs/JSON.md's tables by their section heading (the text after `### `).
    static func documented() throws -> [String: Shape] {
        let text = try String(contentsOf: packageRoot.appendingPathComponent("Docs/JSON.md"), encoding: .utf8)
        var shapes: [String: Shape] = [:]
        var section: String?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("### ") { section = String(line.dropFirst(4)) }
            if line.hasPrefix("## ") { section = nil }
            guard let section, line.hasPrefix("| `") else { continue }
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count >= 3, cells[0].hasPrefix("`"), cells[0].hasSuffix("`") else { continue }
            let key = String(cells[0].dropFirst().dropLast())
            shapes[section, default: Shape()].keys.insert(key)
            shapes[section, default: Shape()].types[key] = cells[1]
            if cells[2] == "yes" { shapes[section, default: Shape()].always.insert(key) }
        }
        return shapes
    }

    /// What does not agree between `value` (one object, or an array of them) and `shape`.
    static func disagreements(_ value: JSONValue, _ shape: Shape) -> [String] {
        var found: [String] = []
        func walk(_ object: JSONObject, at parent: String) {
            let prefix = parent.isEmpty ? "" : parent + "."
            for member in object.members {
                let path = prefix + member.key
                guard shape.keys.contains(path) else {
                    found.append("printed but not documented: \(path)")
                    continue
                }
                if let type = shape.types[path], !Shape.matches(member.value, type) {
                    found.append("\(path) is \(member.value.typeDescription), documented as \(type)")
                }
                if case .object(let inner) = member.value, shape.listsChildren(of: path) { walk(inner, at: path) }
                if case .array(let list) = member.value, shape.listsChildren(of: path + "[]") {
                    for case .object(let inner) in list { walk(inner, at: path + "[]") }
                }
            }
            for key in shape.always where Shape.parent(of: key) == parent && object[String(key.dropFirst(prefix.count))] == nil {
                found.append("documented as always there but not printed: \(key)")
            }
        }
        let roots = value.arrayValue ?? [value]
        for case .object(let object) in roots { walk(object, at: "") }
        if roots.isEmpty { found.append("nothing printed to compare") }
        return found
    }

    let box = Sandbox(mode: .inProcess)
    let shapes: [String: Shape]
    /// The sections this run compared with what a command printed.
    let checked = Locked<Set<String>>([])

    /// Sections no command here prints: an input Hearth reads, and the list form checked by hand.
    static let notPrinted: Set<String> = ["`hearth import --format jrnl` (read)", "`hearth KIND list --json`"]

    init() throws { shapes = try Self.documented() }

    /// Runs `arguments` (exit 0 expected) and returns its stdout parsed as one JSON document.
    func json(_ arguments: [String], stdin: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) throws -> JSONValue {
        let result = box.run(arguments, stdin: stdin)
        #expect(result.status == 0, "\(arguments.prefix(3)): \(result.err)", sourceLocation: sourceLocation)
        return try JSONReader.parse(result.stdout)
    }

    /// The lines of a `--jsonl` listing, each parsed on its own.
    func lines(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> [JSONValue] {
        let result = box.run(arguments)
        #expect(result.status == 0, "\(arguments.prefix(3)): \(result.err)", sourceLocation: sourceLocation)
        #expect(result.out.hasSuffix("\n"), sourceLocation: sourceLocation)
        return try result.outLines.map { try JSONReader.parse(Array($0.utf8)) }
    }

    func expectMatches(_ value: JSONValue, _ section: String, sourceLocation: SourceLocation = #_sourceLocation) {
        guard let shape = shapes[section] else {
            Issue.record("Docs/JSON.md has no section \(section)", sourceLocation: sourceLocation)
            return
        }
        checked.update { _ = $0.insert(section) }
        let problems = Self.disagreements(value, shape)
        #expect(problems.isEmpty, "\(section): \(problems.joined(separator: "; "))", sourceLocation: sourceLocation)
    }

    func secretFile(_ name: String, _ passphrase: String) -> String {
        let path = box.root + "/" + name
        FileManager.default.createFile(atPath: path, contents: Data((passphrase + "\n").utf8), attributes: [.posixPermissions: 0o600])
        return path
    }

    @Test("every command's JSON has exactly the keys Docs/JSON.md lists for it")
    func commandsPrintWhatIsDocumented() throws {
        let unlock = box.unlocking()
        expectMatches(try json(["init", "--json", "--vault", box.vault, "--kdf", "minimum", "--new-passphrase-file", box.passphraseFile]),
                      "`hearth init --json`")

        // One record of every kind, each shown whole.
        let journal = try #require(box.add("A quiet morning, written down."))
        let person = box.run(["people", "add", "--json"] + unlock, stdin: #"{"name": "Sam", "check_in_days": 7}"#).outLines.first ?? ""
        // Added long ago with a rhythm of a day, never met since: a check-in invitation.
        let due = box.run(["people", "add", "--json"] + unlock, stdin: #"{"name": "Ana", "check_in_days": 1, "at": "2026-01-01T10:00:00Z"}"#)
        #expect(due.status == 0, "\(due.err)")
        let added: [(kind: String, command: String, json: String)] = [
            ("connection", "connect", #"{"people": ["\#(person)"], "safety": 1, "state_before": "activated", "state_after": "settled", "share_depth": 3, "response": "attuned", "support_received": ["listening"], "support_given": ["listening"], "rupture": true, "feelings": ["calm"]}"#),
            ("body", "body", #"{"state": "settled", "activation": 3, "sensations": [{"region": "chest", "quality": "warm", "intensity": 2}], "helped": [{"strategy": "slow breathing", "effect": 1}]}"#),
            ("belief", "belief", #"{"belief": "I am too much", "counter_belief": "I am welcome", "ratings": [{"at": "2026-11-01T10:00:00Z", "believability": 80, "counter_believability": 20}]}"#),
            ("script", "script", #"{"script": "I can pause", "trigger": "a raised voice", "urge": "to leave", "instead": "say I need a minute"}"#),
        ]
        var shown: [(kind: String, command: String, id: String)] = [("journal", "journal", journal), ("person", "people", person)]
        for record in added {
            let result = box.run([record.command, "add", "--json"] + unlock, stdin: record.json)
            #expect(result.status == 0, "\(record.command) add: \(result.err)")
            shown.append((record.kind, record.command, result.outLines.first ?? ""))
        }
        for record in shown {
            expectMatches(try json([record.command, "show", record.id, "--json"] + unlock), "Record: `\(record.kind)`")
        }

        // Listings: an array, and the same objects one a line.
        var preview = try #require(shapes["Record: `journal`"])
        preview.keys.remove("text")
        preview.always.remove("text")
        preview.keys.formUnion(try #require(shapes["`hearth KIND list --json`"]).keys)
        preview.always.insert("preview")
        let list = try json(["journal", "list", "--json"] + unlock)
        #expect(Self.disagreements(list, preview).isEmpty, "\(Self.disagreements(list, preview))")
        #expect(try lines(["journal", "list", "--jsonl"] + unlock).count == 1)
        expectMatches(try json(["search", "quiet", "--json"] + unlock), "`hearth search --json`")
        expectMatches(try json(["status", "--json"] + unlock), "`hearth status --json`")
        expectMatches(try json(["key", "list", "--json"] + unlock), "`hearth key list --json`")
        expectMatches(.array(try lines(["key", "list", "--jsonl"] + unlock)), "`hearth key list --json`")

        // Key changes: a second passphrase, changed with itself, then removed.
        let second = secretFile("second", "a second long passphrase for tests")
        let third = secretFile("third", "a third long passphrase for the tests")
        let addedSlot = try json(["key", "add", "--json", "--kdf", "minimum", "--new-passphrase-file", second] + unlock)
        expectMatches(addedSlot, "`hearth key add --json`")
        expectMatches(try json(["passwd", "--json", "--kdf", "minimum", "--new-passphrase-file", third, "--vault", box.vault, "--passphrase-file", second]),
                      "`hearth passwd --json`")
        expectMatches(try json(["key", "upgrade", "--json", "--kdf", "minimum"] + unlock), "`hearth key upgrade --json`")
        expectMatches(try json(["key", "check", "--json"] + unlock), "`hearth key check --json`")
        guard case .integer(let slot)? = addedSlot.objectValue?["slot"] else {
            Issue.record("key add --json printed no integer slot: \(addedSlot)")
            return
        }
        expectMatches(try json(["key", "remove", String(slot), "--json"] + unlock), "`hearth key remove --json`")

        // Export to stdout (`-`), and read back from stdin (`-`).
        let export = box.run(["export", "--format", "json", "--output", "-"] + unlock)
        #expect(export.status == 0, "\(export.err)")
        expectMatches(try JSONReader.parse(export.stdout), "`hearth export --format json`")
        expectMatches(try json(["import", "--format", "json", "-", "--json"] + unlock, stdin: export.out), "`hearth import --json`")
        // Another app's file with a part left out: `skipped` names its line.
        let jrnl = "[2026-11-20 21:30] A walk by the river.\n\n[2026-19-45 99:99] An unreadable date.\n"
        let imported = try json(["import", "--format", "jrnl-text", "-", "--json"] + unlock, stdin: jrnl)
        expectMatches(imported, "`hearth import --json`")
        #expect(imported.objectValue?["skipped"]?.arrayValue?.count == 1)

        // Backups: made, listed, checked, changed on both sides, merged, restored.
        let drive = box.root + "/drive"
        mkdir(drive, 0o700)
        let made = try json(["backup", drive, "--json"] + unlock)
        expectMatches(made, "`hearth backup --json`")
        expectMatches(try json(["backup", "list", drive, "--json"] + unlock), "`hearth backup list --json`")
        expectMatches(.array(try lines(["backup", "list", drive, "--jsonl"] + unlock)), "`hearth backup list --json`")
        let backup = try #require(made.objectValue?["path"]?.stringValue)
        expectMatches(try json(["verify", "--json"] + unlock), "`hearth verify --json`")
        let wrong = box.run(["verify", "--json", "--vault", box.vault, "--passphrase-file", second])
        #expect(wrong.status == 77)
        expectMatches(try JSONReader.parse(wrong.stdout), "`hearth verify --json`")

        for (path, text) in [(box.vault, "changed here"), (backup, "changed on the backup")] {
            let edit = box.run(["journal", "edit", journal, "--json", "--vault", path, "--passphrase-file", box.passphraseFile],
                               stdin: #"{"text": "\#(text)"}"#)
            #expect(edit.status == 0, "edit: \(edit.err)")
        }
        let merged = try json(["merge", backup, "--json"] + unlock)
        expectMatches(merged, "`hearth merge --json`")
        #expect(merged.objectValue?["conflicts"]?.arrayValue?.count == 1)
        let conflicts = try json(["conflicts", "--json"] + unlock)
        #expect(conflicts.arrayValue?.count == 1)
        expectMatches(conflicts, "`hearth conflicts --json`")
        expectMatches(.array(try lines(["conflicts", "--jsonl"] + unlock)), "`hearth conflicts --json`")

        let copy = (box.vault as NSString).deletingPathExtension + ".sync-conflict-20261206-101010-ABCDEFG.hearth"
        try FileManager.default.copyItem(atPath: box.vault, toPath: copy)
        let copies = try json(["merge", "--conflicts", "--json"] + unlock)
        expectMatches(copies, "`hearth merge --conflicts --json`")
        #expect(copies.objectValue?["copies"]?.arrayValue?.count == 1)

        expectMatches(try json(["insights", "--json"] + unlock), "`hearth insights --json`")
        expectMatches(try json(["people", "due", "--json"] + unlock), "`hearth people due --json`")
        expectMatches(.array(try lines(["people", "due", "--jsonl"] + unlock)), "`hearth people due --json`")
        expectMatches(try json(["feelings", "--json"]), "`hearth feelings --json`")
        for record in try lines(["export", "--format", "jsonl", "--output", "-"] + unlock) {
            expectMatches(record, "Record: `\(record.objectValue?["kind"]?.stringValue ?? "?")`")
        }
        expectMatches(try json(["restore", backup, "--force", "--json"] + unlock), "`hearth restore --json`")
        expectMatches(try json(["rekey", "--json"] + unlock), "`hearth rekey --json`")

        let unchecked = Set(shapes.keys).subtracting(checked.get()).subtracting(Self.notPrinted)
        #expect(unchecked.isEmpty, "Docs/JSON.md sections no command here printed (add the command above): \(unchecked.sorted())")
    }

    @Test("the checker itself finds a key left undocumented, and one documented but missing")
    func checkerFindsDrift() throws {
        let shape = Shape(keys: ["a", "b", "c", "c.d"], always: ["a", "c.d"], types: ["a": "integer", "b": "[string] or null"])
        func parsed(_ text: String) throws -> JSONValue { try JSONReader.parse(Array(text.utf8)) }
        #expect(Self.disagreements(try parsed(#"{"a": 1, "b": ["x"], "c": {"d": 1}}"#), shape).isEmpty)
        #expect(Self.disagreements(try parsed(#"{"a": 1, "x": 2}"#), shape) == ["printed but not documented: x"])
        #expect(Self.disagreements(try parsed(#"{"a": 1, "c": {}}"#), shape) == ["documented as always there but not printed: c.d"])
        #expect(Self.disagreements(try parsed(#"{"a": "1"}"#), shape) == ["a is a string, documented as integer"])
        #expect(Self.disagreements(try parsed(#"{"a": true, "b": [1]}"#), shape).count == 2)
    }

    @Test("--json and --jsonl together are a usage error; JSON Lines of nothing is nothing")
    func listingForms() throws {
        box.initVault()
        let both = box.run(["journal", "list", "--json", "--jsonl"] + box.unlocking())
        #expect(both.status == 64)
        let empty = box.run(["journal", "list", "--jsonl"] + box.unlocking())
        #expect(empty.status == 0 && empty.stdout.isEmpty)
        #expect(box.run(["key", "add", "--recovery", "--json"] + box.unlocking()).status == 64)
    }
}
