import Foundation
import HearthCrypto

/// Serialises writers of one vault with `flock` on a lock file of this account's own, kept out
/// of the vault's folder (Docs/SECURITY.md, "What lives where"): the vault's folder may be a
/// sync folder, and nothing but the vault belongs there.
///
/// The file is `hearth/locks/writer-<32 hex digits>` in the runtime folder (`$XDG_RUNTIME_DIR`,
/// else `/run/user/UID` when it is this user's alone), or in the state folder when there is no
/// runtime folder (`$XDG_STATE_HOME`, else `~/.local/state`). Its name is a hash of the device
/// and inode of the vault's folder and the vault's file name: every name of one vault (a link to
/// its folder, a bind mount) gives the same lock, and two vaults never share one. Every process
/// of this account that sees the same runtime folder (the same `$XDG_RUNTIME_DIR`, as sessions
/// need too) therefore waits for the same lock. When no such folder can be used (none known,
/// or one others could change), the old place beside the vault (`<vault>.lock`) is used.
///
/// Readers never need it: a save replaces the vault with one atomic rename. The lock is released
/// when this object is deallocated or the process ends (even by kill -9). The file is removed on
/// release, under the lock; a waiter that then holds a removed file notices (its inode is no
/// longer the one at the name) and starts again, so two writers never hold two different files.
/// A leftover `<vault>.lock` from an older Hearth is removed once this lock is held.
public final class WriterLock {
    private var fd: Int32 = -1
    public let path: String
    private let removesOnRelease: Bool

    /// The lock file of the vault at `vaultPath` for a process with `environment`, its folder
    /// made if needed. Throws `notFound` when the vault's folder does not exist.
    public static func lockPath(
        for vaultPath: String, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(VaultError) -> String {
        let folder = PathName.folder(of: vaultPath)
        var info = stat()
        guard stat(folder.isEmpty ? "." : folder, &info) == 0 else { throw .notFound(path: vaultPath) }
        guard let locks = lockFolder(environment: environment) else { return legacyPath(for: vaultPath) }
        var material = [UInt8]("hearth writer lock v1".utf8)
        withUnsafeBytes(of: UInt64(info.st_dev).littleEndian) { material += $0 }
        withUnsafeBytes(of: UInt64(info.st_ino).littleEndian) { material += $0 }
        material += [UInt8]((vaultPath as NSString).lastPathComponent.utf8)
        let digest = material.withUnsafeBytes { GenericHash.hash($0, length: 16) }
        return (locks as NSString).appendingPathComponent("writer-" + digest.map { String(format: "%02x", $0) }.joined())
    }

    /// Where older versions of Hearth kept the lock: beside the vault.
    public static func legacyPath(for vaultPath: String) -> String { vaultPath + ".lock" }

    /// `hearth/locks` in the runtime folder, else in the state folder, made if needed (0700);
    /// nil when neither is known or can be used safely.
    static func lockFolder(environment: [String: String]) -> String? {
        var bases: [String] = []
        if let runtime = environment["XDG_RUNTIME_DIR"], runtime.hasPrefix("/") {
            bases.append(runtime)
        } else {
            let system = "/run/user/\(geteuid())"
            var info = stat()
            if lstat(system, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR, info.st_uid == geteuid(), info.st_mode & 0o077 == 0 {
                bases.append(system)
            }
        }
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") {
            bases.append(state)
        } else if let home = environment["HOME"], home.hasPrefix("/") {
            bases.append((home as NSString).appendingPathComponent(".local/state"))
        } else if let entry = getpwuid(geteuid()), let dir = entry.pointee.pw_dir {
            bases.append((String(cString: dir) as NSString).appendingPathComponent(".local/state"))
        }
        for base in bases {
            let hearth = (base as NSString).appendingPathComponent("hearth")
            let locks = (hearth as NSString).appendingPathComponent("locks")
            if isSafeBase(base), makePrivateFolder(hearth), makePrivateFolder(locks) {
                return locks
            }
        }
        return nil
    }

    /// A folder nobody else can rename things in: this user's or root's, and not writable by
    /// others unless sticky (like /tmp).
    private static func isSafeBase(_ path: String) -> Bool {
        var info = stat()
        guard stat(path, &info) == 0 else {
            // Not there yet (a fresh state folder): its parent decides.
            return mkdirPrivate(path) && isSafeBase(path)
        }
        guard (info.st_mode & S_IFMT) == S_IFDIR, info.st_uid == geteuid() || info.st_uid == 0 else { return false }
        return info.st_mode & 0o022 == 0 || info.st_mode & S_ISVTX != 0
    }

    private static func mkdirPrivate(_ path: String) -> Bool {
        (try? FileManager.default.createDirectory(
            atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])) != nil
    }

    /// Makes `path` (0700) if needed; true when it is a real folder (not a link) of this user's
    /// that nobody else can open.
    private static func makePrivateFolder(_ path: String) -> Bool {
        if mkdir(path, 0o700) == 0 {
            chmod(path, 0o700)
        }
        var info = stat()
        return lstat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR && info.st_uid == geteuid()
            && info.st_mode & 0o077 == 0
    }

    /// Waits up to `timeout.seconds` for the lock, then throws `busy`. When the lock is held by
    /// another writer, `timeout.waiting` hears when the wait begins and when it ends.
    public convenience init(
        vaultPath: String, timeout: LockTimeout, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(VaultError) {
        let path = try Self.lockPath(for: vaultPath, environment: environment)
        let legacy = Self.legacyPath(for: vaultPath)
        try self.init(lockFile: path, notFound: vaultPath, timeout: timeout, removesOnRelease: path != legacy)
        if path != legacy { Self.removeLeftover(legacy) }
    }

    /// A lock on the file `<file>.lock` beside `file`, for files that are not in a synced folder
    /// (the ledger in the state folder): the file stays after release.
    public convenience init(besideFile file: String, timeout: LockTimeout) throws(VaultError) {
        try self.init(lockFile: Self.legacyPath(for: file), notFound: file, timeout: timeout, removesOnRelease: false)
    }

    /// Removes an older Hearth's empty lock file beside the vault (a regular file of this user's,
    /// never a link or anything with content): this lock is held, so nothing of ours uses it.
    static func removeLeftover(_ legacy: String) {
        var info = stat()
        guard lstat(legacy, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_size == 0, info.st_uid == geteuid() else { return }
        unlink(legacy)
    }

    private init(lockFile: String, notFound: String, timeout: LockTimeout, removesOnRelease: Bool) throws(VaultError) {
        path = lockFile
        self.removesOnRelease = removesOnRelease
        let deadline = Date().addingTimeInterval(timeout.seconds)
        var waited = false
        defer { if waited { timeout.waiting?(false) } }
        while true {
            // Never through a link: a lock file swapped for a link must not make Hearth create or
            // lock a file elsewhere.
            let opened = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
            if opened < 0 {
                let code = errno
                if code == ENOENT { throw .notFound(path: notFound) }
                throw .cannotCreate(path: path, errno: code)
            }
            while flock(opened, LOCK_EX | LOCK_NB) != 0 {
                let code = errno
                guard code == EWOULDBLOCK || code == EINTR else {
                    close(opened)
                    throw .io(operation: "lock", errno: code)
                }
                if Date() >= deadline || timeout.givingUp?() == true {
                    close(opened)
                    throw .busy
                }
                if !waited, code == EWOULDBLOCK {
                    waited = true
                    timeout.waiting?(true)
                }
                usleep(20_000)
            }
            // The holder before us may have removed the file as it let go: then this lock is on
            // a file nobody else will find, and the name must be opened again.
            var held = stat(), named = stat()
            if !removesOnRelease || (fstat(opened, &held) == 0 && lstat(path, &named) == 0
                && held.st_dev == named.st_dev && held.st_ino == named.st_ino) {
                fd = opened
                return
            }
            close(opened)
        }
    }

    deinit {
        if removesOnRelease { unlink(path) }
        flock(fd, LOCK_UN)
        close(fd)
    }
}

/// How long a writer waits for the writer lock before giving up (`busy`), and who hears that it
/// waits: up to ten seconds of silence read as a hang, so the command line says what it waits
/// for. A number literal is a timeout with nobody listening.
public struct LockTimeout: Sendable, ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral {
    public var seconds: Double
    /// Called with `true` when another writer holds the lock and the wait begins, and with
    /// `false` when it ends (the lock taken, or the time up). Not called when the lock is free.
    public var waiting: (@Sendable (Bool) -> Void)?
    /// Asked while waiting: true ends the wait at once, as if the time were up (the person
    /// pressed Ctrl-C and the command is stopping).
    public var givingUp: (@Sendable () -> Bool)?

    public init(seconds: Double, waiting: (@Sendable (Bool) -> Void)? = nil, givingUp: (@Sendable () -> Bool)? = nil) {
        self.seconds = seconds
        self.waiting = waiting
        self.givingUp = givingUp
    }

    public init(floatLiteral value: Double) { self.init(seconds: value) }
    public init(integerLiteral value: Int) { self.init(seconds: Double(value)) }
}
