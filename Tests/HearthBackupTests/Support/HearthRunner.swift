import Foundation
import HearthCLI
import HearthRunContext
import HearthTestSupport
import Testing

/// The built binary: the one locator in HearthTestSupport.
let hearthBinary = HearthBinary.path

/// What a finished command left.
struct Finished {
    let status: Int32
    let stdout: String
    let stderr: String
}

/// A private sandbox for one test: its own folder, state home and runtime folder, a vault
/// path, and a passphrase file. Removed when the value goes away.
final class Sandbox {
    let root: String
    let vault: String
    let passphraseFile: String
    let stateHome: String
    /// Where `run` runs commands: in process unless the test needs the process (kills).
    let mode: HearthRun.Mode
    /// The clock of runs in process (the system's unless a test moves it by hand).
    let clock: HearthClock?

    init(passphrase: String = "first passphrase", mode: HearthRun.Mode = .binary, clock: HearthClock? = nil) throws {
        self.mode = mode
        self.clock = clock
        // In memory (saves fsync a disk for nothing in a test), else /tmp.
        root = try makeTemporaryFolder("hearth-backup-test", in: TestFolder.memoryBase)
        vault = root + "/data/vault.hearth"
        stateHome = root + "/state"
        passphraseFile = root + "/passphrase"
        try writeSecret(passphrase, to: passphraseFile)
        try FileManager.default.createDirectory(atPath: root + "/runtime", withIntermediateDirectories: true)
        chmod(root + "/runtime", 0o700)
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    func path(_ name: String) -> String { root + "/" + name }

    /// A file holding `secret` (mode 0600), for --passphrase-file and friends.
    func secretFile(_ name: String, _ secret: String) throws -> String {
        let path = self.path(name)
        try writeSecret(secret, to: path)
        return path
    }

    var environment: [String: String] {
        var env: [String: String] = [:]
        for key in ["PATH", "HOME", "LANG"] { env[key] = ProcessInfo.processInfo.environment[key] }
        env["HEARTH_NO_TTY"] = "1"
        env["XDG_RUNTIME_DIR"] = root + "/runtime"
        env["XDG_STATE_HOME"] = stateHome
        env["HEARTH_VAULT"] = vault
        env["HEARTH_KDF"] = "minimum"
        env["HEARTH_LOCK_TIMEOUT"] = "5"
        // These tests check which backup, save and key epoch a decision was about: facts that a
        // message keeps for --verbose (the default text is short). Each message then also ends
        // with its catalogue key, `  (olderCopyRefusal)`, which the tests assert on.
        env["HEARTH_VERBOSE"] = "1"
        return env
    }

    /// Runs `hearth ARGS` with this sandbox's environment (plus `extra`) and `input` on stdin.
    @discardableResult
    /// `mode`: where this one run goes, when not where the sandbox's runs go.
    func run(_ arguments: [String], input: String = "", extra: [String: String] = [:], mode: HearthRun.Mode? = nil) throws
        -> Finished
    {
        let result = HearthRun.run(
            arguments, stdin: Array(input.utf8), environment: environment.merging(extra) { $1 }, mode: mode ?? self.mode,
            clock: clock)
        return Finished(status: result.status, stdout: result.out, stderr: result.err)
    }

    /// Starts `hearth ARGS` without waiting (for kill tests); stderr goes to `stderr` when given.
    func start(_ arguments: [String], extra: [String: String] = [:], stderr: String? = nil) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: hearthBinary)
        process.arguments = arguments
        process.environment = environment.merging(extra) { $1 }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        if let stderr {
            _ = FileManager.default.createFile(atPath: stderr, contents: nil)
            process.standardError = FileHandle(forWritingAtPath: stderr)
        } else {
            process.standardError = FileHandle.nullDevice
        }
        try process.run()
        return process
    }

    /// `hearth init` with the sandbox passphrase, then one journal entry per text.
    func makeVault(entries: [String]) throws {
        let made = try run(["init", "--new-passphrase-file", passphraseFile])
        try #require(made.status == 0, "init failed: \(made.stderr)")
        for text in entries { try add(text) }
    }

    /// Adds one journal entry and returns its id.
    @discardableResult
    func add(_ text: String, vault: String? = nil, passphraseFile: String? = nil) throws -> String {
        var arguments = ["journal", "add", "--passphrase-file", passphraseFile ?? self.passphraseFile]
        if let vault { arguments += ["--vault", vault] }
        let added = try run(arguments, input: text)
        try #require(added.status == 0, "journal add failed: \(added.stderr)")
        return added.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The ids of the journal entries in the vault at `vault` (default: the sandbox vault).
    func entryIDs(vault: String? = nil, passphraseFile: String? = nil) throws -> [String] {
        var arguments = ["journal", "list", "--json", "--passphrase-file", passphraseFile ?? self.passphraseFile]
        if let vault { arguments += ["--vault", vault] }
        let listed = try run(arguments)
        try #require(listed.status == 0, "journal list failed (\(listed.status)): \(listed.stderr)")
        let array = try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]] ?? []
        return array.compactMap { $0["id"] as? String }.sorted()
    }

    /// `hearth passwd`: from the sandbox passphrase to the one in `newPassphraseFile`.
    func changePassphrase(to newPassphraseFile: String) throws {
        let changed = try run(["passwd", "--passphrase-file", passphraseFile, "--new-passphrase-file", newPassphraseFile])
        try #require(changed.status == 0, "passwd failed: \(changed.stderr)")
    }

    /// Makes a backup into `destination`; returns the backup's path.
    func backup(to destination: String, extraArguments: [String] = []) throws -> String {
        let made = try run(["backup", destination, "--passphrase-file", passphraseFile] + extraArguments)
        try #require(made.status == 0, "backup failed (\(made.status)): \(made.stderr)")
        return made.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

func runProcess(_ executable: String, _ arguments: [String], input: String = "", environment: [String: String]? = nil) throws -> Finished {
    let result = ProcessRunner.run(ProcessSpec(
        executable: executable, arguments: arguments, environment: environment ?? ProcessInfo.processInfo.environment,
        stdin: Array(input.utf8)))
    return Finished(status: result.status, stdout: result.out, stderr: result.err)
}

/// Runs a system tool; returns nil (and the reason) when it fails.
@discardableResult
func tool(_ executable: String, _ arguments: [String]) -> Finished? {
    guard let finished = try? runProcess(executable, arguments) else { return nil }
    return finished
}

func makeTemporaryFolder(_ prefix: String, in base: String = NSTemporaryDirectory()) throws -> String {
    try TestFolder.make(prefix, in: base)
}

func writeSecret(_ secret: String, to path: String) throws {
    try #require(FileManager.default.createFile(atPath: path, contents: Data(secret.utf8), attributes: [.posixPermissions: 0o600]))
}

/// Names in `folder` (empty when it cannot be read).
func names(in folder: String) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
}

/// True when the file at `path` still holds exactly `bytes`. A Bool on purpose: a failed
/// `#expect(a == b)` on large byte arrays makes Swift Testing compute a diff for minutes.
func unchanged(_ path: String, _ bytes: [UInt8]) -> Bool { readFile(path) == bytes }

func readFile(_ path: String) -> [UInt8] { Array(FileManager.default.contents(atPath: path) ?? Data()) }

func writeFile(_ bytes: [UInt8], to path: String) throws {
    try Data(bytes).write(to: URL(fileURLWithPath: path))
}
