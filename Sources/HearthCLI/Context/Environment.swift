import HearthCrypto
import HearthRunContext

/// The run's environment (`HearthContext.current.environment`). Every read in HearthCLI goes
/// through `Environment` (never `ProcessInfo` or `getenv`).
enum Environment {
    static func value(_ name: String) -> String? { HearthContext.current.environment.value(name) }
    static var all: [String: String] { HearthContext.current.environment.all }
    static var homeDirectory: String { HearthContext.current.environment.homeDirectory }
    /// True when `name` is set (to anything, even empty).
    static func isSet(_ name: String) -> Bool { value(name) != nil }
    static func takeSecret(_ name: String) throws -> SecretBytes? { try HearthContext.current.environment.takeSecret(name) }
}
