import Foundation
import HearthVault
import HearthCrypto

/// Where agents listen: a private folder, checked before it is trusted.
///
/// `$XDG_RUNTIME_DIR/hearth` when that variable is set (the folder the system makes per user,
/// 0700, removed at logout); else `/run/user/UID/hearth` when that folder exists and is this
/// user's alone (the same folder, when only the variable is missing: `su -`, cron, some ssh
/// setups); else `hearth-agent-UID` in `$TMPDIR` or `/tmp` (as tmux does).
/// Hearth's own folder must be a real directory (never a symbolic link: `lstat`, and
/// `O_NOFOLLOW` when it is opened) owned by this user with mode 0700 exactly. `$XDG_RUNTIME_DIR`
/// itself must be this user's with no access for others; a temporary folder above
/// `hearth-agent-UID` must be sticky (like /tmp) or this user's and closed to others, so that
/// nobody else can move the folder away. Otherwise nothing is put there and nothing is believed.
/// Socket names come from a hash of the vault id: they say nothing about what is inside.
///
/// **A squatted temporary folder.** `hearth-agent-UID` in a shared /tmp has a name anyone can
/// guess, so another user can make it first (their folder, or a link). Refusing would let
/// them stop every session; following them would be worse. So when that name is taken by
/// anything that is not this user's own folder, Hearth makes a fresh one next to it with an
/// unpredictable name, `hearth-agent-UID.XXXXXX` (`mkdtemp`, 0700), and clients find it by
/// listing the temporary folder for that prefix and keeping only real folders owned by this
/// user with mode 0700. No pointer file is needed: another user can make folders with that
/// prefix but never one owned by us, and in a sticky /tmp nobody can rename or remove ours.
/// (A pointer file would have to live somewhere others cannot write; the usual folder is
/// exactly what was taken, and a file in the home folder could point to another machine's
/// /tmp when the home is shared.) When several of ours exist, the oldest is used (change time,
/// then name), so that two commands choose the same one; `unlock` checks again once its agent
/// listens. Only `$TMPDIR` or /tmp is used: both `unlock` and clients look in the same place,
/// and tests can keep their own. `$XDG_RUNTIME_DIR` and /run/user/UID need none of this:
/// nobody else can write there.
public struct SessionDirectory: Sendable {
    public let path: String

    /// Why a folder cannot be used.
    public enum Problem: Error, Equatable, Sendable, CustomStringConvertible {
        case notADirectory(String)
        case wrongOwner(String, owner: UInt32)
        case tooOpen(String, mode: UInt32)
        case cannotCreate(String, errno: Int32)
        case pathTooLong(String)

        /// The folder the problem is about.
        public var path: String {
            switch self {
            case .notADirectory(let path), .wrongOwner(let path, _), .tooOpen(let path, _), .cannotCreate(let path, _),
                 .pathTooLong(let path): path
            }
        }

        public var description: String {
            switch self {
            case .notADirectory(let path): "\(path) is not a plain folder"
            case .wrongOwner(let path, let owner): "\(path) belongs to another user (uid \(owner))"
            case .tooOpen(let path, let mode) where mode & 0o077 == 0:
                "\(path) has mode \(String(mode, radix: 8)), and Hearth's folder must have mode 700 exactly"
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
        environment: [String: String], systemRuntimeBase: String = systemRuntimeBase
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

    /// The temporary folder: `$TMPDIR` when it is an absolute path, else `/tmp`.
    static func temporaryBase(environment: [String: String]) -> String {
        environment["TMPDIR"].flatMap { $0.hasPrefix("/") ? $0 : nil } ?? "/tmp"
    }

    /// The usual name in a temporary folder, `hearth-agent-UID`.
    static var usualName: String { "hearth-agent-\(geteuid())" }

    /// `hearth-agent-UID` in the temporary folder while it is this user's own folder; else, when
    /// someone else took that name, the oldest `hearth-agent-UID.XXXXXX` of this user's there
    /// (if any). Nothing is created.
    static func temporary(environment: [String: String]) -> SessionDirectory {
        let base = temporaryBase(environment: environment)
        let usual = SessionDirectory(path: (base as NSString).appendingPathComponent(usualName))
        if usual.isOwnDirectory { return usual }
        return fallbacks(in: base).first ?? usual
    }

    /// This user's `hearth-agent-UID.XXXXXX` folders in `base` that pass `check()`, oldest first.
    static func fallbacks(in base: String) -> [SessionDirectory] {
        let prefix = usualName + "."
        let names = (try? FileManager.default.contentsOfDirectory(atPath: base)) ?? []
        var found: [(seconds: Int, nanoseconds: Int, path: String)] = []
        for name in names where name.hasPrefix(prefix) && name.count > prefix.count {
            let path = (base as NSString).appendingPathComponent(name)
            var info = stat()
            guard lstat(path, &info) == 0, (try? SessionDirectory(path: path).check()) != nil else { continue }
            found.append((info.st_ctim.tv_sec, info.st_ctim.tv_nsec, path))
        }
        return found.sorted { ($0.seconds, $0.nanoseconds, $0.path) < ($1.seconds, $1.nanoseconds, $1.path) }
            .map { SessionDirectory(path: $0.path) }
    }

    /// True when the path is a real directory (not a link) owned by this user, whatever its mode.
    public var isOwnDirectory: Bool {
        var info = stat()
        return lstat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR && info.st_uid == geteuid()
    }

    /// Every folder an agent of this user may be listening in (for `lock --all`).
    public static func allCandidates(environment: [String: String]) -> [SessionDirectory] {
        let temporaryBases = [temporaryBase(environment: environment), "/tmp"]
        var paths = [current(environment: environment).path, "/run/user/\(geteuid())/hearth"]
        for base in temporaryBases {
            paths.append((base as NSString).appendingPathComponent(usualName))
            paths += fallbacks(in: base).map(\.path)
        }
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

    /// Makes the folder if needed (0700 whatever the umask), then checks it and its parent as
    /// `check()` does.
    public func prepare() throws(Problem) {
        try checkParent()
        if mkdir(path, 0o700) == 0 {
            Self.restrict(path)
        } else if errno != EEXIST {
            throw .cannotCreate(path, errno: errno)
        }
        try check()
    }

    /// The folder `unlock` should use, made if needed: `current()`, or, when `hearth-agent-UID`
    /// in the temporary folder was taken by someone else, a fresh private folder beside it
    /// (unless one of this user's is there already). Throws when neither can be used.
    public static func prepared(
        environment: [String: String], systemRuntimeBase: String = systemRuntimeBase
    ) throws(Problem) -> SessionDirectory {
        let directory = current(environment: environment, systemRuntimeBase: systemRuntimeBase)
        do {
            try directory.prepare()
            return directory
        } catch {
            // Only a temporary folder's usual name can be taken by another user; anything else
            // (a loose folder of this user's own, an unsafe parent) is for the user to see.
            guard directory.isTemporary, !directory.isOwnDirectory, error.path == directory.path else { throw error }
        }
        let base = PathName.folder(of: directory.path)
        var template = Array(((base as NSString).appendingPathComponent(usualName + ".XXXXXX")).utf8CString)
        guard let made = mkdtemp(&template) else { throw .cannotCreate(directory.path + ".XXXXXX", errno: errno) }
        Self.restrict(String(cString: made))
        // Another command may have made one at the same moment: everyone takes the oldest.
        let chosen = current(environment: environment, systemRuntimeBase: systemRuntimeBase)
        try chosen.check()
        if chosen.path != String(cString: made) { rmdir(made) }
        return chosen
    }

    /// Sets mode 0700 on a folder just made, through a descriptor opened without following links.
    private static func restrict(_ path: String) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { return }
        var info = stat()
        if fstat(fd, &info) == 0, info.st_uid == geteuid() { fchmod(fd, 0o700) }
        close(fd)
    }

    /// Checks that the folder is this user's alone, and that nobody else can replace it.
    public func check() throws(Problem) {
        try checkParent()
        try Self.checkPrivate(path, exactly: true)
    }

    /// A `hearth-agent-UID` (or `hearth-agent-UID.XXXXXX`) folder lives in a shared temporary
    /// folder; any other in `$XDG_RUNTIME_DIR`, which must be private.
    public var isTemporary: Bool { (path as NSString).lastPathComponent.hasPrefix("hearth-agent-") }

    private func checkParent() throws(Problem) {
        let parent = PathName.folder(of: path)
        guard isTemporary else { return try Self.checkPrivate(parent, exactly: false) }
        var info = stat()
        guard stat(parent, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else { throw .notADirectory(parent) }
        let sticky = info.st_mode & S_ISVTX != 0
        let ownClosed = info.st_uid == geteuid() && info.st_mode & 0o022 == 0
        guard sticky || ownClosed else { throw .tooOpen(parent, mode: UInt32(info.st_mode & 0o7777)) }
    }

    /// A real directory (`lstat`: a link is not followed), owned by this user, with mode 0700
    /// `exactly` (Hearth's own folders), or at least no access for group or others (the
    /// system's runtime folder above them, which is not Hearth's to decide).
    static func checkPrivate(_ path: String, exactly: Bool = false) throws(Problem) {
        var info = stat()
        guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else { throw .notADirectory(path) }
        guard info.st_uid == geteuid() else { throw .wrongOwner(path, owner: info.st_uid) }
        let mode = info.st_mode & 0o7777
        guard exactly ? mode == 0o700 : mode & 0o077 == 0 else { throw .tooOpen(path, mode: UInt32(mode)) }
    }

    /// The sockets present in the folder (names only; nothing is trusted from them).
    public func socketPaths() -> [String] {
        guard (try? check()) != nil else { return [] }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        return names.filter { $0.hasPrefix("agent-") && !$0.contains(".") }.sorted()
            .map { (path as NSString).appendingPathComponent($0) }
    }
}
