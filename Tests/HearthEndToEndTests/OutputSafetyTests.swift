import Foundation
import HearthTestSupport
import Testing

/// Output never crashes, and a crash never prints memory (Docs/SECURITY.md, "Output").
/// Before: a closed pipe, /dev/full and `--output x` each ended in exit 132 and a Swift crash
/// report that printed 16 bytes of memory for every register.
@Suite("Output and crashes", .ownThreads)
struct OutputSafetyTests {
    /// What a crash report prints; none of it may ever appear.
    static let crashReportMarks = ["Program crashed", "Registers", "Backtrac", "Fatal error", "Thread 0"]

    private func vaultWithEntries(_ count: Int) -> Sandbox {
        let sandbox = Sandbox()
        sandbox.initVault()
        let lines = (1...count).map { #"{"text": "A walk by the river, number \#($0), with a friend who listens."}"# }
        let added = sandbox.run(["journal", "add", "--json"] + sandbox.unlocking(), stdin: lines.joined(separator: "\n"))
        #expect(added.status == 0, "\(added.err)")
        return sandbox
    }

    @Test func aClosedPipeEndsQuietlyAsCatDoes() {
        let sandbox = vaultWithEntries(60)
        for arguments in [["journal", "list"], ["export", "--format", "json"], ["export", "--format", "markdown"],
                          ["search", "river"]] {
            let result = sandbox.run(arguments + sandbox.unlocking(), stdoutTarget: .closedPipe)
            #expect(result.signal == SIGPIPE, "\(arguments): status \(result.status), \(result.err)")
            // The export's own note about plaintext may come first; nothing about the pipe.
            let err = result.err.replacingOccurrences(of: #"Note: this export is not encrypted[^\n]*\n[^\n]*\n"#, with: "", options: .regularExpression)
            #expect(err.isEmpty, "\(arguments): \(result.err)")
        }
    }

    @Test func aFullDiskIsACalmIOError() {
        let sandbox = vaultWithEntries(3)
        let before = sandbox.bytes()
        for arguments in [["export", "--format", "json"], ["journal", "list", "--json"], ["journal", "list"]] {
            let result = sandbox.run(arguments + sandbox.unlocking(), stdoutTarget: .file("/dev/full"))
            #expect(result.status == 74, "\(arguments): \(result.status) \(result.err)")
            #expect(result.err.contains("Could not write the output (No space left on device)"), "\(result.err)")
            #expect(!Self.crashReportMarks.contains { result.err.contains($0) }, "\(result.err)")
        }
        #expect(sandbox.bytes() == before)
    }

    @Test func anExportToAFullDiskLeavesNoPartialFile() throws {
        guard isRoot else { try Test.cancel("mounting a small tmpfs needs root") }
        let sandbox = vaultWithEntries(40)
        let small = sandbox.root + "/small"
        mkdir(small, 0o700)
        let mounted = ProcessRunner.run(ProcessSpec(executable: "/bin/mount", arguments: ["-t", "tmpfs", "-o", "size=8k", "tmpfs", small],
                                                    environment: sandbox.environment, stdin: nil))
        guard mounted.status == 0 else { try Test.cancel("could not mount a tmpfs: \(mounted.err)") }
        defer { _ = ProcessRunner.run(ProcessSpec(executable: "/bin/umount", arguments: [small], environment: sandbox.environment, stdin: nil)) }
        let result = sandbox.run(["export", "--format", "json", "--output", small + "/out.json", "-y"] + sandbox.unlocking())
        #expect(result.status == 74, "\(result.err)")
        #expect(result.err.contains("No space left on device"))
        #expect((try FileManager.default.contentsOfDirectory(atPath: small)).isEmpty)
    }

    /// `--output x`: Foundation's path helper trapped on a one-character relative name.
    @Test func aOneCharacterRelativeOutputPathWorks() throws {
        let sandbox = vaultWithEntries(2)
        let folder = sandbox.root + "/here"
        mkdir(folder, 0o700)
        let result = ProcessRunner.run(ProcessSpec(
            executable: "/bin/sh", arguments: ["-c", #"cd "$1" && shift && exec "$@""#, "sh", folder, hearthBinary,
                                               "export", "--format", "json", "--output", "x"] + sandbox.unlocking(),
            environment: sandbox.environment, stdin: nil))
        #expect(result.status == 0, "\(result.err)")
        let written = try #require(FileManager.default.contents(atPath: folder + "/x"))
        #expect(String(decoding: written, as: UTF8.self).contains("A walk by the river, number 2"))
    }

    /// Started with stdout and stderr closed, the files Hearth opens must not take their
    /// numbers (output would land in a vault or a draft): the command works as usual.
    @Test func closedStandardDescriptorsAreNotReusedForFiles() throws {
        let sandbox = Sandbox()
        sandbox.initVault()
        let result = ProcessRunner.run(ProcessSpec(
            executable: "/bin/sh", arguments: ["-c", #"exec "$@" >&- 2>&-"#, "sh", hearthBinary, "journal", "add"] + sandbox.unlocking(),
            environment: sandbox.environment, stdin: Array("Tea with Ana, an easy evening.".utf8)))
        #expect(result.status == 0, "\(result.status)")
        let (entries, listed) = sandbox.list()
        #expect(entries?.count == 1, "\(listed.err)")
        #expect(entries?.first?["preview"] as? String == "Tea with Ana, an easy evening.")
    }

    /// `journal add`, waiting on a stdin pipe, gets `signal` from `kill`, with SWIFT_BACKTRACE
    /// asking for a full crash report (registers, memory) in a folder. Its stderr, and the exit
    /// status bash saw, are returned; `reports` must stay empty.
    private func signalled(_ signal: String, prefix: String = "") throws -> (status: String, err: String) {
        let sandbox = Sandbox()
        sandbox.initVault()
        let reports = sandbox.root + "/reports"
        mkdir(reports, 0o700)
        let script = """
            \(prefix)"$0" journal add "$@" 2>"$ERR" < <(exec sleep 20 2>/dev/null) &
            pid=$!
            sleep 1
            kill -\(signal) "$pid"
            wait "$pid"
            echo "status=$?"
            """
        let result = ProcessRunner.run(ProcessSpec(
            executable: "/bin/bash", arguments: ["-c", script, hearthBinary] + sandbox.unlocking(),
            environment: sandbox.environment.merging([
                "ERR": sandbox.root + "/err",
                "SWIFT_BACKTRACE": "enable=yes,interactive=no,output-to=\(reports),sanitize=no,registers=all",
            ]) { $1 },
            stdin: nil, timeout: 30))
        let err = String(decoding: FileManager.default.contents(atPath: sandbox.root + "/err") ?? Data(), as: UTF8.self)
        #expect(!Self.crashReportMarks.contains { err.contains($0) }, "\(err)")
        #expect(err.firstMatch(of: /0x[0-9a-f]{8}/) == nil, "\(err)")
        #expect((try FileManager.default.contentsOfDirectory(atPath: reports)).isEmpty)
        return (result.out, err)
    }

    /// A fatal signal (here SIGABRT) prints one fixed line and nothing from memory, and writes
    /// no crash file, whatever SWIFT_BACKTRACE asks.
    @Test func aFatalSignalPrintsNothingFromMemory() throws {
        let (status, err) = try signalled("ABRT")
        #expect(status.contains("status=134"), "\(status)")
        #expect(err.contains("Hearth stopped unexpectedly"), "\(err)")
    }

    /// Ctrl-\ (SIGQUIT) is not left to the Swift runtime's backtracer, which would print
    /// registers and memory or write them to the folder SWIFT_BACKTRACE names: it ends Hearth at
    /// its default action (no core: core dumps are off), saying nothing from memory. (A shell
    /// starts background jobs with SIGQUIT ignored; `env --default-signal` gives it back, as a
    /// terminal's foreground job has it.)
    @Test func ctrlBackslashPrintsNothingFromMemory() throws {
        let (status, _) = try signalled("QUIT", prefix: "env --default-signal=QUIT ")
        #expect(status.contains("status=131"), "\(status)")
    }
}

/// What reaches a terminal is inert: record text with an OSC 52 clipboard write, a
/// right-to-left override and zero-width characters is shown visibly by `show`, `list`,
/// `search` and `export --format markdown`, while JSON stays exact.
@Suite("Terminal text", .ownThreads, .enabled(if: KeysTerminal.available))
struct TerminalTextTests {
    static let hostile = "Walk \u{1B}]52;c;SGVsbG8=\u{07} with \u{202E}maS\u{202C} and \u{200B}quiet 👩\u{200D}👧"

    @Test func recordTextIsShownNotObeyed() throws {
        let sandbox = Sandbox()
        sandbox.initVault()
        let id = try #require(sandbox.add(Self.hostile))
        var env = sandbox.environment
        env["HEARTH_NO_TTY"] = nil
        for arguments in [["journal", "show", id], ["journal", "list"], ["search", "walk"], ["export", "--format", "markdown", "-y"]] {
            let terminal = try KeysTerminal(arguments: arguments + sandbox.unlocking(), environment: env)
            let status = try terminal.finish()
            let shown = terminal.transcript
            #expect(status == 0, "\(arguments): \(shown)")
            #expect(shown.contains("^[]52;c;SGVsbG8=^G"), "\(arguments): \(shown)")
            #expect(shown.contains("<U+202E>maS<U+202C>") && shown.contains("<U+200B>quiet"), "\(arguments): \(shown)")
            #expect(shown.contains("👩\u{200D}👧"), "an emoji sequence is left whole: \(arguments)")
            #expect(!shown.contains("\u{1B}]52") && !shown.contains("\u{202E}") && !shown.contains("\u{200B}"), "\(arguments)")
        }
        // Into a pipe, JSON carries the text exactly, escaped as JSON allows.
        let json = sandbox.run(["journal", "show", id, "--json"] + sandbox.unlocking())
        #expect(json.out.contains("\\u001b]52") && json.out.contains("\\u202e"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout)) as? [String: Any])
        #expect(object["text"] as? String == Self.hostile)
    }

    /// A question that quotes something from outside (here a file name, as a drive's volume
    /// label is quoted by `backup`) shows it inert too.
    @Test func aQuestionShowsWhatItQuotesInert() throws {
        let sandbox = Sandbox(onDisk: true)  // the question is asked for a disk only
        sandbox.initVault()
        var env = sandbox.environment
        env["HEARTH_NO_TTY"] = nil
        let name = sandbox.root + "/notes\u{1B}]52;c;SGk=\u{07}\u{202E}.json"
        let terminal = try KeysTerminal(arguments: ["export", "--format", "json", "--output", name] + sandbox.unlocking(),
                                        environment: env)
        try terminal.answer("Write it anyway?", with: "n")
        _ = try terminal.finish()
        let shown = terminal.transcript
        #expect(shown.contains("notes^[]52;c;SGk=^G<U+202E>.json"), "\(shown)")
        #expect(!shown.contains("\u{1B}]52") && !shown.contains("\u{202E}"))
        #expect(!FileManager.default.fileExists(atPath: name))
    }
}
