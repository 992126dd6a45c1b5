import Foundation
import HearthTestSupport
import Testing

/// Every sentence Hearth says comes from one catalogue, the HearthMessages module (Sources/HearthMessages,
/// a file per topic), so that the whole list can be read side by side (Docs/MESSAGES.md). Two checks:
/// - the sources: only that module can make a message (its initializer is not public); no CLI file
///   writes to stderr or the terminal another way, makes a usage error of its own, or shows a list on
///   the terminal outside the few places that choose from one; and every message's default text in
///   the catalogue is at most three lines;
/// - end to end: the stderr of a set of failing commands, run with `--verbose`, is made only of
///   catalogue messages (each ends with its key, which the catalogue declares), and without it each
///   message keeps to three lines and no detail.
@Suite("Message catalogue", .ownThreads)
struct MessageCatalogueTests {
    static let sources = packageRoot.appendingPathComponent("Sources").path
    /// The catalogue's files, relative to Sources/.
    static var catalogue: [String] { files(under: "HearthMessages") }

    /// Swift and C files under `folder`, relative to Sources/.
    static func files(under folder: String) -> [String] {
        let root = sources + "/" + folder
        guard let walker = FileManager.default.enumerator(atPath: root) else { return [] }
        var found: [String] = []
        while let name = walker.nextObject() as? String {
            if name.hasSuffix(".swift") || name.hasSuffix(".c") { found.append(folder + "/" + name) }
        }
        return found.sorted()
    }

    static func text(_ relative: String) -> String {
        (try? String(contentsOfFile: sources + "/" + relative, encoding: .utf8)) ?? ""
    }

    /// Lines of code, without comment lines (doc comments name these functions).
    static func codeLines(_ relative: String) -> [(number: Int, line: String)] {
        text(relative).split(separator: "\n", omittingEmptySubsequences: false).enumerated().compactMap { index, line in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            return trimmed.hasPrefix("//") || trimmed.hasPrefix("*") ? nil : (index + 1, String(line))
        }
    }

    /// Each pattern may appear only in the files listed for it (relative to Sources/).
    static let onlyIn: [(pattern: String, allowed: Set<String>)] = [
        // The one writer of messages (Console.message) and of progress lines.
        // The run's console is named in one place (HearthContext: 0, 1 and 2 in the binary); the
        // editor child is given it as its own 0, 1 and 2.
        ("STDERR_FILENO", ["HearthCLI/Support/Console.swift", "HearthCLI/Support/ProcessHardening.swift",
                           "HearthCLI/Support/ProgressLine.swift", "HearthCLI/Context/HearthContext.swift",
                           "HearthCLI/Support/EditorProcess.swift"]),
        ("FileHandle.standardError", []),
        ("fputs(", []),
        ("print(", []),
        ("FileHandle.standardOutput", []),
        // Questions and messages on the terminal go through Terminal; Console asks whether there is one.
        ("\"/dev/tty\"", ["HearthCLI/Context/HearthContext.swift", "HearthCLI/Support/Terminal.swift", "HearthCLI/Support/Console.swift",
                           "HearthCLI/Support/TerminalQuestion.swift", "HearthCLI/Support/PromptLines.swift"]),
        // Lists to choose from (records, people, a summary's sections): data, shown only where a person chooses.
        ("Terminal.showChoices(", ["HearthCLI/Support/Terminal.swift", "HearthCLI/Records/RecordAccess.swift",
                                   "HearthCLI/Records/GuidedPrompt.swift", "HearthCLI/Records/PersonPicker.swift",
                                   "HearthCLI/Commands/SummaryCommand.swift", "HearthCLI/Records/PracticeTerminal.swift"]),
        // Raw writes: stdout and stderr (Console), the terminal (Terminal), plaintext files the person
        // asked for (export, drafts), the recovery key on stdout.
        ("DescriptorWriter.writeAll(", ["HearthCLI/Support/Console.swift", "HearthCLI/Support/Terminal.swift",
                                        "HearthCLI/Support/PrivateEditor.swift", "HearthCLI/Records/PlaintextOutput.swift",
                                        "HearthCLI/Support/RecoveryKeyHandover.swift"]),
        // The progress line's bytes (erase, then the catalogue's text), written by ProgressLine only.
        ("Console.progress(", ["HearthCLI/Support/ProgressLine.swift"]),
        // Usage errors are made from a catalogue message (`Message.x.usageError`).
        ("ValidationError(", ["HearthCLI/Support/Message+CLIValues.swift"]),
        // Only the catalogue makes a message (the compiler refuses it too: the initializer is internal).
        ("Message(\"", []),
    ]

    /// `pattern` in `line`, not as the end of a longer name (`print(` is not `fingerprint(`).
    static func contains(_ line: String, _ pattern: String) -> Bool {
        var rest = line[...]
        while let range = rest.range(of: pattern) {
            let before = rest[..<range.lowerBound].last
            if !(pattern.first?.isLetter ?? false) || before.map({ !($0.isLetter || $0.isNumber || $0 == "_") }) ?? true { return true }
            rest = rest[range.upperBound...]
        }
        return false
    }

    @Test func nothingOutsideTheCatalogueWritesAMessage() {
        var strays: [String] = []
        for file in Self.files(under: "HearthCLI") + Self.files(under: "hearth") {
            for (number, line) in Self.codeLines(file) {
                for rule in Self.onlyIn where Self.contains(line, rule.pattern) && !rule.allowed.contains(file) {
                    strays.append("\(file):\(number): \(rule.pattern)  \(line.trimmingCharacters(in: .whitespaces))")
                }
            }
        }
        #expect(strays.isEmpty, "messages must come from the catalogue (HearthMessages):\n\(strays.joined(separator: "\n"))")
    }

    /// The module boundary is what keeps every message in the catalogue: `Message`'s initializer,
    /// and anything else that could make one from any text, stays internal to HearthMessages. A
    /// public or package initializer on `Message` (or an inlinable door to the internal one) would
    /// let the CLI write its own sentences again. Value types the constructors take (nested, one
    /// level deeper) may have public initializers.
    @Test func onlyTheCatalogueCanMakeAMessage() throws {
        #expect(Self.catalogue.contains("HearthMessages/Message.swift"), "\(Self.catalogue)")
        var doors: [String] = []
        for file in Self.catalogue {
            for (number, line) in Self.codeLines(file) {
                // At the indentation of Message's own members (nested types' members are deeper).
                let memberOfMessage = line.prefix { $0 == " " }.count == 4
                let exposed = ["public ", "package ", "open "].contains { line.dropFirst(4).hasPrefix($0) }
                let opensMessage = memberOfMessage && exposed && ["init(", "init?(", "init!("].contains { Self.contains(line, $0) }
                if opensMessage || Self.contains(line, "@usableFromInline") || Self.contains(line, "@inlinable")
                    || Self.contains(line, "@_spi") {
                    doors.append("\(file):\(number): \(line.trimmingCharacters(in: .whitespaces))")
                }
            }
        }
        #expect(doors.isEmpty, "Message's initializer must stay internal to HearthMessages:\n\(doors.joined(separator: "\n"))")
        // Message itself is declared in Message.swift, with an initializer that is not public.
        let declaration = Self.text("HearthMessages/Message.swift")
        #expect(declaration.contains("public struct Message:"))
        #expect(declaration.contains("\n    init(_ text: String"), "the initializer is internal (no access modifier)")
    }

    /// The layers below the CLI say nothing on the terminal; the one exception is the fixed crash
    /// line written by the signal handler (it cannot call into Swift).
    @Test func theLayersBelowWriteNothingToTheTerminal() {
        var strays: [String] = []
        for module in ["HearthCrypto", "HearthVault", "HearthRecords", "HearthRecordText", "HearthInsights", "HearthSummary", "HearthBackup", "HearthSession",
                       "HearthMessages", "CPlatform"] {
            // The crash handler's fixed line, and the progress line's erase sequence when a signal
            // ends the process (`hearth_progress_signals_begin`): neither can call into Swift.
            for file in Self.files(under: module) where file != "CPlatform/QuietCrash.c" && file != "CPlatform/CPlatform.c" {
                for (number, line) in Self.codeLines(file)
                where ["STDERR_FILENO", "stderr", "print(", "FileHandle.standardError", "/dev/tty", "fputs("].contains(where: { Self.contains(line, $0) }) {
                    strays.append("\(file):\(number): \(line.trimmingCharacters(in: .whitespaces))")
                }
            }
        }
        #expect(strays.isEmpty, "\(strays.joined(separator: "\n"))")
    }

    /// Every message literal in the catalogue is at most three lines by default (detail aside).
    @Test func everyMessageIsAtMostThreeLines() throws {
        var tooLong: [String] = []
        var literals = 0
        for file in Self.catalogue {
            let lines = try String(contentsOfFile: Self.sources + "/" + file, encoding: .utf8)
                .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            var index = 0
            while index < lines.count {
                let line = lines[index]
                if line.hasSuffix("Message(\"\"\"") || line.contains("Message(\"\"\"") && line.hasSuffix("\"\"\"") {
                    literals += 1
                    var body: [String] = []
                    index += 1
                    while index < lines.count, lines[index].trimmingCharacters(in: .whitespaces).hasPrefix("\"\"\"") == false {
                        body.append(lines[index])
                        index += 1
                    }
                    // A line ending in a backslash continues on the next one.
                    let shown = body.joined(separator: "\n").replacingOccurrences(of: "\\\n", with: "")
                        .split(separator: "\n").filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
                    if shown.count > 3 { tooLong.append("\(file):\(index): \(shown.count) lines: \(shown.first ?? "")") }
                } else if let range = line.range(of: "Message(\"") {
                    literals += 1
                    let rest = line[range.upperBound...]
                    if rest.components(separatedBy: "\\n").count > 3 { tooLong.append("\(file):\(index + 1): \(line)") }
                }
                index += 1
            }
        }
        #expect(literals > 200, "the catalogue holds every message (found \(literals))")
        #expect(tooLong.isEmpty, "\(tooLong.joined(separator: "\n"))")
    }

    /// The keys the catalogue declares: `static func NAME(` and `static var NAME:`.
    static func declaredKeys() throws -> Set<String> {
        var keys = Set<String>()
        for file in catalogue {
            let text = try String(contentsOfFile: sources + "/" + file, encoding: .utf8)
            for match in text.matches(of: /static (?:func|var) (\w+)/) { keys.insert(String(match.output.1)) }
        }
        return keys
    }

    /// One failing command: its arguments, stdin, and what it should not say.
    struct Failing {
        let arguments: [String]
        var stdin: String?
        var status: Int32
        var key: String
    }

    @Test func failingCommandsSayOnlyCatalogueMessages() throws {
        let sandbox = Sandbox(mode: .inProcess)
        sandbox.initVault()
        let id = try #require(sandbox.add("A quiet walk by the river."))
        let wrong = sandbox.root + "/wrong"
        sandbox.write(Array("not the passphrase\n".utf8), to: wrong)
        chmod(wrong, 0o600)
        let damaged = sandbox.root + "/damaged.hearth"
        var bytes = sandbox.bytes()
        bytes[bytes.count - 40] ^= 0x01
        sandbox.write(bytes, to: damaged)
        let keys = try Self.declaredKeys()
        let cases: [Failing] = [
            Failing(arguments: ["status", "--vault", sandbox.root + "/none.hearth"], status: 66, key: "vaultNotFound"),
            Failing(arguments: ["journal", "list", "--vault", sandbox.vault, "--passphrase-file", wrong], status: 77, key: "wrongSecret"),
            Failing(arguments: ["journal", "show", "ab"] + sandbox.unlocking(), status: 64, key: "idTooShort"),
            Failing(arguments: ["journal", "show", "ffffffff"] + sandbox.unlocking(), status: 66, key: "noIDStartingWith"),
            Failing(arguments: ["journal", "add", "Walked with Sam"] + sandbox.unlocking(), status: 64, key: "unexpectedWords"),
            Failing(arguments: ["init", "--vault", sandbox.vault, "--new-passphrase-file", sandbox.passphraseFile], status: 73,
                    key: "vaultExists"),
            Failing(arguments: ["key", "remove", "0"] + sandbox.unlocking(), status: 1, key: "lastKey"),
            Failing(arguments: ["restore", sandbox.root + "/no-backup.hearth"] + sandbox.unlocking(), status: 66, key: "noBackupAt"),
            Failing(arguments: ["journal", "list", "--vault", damaged, "--passphrase-file", sandbox.passphraseFile], status: 65,
                    key: "vaultDamaged"),
            Failing(arguments: ["journal", "list", "--vault", sandbox.vault], status: 77, key: "noSecretNoTerminal"),
            Failing(arguments: ["unlock", "--timeout", "0s"] + sandbox.unlocking(), status: 64, key: "timeoutTooShort"),
            Failing(arguments: ["journal", "delete", id, "--vault", sandbox.vault, "--passphrase-file", sandbox.root + "/missing"],
                    status: 66, key: "secretFileUnreadable"),
            Failing(arguments: ["journal", "add", "--json"] + sandbox.unlocking(), stdin: #"{"text": "x", "starred": 5}"#, status: 65,
                    key: "invalidInput"),
        ]
        for failing in cases {
            let plain = sandbox.run(failing.arguments, stdin: failing.stdin)
            let verbose = sandbox.run(failing.arguments + ["--verbose"], stdin: failing.stdin)
            let context = "hearth \(failing.arguments.joined(separator: " ")):\n\(verbose.err)"
            #expect(plain.status == failing.status && verbose.status == failing.status, "\(plain.status) \(context)")
            // With --verbose: blocks, each ending with its key; nothing after the last.
            let lines = verbose.err.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            var said: [String] = []
            var sinceKey = 0
            for line in lines.dropLast(lines.last == "" ? 1 : 0) {
                if let match = line.wholeMatch(of: /\ \ \((\w+)\)/) {
                    said.append(String(match.output.1))
                    #expect(sinceKey > 0, "an empty message before \(match.output.1): \(context)")
                    sinceKey = 0
                } else {
                    sinceKey += 1
                }
            }
            #expect(sinceKey == 0, "text on stderr that is not a catalogue message: \(context)")
            #expect(said.contains(failing.key), "expected \(failing.key), said \(said): \(context)")
            for key in said { #expect(keys.contains(key), "\(key) is not declared in the catalogue: \(context)") }
            // Without it: no keys, no detail, and each line is one the verbose run said too.
            let shown = plain.err.split(separator: "\n").map(String.init)
            #expect(!plain.err.contains("  ("), "\(plain.err)")
            for line in shown { #expect(lines.contains(line), "\(line) is not a line of the catalogue's message: \(context)") }
            let usage = shown.filter { $0.hasPrefix("Usage:") || $0.hasPrefix("  See '") }.count
            #expect(shown.count - usage <= 3 * max(said.count, 1), "more than three lines a message: \(plain.err)")
            // Record text given as an argument is never repeated.
            #expect(!verbose.err.contains("Walked with Sam") && !verbose.err.contains("quiet walk"), "\(context)")
        }
    }

    /// Detail shows with --verbose wherever it is written, or with $HEARTH_VERBOSE (not "0" or empty).
    @Test func verboseFlagAndEnvironment() {
        let sandbox = Sandbox(mode: .inProcess)
        sandbox.initVault()
        let damaged = sandbox.root + "/damaged.hearth"
        var bytes = sandbox.bytes()
        bytes[bytes.count - 40] ^= 0x01
        sandbox.write(bytes, to: damaged)
        let arguments = ["journal", "list", "--vault", damaged, "--passphrase-file", sandbox.passphraseFile]
        let plain = sandbox.run(arguments)
        #expect(plain.status == 65 && plain.err.contains("damaged") && !plain.err.contains("What failed"), "\(plain.err)")
        for (run, expectDetail) in [
            (sandbox.run(["--verbose"] + arguments), true),
            (sandbox.run(arguments + ["--verbose"]), true),
            (sandbox.run(arguments, env: ["HEARTH_VERBOSE": "1"]), true),
            (sandbox.run(arguments, env: ["HEARTH_VERBOSE": "0"]), false),
            (sandbox.run(arguments, env: ["HEARTH_VERBOSE": ""]), false),
        ] {
            #expect(run.status == 65, "\(run.err)")
            #expect(run.err.contains("  What failed: ") == expectDetail && run.err.contains("  (vaultDamaged)") == expectDetail, "\(run.err)")
        }
    }

    /// On a terminal: three wrong passphrases, then the refusal. Every line Hearth shows is a
    /// catalogue line (the question, the calm retry line, the three-line refusal); with
    /// --verbose the refusal ends with its key, and the questions stay as they are.
    @Test(.enabled(if: KeysTerminal.available)) func onATerminalTheLinesAreTheCatalogues() throws {
        let cli = try KeysCLI(mode: .inProcess)
        let passphrase = try cli.secretFile("the right words")
        _ = try cli.makeVault(passphraseFile: passphrase)
        var env = cli.environment
        env["HEARTH_NO_TTY"] = nil
        for verbose in [false, true] {
            let t = try KeysTerminal(arguments: ["journal", "list", "--vault", cli.vault] + (verbose ? ["--verbose"] : []), environment: env)
            for attempt in 1...3 { try t.answer("Passphrase (or recovery key) for", with: "wrong \(attempt)") }
            #expect(try t.finish() == 77, "\(t.transcript)")
            // "\r\n" is one Character in Swift: split on "\r" too. The progress line ("Opening
            // the vault...", drawn and erased with "\r" and ESC [K) is a catalogue line as well.
            let shown = t.transcript.replacingOccurrences(of: "\u{1B}[K", with: "").split(whereSeparator: { $0 == "\r" || $0 == "\n" || $0 == "\r\n" }).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
                .filter { !$0.isEmpty }
            let expected: Set<String> = [
                "Passphrase (or recovery key) for \(cli.vault):", "That did not open the vault. Please try again.",
                "That passphrase or key does not open this vault. Nothing was changed. Please try again.",
                "Opening the vault...",
            ]
            for line in shown where !(verbose && line == "(wrongSecret)") {
                #expect(expected.contains(line), "not a catalogue line: \(line)\n\(t.transcript)")
            }
            #expect(shown.filter { $0 == "That did not open the vault. Please try again." }.count == 2, "\(t.transcript)")
            #expect(shown.contains("(wrongSecret)") == verbose, "\(t.transcript)")
            #expect(!t.transcript.contains("wrong 1") && !t.transcript.contains("wrong 3"), "the passphrase is never shown")
        }
    }
}
