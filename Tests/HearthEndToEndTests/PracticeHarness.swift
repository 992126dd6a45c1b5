import Foundation
import HearthTestSupport
import Testing

/// Runs the built `hearth` binary against a throw-away vault with a fast key derivation:
/// a private folder for the vault, another on a tmpfs for editor drafts (XDG_RUNTIME_DIR),
/// no terminal (HEARTH_NO_TTY) unless a test asks for one.
final class PracticeHarness {
    struct Result {
        let status: Int32
        let out: String
        let err: String

        /// The non-empty stdout lines.
        var lines: [String] { out.split(separator: "\n").map(String.init) }

        func json() throws -> Any { try JSONSerialization.jsonObject(with: Data(out.utf8), options: [.fragmentsAllowed]) }
    }

    static let passphrase = "fern lantern quiet harbour"

    static var binary: String { HearthBinary.path }

    let folder: String
    let runtime: String
    let vault: String
    let passphraseFile: String
    /// Where `run` runs commands: in process unless the test needs the process.
    let mode: HearthRun.Mode

    /// `onDisk`: the vault's folder in the temporary folder, for tests that hide the memory
    /// file systems; else in memory.
    init(createVault: Bool = true, mode: HearthRun.Mode = .binary, onDisk: Bool = false) throws {
        self.mode = mode
        folder = try Self.makeFolder(in: onDisk ? NSTemporaryDirectory() : TestFolder.memoryBase, prefix: "hearth-e2e-")
        let shm = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
        runtime = try Self.makeFolder(in: shm, prefix: "hearth-e2e-run-")
        vault = folder + "/vault.hearth"
        passphraseFile = folder + "/passphrase"
        try Self.passphrase.write(toFile: passphraseFile, atomically: true, encoding: .utf8)
        if createVault {
            let made = try run(["init", "--kdf", "minimum", "--new-passphrase-file", passphraseFile])
            guard made.status == 0 else { throw HarnessError.failed("init: \(made.err)") }
        }
    }

    deinit {
        try? FileManager.default.removeItem(atPath: folder)
        try? FileManager.default.removeItem(atPath: runtime)
    }

    enum HarnessError: Error { case failed(String) }

    static func makeFolder(in base: String, prefix: String) throws -> String {
        var template = Array(((base as NSString).appendingPathComponent(prefix + "XXXXXX")).utf8CString)
        guard let made = mkdtemp(&template) else { throw HarnessError.failed("mkdtemp") }
        let path = String(cString: made)
        chmod(path, 0o700)
        return path
    }

    /// The environment every run gets (and `extra` on top).
    func environment(_ extra: [String: String] = [:]) -> [String: String] {
        var env = [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
            "HOME": folder, "XDG_RUNTIME_DIR": runtime, "HEARTH_VAULT": vault, "HEARTH_NO_TTY": "1",
            "HEARTH_PASSPHRASE": Self.passphrase, "TZ": "UTC", "LANG": "C.UTF-8", "HEARTH_LOCK_TIMEOUT": "10",
        ]
        for (k, v) in extra { env[k] = v }
        return env
    }

    /// Runs `hearth args…` with `stdin` (nil: /dev/null); stdout and stderr go through files so
    /// large outputs never block.
    @discardableResult
    func run(_ args: [String], stdin: String? = nil, env extra: [String: String] = [:], removing: [String] = []) throws -> Result {
        var env = environment(extra)
        for key in removing { env[key] = nil }
        let result = HearthRun.run(args, stdin: stdin.map { Array($0.utf8) }, environment: env, mode: mode)
        return Result(status: result.status, out: result.out, err: result.err)
    }

    /// Runs another program (a shell, `script`) with this harness's environment. Its outputs go
    /// to files: a program may leave a child behind holding them.
    func runProgram(_ program: String, _ args: [String], stdin: String? = nil, env extra: [String: String] = [:],
                    removing: [String] = []) throws -> Result {
        var env = environment(extra)
        for key in removing { env[key] = nil }
        let result = ProcessRunner.run(ProcessSpec(
            executable: program, arguments: args, environment: env, stdin: stdin.map { Array($0.utf8) },
            outputsToFiles: true))
        return Result(status: result.status, out: result.out, err: result.err)
    }

    /// Adds one record with `add --json`, returning its id.
    func add(_ command: String, json: String) throws -> String {
        let result = try run([command, "add", "--json"], stdin: json)
        guard result.status == 0, let id = result.lines.first else { throw HarnessError.failed("\(command) add: \(result.err)") }
        return id
    }

    /// `show --json` as a dictionary.
    func show(_ command: String, _ id: String) throws -> [String: Any] {
        let result = try run([command, "show", id, "--json"])
        guard result.status == 0, let object = try result.json() as? [String: Any] else { throw HarnessError.failed("show: \(result.err)") }
        return object
    }

    /// `list --json` as an array of dictionaries.
    func list(_ command: String, _ args: [String] = []) throws -> [[String: Any]] {
        let result = try run([command, "list", "--json"] + args)
        guard result.status == 0, let array = try result.json() as? [[String: Any]] else { throw HarnessError.failed("list: \(result.err)") }
        return array
    }

    /// Writes an executable shell script (an `$EDITOR` stand-in) into `folder/bin` and
    /// returns its path.
    func script(_ name: String, _ body: String) throws -> String {
        try? FileManager.default.createDirectory(atPath: folder + "/bin", withIntermediateDirectories: true)
        let path = folder + "/bin/" + name
        try ("#!/bin/sh\n" + body).write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0o700)
        return path
    }

    /// Runs `hearth args…` on a pseudo-terminal (util-linux `script`), typing `input`.
    /// Returns nil where `script` is missing.
    func runOnTerminal(_ args: [String], input: String) throws -> Result? {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/script") else { return nil }
        let command = ([Self.binary] + args).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        return try runProgram("/usr/bin/script", ["-qec", command, "/dev/null"], stdin: input, removing: ["HEARTH_NO_TTY"])
    }

    /// Every regular file under `path`, recursively.
    static func files(under path: String) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: path) else { return [] }
        return walker.compactMap { $0 as? String }.map { (path as NSString).appendingPathComponent($0) }.filter {
            var isDir: ObjCBool = false
            return FileManager.default.fileExists(atPath: $0, isDirectory: &isDir) && !isDir.boolValue
        }
    }

    /// True when any file under `path` contains `needle` (case-insensitively).
    static func anyFile(under path: String, contains needle: String) -> Bool {
        let lower = Array(needle.lowercased().utf8)
        for file in files(under: path) {
            guard let data = FileManager.default.contents(atPath: file) else { continue }
            let bytes = [UInt8](data).map { ($0 >= 0x41 && $0 <= 0x5A) ? $0 + 32 : $0 }
            if bytes.count >= lower.count, bytes.firstRange(of: lower) != nil { return true }
        }
        return false
    }
}
