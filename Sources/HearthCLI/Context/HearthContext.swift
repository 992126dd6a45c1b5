import Foundation
import HearthBackup
import HearthRunContext
import HearthSession

/// Everything one run of a command reads from the world outside its arguments: the console
/// (stdin, stdout, stderr), the terminal questions are asked on, the clock and the environment.
/// The binary runs with `HearthContext.process` (the real descriptors, `/dev/tty`, the system
/// clock, the process environment); tests run commands in process with their own values
/// (`Hearth.run(arguments:context:)`), side by side, each seeing only its own.
///
/// It is a task-local value: `Console`, `Terminal`, `ProgressLine.shared`, `Environment` and
/// `HearthClock.current` read it, so call sites keep their shape. Values of a run that change
/// while it runs (`--verbose`, the progress line, a stop request) live in its `RunState`, one per
/// run, never in statics.
public struct HearthContext: Sendable {
    /// Where stdin is read from and stdout and stderr are written to.
    public var console: ConsoleDescriptors
    /// The terminal prompts use: the controlling terminal, none, or a device a test provides.
    public var terminal: TerminalDevice
    /// What "now" is, and the time zone local times are written in.
    public var clock: HearthClock
    /// Environment variables (`HEARTH_*`, `XDG_*`, `EDITOR`, ...).
    public var environment: EnvironmentValues
    /// The `hearth` binary an unlocked session's agent is started from: this very process's
    /// (`/proc/self/exe`) in the binary; in process, the built binary a test names.
    public var executable: String
    /// True only in the `hearth` process itself: there a closed stdout ends the process by
    /// SIGPIPE as `cat` would. In process, every exit path returns a code instead.
    public let isProcess: Bool
    /// What a run changes as it goes (one per run).
    let run: RunState

    public init(
        console: ConsoleDescriptors, terminal: TerminalDevice = .none, clock: HearthClock = .system,
        environment: EnvironmentValues, executable: String
    ) {
        self.init(
            console: console, terminal: terminal, clock: clock, environment: environment, executable: executable,
            isProcess: false)
    }

    private init(
        console: ConsoleDescriptors, terminal: TerminalDevice, clock: HearthClock, environment: EnvironmentValues,
        executable: String, isProcess: Bool
    ) {
        self.console = console
        self.terminal = terminal
        self.clock = clock
        self.environment = environment
        self.executable = executable
        self.isProcess = isProcess
        run = RunState()
    }

    /// The `hearth` process: descriptors 0, 1 and 2, `/dev/tty`, the system clock, its environment.
    public static let process = HearthContext(
        console: .standard, terminal: .controlling, clock: .system, environment: .process,
        executable: "/proc/self/exe", isProcess: true)

    /// The context of the run in progress (`process` outside any run).
    @TaskLocal public static var current: HearthContext = .process

    /// A copy with a fresh `RunState` (each run starts with its own).
    func freshRun() -> HearthContext {
        HearthContext(
            console: console, terminal: terminal, clock: clock, environment: environment, executable: executable,
            isProcess: isProcess)
    }
}

/// The three descriptors of a run's console. The process uses 0, 1 and 2; a test gives
/// descriptors of its own (files it reads back afterwards).
public struct ConsoleDescriptors: Sendable {
    public var input: Int32
    public var output: Int32
    public var error: Int32

    public init(input: Int32, output: Int32, error: Int32) {
        self.input = input
        self.output = output
        self.error = error
    }

    public static let standard = ConsoleDescriptors(input: STDIN_FILENO, output: STDOUT_FILENO, error: STDERR_FILENO)
}

/// Where questions are asked (`Terminal`, `PromptLines`, `TerminalQuestion`).
public enum TerminalDevice: Sendable {
    /// The controlling terminal, `/dev/tty`, unless `$HEARTH_NO_TTY` is set.
    case controlling
    /// No terminal: questions get no answer, as without one.
    case none
    /// A terminal device a test opened (the follower end of a pseudo-terminal).
    case device(String)

    /// True when questions cannot be asked at all (no terminal, or `$HEARTH_NO_TTY`).
    var isAbsent: Bool {
        switch self {
        case .none: return true
        case .controlling: return Environment.value("HEARTH_NO_TTY") != nil
        case .device: return false
        }
    }

    /// Opens the terminal for one question; -1 when there is none.
    func open() -> Int32 {
        if isAbsent { return -1 }
        switch self {
        case .none:
            return -1
        case .controlling:
            return Glibc.open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY)
        case .device(let path):
            return Glibc.open(path, O_RDWR | O_CLOEXEC | O_NOCTTY)
        }
    }
}

/// What one run changes while it runs: kept per run so that runs side by side never share it.
final class RunState: @unchecked Sendable {
    private let lock = NSLock()
    private var _verbose = false
    private var _quiet = false
    private var _stopRequest: StopRequest?
    private var _progress: ProgressLine?
    private var _note = ConflictCopyMention()
    private var _missingSaveSaid = false
    private var _olderCopySaid = false

    /// Whether the run has said, or need not say, that conflict copies lie beside its vault.
    var conflictCopyNote: ConflictCopyMention {
        get { lock.withLock { _note } }
        set { lock.withLock { _note = newValue } }
    }

    /// True the first time only: a missing save of this computer is said once a run (`MissingSaveNote`).
    func takeMissingSaveNote() -> Bool { lock.withLock { defer { _missingSaveSaid = true }; return !_missingSaveSaid } }

    /// Whether the run has said that its vault is an older copy: a missing save is then said as
    /// what that copy lacks (one cause, told as one story).
    var olderCopySaid: Bool {
        get { lock.withLock { _olderCopySaid } }
        set { lock.withLock { _olderCopySaid = newValue } }
    }

    /// `--verbose` or `$HEARTH_VERBOSE`: set once, as the run starts.
    var verbose: Bool {
        get { lock.withLock { _verbose } }
        set { lock.withLock { _verbose = newValue } }
    }

    /// `-q/--quiet` (`OutputOptions`): set as the command's options are checked.
    var quiet: Bool {
        get { lock.withLock { _quiet } }
        set { lock.withLock { _quiet = newValue } }
    }

    /// The stop request of the work running now (`StopRequest.catching`).
    var stopRequest: StopRequest? {
        get { lock.withLock { _stopRequest } }
        set { lock.withLock { _stopRequest = newValue } }
    }

    /// The run's progress line, made on first use from the run's own stderr and environment.
    func progress(_ make: () -> ProgressLine) -> ProgressLine {
        lock.withLock {
            if let line = _progress { return line }
            let line = make()
            _progress = line
            return line
        }
    }
}

#if canImport(Glibc)
import Glibc
#endif

/// Signal handlers belong to the process: a command catches Ctrl-C, hang-up and `kill` only in
/// the binary. In process (tests) nothing is caught, so runs side by side never take each
/// other's handlers (the catcher is one per process).
enum RunSignals {
    static func catcher(_ signals: [Int32]) -> SignalCatcher? {
        guard HearthContext.current.isProcess else { return nil }
        return SignalCatcher(signals)
    }
}
