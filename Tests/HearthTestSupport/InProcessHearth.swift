import Foundation
import HearthCLI
import HearthRunContext

/// Runs a `hearth` command inside the test process (`Hearth.run(arguments:context:)`): the
/// same parsing, commands, messages, trust checks and exit codes as the binary, in milliseconds
/// instead of a process start. Stdin, stdout and stderr are unnamed files of this run alone; the
/// environment is exactly the one given (the ledger, the session folder and the vault's place
/// come from it); there is no terminal unless a test gives a device; the clock is the system's
/// in `$TZ` unless a test gives one. What belongs to a process (signals, hardening, core dumps,
/// an agent's own process, kills) is tested through the binary (`HearthRun.Mode.binary`).
public enum InProcessHearth {
    private static let ignoreSIGPIPE: Void = { signal(SIGPIPE, SIG_IGN); return () }()

    /// The system clock in the time zone `$TZ` names in `environment` (as the binary would see it).
    public static func systemClock(for environment: [String: String]) -> HearthClock {
        let zone = environment["TZ"].flatMap { TimeZone(identifier: $0.hasPrefix(":") ? String($0.dropFirst()) : $0) }
        return HearthClock(timeZone: zone ?? .current, now: { Date() })
    }

    public static func run(
        _ arguments: [String], stdin: [UInt8]? = nil, environment: [String: String], clock: HearthClock? = nil,
        terminal: TerminalDevice = .none, stdoutTarget: StdoutTarget = .capture
    ) -> ProcessResult {
        _ = ignoreSIGPIPE
        let start = Date()
        let input = stdin.map { ScratchFile.make(containing: $0) } ?? open("/dev/null", O_RDONLY | O_CLOEXEC)
        let error = ScratchFile.make()
        var output: Int32
        var outputIsCaptured = false
        switch stdoutTarget {
        case .capture:
            output = ScratchFile.make()
            outputIsCaptured = true
        case .closedPipe:
            var fds: [Int32] = [0, 0]
            precondition(pipe(&fds) == 0)
            close(fds[0])  // the reader went away before anything was written
            output = fds[1]
        case .file(let path):
            output = open(path, O_WRONLY | O_CLOEXEC)
        }
        let context = HearthContext(
            console: ConsoleDescriptors(input: input, output: output, error: error), terminal: terminal, clock: clock ?? systemClock(for: environment),
            environment: .fixed(environment), executable: HearthBinary.path)
        let status = Hearth.run(arguments: arguments, context: context)
        close(input)
        let out: [UInt8]
        if outputIsCaptured {
            out = ScratchFile.readAll(output)
        } else {
            close(output)
            out = []
        }
        return ProcessResult(
            status: status, signal: nil, stdout: out, stderr: ScratchFile.readAll(error),
            seconds: Date().timeIntervalSince(start), timedOut: false)
    }
}

/// A clock a test moves by hand: saves a second apart without sleeping, and results that never
/// depend on the hour the suite runs.
public final class SteppedClock: @unchecked Sendable {
    private let lock = NSLock()
    private var date: Date

    public init(_ start: Date = Date(timeIntervalSince1970: 1_780_000_000)) { date = start }

    public var now: Date { lock.withLock { date } }

    public func advance(seconds: TimeInterval) { lock.withLock { date += seconds } }

    public var clock: HearthClock {
        HearthClock(timeZone: TimeZone(identifier: "UTC")!, now: { [self] in now })
    }
}
