import Foundation

/// Notices when the user's session ends, so that an agent does not outlive it.
///
/// Two signs are recorded when `hearth unlock` runs, and checked by the agent every second:
/// - the **session leader** of the terminal session unlock ran in (the login shell, the
///   terminal tab, the ssh session): when that process is gone, the session is over. Its start
///   time is recorded too, so that a new process given the same pid is not mistaken for it;
/// - the **systemd-logind session** the process belongs to, when there is one: its state file
///   in /run/systemd/sessions disappears, or says `closing`, when the user logs out.
/// (The agent also locks when its socket folder is removed, as logind does at the last logout.)
public enum SessionEndWatch {
    /// What was recorded at unlock time. Zero and empty mean "nothing to watch".
    public struct Marks: Equatable, Sendable {
        public var leaderPID: Int32
        public var leaderStartTicks: UInt64
        public var loginSessionFile: String

        public init(leaderPID: Int32, leaderStartTicks: UInt64, loginSessionFile: String) {
            self.leaderPID = leaderPID
            self.leaderStartTicks = leaderStartTicks
            self.loginSessionFile = loginSessionFile
        }

        public static let none = Marks(leaderPID: 0, leaderStartTicks: 0, loginSessionFile: "")
    }

    /// Records the session of the calling process.
    public static func capture(environment: [String: String]) -> Marks {
        var marks = Marks.none
        let leader = getsid(0)
        // A Hearth started as its own session leader (`setsid hearth unlock`) has no session
        // to outlive: then only the login session and the folder are watched.
        if leader > 1, leader != getpid(), let process = ProcessFacts.read(pid: leader) {
            marks.leaderPID = leader
            marks.leaderStartTicks = process.startTicks
        }
        if let id = loginSessionID(environment: environment) {
            let file = "/run/systemd/sessions/\(id)"
            if FileManager.default.fileExists(atPath: file) { marks.loginSessionFile = file }
        }
        return marks
    }

    /// True when a recorded session is over.
    public static func hasEnded(_ marks: Marks) -> Bool {
        if marks.leaderPID > 0 {
            guard let process = ProcessFacts.read(pid: marks.leaderPID), process.startTicks == marks.leaderStartTicks,
                  !process.isZombie
            else { return true }
        }
        if !marks.loginSessionFile.isEmpty {
            guard let text = try? String(contentsOfFile: marks.loginSessionFile, encoding: .utf8) else { return true }
            if text.split(separator: "\n").contains("STATE=closing") { return true }
        }
        return false
    }

    /// The logind session id: from this process's cgroup (`session-N.scope`), else $XDG_SESSION_ID.
    static func loginSessionID(environment: [String: String]) -> String? {
        if let cgroup = try? String(contentsOfFile: "/proc/self/cgroup", encoding: .utf8),
           let match = cgroup.firstMatch(of: /session-([A-Za-z0-9]+)\.scope/)
        {
            return String(match.1)
        }
        if let id = environment["XDG_SESSION_ID"], !id.isEmpty, id.allSatisfy({ $0.isLetter || $0.isNumber }) {
            return id
        }
        return nil
    }
}

/// A few facts from /proc/PID/stat.
public struct ProcessFacts: Sendable {
    public let state: Character
    public let startTicks: UInt64

    public var isZombie: Bool { state == "Z" || state == "X" }

    public static func read(pid: Int32) -> ProcessFacts? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = text.lastIndex(of: ")")
        else { return nil }
        // After "pid (comm)": field 3 (state) is the first, field 22 (starttime) the twentieth.
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 19, let state = fields[0].first, let start = UInt64(fields[19]) else { return nil }
        return ProcessFacts(state: state, startTicks: start)
    }
}
