import Foundation

/// Which file a path named at one moment: its device and inode. Two paths (or a path and an
/// open descriptor) with the same identity are the same file, whatever links or mounts lead there.
public struct FileIdentity: Equatable, Hashable, Sendable {
    public let device: UInt64
    public let inode: UInt64

    public init(_ info: stat) {
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
    }

    /// The file at `path` now (following links when `followingLinks`), or nil when there is none.
    public static func of(_ path: String, followingLinks: Bool = true) -> FileIdentity? {
        var info = stat()
        let result = followingLinks ? stat(path, &info) : lstat(path, &info)
        return result == 0 ? FileIdentity(info) : nil
    }
}

/// Opening, for reading, a path that came from outside (a vault path, a backup, a file on a
/// drive): it may name a FIFO (whose open waits for a writer for ever), a device, a socket or a
/// folder, planted by anyone who can write where the path points. So the file is opened
/// without blocking, checked with `fstat` to be a regular file (else refused, saying what it is),
/// and only then switched back to ordinary blocking reads. Every vault reader goes through here.
public enum UntrustedFile {
    /// Opens `path` read-only. `followingLinks: false` also refuses a symbolic link as the last
    /// part of the path (for files listed in a folder on a drive, where a link could lead anywhere).
    /// Returns the descriptor (close-on-exec, blocking) and what `fstat` says of it.
    public static func openRegular(_ path: String, followingLinks: Bool = true) throws(VaultError) -> (fd: Int32, info: stat) {
        var flags = O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY
        if !followingLinks { flags |= O_NOFOLLOW }
        // Opening a device can act on it (a tape rewinds, a serial line hangs up): what is known
        // not to be a regular file is refused before it is opened. `fstat` below still decides,
        // for a file swapped in between.
        var seen = stat()
        if (followingLinks ? stat(path, &seen) : lstat(path, &seen)) == 0 {
            let type = seen.st_mode & S_IFMT
            if type != S_IFREG, type != S_IFLNK { throw .notAFile(path: path, kind: describe(mode: seen.st_mode)) }
        }
        var fd: Int32
        repeat { fd = open(path, flags) } while fd < 0 && errno == EINTR
        guard fd >= 0 else {
            let code = errno
            if code == ENOENT || code == ENOTDIR { throw .notFound(path: path) }
            // ELOOP: a link where none is allowed; ENXIO: a socket, or a device without a driver.
            if code == ELOOP || code == ENXIO || code == ENODEV || code == EWOULDBLOCK {
                if let kind = kind(of: path, followingLinks: followingLinks) { throw .notAFile(path: path, kind: kind) }
            }
            throw .io(operation: "open \(path)", errno: code)
        }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let code = errno
            close(fd)
            throw .io(operation: "read \(path)", errno: code)
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            close(fd)
            throw .notAFile(path: path, kind: describe(mode: info.st_mode))
        }
        // A regular file: reads never wait on O_NONBLOCK anyway, but clear it so that every later
        // read behaves exactly as on an ordinarily opened file.
        let current = fcntl(fd, F_GETFL)
        if current >= 0 { _ = fcntl(fd, F_SETFL, current & ~O_NONBLOCK) }
        return (fd, info)
    }

    /// "a named pipe (FIFO)", "a folder", ... for what is at `path` when it is not a regular file.
    static func kind(of path: String, followingLinks: Bool) -> String? {
        var info = stat()
        if !followingLinks, lstat(path, &info) == 0 { return describe(mode: info.st_mode) }
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) != S_IFREG else { return nil }
        return describe(mode: info.st_mode)
    }

    /// What kind of file a mode says, in plain words.
    public static func describe(mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFREG: "a file"
        case S_IFDIR: "a folder"
        case S_IFIFO: "a named pipe (FIFO)"
        case S_IFSOCK: "a socket"
        case S_IFCHR: "a character device"
        case S_IFBLK: "a block device"
        case S_IFLNK: "a symbolic link"
        default: "not a file"
        }
    }
}
