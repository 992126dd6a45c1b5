import Foundation

/// The last resort of `hearth panic` and `lock --all`: agents that no socket leads to (started
/// with another `$XDG_RUNTIME_DIR` or `$TMPDIR`, or whose socket was replaced) are found by their
/// command line, which /proc shows even for processes that are not dumpable, and ended.
public enum AgentProcesses {
    /// An agent's whole command line, as /proc/PID/cmdline shows it: `hearth\0session-agent\0`.
    public static let commandLine: [UInt8] = Array("hearth".utf8) + [0] + Array(SessionLauncher.agentCommand.utf8) + [0]

    /// Processes of this user (real and effective uid) whose command line is exactly an agent's,
    /// other than this process. `proc` is /proc (another root in tests).
    public static func find(proc: String = "/proc") -> [Int32] {
        let me = geteuid()
        let names = (try? FileManager.default.contentsOfDirectory(atPath: proc)) ?? []
        return names.compactMap(Int32.init).filter { pid in
            guard pid != getpid(), pid > 0 else { return false }
            let folder = (proc as NSString).appendingPathComponent(String(pid))
            guard let cmdline = FileManager.default.contents(atPath: folder + "/cmdline"), [UInt8](cmdline) == commandLine,
                  let status = try? String(contentsOfFile: folder + "/status", encoding: .utf8)
            else { return false }
            // "Uid:\treal\teffective\tsaved\tfilesystem"
            guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Uid:") }) else { return false }
            let ids = line.dropFirst(4).split(whereSeparator: { $0 == "\t" || $0 == " " }).compactMap { UInt32($0) }
            return ids.count >= 2 && ids[0] == me && ids[1] == me
        }.sorted()
    }

    /// What `end` did.
    public struct Ended: Equatable, Sendable {
        /// Ended by SIGTERM: the agent wiped its key and removed its socket itself.
        public var terminated = 0
        /// Did not end in time and were killed (their memory went back to the system unzeroed).
        public var killed = 0
        public var total: Int { terminated + killed }
    }

    /// Sends SIGTERM to each of `pids`, waits up to `wait` seconds, then SIGKILL to those still
    /// running (the same process: its start time unchanged, so a reused pid is left alone).
    public static func end(_ pids: [Int32], wait: Double = 2) -> Ended {
        var ended = Ended()
        let started = pids.map { ProcessFacts.read(pid: $0)?.startTicks }
        var signalled: [(pid: Int32, start: UInt64)] = []
        for (pid, start) in zip(pids, started) {
            guard let start, kill(pid, SIGTERM) == 0 else { continue }
            signalled.append((pid, start))
        }
        let deadline = Date().addingTimeInterval(wait)
        for (pid, start) in signalled {
            let left = max(0, deadline.timeIntervalSinceNow)
            if SessionClient.waitForExit(pid: pid, seconds: left) {
                ended.terminated += 1
            } else if ProcessFacts.read(pid: pid)?.startTicks == start, kill(pid, SIGKILL) == 0 {
                _ = SessionClient.waitForExit(pid: pid, seconds: 1)
                ended.killed += 1
            }
        }
        return ended
    }
}
