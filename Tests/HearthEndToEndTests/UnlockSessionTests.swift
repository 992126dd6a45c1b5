import Foundation
import HearthTestSupport
import Testing

/// End-to-end tests of `hearth unlock` and `lock` with the agent. Run in order. The other session
/// suites (SessionTimeoutTests, SessionEndTests, SessionHardeningTests,
/// SessionFolderTests, AgentProtocolTests, SessionKeyFitTests, ...) run beside this one: every
/// sandbox has its own runtime folder and passphrase, and `lock --all` runs in a private pid namespace.
@Suite(.serialized, .ownThreads) struct UnlockSessionTests {
    @Test func commandsUseTheSessionUntilLocked() async throws {
        let box = try SessionSandbox()
        defer { box.cleanUp() }
        box.makeVault(entry: "entry-canary-1")
        #expect(box.run(["journal", "list"]).status == 77)

        let unlocked = box.unlock()
        #expect(unlocked.status == 0, "\(unlocked.err)")
        #expect(unlocked.err.contains("Unlocked"))
        let session = try #require(box.session())
        #expect(session.secondsLeft > 890 && session.secondsLeft <= 900)
        #expect(session.maximum > 28_700 && session.maximum <= 28_800)
        #expect(ProcessState.isRunning(session.pid))

        // No passphrase anywhere: the session's key is used.
        let listed = box.run(["journal", "list"])
        #expect(listed.status == 0, "\(listed.err)")
        #expect(listed.out.contains("entry-canary-1"))
        let added = box.run(["journal", "add"], stdin: "entry-canary-2")
        #expect(added.status == 0, "\(added.err)")
        #expect(box.run(["journal", "list"]).out.contains("entry-canary-2"))
        #expect(box.run(["status"]).out.contains("Session:      unlocked, locks in"))

        let locked = box.run(["lock"])
        #expect(locked.status == 0)
        #expect(locked.err.contains("Locked"))
        #expect(await ProcessState.exited(session.pid, seconds: 2), "the agent exits when locked")
        #expect(box.sockets.isEmpty, "the agent removes its socket")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: box.runtime + "/hearth")
        #expect(leftovers.isEmpty, "and its lock file: \(leftovers)")
        #expect(box.session() == nil)
        #expect(box.run(["status"]).out.contains("Session:      locked"))
        let after = box.run(["journal", "list"])
        #expect(after.status == 77)
        #expect(!after.out.contains("entry-canary"))
        #expect(box.run(["lock"]).err.contains("not unlocked"))
    }

    @Test func unlockAlwaysAsksForThePassphrase() async throws {
        let box = try SessionSandbox()
        defer { box.cleanUp() }
        box.makeVault()
        #expect(box.unlock().status == 0)
        let first = try #require(box.session())

        // Unlocking again while unlocked still needs the passphrase ...
        let again = box.run(["unlock"])
        #expect(again.status == 77)
        #expect(again.err.contains("always needs the passphrase"))
        let wrong = box.run(["unlock"], env: ["HEARTH_PASSPHRASE": "not the passphrase"])
        #expect(wrong.status == 77)
        // ... and a refused attempt leaves the running session alone.
        #expect(box.session()?.pid == first.pid)

        // With the passphrase it replaces the session (new limits, new agent).
        #expect(box.unlock(["--timeout", "1m", "--max", "2m"]).status == 0)
        let second = try #require(box.session())
        #expect(second.pid != first.pid)
        #expect(await ProcessState.exited(first.pid, seconds: 2))
        #expect(second.idle <= 60 && second.maximum <= 120)
        #expect(box.sockets.count == 1)
    }

    @Test func keyManagementCommandsAskEvenWhenUnlocked() async throws {
        let box = try SessionSandbox()
        defer { box.cleanUp() }
        box.makeVault(entry: "entry-canary-km")
        #expect(box.unlock().status == 0)
        let newPassphrase = ["HEARTH_NEW_PASSPHRASE": "a-new-passphrase-canary"]
        // Each of these changes who can open the vault; none may run on the session's key.
        let copy = box.root + "/copy.hearth"
        try FileManager.default.copyItem(atPath: box.vault, toPath: copy)
        let commands: [[String]] = [
            ["passwd"], ["key", "add", "--kdf", "minimum"], ["key", "remove", "0"], ["key", "upgrade"], ["rekey"],
            ["restore", copy, "--with-backup-keys", "--force"],
        ]
        var checked = 0
        for command in commands {
            // Only the commands this version of Hearth has (the list in `--help`).
            let parent = command[0] == "key" ? ["key", "--help"] : ["--help"]
            let listed = box.run(parent).out.split(separator: "\n").contains { line in
                line.hasPrefix("  ") && line.split(separator: " ").first.map(String.init) == command[command[0] == "key" ? 1 : 0]
            }
            guard listed else { continue }
            let result = box.run(command, env: newPassphrase)
            #expect(result.status == 77, "\(command) ran without a passphrase: \(result.err)")
            #expect(result.err.contains("always needs the passphrase"), "\(command): \(result.err)")
            checked += 1
        }
        // The vault is unchanged: the old passphrase opens it, the new one does not.
        #expect(box.run(["journal", "list", "--passphrase-file", box.passphraseFile]).out.contains("entry-canary-km"))
        #expect(box.run(["journal", "list"], env: ["HEARTH_PASSPHRASE": "a-new-passphrase-canary"]).status == 77)
        print("key-management commands checked against an unlocked session: \(checked) of \(commands.count)")
    }

}

/// The agent's limits: idle and absolute timeouts, a new key epoch, a stopped agent. These
/// tests wait on timeouts by the clock (seconds each, little CPU): each on its own thread and
/// sandbox (its own runtime folder, so its own agents), side by side, so the waits overlap.
@Suite(.ownThreads) struct SessionTimeoutTests {
    @Test func idleTimeoutLocksAndUseKeepsItOpen() async throws {
        let box = try SessionSandbox()
        defer { box.cleanUp() }
        box.makeVault(entry: "entry-canary-idle")
        #expect(box.unlock(["--timeout", "3s"]).status == 0)
        let pid = try #require(box.session()).pid
        usleep(1_800_000)  // timed against the idle limit: a blocking sleep resumes on time
        #expect(box.run(["journal", "list"]).status == 0)  // use: the idle timer starts again
        usleep(1_800_000)
        #expect(box.session() != nil, "3.6 s after unlocking, 1.8 s after the last use: still unlocked")
        #expect(await ProcessState.exited(pid, seconds: 4), "idle for 3 s: locked")
        #expect(box.session() == nil)
        #expect(box.run(["journal", "list"]).status == 77)
    }

    @Test func absoluteMaximumLocksEvenInUse() async throws {
        let box = try SessionSandbox()
        defer { box.cleanUp() }
        box.makeVault()
        #expect(box.unlock(["--timeout", "10s", "--max", "3s"]).status == 0)
        let session = try #require(box.session())
        #expect(session.secondsLeft <= 3 && session.idle > 3)
        usleep(1_000_000)
        #expect(box.run(["journal", "list"]).status == 0)
        #expect(await ProcessState.exited(session.pid, seconds: 3.5))
        #expect(box.run(["journal", "list"]).status == 77)
    }

    @Test func aNewKeyEpochLocks() async throws {
        let box = try SessionSandbox()
        defer { box.cleanUp() }
        box.makeVault(entry: "entry-canary-epoch")
        #expect(box.unlock().status == 0)
        let pid = try #require(box.session()).pid
        try box.advanceKeyEpoch()
        // The next command sees the old key no longer fits, tells the agent, and asks instead.
        let listed = box.run(["journal", "list"])
        #expect(listed.status == 77)
        #expect(!listed.out.contains("entry-canary-epoch"))
        #expect(await ProcessState.exited(pid, seconds: 2))
        #expect(box.session() == nil)
        // The vault itself is fine, at its new epoch.
        #expect(box.run(["journal", "list", "--passphrase-file", box.passphraseFile]).out.contains("entry-canary-epoch"))

        // Without any command, the agent notices by itself within about a second.
        #expect(box.unlock().status == 0)
        let second = try #require(box.session()).pid
        try box.advanceKeyEpoch()
        #expect(await ProcessState.exited(second, seconds: 3))

        // And `hearth rekey` itself (where this version has it) ends the session.
        let hasRekey = box.run(["--help"]).out.split(separator: "\n").contains { $0.hasPrefix("  rekey ") }
        guard hasRekey else { return }
        #expect(box.unlock().status == 0)
        let third = try #require(box.session()).pid
        let rekeyed = box.run(["rekey", "--passphrase-file", box.passphraseFile])
        #expect(rekeyed.status == 0, "\(rekeyed.err)")
        #expect(await ProcessState.exited(third, seconds: 2))
        #expect(box.run(["journal", "list"]).status == 77)
    }

    @Test func anOlderCopyAsksButKeepsTheSession() async throws {
        let box = try SessionSandbox()
        defer { box.cleanUp() }
        box.makeVault(entry: "entry-canary-copy")
        let copy = box.root + "/older-copy.hearth"
        try FileManager.default.copyItem(atPath: box.vault, toPath: copy)
        try box.advanceKeyEpoch()
        #expect(box.unlock().status == 0)
        let pid = try #require(box.session()).pid
        // The copy has the same vault id but an older key epoch: the session's key does not
        // fit it, so the passphrase is needed, and the session stays for the vault itself.
        let onCopy = box.run(["journal", "list", "--vault", copy])
        #expect(onCopy.status == 77)
        #expect(onCopy.err.contains("older"))
        #expect(ProcessState.isRunning(pid))
        #expect(box.run(["journal", "list"]).out.contains("entry-canary-copy"))
    }

    @Test func noKeyGoesOutAfterTheLimitEvenIfTheAgentWasAsleep() async throws {
        // As after a suspend: the agent is stopped past its idle limit while a request waits.
        let box = try SessionSandbox()
        defer { box.cleanUp() }
        box.makeVault(entry: "entry-canary-asleep")
        #expect(box.unlock(["--timeout", "2s"]).status == 0)
        let pid = try #require(box.session()).pid
        kill(pid, SIGSTOP)
        usleep(2_300_000)
        let client = Process()
        client.executableURL = URL(fileURLWithPath: SessionSandbox.binary)
        client.arguments = ["journal", "list"]
        client.environment = box.environment
        let out = Pipe()
        client.standardOutput = out
        client.standardError = FileHandle.nullDevice
        try client.run()
        usleep(300_000)  // the request is queued on the socket
        kill(pid, SIGCONT)
        let listed = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        client.waitUntilExit()
        #expect(client.terminationStatus == 77)
        #expect(!listed.contains("entry-canary-asleep"))
        #expect(await ProcessState.exited(pid, seconds: 2))
    }

}

/// What else ends a session (signals, a removed or loosened folder, `panic`), and sessions
/// without a runtime folder. Run in order, beside the other session suites.
@Suite(.serialized, .ownThreads) struct SessionEndTests {
    @Test func signalsSessionEndAndARemovedFolderLock() async throws {
        let box = try SessionSandbox()
        defer { box.cleanUp() }
        box.makeVault()

        // SIGTERM: the agent wipes its key and removes its socket (not a bare death).
        #expect(box.unlock().status == 0)
        let first = try #require(box.session()).pid
        kill(first, SIGTERM)
        #expect(await ProcessState.exited(first, seconds: 2))
        #expect(box.sockets.isEmpty)

        // The runtime folder removed (as at logout): the agent locks.
        #expect(box.unlock().status == 0)
        let second = try #require(box.session()).pid
        try FileManager.default.removeItem(atPath: box.runtime + "/hearth")
        #expect(await ProcessState.exited(second, seconds: 3))

        // The terminal session that unlocked ends (its leader exits): the agent locks.
        let script = "'\(SessionSandbox.binary)' unlock --passphrase-file '\(box.passphraseFile)'; exec sleep 60"
        // setsid makes the shell a session leader (a login shell, a terminal tab).
        let leaderPID = try box.spawn(["/usr/bin/setsid", "/bin/sh", "-c", script])
        defer {
            kill(leaderPID, SIGKILL)
            var status: Int32 = 0
            waitpid(leaderPID, &status, 0)
        }
        var third: Int32?
        for _ in 0..<100 where third == nil {
            try await Task.sleep(nanoseconds: 50_000_000)
            third = box.session()?.pid
        }
        let agent = try #require(third, "the agent started in a new session")
        #expect(ProcessState.isRunning(agent))
        kill(leaderPID, SIGKILL)
        #expect(await ProcessState.exited(agent, seconds: 3), "the session's leader is gone: locked")
    }

    @Test func panicLocksEveryVault() async throws {
        let box = try SessionSandbox()
        defer { box.cleanUp() }
        box.makeVault()
        let otherVault = box.root + "/other.hearth"
        let other = ["HEARTH_VAULT": otherVault]
        #expect(box.run(["init", "--kdf", "minimum"], env: other.merging(["HEARTH_NEW_PASSPHRASE": box.passphrase]) { $1 }).status == 0)
        #expect(box.unlock().status == 0)
        #expect(box.unlock(env: other).status == 0)
        let a = try #require(box.session()).pid
        let b = try #require(box.session(env: other)).pid
        #expect(a != b)
        #expect(box.sockets.count == 2)

        guard let panic = box.runAlone(["panic"]) else {
            try Test.cancel("panic ends every agent of this uid, and no private pid namespace can be made here to keep other tests' agents out of reach")
        }
        #expect(panic.status == 0)
        #expect(panic.err.contains("Locked 2 sessions"))
        let aGone = await ProcessState.exited(a, seconds: 2)
        let bGone = await ProcessState.exited(b, seconds: 2)
        #expect(aGone && bGone)
        #expect(box.sockets.isEmpty)
        #expect(box.runAlone(["lock", "--all"])?.err.contains("No vault was unlocked") == true)
    }

    @Test func anUnsafeRuntimeFolderIsRefused() async throws {
        let box = try SessionSandbox()
        defer { box.cleanUp() }
        box.makeVault()
        chmod(box.runtime, 0o755)
        let refused = box.run(["unlock", "--passphrase-file", box.passphraseFile])
        #expect(refused.status == 73)
        #expect(refused.err.contains("can be opened by other users"))
        #expect(box.session() == nil)
        chmod(box.runtime, 0o700)

        // A folder loosened while the agent runs: clients stop trusting it, the agent locks.
        #expect(box.unlock().status == 0)
        let pid = try #require(box.session()).pid
        chmod(box.runtime + "/hearth", 0o711)
        #expect(box.run(["journal", "list"]).status == 77)
        #expect(await ProcessState.exited(pid, seconds: 3))
    }

    @Test func withoutARuntimeFolderTheSessionLivesInAPrivateTemporaryFolder() async throws {
        let box = try SessionSandbox()
        defer {
            box.runAlone(["lock", "--all"], removing: ["XDG_RUNTIME_DIR"])
            box.cleanUp()
        }
        box.makeVault(entry: "entry-canary-tmp")
        var system = stat()
        if lstat("/run/user/\(geteuid())", &system) == 0, system.st_uid == geteuid(), system.st_mode & 0o077 == 0 {
            try Test.cancel("/run/user/\(geteuid()) exists and is private, so sessions without XDG_RUNTIME_DIR go there, not to $TMPDIR")
        }
        let unlocked = box.run(["unlock", "--passphrase-file", box.passphraseFile, "--timeout", "30s"], removing: ["XDG_RUNTIME_DIR"])
        #expect(unlocked.status == 0, "\(unlocked.err)")
        let folder = box.root + "/hearth-agent-\(geteuid())"  // $TMPDIR/hearth-agent-UID
        var info = stat()
        #expect(lstat(folder, &info) == 0 && info.st_uid == geteuid() && info.st_mode & 0o777 == 0o700)
        let listed = box.run(["journal", "list"], removing: ["XDG_RUNTIME_DIR"])
        #expect(listed.out.contains("entry-canary-tmp"))
        // lock --all from an environment with XDG_RUNTIME_DIR set still finds it.
        if let locked = box.runAlone(["lock", "--all"]) { #expect(locked.err.contains("Locked 1 session"), "\(locked.err)") }
    }
}
