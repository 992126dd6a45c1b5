import Foundation
import HearthTestSupport
import HearthBackup
import HearthCrypto
import HearthTrust
import HearthVault
import Testing

/// One finished run of the `hearth` binary.
struct SessionRun {
    let status: Int32
    let out: String
    let err: String
}

/// A throw-away world for end-to-end tests of unlocked sessions: its own folder (on a tmpfs
/// when there is one, so the private editor works), its own 0700 `XDG_RUNTIME_DIR`, a vault,
/// and a clean-up that locks every agent it started and checks that none outlives the test.
final class SessionSandbox: @unchecked Sendable {
    static var binary: String { HearthBinary.path }

    /// Each sandbox its own, so that a test looking for it in every running Hearth process
    /// (HardeningTests) meets only its own processes, not those of suites running beside it.
    let passphrase = "pass-canary-\(UUID().uuidString.prefix(8))"

    let root: String
    let runtime: String
    let vault: String
    let passphraseFile: String
    var environment: [String: String]
    private var agents: Set<Int32> = []

    init() throws {
        let base = PrivateTmpfs.available ? "/dev/shm" : "/tmp"
        var template = Array("\(base)/hearth-session-test-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw POSIXError(.EIO) }
        root = String(cString: made)
        chmod(root, 0o700)
        runtime = root + "/run"
        mkdir(runtime, 0o700)
        vault = root + "/vault.hearth"
        passphraseFile = root + "/passphrase"
        _ = FileManager.default.createFile(atPath: passphraseFile, contents: Data(passphrase.utf8), attributes: [.posixPermissions: 0o600])
        environment = [
            "PATH": "/usr/bin:/bin:/usr/sbin:/sbin", "HOME": root, "XDG_RUNTIME_DIR": runtime,
            "HEARTH_VAULT": vault, "HEARTH_NO_TTY": "1", "LANG": "C.UTF-8",
            // Sessions without XDG_RUNTIME_DIR go to $TMPDIR/hearth-agent-UID: this sandbox's own,
            // so that test runs side by side never meet each other's agents.
            "TMPDIR": root,
        ]
    }

    /// Runs `hearth ARGS` (or `prefix + [hearth] + ARGS`, for setpriv) and waits for it.
    @discardableResult
    func run(_ arguments: [String], stdin: String? = nil, env extra: [String: String] = [:], prefix: [String] = [],
             removing: [String] = []) -> SessionRun
    {
        let command = prefix + [Self.binary] + arguments
        var env = environment.merging(extra) { $1 }
        for name in removing { env[name] = nil }
        // Outputs go to files, not pipes: an agent started by `unlock` must not hold them open.
        let result = ProcessRunner.run(ProcessSpec(
            executable: command[0], arguments: Array(command.dropFirst()), environment: env,
            stdin: stdin.map { Array($0.utf8) }, outputsToFiles: true))
        return SessionRun(status: result.status, out: result.out, err: result.err)
    }

    /// Starts `argv` (a full path first) in the background with the sandbox's environment and
    /// /dev/null for stdio, inheriting nothing else; returns its pid (the caller reaps it).
    func spawn(_ argv: [String]) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for fd: Int32 in [0, 1, 2] { posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", O_RDWR, 0) }
        let cArgv = argv.map { strdup($0) } + [nil]
        let cEnv = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            cArgv.forEach { free($0) }
            cEnv.forEach { free($0) }
        }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, argv[0], &actions, nil, cArgv, cEnv)
        guard rc == 0 else { throw POSIXError(POSIXErrorCode(rawValue: rc) ?? .EIO) }
        return pid
    }

    /// Makes the vault (interactive cost) and optionally one journal entry.
    func makeVault(entry: String? = nil) {
        let made = run(["init", "--kdf", "minimum"], env: ["HEARTH_NEW_PASSPHRASE": passphrase])
        #expect(made.status == 0, "init: \(made.err)")
        if let entry {
            let added = run(["journal", "add", "--passphrase-file", passphraseFile], stdin: entry)
            #expect(added.status == 0, "journal add: \(added.err)")
        }
    }

    @discardableResult
    func unlock(_ extra: [String] = [], env: [String: String] = [:]) -> SessionRun {
        let result = run(["unlock", "--passphrase-file", passphraseFile] + extra, env: env)
        if let pid = session(env: env)?.pid { agents.insert(pid) }
        return result
    }

    /// `status --json`'s session object; nil when locked.
    func session(env: [String: String] = [:]) -> (secondsLeft: Int, idle: Int, maximum: Int, pid: Int32)? {
        let status = run(["status", "--json"], env: env)
        guard status.status == 0,
              let object = try? JSONSerialization.jsonObject(with: Data(status.out.utf8)) as? [String: Any],
              let session = object["session"] as? [String: Any]
        else { return nil }
        guard session["unlocked"] as? Bool == true else {
            #expect(session["seconds_left"] is NSNull)
            return nil
        }
        guard let left = session["seconds_left"] as? Int, let idle = session["idle_seconds_left"] as? Int,
              let maximum = session["max_seconds_left"] as? Int, let pid = session["agent_pid"] as? Int
        else { return nil }
        agents.insert(Int32(pid))
        return (left, idle, maximum, Int32(pid))
    }

    /// Remembers an agent pid found some other way, so that clean-up makes sure it is gone.
    func track(_ pid: Int32) { agents.insert(pid) }

    /// The agents' sockets in the sandbox's runtime folder.
    var sockets: [String] {
        let folder = runtime + "/hearth"
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
            .filter { $0.hasPrefix("agent-") && !$0.hasSuffix(".lock") }.map { folder + "/" + $0 }
    }

    /// `unshare` into a private pid namespace with its own /proc, when this machine allows it.
    /// `panic` and `lock --all` run in one (`runAlone`): their last resort ends every agent of
    /// this uid found by its command line, and tests running side by side (as the same user)
    /// must not end each other's agents. Sockets are files, so they are still reached.
    static let privatePIDs: [String]? = {
        let prefix = ["/usr/bin/unshare", "--pid", "--fork", "--mount-proc"]
        guard FileManager.default.isExecutableFile(atPath: prefix[0]) else { return nil }
        let probe = Process()
        probe.executableURL = URL(fileURLWithPath: prefix[0])
        probe.arguments = Array(prefix.dropFirst()) + ["/bin/true"]
        probe.standardOutput = FileHandle.nullDevice
        probe.standardError = FileHandle.nullDevice
        guard (try? probe.run()) != nil else { return nil }
        probe.waitUntilExit()
        return probe.terminationStatus == 0 ? prefix : nil
    }()

    /// Runs `hearth ARGS` alone in a private pid namespace; nil where none can be made.
    func runAlone(_ arguments: [String], env: [String: String] = [:], removing: [String] = []) -> SessionRun? {
        guard let prefix = Self.privatePIDs else { return nil }
        return run(arguments, env: env, prefix: prefix, removing: removing)
    }

    /// Locks everything, makes sure no agent of this sandbox still runs, removes the folder.
    func cleanUp() {
        if runAlone(["lock", "--all"]) == nil {
            // No private pid namespace: this sandbox's own agents, by pid (SIGTERM: they lock).
            for pid in agents where ProcessState.isRunning(pid) { kill(pid, SIGTERM) }
        }
        // An agent told to lock from inside a private pid namespace is not waited for there (its
        // pid is not visible): give each a moment to finish exiting.
        for pid in agents { _ = ProcessState.waitForExit(pid, seconds: 2) }
        for pid in agents where ProcessState.isRunning(pid) {
            Issue.record("agent \(pid) was still running at the end of the test")
            kill(pid, SIGKILL)
        }
        try? FileManager.default.removeItem(atPath: root)
    }

    /// Moves the vault to the next key epoch, as a rekey does (same master key, new epoch
    /// keys, payload re-encrypted), straight through the vault library.
    func advanceKeyEpoch() throws {
        let allocator = PlaintextAllocator(
            allocate: { UnsafeMutableRawBufferPointer.allocate(byteCount: $0, alignment: 16) },
            release: { $0.deallocate() })
        let secret = try SecretBytes(copying: Array(passphrase.utf8))
        let (opened, payload) = try Vault.open(at: vault, credential: .passphrase(secret), allocator: allocator)
        defer { allocator.release(payload) }
        var template = opened.header
        template.keyEpoch += 1
        let master = try #require(opened.keys.masterKey)
        // Slots bind the key epoch (format version 2): slot 0 is wrapped again for the new one.
        let slot = try #require(template.slots[0])
        let metadata = try SlotMetadataTable.open(from: template, masterKey: master)
        template.slots[0] = try KeySlot.make(
            index: 0, type: slot.type, secret: secret, kdf: slot.kdf, masterKey: master, vaultID: template.vaultID,
            epoch: template.keyEpoch)
        try metadata.seal(into: &template, masterKey: master)
        let keys = try EpochKeys(masterKey: master, epoch: template.keyEpoch)
        let written = try Vault.write(template, keys: keys, payload: UnsafeRawBufferPointer(payload), to: vault)
        // As a key change by another Hearth command of this account would, it is recorded in this
        // account's ledger: the new keys are ones this account saw come about.
        let ledger = LedgerFile.standard(environment: environment)
        TrustContext(store: ledger).didWrite(path: vault, header: written, identity: keys.identity)
    }
}

enum ProcessState {
    /// True while `pid` exists and is not a zombie waiting to be reaped.
    static func isRunning(_ pid: Int32) -> Bool {
        guard pid > 0, let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = text.lastIndex(of: ")")
        else { return false }
        let state = text[text.index(after: close)...].split(separator: " ").first
        return state != "Z" && state != "X"
    }

    /// Waits up to `seconds` for `pid` to stop running.
    static func waitForExit(_ pid: Int32, seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if !isRunning(pid) { return true }
            usleep(20_000)
        }
        return !isRunning(pid)
    }

    /// Waits up to `seconds` for `pid` to stop running, without holding a thread of the test
    /// run meanwhile (the suite's waits on agents' timeouts add up to half a minute).
    static func exited(_ pid: Int32, seconds: Double) async -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if !isRunning(pid) { return true }
            try? await Task.sleep(nanoseconds: 20_000_000)
        }
        return !isRunning(pid)
    }

    /// The NUL-separated strings of /proc/PID/cmdline or environ, as raw bytes.
    static func procFile(_ pid: Int32, _ name: String) -> [UInt8] {
        (try? Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/\(name)"))).map(Array.init) ?? []
    }

    /// Every running process whose executable is the Hearth binary under test.
    static func hearthProcesses() -> [Int32] {
        let resolved = URL(fileURLWithPath: SessionSandbox.binary).resolvingSymlinksInPath().path
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return names.compactMap(Int32.init).filter { pid in
            guard let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/exe") else { return false }
            return exe == resolved && isRunning(pid)
        }
    }
}

enum PrivateTmpfs {
    /// True when /dev/shm is a tmpfs this user can write to.
    static var available: Bool {
        let mounts = (try? String(contentsOfFile: "/proc/mounts", encoding: .utf8)) ?? ""
        let isTmpfs = mounts.split(separator: "\n").contains { line in
            let fields = line.split(separator: " ")
            return fields.count > 2 && fields[1] == "/dev/shm" && fields[2] == "tmpfs"
        }
        return isTmpfs && access("/dev/shm", W_OK) == 0
    }
}

extension Array where Element == UInt8 {
    /// True when `needle`'s bytes occur anywhere in these bytes.
    func contains(bytesOf needle: String) -> Bool { contains(subsequence: Array(needle.utf8)) }

    /// True when `pattern` occurs anywhere in these bytes.
    func contains(subsequence pattern: [UInt8]) -> Bool {
        guard !pattern.isEmpty, count >= pattern.count else { return false }
        for start in 0...(count - pattern.count) where self[start] == pattern[0] {
            if Array(self[start..<(start + pattern.count)]) == pattern { return true }
        }
        return false
    }
}
