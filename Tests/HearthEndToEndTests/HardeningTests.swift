import Foundation
import HearthTestSupport
import Testing

/// What every Hearth process must look like from outside (Docs/SECURITY.md, "Hardening"),
/// and what the private editor must leave behind: nothing.
@Suite(.serialized, .ownThreads) struct SessionHardeningTests {
    static let nobody: uid_t = 65534

    /// The facts /proc gives about a process's hardening.
    struct Hardening {
        let umask: String?
        let coreLimit: String?
        let procOwner: uid_t
        let processUID: uid_t

        init(_ pid: Int32) {
            let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
            let lines = status.split(separator: "\n")
            umask = lines.first { $0.hasPrefix("Umask:") }.map { $0.split(separator: "\t").last.map(String.init) ?? "" }
            processUID = lines.first { $0.hasPrefix("Uid:") }.flatMap { UInt32($0.split(separator: "\t")[1]) } ?? 0
            let limits = (try? String(contentsOfFile: "/proc/\(pid)/limits", encoding: .utf8)) ?? ""
            coreLimit = limits.split(separator: "\n").first { $0.hasPrefix("Max core file size") }
                .map { $0.split(separator: " ", omittingEmptySubsequences: true).dropFirst(4).prefix(2).joined(separator: " ") }
            var info = stat()
            procOwner = stat("/proc/\(pid)/status", &info) == 0 ? info.st_uid : 12345
        }
    }

    /// Checks cmdline and environ of every running Hearth process for the canaries.
    func expectNoCanaries(_ canaries: [String], extra pids: [Int32] = [], _ context: String) -> Int {
        let pids = ProcessState.hearthProcesses() + pids
        for pid in pids {
            for file in ["cmdline", "environ"] {
                let bytes = ProcessState.procFile(pid, file)
                for canary in canaries {
                    #expect(!bytes.contains(bytesOf: canary), "\(context): /proc/\(pid)/\(file) holds a canary")
                }
            }
        }
        return pids.count
    }

    @Test func everyHearthProcessIsHardened() async throws {
        let box = try SessionSandbox()
        defer { box.cleanUp() }
        box.makeVault()
        // As root, run as `nobody`, so that "not dumpable" is visible: /proc/PID files of a
        // non-dumpable process belong to root instead of the process's user.
        let asNobody = geteuid() == 0
        var prefix: [String] = []
        if asNobody {
            prefix = ["/usr/bin/setpriv", "--reuid=\(Self.nobody)", "--regid=\(Self.nobody)", "--clear-groups", "--"]
            // The writer lock's folder (made by root's makeVault) goes to nobody too.
            for path in [box.root, box.runtime, box.runtime + "/hearth-locks", box.vault, box.passphraseFile] {
                chown(path, Self.nobody, Self.nobody)
            }
        } else {
            print("note: running as uid \(geteuid()), the processes are checked as that user")
        }
        let unlocked = box.run(["unlock", "--passphrase-file", box.passphraseFile], prefix: prefix)
        #expect(unlocked.status == 0, "\(unlocked.err)")
        let status = box.run(["status", "--json"], prefix: prefix)
        let session = try #require(try JSONSerialization.jsonObject(with: Data(status.out.utf8)) as? [String: Any])["session"]
        let agent = Int32(try #require((session as? [String: Any])?["agent_pid"] as? Int))
        box.track(agent)

        // A client that has unlocked (with $HEARTH_PASSPHRASE) and now waits for its text on stdin.
        let textCanary = "text-canary-\(UUID().uuidString.prefix(8))"
        let client = Process()
        client.executableURL = URL(fileURLWithPath: (prefix.first ?? SessionSandbox.binary))
        client.arguments = Array(prefix.dropFirst()) + (prefix.isEmpty ? [] : [SessionSandbox.binary]) + ["journal", "add"]
        client.environment = box.environment.merging(["HEARTH_PASSPHRASE": box.passphrase]) { $1 }
        let input = Pipe()
        client.standardInput = input
        client.standardOutput = FileHandle.nullDevice
        client.standardError = FileHandle.nullDevice
        try client.run()
        let clientPID = client.processIdentifier
        var waiting = false
        for _ in 0..<250 where !waiting {
            try await Task.sleep(nanoseconds: 20_000_000)
            let wchan = (try? String(contentsOfFile: "/proc/\(clientPID)/wchan", encoding: .utf8)) ?? ""
            waiting = wchan.contains("pipe_read") || wchan.contains("pipe_wait")
        }
        #expect(waiting, "the client reached its read of stdin")

        for (name, pid) in [("agent", agent), ("client", clientPID)] {
            let facts = Hardening(pid)
            #expect(facts.umask == "0077", "\(name) umask")
            #expect(facts.coreLimit == "0 0", "\(name) core limit: \(facts.coreLimit ?? "?")")
            if facts.processUID != 0 {
                #expect(facts.procOwner == 0, "\(name) is not dumpable (its /proc files belong to root)")
            }
        }
        #expect(!asNobody || Hardening(agent).processUID == Self.nobody)
        let environ = ProcessState.procFile(agent, "environ")
        #expect(environ.isEmpty, "the agent has an empty environment")
        #expect(ProcessState.procFile(agent, "cmdline") == Array("hearth\0session-agent\0".utf8))
        let seen = expectNoCanaries([box.passphrase, textCanary], extra: [agent, clientPID], "while the client waits")
        #expect(seen >= 2)

        signal(SIGPIPE, SIG_IGN)
        try? input.fileHandleForWriting.write(contentsOf: Data(textCanary.utf8))
        try input.fileHandleForWriting.close()
        client.waitUntilExit()
        #expect(client.terminationStatus == 0)
        let listed = box.run(["journal", "list"], prefix: prefix)
        #expect(listed.out.contains(textCanary), "saved through the session")
        let vaultBytes = Array((try? Data(contentsOf: URL(fileURLWithPath: box.vault))) ?? Data())
        #expect(!vaultBytes.isEmpty && !vaultBytes.contains(bytesOf: textCanary))
        box.run(["lock"], prefix: prefix)
        #expect(await ProcessState.exited(agent, seconds: 2))
    }

    /// Runs `journal add --edit` on a pseudo-terminal (util-linux `script`) with a fake editor that
    /// writes `text` into the draft; `hang` keeps the editor open until a signal comes (by
    /// `exec sleep`: a forked `sleep` could miss a signal sent to the group while it starts).
    final class EditorRun {
        let box: SessionSandbox
        let shell: pid_t

        init(_ box: SessionSandbox, text: String, hang: Bool) throws {
            self.box = box
            let editor = box.root + "/editor.sh"
            let script = """
                #!/bin/sh
                printf '%s' '\(text)' > "$1"
                echo $PPID > "$HOME/hearth.pid"
                echo $$ > "$HOME/editor.pid"
                dirname "$1" > "$HOME/folder"
                if [ -f "$HOME/hang" ]; then exec sleep 30; fi
                """
            _ = FileManager.default.createFile(atPath: editor, contents: Data(script.utf8), attributes: [.posixPermissions: 0o700])
            if hang { _ = FileManager.default.createFile(atPath: box.root + "/hang", contents: nil) }
            for name in ["hearth.pid", "editor.pid", "folder"] { unlink(box.root + "/" + name) }
            box.environment["EDITOR"] = editor
            box.environment["HEARTH_PASSPHRASE"] = box.passphrase
            defer {
                box.environment["EDITOR"] = nil
                box.environment["HEARTH_PASSPHRASE"] = nil
            }
            // `exec`: no shell stays between `script` and Hearth (a shell would take Ctrl-C as
            // its own); `script -e` ends with Hearth's exit status.
            let command = "exec '\(SessionSandbox.binary)' journal add --edit"
            shell = try box.spawn(["/usr/bin/script", "-qec", command, "/dev/null"])
        }

        func value(_ name: String, seconds: Double = 10) -> String? {
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline {
                if let text = try? String(contentsOfFile: box.root + "/" + name, encoding: .utf8), text.hasSuffix("\n") {
                    return text.trimmingCharacters(in: .whitespacesAndNewlines)
                }
                usleep(20_000)
            }
            return nil
        }

        /// Waits for `script` to end; returns Hearth's exit status.
        func finish() -> Int32? {
            var status: Int32 = 0
            let deadline = Date().addingTimeInterval(10)
            while waitpid(shell, &status, WNOHANG) == 0 {
                if Date() > deadline {
                    kill(shell, SIGKILL)
                    waitpid(shell, &status, 0)
                    return nil
                }
                usleep(20_000)
            }
            return status & 0x7F == 0 ? (status >> 8) & 0xFF : nil
        }
    }

    /// Files under `folder` (recursively) whose bytes hold `canary`.
    func filesHolding(_ canary: String, under folder: String) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: folder) else { return [] }
        return walker.compactMap { $0 as? String }.filter { name in
            let bytes = (try? Data(contentsOf: URL(fileURLWithPath: folder + "/" + name))).map(Array.init) ?? []
            return bytes.contains(bytesOf: canary)
        }
    }

    @Test func theEditorsDraftLeavesNoTraceAfterAnEditOrCtrlC() async throws {
        guard PrivateTmpfs.available, FileManager.default.isExecutableFile(atPath: "/usr/bin/script") else {
            try Test.cancel("the editor tests need a tmpfs at /dev/shm and util-linux `script`")
        }
        let box = try SessionSandbox()
        defer { box.cleanUp() }
        box.makeVault()

        // Drafts left by a Hearth that was killed (SIGKILL) are removed by the next edit; those
        // of a running Hearth, or of another pid namespace (a container), are left alone.
        var ns = stat()
        #expect(stat("/proc/self/ns/pid", &ns) == 0)
        let dead = try box.spawn(["/bin/true"])
        var reaped: Int32 = 0
        waitpid(dead, &reaped, 0)
        // Drafts being edited carry a marker `.hearth-editing-NS-PID`; kept drafts have none;
        // `hearth-edit-NS-PID-…` folders are those of earlier versions.
        let abandoned = box.runtime + "/hearth-draft-aaaaaa"
        let running = box.runtime + "/hearth-draft-bbbbbb"
        let elsewhere = box.runtime + "/hearth-draft-cccccc"
        let kept = box.runtime + "/hearth-draft-dddddd"
        let legacy = box.runtime + "/hearth-edit-\(ns.st_ino)-\(dead)-eeeeee"
        let owners = [abandoned: "\(ns.st_ino)-\(dead)", running: "\(ns.st_ino)-\(getpid())", elsewhere: "1-\(dead)"]
        for folder in [abandoned, running, elsewhere, kept, legacy] {
            mkdir(folder, 0o700)
            _ = FileManager.default.createFile(atPath: folder + "/entry.md", contents: Data("left-canary".utf8))
            if let owner = owners[folder] {
                _ = FileManager.default.createFile(atPath: folder + "/.hearth-editing-" + owner, contents: nil)
            }
        }

        // An ordinary edit: saved, and the draft folder is gone.
        let saved = "draft-canary-\(UUID().uuidString.prefix(8))"
        let edit = try EditorRun(box, text: saved, hang: false)
        #expect(edit.finish() == 0)
        let folder = try #require(edit.value("folder"))
        #expect(folder.hasPrefix(box.runtime + "/hearth-draft-"), "the draft lived in the private runtime folder")
        #expect(!FileManager.default.fileExists(atPath: folder))
        #expect(filesHolding(saved, under: box.runtime).isEmpty)
        #expect(filesHolding(saved, under: "/dev/shm").allSatisfy { !$0.contains("hearth-draft") })
        #expect(box.run(["journal", "list", "--passphrase-file", box.passphraseFile]).out.contains(saved))
        #expect(!FileManager.default.fileExists(atPath: abandoned), "the abandoned draft was wiped")
        #expect(!FileManager.default.fileExists(atPath: legacy), "an earlier version's abandoned draft was wiped")
        #expect(FileManager.default.fileExists(atPath: running + "/entry.md"))
        #expect(FileManager.default.fileExists(atPath: elsewhere + "/entry.md"))
        #expect(FileManager.default.fileExists(atPath: kept + "/entry.md"), "a kept draft is never taken for abandoned")
        for folder in [running, elsewhere, kept] { try FileManager.default.removeItem(atPath: folder) }

        // Ctrl-C (SIGINT to the terminal's process group), a hang-up, and `kill` while the
        // editor is open: nothing saved, the draft wiped, exit 128 + the signal.
        for (signal, name) in [(SIGINT, "Ctrl-C"), (SIGHUP, "hang-up"), (SIGTERM, "kill")] {
            let text = "draft-canary-\(name)-\(UUID().uuidString.prefix(8))"
            let run = try EditorRun(box, text: text, hang: true)
            let hearth = try #require(run.value("hearth.pid").flatMap(Int32.init), "\(name): the editor started")
            let editorPID = try #require(run.value("editor.pid").flatMap(Int32.init))
            let draft = try #require(run.value("folder"))
            #expect(filesHolding(text, under: draft).count == 1, "\(name): the draft is there while editing")

            // While the editor is open: no secret or text in any process's arguments or
            // environment, and the editor's environment has nothing of Hearth's.
            _ = expectNoCanaries([box.passphrase, text], extra: [editorPID], name)
            let editorEnvironment = String(decoding: ProcessState.procFile(editorPID, "environ"), as: UTF8.self)
            #expect(!editorEnvironment.contains("HEARTH_"), "\(name): the editor's environment is scrubbed")
            #expect(Hardening(hearth).umask == "0077")

            if signal == SIGINT {
                let group = getpgid(hearth)
                #expect(group > 1 && group != getpgrp())
                kill(-group, SIGINT)
            } else {
                kill(hearth, signal)
            }
            #expect(run.finish() == 128 + signal, "\(name): exit status")
            #expect(!FileManager.default.fileExists(atPath: draft), "\(name): the draft folder is gone")
            #expect(filesHolding(text, under: box.runtime).isEmpty, "\(name): no copy of the text remains")
            #expect(!box.run(["journal", "list", "--passphrase-file", box.passphraseFile]).out.contains(text))
            #expect(!ProcessState.isRunning(editorPID) || { kill(editorPID, SIGKILL); return false }(), "\(name): the editor ended")
        }
    }
}

extension SessionHardeningTests {
    @Test func showOnATerminalObeysNoRecordEscapesAndCanClearTheScreen() async throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/script") else {
            try Test.cancel("needs util-linux `script` for a pseudo-terminal")
        }
        let box = try SessionSandbox()
        defer { box.cleanUp() }
        box.makeVault()
        // A record carrying a terminal title sequence (as an imported file might).
        let added = box.run(["journal", "add", "--passphrase-file", box.passphraseFile],
                            stdin: "before \u{1B}]0;TITLE-CANARY\u{07} after")
        let id = added.out.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(added.status == 0 && !id.isEmpty)

        // Into a pipe the text is exact; on a terminal the escape is shown, not obeyed.
        #expect(box.run(["journal", "show", id, "--passphrase-file", box.passphraseFile]).out.contains("\u{1B}]0;TITLE-CANARY"))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        process.arguments = ["-qec", "exec '\(SessionSandbox.binary)' journal show \(id) --clear-after --passphrase-file '\(box.passphraseFile)'", "/dev/null"]
        var env = box.environment
        env["HEARTH_NO_TTY"] = nil
        process.environment = env
        let out = Pipe()
        process.standardOutput = out
        process.standardInput = FileHandle.nullDevice  // end of input answers "Press Enter"
        process.standardError = FileHandle.nullDevice
        try process.run()
        let screen = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(screen.contains("before ^[]0;TITLE-CANARY^G after"))
        #expect(!screen.contains("\u{1B}]"), "no operating-system command (title) reaches the terminal")
        let text = try #require(screen.range(of: "TITLE-CANARY"))
        let clear = try #require(screen.range(of: "\u{1B}[H\u{1B}[2J\u{1B}[3J"), "the screen and scrollback are cleared")
        #expect(text.upperBound <= clear.lowerBound)
    }
}
