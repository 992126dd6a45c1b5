import Foundation
import HearthCrypto

/// Serialises writers of one vault with `flock` on lock files of this account's own, kept out
/// of the vault's folder (Docs/SECURITY.md, "What lives where"): the vault's folder may be a
/// sync folder, and nothing but the vault belongs there.
///
/// A lock file is `hearth-locks/writer-<32 hex digits>` in the runtime folder (`$XDG_RUNTIME_DIR`,
/// else `/run/user/UID` when it is this user's alone; apart from the sessions' `hearth` folder,
/// whose owner and contents sessions check), and another of the same name in
/// `hearth/locks` in the state folder (`$XDG_STATE_HOME`, else `~/.local/state`); a writer holds
/// both, runtime first. Two
/// processes that disagree about one folder (one started with `$XDG_RUNTIME_DIR`, one without)
/// still meet in the other, and the fixed order means no two writers wait for each other in a
/// circle. The name is a hash of the device and inode of the vault's folder and the vault's file
/// name: every name of one vault (a link to its folder, a bind mount) gives the same lock, and two
/// vaults never share one. A folder that cannot be used safely (another user's, open to others) is
/// skipped; when neither can be used, the old place beside the vault (`<vault>.lock`) is.
///
/// Readers never need it: a save replaces the vault with one atomic rename. The locks are released
/// when this object is deallocated or the process ends (even by kill -9). Each file is removed on
/// release, under its lock; a waiter that then holds a removed file notices (its inode is no
/// longer the one at the name) and opens the name again, so two writers never hold two different
/// files. A leftover `<vault>.lock` from an older Hearth is removed once the locks are held.
public final class WriterLock {
    private var held: [(fd: Int32, path: String)] = []
    /// The first lock file (the runtime folder's, when there is one).
    public let path: String
    private let removesOnRelease: Bool

    /// The lock files of the vault at `vaultPath` for a process with `environment`, in the order
    /// they are taken, their folders made if needed. Throws `notFound` when the vault's folder
    /// does not exist.
    public static func lockPaths(
        for vaultPath: String, environment: [String: String]
    ) throws(VaultError) -> [String] {
        let folder = PathName.folder(of: vaultPath)
        var info = stat()
        guard stat(folder.isEmpty ? "." : folder, &info) == 0 else { throw .notFound(path: vaultPath) }
        let folders = lockFolders(environment: environment)
        guard !folders.isEmpty else { return [legacyPath(for: vaultPath)] }
        var material = [UInt8]("hearth writer lock v1".utf8)
        withUnsafeBytes(of: UInt64(info.st_dev).littleEndian) { material += $0 }
        withUnsafeBytes(of: UInt64(info.st_ino).littleEndian) { material += $0 }
        material += [UInt8]((vaultPath as NSString).lastPathComponent.utf8)
        let digest = material.withUnsafeBytes { GenericHash.hash($0, length: 16) }
        let name = "writer-" + digest.map { String(format: "%02x", $0) }.joined()
        return folders.map { ($0 as NSString).appendingPathComponent(name) }
    }

    /// The first lock file of the vault (what a test holds to play another writer).
    public static func lockPath(
        for vaultPath: String, environment: [String: String]
    ) throws(VaultError) -> String {
        try lockPaths(for: vaultPath, environment: environment)[0]
    }

    /// Where older versions of Hearth kept the lock: beside the vault.
    public static func legacyPath(for vaultPath: String) -> String { vaultPath + ".lock" }

    /// `hearth-locks` in the runtime folder and `hearth/locks` in the state folder, each made if
    /// needed (0700) and kept only when it can be used safely.
    static func lockFolders(environment: [String: String]) -> [String] {
        // (base, the folders below it to make, in order)
        var places: [(base: String, path: [String])] = []
        if let runtime = environment["XDG_RUNTIME_DIR"], runtime.hasPrefix("/") {
            places.append((runtime, ["hearth-locks"]))
        } else {
            let system = "/run/user/\(geteuid())"
            var info = stat()
            if lstat(system, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR, info.st_uid == geteuid(), info.st_mode & 0o077 == 0 {
                places.append((system, ["hearth-locks"]))
            }
        }
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") {
            places.append((state, ["hearth", "locks"]))
        } else if let home = environment["HOME"], home.hasPrefix("/") {
            places.append(((home as NSString).appendingPathComponent(".local/state"), ["hearth", "locks"]))
        } else if let entry = getpwuid(geteuid()), let dir = entry.pointee.pw_dir {
            places.append(((String(cString: dir) as NSString).appendingPathComponent(".local/state"), ["hearth", "locks"]))
        }
        var folders: [String] = []
        for place in places {
            guard isSafeBase(place.base) else { continue }
            var folder = place.base
            var usable = true
            for name in place.path where usable {
                folder = (folder as NSString).appendingPathComponent(name)
                usable = makePrivateFolder(folder)
            }
            if usable, !folders.contains(folder) { folders.append(folder) }
        }
        return folders
    }

    /// A folder nobody else can rename things in: this user's or root's, and not writable by
    /// others unless sticky (like /tmp). A state folder not made yet is made (0700).
    private static func isSafeBase(_ path: String, making: Bool = true) -> Bool {
        var info = stat()
        guard stat(path, &info) == 0 else {
            guard making, (try? FileManager.default.createDirectory(
                atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])) != nil
            else { return false }
            return isSafeBase(path, making: false)
        }
        guard (info.st_mode & S_IFMT) == S_IFDIR, info.st_uid == geteuid() || info.st_uid == 0 else { return false }
        return info.st_mode & 0o022 == 0 || info.st_mode & S_ISVTX != 0
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

    /// Waits up to `timeout.seconds` for the locks, then throws `busy`. When the lock is held by
    /// another writer, `timeout.waiting` hears when the wait begins and when it ends.
    public convenience init(
        vaultPath: String, timeout: LockTimeout, environment: [String: String]? = nil
    ) throws(VaultError) {
        let environment = environment ?? timeout.environment ?? ProcessInfo.processInfo.environment
        let paths = try Self.lockPaths(for: vaultPath, environment: environment)
        let legacy = Self.legacyPath(for: vaultPath)
        let own = paths != [legacy]
        try self.init(lockFiles: paths, notFound: vaultPath, timeout: timeout, removesOnRelease: own)
        if own { Self.removeLeftover(legacy) }
    }

    /// A lock on the file `<file>.lock` beside `file`, for files that are not in a synced folder
    /// (the ledger in the state folder): the file stays after release.
    public convenience init(besideFile file: String, timeout: LockTimeout) throws(VaultError) {
        try self.init(lockFiles: [Self.legacyPath(for: file)], notFound: file, timeout: timeout, removesOnRelease: false)
    }

    /// Removes an older Hearth's empty lock file beside the vault (a regular file of this user's,
    /// never a link or anything with content): this lock is held, so nothing of ours uses it.
    static func removeLeftover(_ legacy: String) {
        var info = stat()
        guard lstat(legacy, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_size == 0, info.st_uid == geteuid() else { return }
        unlink(legacy)
    }

    private init(lockFiles: [String], notFound: String, timeout: LockTimeout, removesOnRelease: Bool) throws(VaultError) {
        path = lockFiles[0]
        self.removesOnRelease = removesOnRelease
        let deadline = Date().addingTimeInterval(timeout.seconds)
        var waited = false
        defer { if waited { timeout.waiting?(false) } }
        for file in lockFiles {
            // What was taken so far is released by deinit when this throws.
            let fd = try Self.take(file, notFound: notFound, deadline: deadline, timeout: timeout, removesOnRelease: removesOnRelease) {
                if !waited {
                    waited = true
                    timeout.waiting?(true)
                }
            }
            held.append((fd, file))
        }
    }

    /// Opens and locks one lock file, waiting until `deadline`; `startsWaiting` hears the first wait.
    private static func take(
        _ path: String, notFound: String, deadline: Date, timeout: LockTimeout, removesOnRelease: Bool,
        startsWaiting: () -> Void
    ) throws(VaultError) -> Int32 {
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
                if code == EWOULDBLOCK { startsWaiting() }
                usleep(20_000)
            }
            // The holder before us may have removed the file as it let go: then this lock is on
            // a file nobody else will find, and the name must be opened again.
            var mine = stat(), named = stat()
            if !removesOnRelease || (fstat(opened, &mine) == 0 && lstat(path, &named) == 0
                && mine.st_dev == named.st_dev && mine.st_ino == named.st_ino) {
                return opened
            }
            close(opened)
        }
    }

    deinit {
        // The reverse order of taking.
        for (fd, file) in held.reversed() {
            if removesOnRelease { unlink(file) }
            flock(fd, LOCK_UN)
            close(fd)
        }
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
    /// The environment of the run that waits: its runtime folders hold the lock files (nil: the
    /// process's). Carried here so that every lock a run takes, however deep, uses its folders.
    public var environment: [String: String]?

    public init(
        seconds: Double, waiting: (@Sendable (Bool) -> Void)? = nil, givingUp: (@Sendable () -> Bool)? = nil,
        environment: [String: String]? = nil
    ) {
        self.seconds = seconds
        self.waiting = waiting
        self.givingUp = givingUp
        self.environment = environment
    }

    public init(floatLiteral value: Double) { self.init(seconds: value) }
    public init(integerLiteral value: Int) { self.init(seconds: Double(value)) }
}
