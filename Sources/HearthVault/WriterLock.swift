import Foundation

/// Serialises writers of one vault with `flock` on a sidecar file (`<vault>.lock`).
/// Readers never need it: a save replaces the vault with one atomic rename.
/// The lock is released when this object is deallocated or the process ends (even by kill -9).
public final class WriterLock {
    private let fd: Int32
    public let path: String

    /// The lock file that belongs to a vault.
    public static func lockPath(for vaultPath: String) -> String { vaultPath + ".lock" }

    /// Waits up to `timeout` seconds for the lock, then throws `busy`.
    public init(vaultPath: String, timeout: Double) throws(VaultError) {
        path = Self.lockPath(for: vaultPath)
        // Never through a link: a lock file swapped for a link must not make Hearth create or
        // lock a file elsewhere.
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
        if fd < 0 {
            let code = errno
            if code == ENOENT { throw .notFound(path: vaultPath) }
            throw .cannotCreate(path: path, errno: code)
        }
        let deadline = Date().addingTimeInterval(timeout)
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let code = errno
            guard code == EWOULDBLOCK || code == EINTR else {
                close(fd)
                throw .io(operation: "lock", errno: code)
            }
            if Date() >= deadline {
                close(fd)
                throw .busy
            }
            usleep(20_000)
        }
    }

    deinit {
        flock(fd, LOCK_UN)
        close(fd)
    }
}
