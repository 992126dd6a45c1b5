import Foundation
import HearthCrypto

/// Where agents listen: a private folder, checked before it is trusted.
///
/// `$XDG_RUNTIME_DIR/hearth` when that variable is set (the folder the system makes per user,
/// 0700, removed at logout); else `/run/user/UID/hearth` when that folder exists and is this
/// user's alone (the same folder, when only the variable is missing: `su -`, cron, some ssh
/// setups); else `hearth-agent-UID` in `$TMPDIR` or `/tmp` (as ssh-agent does).
/// Either folder must be a real directory (not a symbolic link) owned by this user with mode
/// 0700. `$XDG_RUNTIME_DIR` itself must be private too; a temporary folder above
/// `hearth-agent-UID` must be sticky (like /tmp) or this user's and closed to others, so that
/// nobody else can move the folder away. Otherwise nothing is put there and nothing is believed.
/// Socket names come from a hash of the vault id: they say nothing about what is inside.
public struct SessionDirectory: Sendable {
    public let path: String

    /// Why a folder cannot be used.
    public enum Problem: Error, Equatable, Sendable, CustomStringConvertible {
        case notADirectory(String)
        case wrongOwner(String, owner: UInt32)
        case tooOpen(String, mode: UInt32)
        case cannotCreate(String, errno: Int32)
        case pathTooLong(String)

        public var description: String {
            switch self {
            case .notADirectory(let path): "\(path) is not a plain folder"
            case .wrongOwner(let path, let owner): "\(path) belongs to another user (uid \(owner))"
            case .tooOpen(let path, let mode): "\(path) can be opened by other users (mode \(String(mode, radix: 8)))"
            case .cannotCreate(let path, let code): "\(path) could not be made (\(String(cString: strerror(code))))"
            case .pathTooLong(let path): "the socket path under \(path) is too long for a Unix socket"
            }
        }
    }

    /// Where systemd-logind makes each user's runtime folder.
    public static let systemRuntimeBase = "/run/user"

    /// The folder for this process's environment (not created).
    public static func current(
        environment: [String: String] = ProcessInfo.processInfo.environment, systemRuntimeBase: String = systemRuntimeBase
    ) -> SessionDirectory {
        if let runtime = environment["XDG_RUNTIME_DIR"], runtime.hasPrefix("/") {
            return SessionDirectory(path: (runtime as NSString).appendingPathComponent("hearth"))
        }
        let system = (systemRuntimeBase as NSString).appendingPathComponent("\(geteuid())")
        if (try? checkPrivate(system)) != nil {
            return SessionDirectory(path: (system as NSString).appendingPathComponent("hearth"))
        }
        return temporary(environment: environment)
    }

    /// `hearth-agent-UID` in `$TMPDIR` (when it is an absolute path) or `/tmp`.
    static func temporary(environment: [String: String]) -> SessionDirectory {
        let base = environment["TMPDIR"].flatMap { $0.hasPrefix("/") ? $0 : nil } ?? "/tmp"
        return SessionDirectory(path: (base as NSString).appendingPathComponent("hearth-agent-\(geteuid())"))
    }

    /// Every folder an agent of this user may be listening in (for `lock --all`).
    public static func allCandidates(environment: [String: String] = ProcessInfo.processInfo.environment) -> [SessionDirectory] {
        var paths = [
            current(environment: environment).path, "/run/user/\(geteuid())/hearth",
            temporary(environment: environment).path, "/tmp/hearth-agent-\(geteuid())",
        ]
        var seen = Set<String>()
        paths = paths.filter { seen.insert($0).inserted }
        return paths.map(SessionDirectory.init(path:))
    }

    public init(path: String) { self.path = path }

    /// The socket of the agent for `vaultID`: `agent-<32 hex digits>`, a hash of the id.
    public func socketPath(vaultID: [UInt8]) -> String {
        let digest = ([UInt8]("hearth agent socket v1".utf8) + vaultID).withUnsafeBytes {
            GenericHash.hash($0, length: 16)
        }
        return (path as NSString).appendingPathComponent("agent-" + digest.map { String(format: "%02x", $0) }.joined())
    }

    /// The lock file an agent holds for as long as it runs (one agent per vault id).
    public func lockPath(vaultID: [UInt8]) -> String { socketPath(vaultID: vaultID) + ".lock" }

    /// Makes the folder if needed (0700), then checks it and its parent as `check()` does.
    public func prepare() throws(Problem) {
        try checkParent()
        if mkdir(path, 0o700) != 0, errno != EEXIST { throw .cannotCreate(path, errno: errno) }
        try check()
    }

    /// Checks that the folder is this user's alone, and that nobody else can replace it.
    public func check() throws(Problem) {
        try checkParent()
        try Self.checkPrivate(path)
    }

    /// A `hearth-agent-UID` folder lives in a shared temporary folder; any other in
    /// `$XDG_RUNTIME_DIR`, which must be private.
    private var isTemporary: Bool { (path as NSString).lastPathComponent.hasPrefix("hearth-agent-") }

    private func checkParent() throws(Problem) {
        let parent = (path as NSString).deletingLastPathComponent
        guard isTemporary else { return try Self.checkPrivate(parent) }
        var info = stat()
        guard stat(parent, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else { throw .notADirectory(parent) }
        let sticky = info.st_mode & S_ISVTX != 0
        let ownClosed = info.st_uid == geteuid() && info.st_mode & 0o022 == 0
        guard sticky || ownClosed else { throw .tooOpen(parent, mode: UInt32(info.st_mode & 0o7777)) }
    }

    /// A real directory, owned by this user, with no access for group or others.
    static func checkPrivate(_ path: String) throws(Problem) {
        var info = stat()
        guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else { throw .notADirectory(path) }
        guard info.st_uid == geteuid() else { throw .wrongOwner(path, owner: info.st_uid) }
        guard info.st_mode & 0o077 == 0 else { throw .tooOpen(path, mode: UInt32(info.st_mode & 0o7777)) }
    }

    /// The sockets present in the folder (names only; nothing is trusted from them).
    public func socketPaths() -> [String] {
        guard (try? check()) != nil else { return [] }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        return names.filter { $0.hasPrefix("agent-") && !$0.hasSuffix(".lock") }.sorted()
            .map { (path as NSString).appendingPathComponent($0) }
    }
}
