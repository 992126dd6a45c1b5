import Foundation
import HearthCrypto

/// The environment variables a run sees: the process's own in the binary, a test's dictionary in
/// process. A plain value, so that any module can be given the run's environment instead of
/// reading the process's (the command line binds it to the run; `HearthCLI`'s `Environment`).
public enum EnvironmentValues: Sendable {
    /// The process environment, read when asked (a secret taken from it is wiped there).
    case process
    /// Exactly these variables.
    case fixed([String: String])

    /// One variable, or nil.
    public func value(_ name: String) -> String? {
        switch self {
        case .process: return getenv(name).map { String(cString: $0) }
        case .fixed(let values): return values[name]
        }
    }

    /// Every variable (for the editor's scrubbed environment, the session folder, the drive roots).
    public var all: [String: String] {
        switch self {
        case .process: return ProcessInfo.processInfo.environment
        case .fixed(let values): return values
        }
    }

    /// The home folder: the process's own (`$HOME`, else the account's) for the process; `$HOME`
    /// of a test's dictionary.
    public var homeDirectory: String {
        switch self {
        case .process: return NSHomeDirectory()
        case .fixed(let values): return values["HOME"] ?? NSHomeDirectory()
        }
    }

    /// Reads a secret variable into secret memory. From the process environment it is then
    /// wiped (its bytes zeroed in place, so /proc/self/environ no longer shows it) and unset; a
    /// test's dictionary is the test's own.
    public func takeSecret(_ name: String) throws -> SecretBytes? {
        switch self {
        case .process:
            guard let value = getenv(name) else { return nil }
            let length = strlen(value)
            let secret = try SecretBytes(copying: UnsafeRawBufferPointer(start: value, count: length))
            Memory.wipe(UnsafeMutableRawBufferPointer(start: value, count: length))
            unsetenv(name)
            return secret
        case .fixed(let values):
            guard let value = values[name] else { return nil }
            return try SecretBytes(copying: Array(value.utf8))
        }
    }
}
