import Foundation
import HearthCLI
import HearthRunContext

/// One run of a `hearth` command for a test, in process or through the binary: every harness
/// (Sandbox, KeysCLI, PracticeHarness, the backup tests' Sandbox) runs commands through here.
public enum HearthRun {
    /// Where a command runs.
    public enum Mode: Sendable {
        /// In the test process (`InProcessHearth`): for everything a command decides and says.
        case inProcess
        /// Through the built binary: where the process matters (signals, exit by signal, the
        /// agent, hardening, a terminal, kills, descriptors given with `--passphrase-fd`).
        case binary
    }

    /// `HEARTH_TEST_MODE=binary` runs every in-process test through the binary instead: the
    /// same checks, one process per command, as a cross-check (`Scripts/test-through-binary`).
    public static let everythingThroughBinary = ProcessInfo.processInfo.environment["HEARTH_TEST_MODE"] == "binary"

    /// Runs `hearth ARGS`. Options that only a process has (a kill, a pid to watch, extra
    /// descriptors, outputs into files) go through the binary whatever `mode` says. `clock` is
    /// for runs in process (the binary has the system's).
    public static func run(
        _ arguments: [String], stdin: [UInt8]? = nil, environment: [String: String], mode: Mode,
        clock: HearthClock? = nil, timeout: Double = 120, killAfter: Double? = nil,
        killWhen: (@Sendable () -> Bool)? = nil, whileRunning: (@Sendable (pid_t) -> Void)? = nil,
        extraInputs: [Int32: [UInt8]] = [:], stdoutTarget: StdoutTarget = .capture, outputsToFiles: Bool = false
    ) -> ProcessResult {
        let needsProcess = killAfter != nil || killWhen != nil || whileRunning != nil || !extraInputs.isEmpty
            || outputsToFiles
        if mode == .inProcess, !needsProcess, !everythingThroughBinary {
            return InProcessHearth.run(
                arguments, stdin: stdin, environment: environment, clock: clock, stdoutTarget: stdoutTarget)
        }
        return ProcessRunner.run(ProcessSpec(
            executable: HearthBinary.path, arguments: arguments, environment: environment, stdin: stdin,
            extraInputs: extraInputs, timeout: timeout, killAfter: killAfter, killWhen: killWhen,
            whileRunning: whileRunning, stdoutTarget: stdoutTarget, outputsToFiles: outputsToFiles))
    }
}

/// Private folders for tests.
public enum TestFolder {
    /// A new 0700 folder `base/prefix-XXXXXX`.
    public static func make(_ prefix: String, in base: String = NSTemporaryDirectory()) throws -> String {
        var template = Array(((base as NSString).appendingPathComponent("\(prefix)-XXXXXX")).utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
        }
        let path = String(cString: made)
        chmod(path, 0o700)
        return path
    }

    /// /dev/shm when it is a tmpfs this user can write (the private editor needs memory), else /tmp.
    public static var memoryBase: String {
        let mounts = (try? String(contentsOfFile: "/proc/mounts", encoding: .utf8)) ?? ""
        let isTmpfs = mounts.split(separator: "\n").contains { line in
            let fields = line.split(separator: " ")
            return fields.count > 2 && fields[1] == "/dev/shm" && fields[2] == "tmpfs"
        }
        return isTmpfs && access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp"
    }
}
