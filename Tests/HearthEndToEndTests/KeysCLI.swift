import Foundation
import HearthTestSupport

/// Runs the built `hearth` binary for the key-management tests: a private 0700 folder per
/// test, secrets in files (never argv), no terminal unless a test drives one.
final class KeysCLI {
    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    static var binary: String { HearthBinary.path }

    let folder: String
    let vault: String
    private var counter = 0
    /// Where `run` runs commands: in process unless the test needs the process.
    let mode: HearthRun.Mode

    init(mode: HearthRun.Mode = .binary) throws {
        self.mode = mode
        folder = TestFolder.memoryBase + "/hearth-keys-e2e-" + UUID().uuidString
        try FileManager.default.createDirectory(
            atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        vault = folder + "/vault.hearth"
    }

    deinit { try? FileManager.default.removeItem(atPath: folder) }

    /// The environment every run gets: no terminal, a private runtime folder.
    var environment: [String: String] {
        var env = ProcessInfo.processInfo.environment
        for name in ["HEARTH_PASSPHRASE", "HEARTH_NEW_PASSPHRASE", "HEARTH_KDF", "HEARTH_VAULT"] { env[name] = nil }
        env["HEARTH_NO_TTY"] = "1"
        env["XDG_RUNTIME_DIR"] = folder
        // This test's own ledger, never the account's.
        env["XDG_STATE_HOME"] = (folder as NSString).appendingPathComponent("state")
        return env
    }

    /// Writes `content` to a new 0600 file in the folder and returns its path.
    /// The environment for `hearth` on a pseudo-terminal (KeysTerminal): prompts allowed, new
    /// slots at the test build's minimum key-derivation cost.
    var terminalEnvironment: [String: String] {
        var env = environment
        env["HEARTH_NO_TTY"] = nil
        env["HEARTH_KDF"] = "minimum"
        return env
    }

    func secretFile(_ content: String, name: String? = nil) throws -> String {
        counter += 1
        let path = folder + "/" + (name ?? "secret-\(counter)")
        FileManager.default.createFile(atPath: path, contents: Data(content.utf8), attributes: [.posixPermissions: 0o600])
        return path
    }

    /// Starts `hearth ARGS --vault VAULT` with stdout and stderr going to files.
    func start(_ arguments: [String], stdin: Data? = nil) throws -> (Process, () -> Result) {
        counter += 1
        let outPath = folder + "/out-\(counter)"
        let errPath = folder + "/err-\(counter)"
        FileManager.default.createFile(atPath: outPath, contents: nil)
        FileManager.default.createFile(atPath: errPath, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = arguments + ["--vault", vault]
        process.environment = environment
        let out = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
        let err = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
        process.standardOutput = out
        process.standardError = err
        let input = Pipe()
        process.standardInput = input
        try process.run()
        // A child that stops reading early (a refusal) must not take the test runner down with it.
        signal(SIGPIPE, SIG_IGN)
        if let stdin { try? input.fileHandleForWriting.write(contentsOf: stdin) }
        try? input.fileHandleForWriting.close()
        return (process, {
            process.waitUntilExit()
            try? out.close()
            try? err.close()
            let stdout = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
            let stderr = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
            try? FileManager.default.removeItem(atPath: outPath)
            try? FileManager.default.removeItem(atPath: errPath)
            return Result(status: process.terminationStatus, stdout: stdout, stderr: stderr)
        })
    }

    @discardableResult
    func run(_ arguments: [String], stdin: Data? = nil) throws -> Result {
        let result = HearthRun.run(
            arguments + ["--vault", vault], stdin: stdin.map { Array($0) }, environment: environment, mode: mode)
        return Result(status: result.status, stdout: result.out, stderr: result.err)
    }

    /// The vault file's bytes (to show that a refused command changed nothing).
    func vaultBytes() throws -> Data { try Data(contentsOf: URL(fileURLWithPath: vault)) }

    /// `status --json` as a dictionary.
    func status() throws -> [String: Any] {
        let result = try run(["status", "--json"])
        return try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any] ?? [:]
    }

    /// A fresh vault with `passphraseFile`'s passphrase (interactive cost) and one journal entry.
    /// Returns the entry's id.
    func makeVault(passphraseFile: String, entry: String = "A first entry, written with care.") throws -> String {
        let created = try run(["init", "--kdf", "minimum", "--new-passphrase-file", passphraseFile])
        guard created.status == 0 else { throw KeysCLIError.failed("init", created) }
        let added = try run(["journal", "add", "--passphrase-file", passphraseFile], stdin: Data(entry.utf8))
        guard added.status == 0 else { throw KeysCLIError.failed("journal add", added) }
        return added.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Ids of the journal entries this secret sees, or nil with the exit status when it cannot open.
    func journalIDs(_ secretArguments: [String]) throws -> (status: Int32, ids: [String]) {
        let result = try run(["journal", "list", "--json"] + secretArguments)
        guard result.status == 0 else { return (result.status, []) }
        let list = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]] ?? []
        return (0, list.compactMap { $0["id"] as? String })
    }
}

enum KeysCLIError: Error, CustomStringConvertible {
    case failed(String, KeysCLI.Result)
    var description: String {
        switch self {
        case .failed(let what, let result): "\(what) exited \(result.status): \(result.stderr)"
        }
    }
}

/// Drives `hearth` on a real pseudo-terminal (through `script`), answering prompts as they appear.
final class KeysTerminal: @unchecked Sendable {
    private let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private let lock = NSLock()
    private var buffer = ""

    /// Starts `hearth ARGS` on a terminal; `environment` must not set HEARTH_NO_TTY.
    convenience init(arguments: [String], environment: [String: String]) throws {
        try self.init(shellCommand: KeysTerminal.quoted([KeysCLI.binary] + arguments), environment: environment)
    }

    /// Starts `command` (a shell command line) on a terminal. The signals a terminal sends start
    /// at their defaults, as in a person's shell: a test runner may have left Ctrl-C ignored,
    /// and an ignored signal stays ignored through `exec` (and Hearth rightly leaves it so).
    init(shellCommand command: String, environment: [String: String]) throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        let shell = environment["SHELL"] ?? "/bin/sh"
        process.arguments = ["-qec", "exec env --default-signal=INT,QUIT,TERM,HUP,TSTP " + Self.quoted([shell, "-c", command]), "/dev/null"]
        process.environment = environment
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        output.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            guard let self, !data.isEmpty else { return }
            self.lock.lock()
            self.buffer += String(decoding: data, as: UTF8.self)
            self.lock.unlock()
        }
        try process.run()
    }

    static var available: Bool { FileManager.default.isExecutableFile(atPath: "/usr/bin/script") }

    /// `words` quoted for a POSIX shell, joined by spaces.
    static func quoted(_ words: [String]) -> String {
        words.map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
    }

    /// The pid of the `hearth` process that `script` started (its child), or nil.
    var commandPID: pid_t? {
        let pid = process.processIdentifier
        let children = (try? String(contentsOfFile: "/proc/\(pid)/task/\(pid)/children", encoding: .utf8)) ?? ""
        return children.split(separator: " ").first.flatMap { pid_t($0) }
    }

    var transcript: String {
        lock.lock()
        defer { lock.unlock() }
        return buffer
    }

    /// Waits until `text` has appeared after the previous wait and Hearth reads the terminal,
    /// then types `answer` and Enter.
    @discardableResult
    func answer(_ text: String, with answer: String, timeout: Double = 30) throws -> String {
        let seen = try waitFor(text, timeout: timeout)
        try type(answer, timeout: timeout)
        return seen
    }

    /// Types `answer` and Enter once the command reads the terminal (for a prompt already waited for).
    func type(_ answer: String, timeout: Double = 30) throws {
        try waitUntilReading(timeout: timeout)
        write(answer + "\n")
    }

    /// Types `keys` as they are (no Enter, no wait): for full-screen programs such as an editor,
    /// and for keys that must come at once (Ctrl-C, Ctrl-Z; call `waitUntilReading` first).
    func send(_ keys: String) {
        write(keys)
    }

    /// How often each process on the terminal had slept when input was last typed.
    private var sleepsAtInput: [pid_t: Int] = [:]

    private func write(_ text: String) {
        sleepsAtInput = TerminalReading.sleeps(of: TerminalReading.descendants(of: process.processIdentifier))
        input.fileHandleForWriting.write(Data(text.utf8))
    }

    /// Waits until a process on the terminal is ready for input: asleep reading the terminal in
    /// a read begun after the last input was taken, nothing typed still unread, and the terminal
    /// in `modes` (echo off for a secret, single keys). The prompt is printed just before the
    /// modes change and the read starts, and input typed before is lost or echoed; this waits
    /// for that moment rather than a fixed time. Returns the modes; throws, with the
    /// transcript, after `timeout` seconds.
    @discardableResult
    func waitUntilReading(_ modes: TerminalReading.Wanted = .any, timeout: Double = 30) throws -> TerminalReading.Modes {
        let pipe = input.fileHandleForWriting.fileDescriptor
        do {
            return try TerminalReading.wait(
                under: process.processIdentifier, modes: modes, sleptSince: sleepsAtInput,
                pending: {
                    var count: Int32 = 0
                    return ioctl(pipe, UInt(FIONREAD), &count) == 0 ? Int(count) : 0
                }, timeout: timeout
            ).modes
        } catch let error as TerminalReading.NotReady {
            throw KeysTerminalError.notReading(error.description, transcript: transcript)
        }
    }

    private var consumed = 0

    @discardableResult
    func waitFor(_ text: String, timeout: Double = 30) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let all = transcript
            let start = all.index(all.startIndex, offsetBy: min(consumed, all.count))
            if let range = all[start...].range(of: text) {
                consumed = all.distance(from: all.startIndex, to: range.upperBound)
                return String(all[start..<range.upperBound])
            }
            usleep(20_000)
        }
        throw KeysTerminalError.timeout(waitingFor: text, transcript: transcript)
    }

    /// Waits for the command to end and returns its exit status.
    func finish(timeout: Double = 60) throws -> Int32 {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning, Date() < deadline { usleep(20_000) }
        if process.isRunning {
            process.terminate()
            throw KeysTerminalError.timeout(waitingFor: "the end", transcript: transcript)
        }
        output.fileHandleForReading.readabilityHandler = nil
        return process.terminationStatus
    }
}

enum KeysTerminalError: Error, CustomStringConvertible {
    case timeout(waitingFor: String, transcript: String)
    case notReading(String, transcript: String)
    var description: String {
        switch self {
        case .timeout(let text, let transcript): "timed out waiting for \"\(text)\"; terminal so far:\n\(transcript)"
        case .notReading(let why, let transcript): "\(why); terminal so far:\n\(transcript)"
        }
    }
}
