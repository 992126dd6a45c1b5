import Foundation
import HearthTestSupport
import Testing

/// Where an agent listens when there is no runtime folder (`$TMPDIR`, the sandbox's own), when
/// another user took the usual name first, and unlocks at once over a stale socket.
/// (A suite of its own: the tests that look at every running Hearth process look for their own
/// sandbox's passphrase, which no other sandbox's `init` holds.)
@Suite(.serialized, .ownThreads) struct SessionFolderTests {
    enum Folders {}
}

extension SessionFolderTests.Folders {
    static let uid = geteuid()
    static let withoutRuntime = ["XDG_RUNTIME_DIR"]

    /// True when this machine's /run/user/UID is private: sessions without
    /// XDG_RUNTIME_DIR then go there, not to $TMPDIR.
    static var systemRuntimeFolderIsUsed: Bool {
        var info = stat()
        let path = "/run/user/\(uid)"
        guard lstat(path, &info) == 0, info.st_uid == uid, info.st_mode & 0o077 == 0 else { return false }
        return true
    }

    /// The sandbox's `hearth-agent-UID.XXXXXX` folders.
    static func fallbacks(_ box: SessionSandbox) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: box.root)) ?? []
        return names.filter { $0.hasPrefix("hearth-agent-\(Self.uid).") }.sorted().map { box.root + "/" + $0 }
    }

    static func contents(_ folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
    }

    static func isPrivateFolder(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR && info.st_uid == Self.uid
            && info.st_mode & 0o7777 == 0o700
    }

    static func unlock(_ box: SessionSandbox) -> SessionRun {
        box.run(["unlock", "--passphrase-file", box.passphraseFile, "--timeout", "60s"], removing: Self.withoutRuntime)
    }

    /// Unlocks with the usual folder taken, then checks that the session lives in one fresh
    /// private folder beside it that commands find, and that nothing went into the taken one.
    static func expectSessionBesideTakenFolder(_ box: SessionSandbox, untouched: String) async throws {
        let unlocked = unlock(box)
        #expect(unlocked.status == 0, "\(unlocked.err)")
        let made = fallbacks(box)
        #expect(made.count == 1, "\(made)")
        let folder = try #require(made.first)
        #expect(isPrivateFolder(folder))
        #expect(contents(folder).contains { $0.hasPrefix("agent-") && !$0.contains(".") }, "the socket is there")
        #expect(contents(untouched).isEmpty, "nothing was put in the taken folder")
        let session = try #require(statusWithout(box))
        box.track(session)
        let listed = box.run(["journal", "list"], removing: Self.withoutRuntime)
        #expect(listed.status == 0, "the session was found: \(listed.err)")
        #expect(listed.out.contains("entry-canary-folder"))

        // Unlocking again uses the same folder (the oldest of ours), not yet another one.
        #expect(unlock(box).status == 0)
        #expect(fallbacks(box) == made)
        let replaced = await ProcessState.exited(session, seconds: 2)
        #expect(replaced, "the first agent was replaced")
        let locked = box.run(["lock"], removing: Self.withoutRuntime)
        #expect(locked.err.contains("Locked."), "\(locked.err)")
        #expect(statusWithout(box) == nil)
        #expect(contents(untouched).isEmpty)
    }

    /// The agent pid `status --json` reports without XDG_RUNTIME_DIR; nil when locked.
    static func statusWithout(_ box: SessionSandbox) -> Int32? {
        let status = box.run(["status", "--json"], removing: Self.withoutRuntime)
        guard let object = try? JSONSerialization.jsonObject(with: Data(status.out.utf8)) as? [String: Any],
              let session = object["session"] as? [String: Any], session["unlocked"] as? Bool == true,
              let pid = session["agent_pid"] as? Int
        else { return nil }
        return Int32(pid)
    }

    /// The agent processes started from `folder` (an agent keeps the working folder of its unlock).
    static func agents(startedIn folder: String) -> [Int32] {
        ProcessState.hearthProcesses().filter { pid in
            ProcessState.procFile(pid, "cmdline") == Array("hearth\0session-agent\0".utf8)
                && (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/cwd")) == folder
        }
    }
}

extension SessionFolderTests {
    @Test func aUsualFolderTakenByAnotherUserIsPassedOverForAPrivateOne() async throws {
        guard !Folders.systemRuntimeFolderIsUsed else {
            try Test.cancel("/run/user/\(Folders.uid) exists and is private, so sessions without XDG_RUNTIME_DIR go there, not to $TMPDIR")
        }
        guard Folders.uid == 0 else {
            try Test.cancel("giving a folder to another user needs root (the link case runs for everyone)")
        }
        let box = try SessionSandbox()
        defer {
            box.runAlone(["lock", "--all"], removing: Folders.withoutRuntime)
            box.cleanUp()
        }
        box.makeVault(entry: "entry-canary-folder")
        // `nobody` made $TMPDIR/hearth-agent-UID first, open to everyone, as a squatter would.
        let taken = box.root + "/hearth-agent-\(Folders.uid)"
        #expect(mkdir(taken, 0o777) == 0 && chown(taken, 65534, 65534) == 0 && chmod(taken, 0o777) == 0)
        try await Folders.expectSessionBesideTakenFolder(box, untouched: taken)
        var info = stat()
        #expect(lstat(taken, &info) == 0 && info.st_uid == 65534, "the squatter's folder is left alone")
    }

    @Test func aUsualNameThatIsALinkIsNeverFollowed() async throws {
        guard !Folders.systemRuntimeFolderIsUsed else {
            try Test.cancel("/run/user/\(Folders.uid) exists and is private, so sessions without XDG_RUNTIME_DIR go there, not to $TMPDIR")
        }
        let box = try SessionSandbox()
        defer {
            box.runAlone(["lock", "--all"], removing: Folders.withoutRuntime)
            box.cleanUp()
        }
        box.makeVault(entry: "entry-canary-folder")
        // A link to a private folder of our own: it looks right when followed, so only a check
        // that does not follow it passes it over.
        let bait = box.root + "/bait"
        #expect(mkdir(bait, 0o700) == 0)
        let taken = box.root + "/hearth-agent-\(Folders.uid)"
        #expect(symlink(bait, taken) == 0)
        try await Folders.expectSessionBesideTakenFolder(box, untouched: bait)
    }

    @Test func aLooseFolderOfOurOwnIsRefusedWithWhatToDo() async throws {
        guard !Folders.systemRuntimeFolderIsUsed else {
            try Test.cancel("/run/user/\(Folders.uid) exists and is private, so sessions without XDG_RUNTIME_DIR go there, not to $TMPDIR")
        }
        let box = try SessionSandbox()
        defer { box.cleanUp() }
        box.makeVault()
        let own = box.root + "/hearth-agent-\(Folders.uid)"
        #expect(mkdir(own, 0o700) == 0 && chmod(own, 0o750) == 0)
        let refused = Folders.unlock(box)
        #expect(refused.status == 73)
        #expect(refused.err.contains("\(own) can be opened by other users (mode 750)"), "\(refused.err)")
        #expect(refused.err.contains("chmod 700 \(own)"), "\(refused.err)")
        #expect(Folders.fallbacks(box).isEmpty, "a folder of our own is not passed over")
        #expect(Folders.statusWithout(box) == nil)
        // Mode 0700 exactly: a folder the owner cannot write is not used either.
        chmod(own, 0o500)
        let odd = Folders.unlock(box)
        #expect(odd.status == 73)
        #expect(odd.err.contains("\(own) has mode 500, and Hearth's folder must have mode 700 exactly"), "\(odd.err)")
        chmod(own, 0o700)
        #expect(Folders.unlock(box).status == 0)
        if let pid = Folders.statusWithout(box) { box.track(pid) }
        #expect(box.run(["lock"], removing: Folders.withoutRuntime).err.contains("Locked."))
    }

    @Test func unlocksAtOnceOverAStaleSocketLeaveOneAgent() async throws {
        let box = try SessionSandbox()
        defer { box.cleanUp() }
        box.makeVault(entry: "entry-canary-race")
        #expect(box.unlock().status == 0)
        let dead = try #require(box.session()).pid
        // Killed outright: its socket and lock file stay behind, and nobody answers there.
        kill(dead, SIGKILL)
        #expect(await ProcessState.exited(dead, seconds: 2))
        #expect(box.sockets.count == 1)
        #expect(box.session() == nil)

        // Four at once, started back to back (two started one after the other often miss each
        // other), each from the sandbox's folder so that their agents can be told apart.
        let command = ["/usr/bin/env", "-C", box.root, SessionSandbox.binary, "unlock", "--passphrase-file", box.passphraseFile]
        let pids = try (1...4).map { _ in try box.spawn(command) }
        let statuses = pids.map { pid -> Int32 in
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0, errno == EINTR {}
            return status
        }
        #expect(statuses == [0, 0, 0, 0], "every unlock succeeded (exit 0 each): \(statuses.map { $0 >> 8 })")
        let running = Folders.agents(startedIn: box.root)
        running.forEach(box.track)
        #expect(running.count == 1, "exactly one agent serves: \(running)")
        #expect(box.sockets.count == 1)
        #expect(box.session()?.pid == running.first)
        #expect(box.run(["journal", "list"]).out.contains("entry-canary-race"))
    }
}
