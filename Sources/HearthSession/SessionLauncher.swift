import CPlatform
import Foundation
import HearthCrypto

/// Starts an agent: re-executes this very binary (`/proc/self/exe`) with `posix_spawn` (a
/// `fork()` of a threaded Swift process is unsafe), an empty environment, /dev/null for
/// stdin, stdout and stderr, and two pipes: descriptor 3 carries the hand-over and key in,
/// descriptor 4 brings one status byte back once the agent listens.
public enum SessionLauncher {
    /// The hidden subcommand the agent runs as (it shows in `ps`, and says nothing private).
    public static let agentCommand = "session-agent"
    public static let handoverDescriptor: Int32 = 3
    public static let readyDescriptor: Int32 = 4

    public enum Failure: Error, Equatable, Sendable {
        case spawn(errno: Int32)
        case agent(SessionAgent.StartResult)
        /// The agent ended or said nothing within the time allowed.
        case noAnswer
    }

    /// Starts the agent and returns its pid once it listens.
    public static func start(_ handover: SessionHandover, key: SecretBytes, executable: String = "/proc/self/exe")
        throws(Failure) -> Int32
    {
        var keyPipe: [Int32] = [-1, -1]
        var readyPipe: [Int32] = [-1, -1]
        guard hearth_pipe_cloexec(&keyPipe) == 0 else { throw .spawn(errno: errno) }
        guard hearth_pipe_cloexec(&readyPipe) == 0 else {
            close(keyPipe[0]); close(keyPipe[1])
            throw .spawn(errno: errno)
        }
        defer { for fd in keyPipe + readyPipe where fd >= 0 { close(fd) } }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for fd: Int32 in [0, 1, 2] {
            posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", fd == 0 ? O_RDONLY : O_WRONLY, 0)
        }
        // dup2 clears close-on-exec on the copies; every other descriptor is closed.
        posix_spawn_file_actions_adddup2(&actions, keyPipe[0], handoverDescriptor)
        posix_spawn_file_actions_adddup2(&actions, readyPipe[1], readyDescriptor)
        _ = hearth_spawn_close_from(&actions, readyDescriptor + 1)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for sig in SignalCatcher.termination + [SIGPIPE, SIGCHLD] { sigaddset(&defaults, sig) }
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &mask)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let argv: [UnsafeMutablePointer<CChar>?] = [strdup("hearth"), strdup(agentCommand), nil]
        defer { argv.forEach { free($0) } }
        let envp: [UnsafeMutablePointer<CChar>?] = [nil]
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard rc == 0 else { throw .spawn(errno: rc) }
        close(keyPipe[0]); keyPipe[0] = -1
        close(readyPipe[1]); readyPipe[1] = -1

        let written = handover.write(to: keyPipe[1], key: key)
        close(keyPipe[1]); keyPipe[1] = -1
        var byte: UInt8 = 0xFF
        if written, Self.readByte(readyPipe[0], within: 10, into: &byte) {
            if byte == SessionAgent.StartResult.listening.rawValue { return pid }
            reap(pid)
            throw .agent(SessionAgent.StartResult(rawValue: byte) ?? .badHandover)
        }
        kill(pid, SIGKILL)
        reap(pid)
        throw .noAnswer
    }

    /// One byte within `seconds`; a signal arriving meanwhile (EINTR) does not cut the wait short.
    private static func readByte(_ fd: Int32, within seconds: Double, into byte: inout UInt8) -> Bool {
        let deadline = hearth_monotonic_seconds() + seconds
        while true {
            let left = deadline - hearth_monotonic_seconds()
            guard left > 0 else { return false }
            var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&entry, 1, Int32((left * 1000).rounded(.up)))
            if ready < 0, errno == EINTR { continue }
            guard ready > 0 else { return false }
            let n = read(fd, &byte, 1)
            if n < 0, errno == EINTR { continue }
            return n == 1
        }
    }

    private static func reap(_ pid: Int32) {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
    }
}
