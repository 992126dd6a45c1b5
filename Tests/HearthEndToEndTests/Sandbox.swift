import Foundation
import HearthCrypto
import HearthCLI
import HearthRunContext
import HearthTestSupport
import Testing

/// The built binary and the package root: the one locator in HearthTestSupport.
let hearthBinary = HearthBinary.path
let packageRoot = HearthBinary.packageRoot

let isRoot = geteuid() == 0

/// A private folder for one test with everything a `hearth` run needs: a 0700 runtime folder
/// (XDG_RUNTIME_DIR), a data home, a passphrase file, and a vault path. Removed afterwards.
final class Sandbox: @unchecked Sendable {
    let root: String
    let runtime: String
    let passphraseFile: String
    let vault: String
    let passphrase: String
    /// Where this sandbox's commands run: in process unless the test needs the process.
    let mode: HearthRun.Mode
    /// The clock of runs in process (the system's unless a test moves it by hand).
    let clock: HearthClock?

    /// `onDisk`: in /tmp, for a test about what Hearth does on a disk (the question before
    /// plaintext goes there); else in memory.
    init(passphrase: String = "a long and gentle passphrase for tests", mode: HearthRun.Mode = .binary, clock: HearthClock? = nil,
         onDisk: Bool = false) {
        self.mode = mode
        self.clock = clock
        // In memory (saves fsync a disk for nothing in a test), else /tmp.
        var template = Array("\(onDisk ? "/tmp" : TestFolder.memoryBase)/hearth-e2e-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        precondition(made != nil, "mkdtemp failed")
        root = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        runtime = root + "/run"
        passphraseFile = root + "/passphrase"
        vault = root + "/vaults/journal.hearth"
        self.passphrase = passphrase
        mkdir(runtime, 0o700)
        mkdir(root + "/data", 0o700)
        _ = FileManager.default.createFile(atPath: passphraseFile, contents: Data((passphrase + "\n").utf8),
                                       attributes: [.posixPermissions: 0o600])
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    /// The environment of every run: nothing inherited from the test runner.
    var environment: [String: String] {
        [
            "PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "HOME": root, "XDG_RUNTIME_DIR": runtime,
            "XDG_DATA_HOME": root + "/data", "HEARTH_NO_TTY": "1", "LANG": "C.UTF-8", "TZ": "UTC",
        ]
    }

    /// Runs `hearth ARGS` with `stdin` (or /dev/null) and extra environment variables.
    func run(
        _ arguments: [String], stdin: String? = nil, env: [String: String] = [:], timeout: Double = 60,
        killAfter: Double? = nil, killWhen: (@Sendable () -> Bool)? = nil, extraInputs: [Int32: [UInt8]] = [:],
        whileRunning: (@Sendable (pid_t) -> Void)? = nil, stdoutTarget: StdoutTarget = .capture, mode: HearthRun.Mode? = nil
    ) -> ProcessResult {
        HearthRun.run(
            arguments, stdin: stdin.map { Array($0.utf8) }, environment: environment.merging(env) { $1 }, mode: mode ?? self.mode,
            clock: clock, timeout: timeout, killAfter: killAfter, killWhen: killWhen, whileRunning: whileRunning,
            extraInputs: extraInputs, stdoutTarget: stdoutTarget)
    }

    /// `--vault PATH --passphrase-file FILE`: how most tests point at their vault.
    func unlocking(_ path: String? = nil) -> [String] {
        ["--vault", path ?? vault, "--passphrase-file", passphraseFile]
    }

    /// Creates the sandbox's vault at the interactive cost (fast, for tests only).
    @discardableResult
    func initVault(_ path: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) -> ProcessResult {
        let result = run(["init", "--vault", path ?? vault, "--kdf", "minimum", "--new-passphrase-file", passphraseFile])
        #expect(result.status == 0, "init: \(result.err)", sourceLocation: sourceLocation)
        return result
    }

    /// Adds a journal entry with `text` on stdin; returns the id it printed, or nil.
    @discardableResult
    func add(_ text: String, vault path: String? = nil, env: [String: String] = [:], sourceLocation: SourceLocation = #_sourceLocation)
        -> String?
    {
        let result = run(["journal", "add"] + unlocking(path), stdin: text, env: env)
        #expect(result.status == 0, "add: \(result.err)", sourceLocation: sourceLocation)
        return result.status == 0 ? result.outLines.first : nil
    }

    /// The journal as `list --json` prints it, or nil (with the result) when the command failed.
    /// `mode`: where this one listing runs (a check after a kill of the binary can run in process).
    func list(vault path: String? = nil, mode: HearthRun.Mode? = nil) -> (entries: [[String: Any]]?, result: ProcessResult) {
        let result = run(["journal", "list", "--json"] + unlocking(path), mode: mode)
        guard result.status == 0,
              let parsed = try? JSONSerialization.jsonObject(with: Data(result.stdout)) as? [[String: Any]]
        else { return (nil, result) }
        return (parsed, result)
    }

    /// Ids of every entry, in listing order.
    func ids(vault path: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) -> [String] {
        let (entries, result) = list(vault: path)
        #expect(entries != nil, "list failed with \(result.status): \(result.err)", sourceLocation: sourceLocation)
        return entries?.compactMap { $0["id"] as? String } ?? []
    }

    func bytes(_ path: String? = nil) -> [UInt8] { Array(FileManager.default.contents(atPath: path ?? vault) ?? Data()) }

    func write(_ bytes: [UInt8], to path: String) {
        precondition(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
    }

    /// Every file under `folder` (recursively), with its contents.
    func files(under folder: String? = nil) -> [(path: String, bytes: [UInt8])] {
        let top = folder ?? root
        guard let walker = FileManager.default.enumerator(atPath: top) else { return [] }
        var out: [(String, [UInt8])] = []
        while let name = walker.nextObject() as? String {
            let path = top + "/" + name
            var info = stat()
            if lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG {
                out.append((path, Array(FileManager.default.contents(atPath: path) ?? Data())))
            }
        }
        return out
    }

    /// Leftover temporary files of a save beside the vault (`.NAME.tmp-*`).
    func temporaries(beside path: String? = nil) -> [String] {
        let target = path ?? vault
        let folder = (target as NSString).deletingLastPathComponent
        let prefix = "." + (target as NSString).lastPathComponent + ".tmp-"
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasPrefix(prefix) }
    }
}

/// A deterministic generator whose seed is printed, so that a sampled failure can be replayed
/// with HEARTH_TEST_SEED=N.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    static func fromEnvironment(_ label: String) -> SeededGenerator {
        let seed = ProcessInfo.processInfo.environment["HEARTH_TEST_SEED"].flatMap { UInt64($0) }
            ?? UInt64.random(in: 1...UInt64.max)
        print("\(label): HEARTH_TEST_SEED=\(seed)")
        return SeededGenerator(seed: seed)
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// The checksum FORMAT.md defines, recomputed after an edit (BLAKE2b-256 of bytes 0..<2016).
func withRecomputedChecksum(_ file: [UInt8]) -> [UInt8] {
    var out = file
    let checksum = out[0..<2016].withUnsafeBytes { GenericHash.hash($0) }
    out.replaceSubrange(2016..<2048, with: checksum)
    return out
}

extension Array where Element == UInt8 {
    func contains(_ needle: [UInt8]) -> Bool { !needle.isEmpty && self.firstRange(of: needle) != nil }
}

/// A value shared between threads of one test.
final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) { self.value = value }

    func get() -> Value { lock.withLock { value } }
    func set(_ newValue: Value) { lock.withLock { value = newValue } }
    func update<R>(_ body: (inout Value) -> R) -> R { lock.withLock { body(&value) } }
}
