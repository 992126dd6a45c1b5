import Foundation
import HearthCrypto

/// The environment variables a run sees: the process's own in the binary, a test's dictionary in
/// process. Every read in HearthCLI goes through `Environment` (never `ProcessInfo` or `getenv`).
public enum EnvironmentValues: Sendable {
    /// The process environment, read when asked (a secret taken from it is wiped there).
    case process
    /// Exactly these variables.
    case fixed([String: String])
}

enum Environment {
    /// One variable of the run's environment, or nil.
    static func value(_ name: String) -> String? {
        switch HearthContext.current.environment {
        case .process: return getenv(name).map { String(cString: $0) }
        case .fixed(let values): return values[name]
        }
    }

    /// The whole environment of the run (for the editor's scrubbed environment, the session
    /// folder, the drive roots).
    static var all: [String: String] {
        switch HearthContext.current.environment {
        case .process: return ProcessInfo.processInfo.environment
        case .fixed(let values): return values
        }
    }

    /// The home folder: the process's own (`$HOME`, else the account's) in the binary; `$HOME`
    /// of a test's dictionary in process.
    static var homeDirectory: String {
        switch HearthContext.current.environment {
        case .process: return NSHomeDirectory()
        case .fixed(let values): return values["HOME"] ?? NSHomeDirectory()
        }
    }

    /// True when `name` is set (to anything, even empty).
    static func isSet(_ name: String) -> Bool { value(name) != nil }

    /// Reads a secret variable into secret memory. From the process environment it is then
    /// wiped (its bytes zeroed in place, so /proc/self/environ no longer shows it) and unset; a
    /// test's dictionary is the test's own.
    static func takeSecret(_ name: String) throws -> SecretBytes? {
        switch HearthContext.current.environment {
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
