import Foundation
import HearthCrypto
import Testing

@testable import HearthSession

/// The agent's real serving loop, run in this process with clocks that can be made to show a
/// suspend: CLOCK_BOOTTIME jumping ahead of CLOCK_MONOTONIC, as after a closed lid. (A real
/// suspend cannot be caused in a test, and the binary takes no setting that fakes one: the
/// clocks are given only here, in code.) Each test starts its own agent in its own folder.
@Suite struct AgentSleepTests {
    /// The system's clocks, with the boot-time clock moved on by every `sleep`.
    final class SleepingClocks: @unchecked Sendable {
        private let guardSlept = NSLock()
        private var slept = 0.0

        func sleep(seconds: Double) { guardSlept.withLock { slept += seconds } }

        func read() -> (boot: Double, monotonic: Double) {
            let extra = guardSlept.withLock { slept }
            let system = SuspendWatch.systemClocks()
            return (system.boot + extra, system.monotonic)
        }
    }

    /// An agent serving on a thread of this process, in a private folder of its own.
    final class ServingAgent: @unchecked Sendable {
        let root: String
        let directory: SessionDirectory
        let vaultID = Random.bytes(16)
        let key: SecretBytes
        let clocks = SleepingClocks()
        private let stopped = DispatchSemaphore(value: 0)

        init(keepOverSuspend: Bool = false) throws {
            var template = Array("/tmp/hearth-agent-loop-XXXXXX".utf8CString)
            root = String(cString: try #require(mkdtemp(&template)))
            directory = SessionDirectory(path: root + "/hearth")
            try directory.prepare()
            // The vault path names a file that is not a vault: the agent then keeps serving, as
            // while a save rewrites the header, so only a sleep (or a limit) can lock it.
            let vaultPath = root + "/vault.hearth"
            #expect(FileManager.default.createFile(atPath: vaultPath, contents: Data("not yet a vault".utf8)))
            key = try SecretBytes(randomCount: SessionProtocol.keyLength)
            var handover = SessionHandover(
                vaultID: vaultID, epoch: 1, slotTableDigest: [UInt8](repeating: 7, count: SessionProtocol.digestLength),
                idleSeconds: 900, maximumSeconds: 3600, sessionEnd: .none, folder: directory.path, vaultPath: vaultPath)
            handover.keepOverSuspend = keepOverSuspend
            let clocks = self.clocks
            let agent = SessionAgent(handover: handover, key: key, clocks: { clocks.read() })
            #expect(agent.start() == .listening)
            let stopped = self.stopped
            let running = UncheckedBox(agent)
            Thread {
                do { try running.value.serve(signals: nil) } catch { stopped.signal() }
            }.start()
        }

        var client: SessionClient { SessionClient(directory: directory, vaultID: vaultID) }

        /// True once the loop has stopped (within `seconds`).
        func hasStopped(within seconds: Double) -> Bool {
            stopped.wait(timeout: .now() + seconds) == .success
        }

        var keyBytes: [UInt8] { key.withUnsafeBytes { Array($0) } }

        /// Stops the loop if a test left it running (a raw lock request: `SessionClient.lock`
        /// would wait for, and then end, the process behind the socket, which is this one),
        /// and removes the folder.
        func finish() {
            if let fd = UnixSocket.connect(to: directory.socketPath(vaultID: vaultID)) {
                _ = UnixSocket.send(fd, SessionRequest(type: .lock, vaultID: vaultID).encoded())
                close(fd)
                _ = hasStopped(within: 3)
            }
            try? FileManager.default.removeItem(atPath: root)
        }
    }

    final class UncheckedBox<Value>: @unchecked Sendable {
        let value: Value
        init(_ value: Value) { self.value = value }
    }

    /// The key the agent hands out, or nil with what it answered instead.
    func keyFrom(_ agent: ServingAgent) -> (key: [UInt8]?, answer: String) {
        switch agent.client.key() {
        case .key(let session): (session.key.withUnsafeBytes { Array($0) }, "key")
        case .ended(let status): (nil, "ended \(status)")
        case .none: (nil, "none")
        }
    }

    /// What must be true once the agent locked: its key zeroed, nothing left in the folder.
    func expectLockedAndGone(_ agent: ServingAgent) throws {
        #expect(agent.keyBytes == [UInt8](repeating: 0, count: SessionProtocol.keyLength), "the held key was zeroed")
        #expect(try FileManager.default.contentsOfDirectory(atPath: agent.directory.path).isEmpty, "socket and lock file removed")
        #expect(agent.client.status() == nil)
    }

    @Test func noKeyGoesOutAfterASleep() throws {
        let agent = try ServingAgent()
        defer { agent.finish() }
        let held = agent.keyBytes
        #expect(keyFrom(agent).key == held)
        // Awake across more than one periodic check: nothing locks.
        usleep(1_300_000)
        #expect(!agent.hasStopped(within: 0))
        #expect(keyFrom(agent).key == held)

        agent.clocks.sleep(seconds: 300)  // well inside the 15-minute idle limit
        // Whichever comes first, the request's own check ("locking") or the loop's (the socket
        // closes under the request: no agent), no key goes out after the sleep.
        let answer = keyFrom(agent)
        #expect(answer.key == nil && ["ended locking", "none"].contains(answer.answer), "\(answer.answer)")
        #expect(agent.hasStopped(within: 2))
        try expectLockedAndGone(agent)
    }

    @Test func aSleepLocksByItselfWithinASecondOrSo() throws {
        let agent = try ServingAgent()
        defer { agent.finish() }
        #expect(agent.client.status() != nil)
        agent.clocks.sleep(seconds: 120)
        #expect(agent.hasStopped(within: 3), "the periodic check noticed the sleep")
        try expectLockedAndGone(agent)
    }

    @Test func keptOverSuspendItStaysUnlocked() throws {
        let agent = try ServingAgent(keepOverSuspend: true)
        defer { agent.finish() }
        let held = agent.keyBytes
        agent.clocks.sleep(seconds: 300)
        #expect(keyFrom(agent).key == held)
        #expect(!agent.hasStopped(within: 1.3), "a periodic check came and went")
        #expect(keyFrom(agent).key == held)
        #expect(agent.client.status() != nil)
    }
}
