import Foundation

/// Makes `hearth unlock`s take turns: held from before an unlock looks for a running agent
/// (to replace it) until its own agent listens. Without it, two unlocks of one vault at once
/// could both find no agent and both start one; the second agent would then wait for the
/// first's lifetime lock and give up.
///
/// Who removes a stale socket (an agent killed with SIGKILL leaves its socket behind): only an
/// agent, and only while it holds its vault's lifetime lock (`SessionDirectory.lockPath`),
/// which the kernel releases when the agent that held it dies. So no socket of a live agent is
/// ever removed by another; clients never remove anything. This lock is a flock on a file in
/// the private folder itself (opened without following a link), so that no file is left
/// behind and none can be removed under it (removing a lock file lets two processes lock two
/// different files of one name). Unlocks of different vaults take turns too: they are rare
/// and take a moment each.
public final class SessionStartLock {
    private let descriptor: Int32

    /// Waits (up to `timeout` seconds) for the folder's start lock; nil when it stayed taken or
    /// the folder could not be opened as this user's own.
    public init?(directory: SessionDirectory, timeout: Double = 20) {
        let fd = open(directory.path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_uid == geteuid() else {
            close(fd)
            return nil
        }
        let deadline = Date().addingTimeInterval(timeout)
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR, Date() < deadline else {
                close(fd)
                return nil
            }
            usleep(20_000)
        }
        descriptor = fd
    }

    /// Lets the next unlock go (closing the file releases the lock too).
    deinit { close(descriptor) }
}
