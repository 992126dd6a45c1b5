import Foundation

/// The `Hearth/` folder on a drive that holds backups. While a value is alive it holds an
/// exclusive `flock` on the folder itself (no lock file is left on the drive), so that two
/// backups never write, clean up or prune in the same folder at once.
public final class BackupFolder {
    public let path: String
    private let fd: Int32

    /// The backup folder for a destination: DEST itself when it is already named `Hearth`
    /// (any case: FAT ignores case), else `DEST/Hearth`.
    public static func location(for destination: String) -> String {
        let trimmed = destination.count > 1 && destination.hasSuffix("/") ? String(destination.dropLast()) : destination
        if (trimmed as NSString).lastPathComponent.lowercased() == BackupName.folderName.lowercased() { return trimmed }
        return (trimmed as NSString).appendingPathComponent(BackupName.folderName)
    }

    /// Opens (creating when needed) the backup folder of `destination` and locks it,
    /// waiting up to `lockTimeout` seconds for another backup to finish.
    public init(destination: String, lockTimeout: Double) throws(BackupError) {
        var info = stat()
        guard stat(destination, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else {
            throw .destinationNotFound(path: destination)
        }
        path = Self.location(for: destination)
        if mkdir(path, 0o700) != 0, errno != EEXIST {
            let code = errno
            if BackupError.isFull(code) { throw .driveFull(folder: destination, needed: 0, available: nil) }
            if code == EIO || code == ENODEV || code == ENOTCONN { throw .driveFailed(folder: destination, operation: "make the Hearth folder", errno: code) }
            throw .cannotWrite(path: destination, errno: code)
        }
        fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw .cannotWrite(path: path, errno: errno) }
        let deadline = Date().addingTimeInterval(lockTimeout)
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let code = errno
            // A file system without locks: go on unlocked rather than refuse to back up.
            if code == ENOLCK || code == EINVAL || code == ENOTSUP || code == ENOSYS { break }
            if code != EWOULDBLOCK && code != EINTR { break }
            if Date() >= deadline {
                close(fd)
                throw .folderBusy(folder: path)
            }
            usleep(50_000)
        }
        guard access(path, W_OK | X_OK) == 0 else {
            let code = errno
            close(fd)
            throw .cannotWrite(path: path, errno: code)
        }
    }

    deinit {
        flock(fd, LOCK_UN)
        close(fd)
    }

    public func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }

    /// Names of the backup files in the folder (ending in `.hearth`, not temporaries).
    public func backupNames() -> [String] {
        Self.backupNames(in: path)
    }

    static func backupNames(in folder: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { $0.lowercased().hasSuffix(BackupName.fileExtension) && !$0.hasPrefix(".") }.sorted()
    }

    /// Removes what an interrupted backup left behind. Safe: the lock is held, so no other
    /// backup is writing here. Returns how many files were removed.
    @discardableResult
    public func removeStaleTemporaries() -> Int {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        var removed = 0
        for name in names where BackupName.isTemporary(name) {
            if unlink(file(name)) == 0 { removed += 1 }
        }
        if removed > 0 { syncFolder() }
        return removed
    }

    /// A name for a new backup that no file in the folder has yet.
    public func freshName(date: Date, generation: UInt64) -> String {
        var attempt = 1
        while true {
            let name = BackupName.make(date: date, generation: generation, attempt: attempt)
            if access(file(name), F_OK) != 0 { return name }
            attempt += 1
        }
    }

    /// Free bytes for this user on the drive, or nil when the drive does not say.
    public func freeBytes() -> UInt64? {
        var info = statvfs()
        guard fstatvfs(fd, &info) == 0 else { return nil }
        // Some drivers (fusefat) report a size of zero: they do not know, so do not guess.
        guard info.f_blocks > 0 else { return nil }
        return UInt64(info.f_bavail) * UInt64(info.f_frsize)
    }

    /// False once the drive is gone (unplugged, or its driver died): the folder no longer answers.
    public var isReachable: Bool {
        var info = stat()
        return stat(path, &info) == 0
    }

    /// `fsync` of the folder, so that a removal or rename in it is durable.
    func syncFolder() {
        fsync(fd)
    }
}
