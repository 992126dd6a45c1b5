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

    /// The variables that hold secrets: read only through `takeSecret` (into secret memory),
    /// never copied into `all`.
    public static let secretNames: Set<String> = [
        "HEARTH_PASSPHRASE", "HEARTH_NEW_PASSPHRASE", "HEARTH_BACKUP_PASSPHRASE", "HEARTH_OTHER_PASSPHRASE",
    ]

    /// Every variable but the secret ones (for the editor's scrubbed environment, the session
    /// folder, the drive roots). From the process it is read from `environ` directly, skipping a
    /// secret by its name before any of its bytes are copied: a passphrase not yet taken never
    /// lands in an ordinary dictionary that is freed unwiped.
    public var all: [String: String] {
        switch self {
        case .process:
            var values: [String: String] = [:]
            var entry = environ
            while let pointer = entry.pointee {
                defer { entry += 1 }
                guard let equals = strchr(pointer, Int32(UInt8(ascii: "="))) else { continue }
                let nameBytes = UnsafeRawBufferPointer(start: pointer, count: pointer.distance(to: equals))
                let name = String(decoding: nameBytes, as: UTF8.self)
                guard !Self.secretNames.contains(name) else { continue }
                values[name] = String(cString: equals + 1)
            }
            return values
        case .fixed(let values): return values.filter { !Self.secretNames.contains($0.key) }
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
