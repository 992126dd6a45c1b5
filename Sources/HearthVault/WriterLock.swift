import Foundation

/// Serialises writers of one vault with `flock` on a sidecar file (`<vault>.lock`).
/// Readers never need it: a save replaces the vault with one atomic rename.
/// The lock is released when this object is deallocated or the process ends (even by kill -9).
public final class WriterLock {
    private let fd: Int32
    public let path: String

    /// The lock file that belongs to a vault.
    public static func lockPath(for vaultPath: String) -> String { vaultPath + ".lock" }

    /// Waits up to `timeout.seconds` for the lock, then throws `busy`. When the lock is held by
    /// another writer, `timeout.waiting` hears when the wait begins and when it ends.
    public init(vaultPath: String, timeout: LockTimeout) throws(VaultError) {
        path = Self.lockPath(for: vaultPath)
        // Never through a link: a lock file swapped for a link must not make Hearth create or
        // lock a file elsewhere.
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
        if fd < 0 {
            let code = errno
            if code == ENOENT { throw .notFound(path: vaultPath) }
            throw .cannotCreate(path: path, errno: code)
        }
        let deadline = Date().addingTimeInterval(timeout.seconds)
        var waited = false
        defer { if waited { timeout.waiting?(false) } }
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let code = errno
            guard code == EWOULDBLOCK || code == EINTR else {
                close(fd)
                throw .io(operation: "lock", errno: code)
            }
            if Date() >= deadline || timeout.givingUp?() == true {
                close(fd)
                throw .busy
            }
            if !waited, code == EWOULDBLOCK {
                waited = true
                timeout.waiting?(true)
            }
            usleep(20_000)
        }
    }

    deinit {
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
