import Foundation

/// What a finished child process did.
public struct ProcessResult: Sendable {
    /// Exit status, or 128 + signal number when a signal ended it.
    public var status: Int32
    /// The signal that ended it, if any.
    public var signal: Int32?
    public var stdout: [UInt8]
    public var stderr: [UInt8]
    public var seconds: Double
    /// True when the runner had to kill it for running past its timeout.
    public var timedOut: Bool

    public var out: String { String(decoding: stdout, as: UTF8.self) }
    public var err: String { String(decoding: stderr, as: UTF8.self) }
    public var outLines: [String] { out.split(separator: "\n").map(String.init) }

    public init(status: Int32, signal: Int32?, stdout: [UInt8], stderr: [UInt8], seconds: Double, timedOut: Bool) {
        self.status = status
        self.signal = signal
        self.stdout = stdout
        self.stderr = stderr
        self.seconds = seconds
        self.timedOut = timedOut
    }
}

/// How to run one child process: arguments, environment, and what to feed it.
public struct ProcessSpec: Sendable {
    public var executable: String
    public var arguments: [String]
    public var environment: [String: String]
    /// Bytes written to the child's stdin, then closed; nil gives it /dev/null.
    public var stdin: [UInt8]?
    /// Extra descriptors for the child (for --passphrase-fd N): each reads the given bytes from a pipe.
    public var extraInputs: [Int32: [UInt8]] = [:]
    /// Kill the child (SIGKILL) after this many seconds and report it as timed out.
    public var timeout: Double = 120
    /// Kill the child with SIGKILL after this many seconds on purpose (crash tests); not a time-out.
    public var killAfter: Double?
    /// Kill the child with SIGKILL as soon as this returns true (checked about every millisecond).
    public var killWhen: (@Sendable () -> Bool)?
    /// Called once with the child's pid while it runs (for /proc inspection).
    public var whileRunning: (@Sendable (pid_t) -> Void)?
    /// Where the child's stdout goes: captured (the default), a pipe whose reader has already
    /// gone (`| head` that ended), or a file such as /dev/full.
    public var stdoutTarget: StdoutTarget = .capture
    /// Stdout and stderr go to files (read back at the end) instead of pipes: a child that
    /// leaves a process behind (`unlock` starts an agent) must not keep the runner waiting.
    public var outputsToFiles = false

    public init(
        executable: String, arguments: [String], environment: [String: String], stdin: [UInt8]? = nil,
        extraInputs: [Int32: [UInt8]] = [:], timeout: Double = 120, killAfter: Double? = nil,
        killWhen: (@Sendable () -> Bool)? = nil, whileRunning: (@Sendable (pid_t) -> Void)? = nil,
        stdoutTarget: StdoutTarget = .capture, outputsToFiles: Bool = false
    ) {
        self.executable = executable
        self.arguments = arguments
        self.environment = environment
        self.stdin = stdin
        self.extraInputs = extraInputs
        self.timeout = timeout
        self.killAfter = killAfter
        self.killWhen = killWhen
        self.whileRunning = whileRunning
        self.stdoutTarget = stdoutTarget
        self.outputsToFiles = outputsToFiles
    }
}

public enum StdoutTarget: Sendable {
    case capture
    case closedPipe
    case file(String)
}

/// The one way tests start a child process (the `hearth` binary, `script`, system tools).
/// Runs child processes with `posix_spawn`: exact control over argv, environment and
/// descriptors, every pipe close-on-exec so that children started by parallel tests never
/// inherit each other's pipes, and a poll loop that feeds stdin while draining the outputs.
public enum ProcessRunner {
    private static let ignoreSIGPIPE: Void = { signal(SIGPIPE, SIG_IGN); return () }()

    /// Pipes are made and children spawned under this lock: between `pipe` and the close-on-exec
    /// copies, a child spawned by another thread would otherwise inherit the plain descriptors.
    private static let spawnLock = NSLock()

    /// A pipe whose ends sit above the descriptors a child is given (so dup2 never lands on itself).
    private static func makePipe() -> (read: Int32, write: Int32) {
        var fds: [Int32] = [0, 0]
        precondition(pipe(&fds) == 0, "pipe failed")
        let read = fcntl(fds[0], F_DUPFD_CLOEXEC, 64)
        let write = fcntl(fds[1], F_DUPFD_CLOEXEC, 64)
        close(fds[0])
        close(fds[1])
        precondition(read >= 64 && write >= 64)
        return (read, write)
    }

    public static func run(_ spec: ProcessSpec) -> ProcessResult {
        _ = ignoreSIGPIPE
        let start = Date()
        spawnLock.lock()
        let outPipe = makePipe()
        let errPipe = makePipe()
        let inPipe = spec.stdin.map { _ in makePipe() }
        var extra: [(target: Int32, pipe: (read: Int32, write: Int32), bytes: [UInt8])] = []
        for (fd, bytes) in spec.extraInputs.sorted(by: { $0.key < $1.key }) { extra.append((fd, makePipe(), bytes)) }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if let inPipe {
            posix_spawn_file_actions_adddup2(&actions, inPipe.read, 0)
        } else {
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        }
        let outFiles = spec.outputsToFiles ? (out: ScratchFile.make(), err: ScratchFile.make()) : nil
        if case .file(let path) = spec.stdoutTarget {
            posix_spawn_file_actions_addopen(&actions, 1, path, O_WRONLY, 0)
        } else if let outFiles {
            posix_spawn_file_actions_adddup2(&actions, outFiles.out, 1)
        } else {
            posix_spawn_file_actions_adddup2(&actions, outPipe.write, 1)
        }
        posix_spawn_file_actions_adddup2(&actions, outFiles?.err ?? errPipe.write, 2)
        for e in extra { posix_spawn_file_actions_adddup2(&actions, e.pipe.read, e.target) }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for s in [SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGQUIT] { sigaddset(&defaults, s) }
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv = [spec.executable] + spec.arguments
        let envp = spec.environment.map { "\($0.key)=\($0.value)" }
        var pid: pid_t = 0
        let spawned = withCStrings(argv) { cArgv in
            withCStrings(envp) { cEnv in
                posix_spawn(&pid, spec.executable, &actions, &attributes, cArgv, cEnv)
            }
        }
        // The child has its own copies now.
        for fd in [outPipe.write, errPipe.write] + (inPipe.map { [$0.read] } ?? []) + extra.map(\.pipe.read) { close(fd) }
        spawnLock.unlock()
        guard spawned == 0 else {
            for fd in [outPipe.read, errPipe.read] + (inPipe.map { [$0.write] } ?? []) + extra.map(\.pipe.write) { close(fd) }
            return ProcessResult(
                status: 127, signal: nil, stdout: [], stderr: Array("spawn failed: \(String(cString: strerror(spawned)))".utf8),
                seconds: 0, timedOut: false)
        }
        spec.whileRunning?(pid)

        // Inputs to write: (fd, bytes, offset).
        var inputs: [(fd: Int32, bytes: [UInt8], offset: Int)] = []
        if let inPipe, let bytes = spec.stdin { inputs.append((inPipe.write, bytes, 0)) }
        for e in extra { inputs.append((e.pipe.write, e.bytes, 0)) }
        for i in inputs.indices { _ = fcntl(inputs[i].fd, F_SETFL, O_NONBLOCK) }
        var outputs: [(fd: Int32, data: [UInt8])] = [(outPipe.read, []), (errPipe.read, [])]
        if outFiles != nil {
            // Nothing comes through the pipes: the files are read once the child is gone.
            for i in outputs.indices {
                close(outputs[i].fd)
                outputs[i].fd = -1
            }
        }
        if case .closedPipe = spec.stdoutTarget, outFiles == nil {
            // The only reader goes away before the child writes: its first write meets EPIPE.
            close(outPipe.read)
            outputs[0].fd = -1
        }

        var exitStatus: Int32?
        var timedOut = false
        var killed = false
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            // Finish writes that are done (empty inputs close at once).
            inputs.removeAll { input in
                if input.offset >= input.bytes.count { close(input.fd); return true }
                return false
            }
            var polls = outputs.filter { $0.fd >= 0 }.map { pollfd(fd: $0.fd, events: Int16(POLLIN), revents: 0) }
            polls += inputs.map { pollfd(fd: $0.fd, events: Int16(POLLOUT), revents: 0) }
            if polls.isEmpty && exitStatus != nil { break }
            _ = poll(&polls, nfds_t(polls.count), spec.killWhen == nil ? 10 : 1)
            for p in polls where p.revents != 0 {
                if let i = outputs.firstIndex(where: { $0.fd == p.fd }) {
                    let n = read(p.fd, &buffer, buffer.count)
                    if n > 0 {
                        outputs[i].data += buffer[0..<n]
                    } else if n == 0 || (errno != EAGAIN && errno != EINTR) {
                        close(p.fd)
                        outputs[i].fd = -1
                    }
                } else if let i = inputs.firstIndex(where: { $0.fd == p.fd }) {
                    let remaining = inputs[i].bytes.count - inputs[i].offset
                    let n = inputs[i].bytes.withUnsafeBytes { raw in
                        write(p.fd, raw.baseAddress! + inputs[i].offset, min(remaining, 65_536))
                    }
                    if n > 0 {
                        inputs[i].offset += n
                    } else if errno != EAGAIN && errno != EINTR {
                        // The child closed its end (EPIPE): it will not read the rest.
                        inputs[i].offset = inputs[i].bytes.count
                    }
                }
            }
            if exitStatus == nil {
                var status: Int32 = 0
                if waitpid(pid, &status, WNOHANG) == pid { exitStatus = status }
            }
            let elapsed = Date().timeIntervalSince(start)
            if exitStatus == nil, !killed, let killAfter = spec.killAfter, elapsed >= killAfter {
                kill(pid, SIGKILL)
                killed = true
            }
            if exitStatus == nil, !killed, let killWhen = spec.killWhen, killWhen() {
                kill(pid, SIGKILL)
                killed = true
            }
            if exitStatus == nil, !killed, elapsed >= spec.timeout {
                kill(pid, SIGKILL)
                killed = true
                timedOut = true
            }
            if exitStatus != nil && outputs.allSatisfy({ $0.fd < 0 }) {
                for input in inputs { close(input.fd) }
                break
            }
        }
        if let outFiles {
            outputs[0].data = ScratchFile.readAll(outFiles.out)
            outputs[1].data = ScratchFile.readAll(outFiles.err)
        }
        let raw = exitStatus ?? 0
        let signaled = (raw & 0x7F) != 0 && (raw & 0x7F) != 0x7F
        return ProcessResult(
            status: signaled ? 128 + (raw & 0x7F) : (raw >> 8) & 0xFF, signal: signaled ? raw & 0x7F : nil,
            stdout: outputs[0].data, stderr: outputs[1].data, seconds: Date().timeIntervalSince(start), timedOut: timedOut)
    }

    private static func withCStrings<R>(_ strings: [String], _ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>) -> R) -> R {
        let pointers = strings.map { strdup($0) } + [nil]
        defer { pointers.forEach { free($0) } }
        return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
    }
}
