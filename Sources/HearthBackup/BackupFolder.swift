import Foundation
import HearthVault

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
    ///
    /// The folder is refused when it is a symbolic link (anyone who can write the drive can plant
    /// `Hearth` as a link to the vault's folder, and the default path is predictable), and when it
    /// is the folder of the vault at `vaultPath` or holds the vault's file (compared by device and
    /// inode, so no path trick gets past): pruning there could remove the vault itself.
    ///
    /// A destination on the drive that holds the vault is refused before anything is written
    /// (`BackupDestinationRule`; `driveRoots`: the drive folders, `DriveDiscovery.roots`).
    public init(
        destination: String, vaultPath: String? = nil, driveRoots: [String] = DriveDiscovery.defaultRoots, lockTimeout: Double
    ) throws(BackupError) {
        var info = stat()
        guard stat(destination, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else {
            throw .destinationNotFound(path: destination)
        }
        if let vaultPath {
            let mounts = MountTable.current()
            let verdict = BackupDestinationRule.decide(
                vault: DriveLocation.of(vaultPath, roots: driveRoots, mounts: mounts),
                destination: DriveLocation.of(destination, roots: driveRoots, mounts: mounts))
            if case .vaultsOwnDrive(let drive) = verdict {
                throw .onVaultsDrive(destination: destination, drive: drive, vaultPath: vaultPath)
            }
        }
        path = Self.location(for: destination)
        if mkdir(path, 0o700) != 0, errno != EEXIST {
            let code = errno
            if BackupError.isFull(code) { throw .driveFull(folder: destination, needed: 0, available: nil) }
            if code == EIO || code == ENODEV || code == ENOTCONN { throw .driveFailed(folder: destination, operation: "make the Hearth folder", errno: code) }
            throw .cannotWrite(path: destination, errno: code)
        }
        // Never through a link: O_NOFOLLOW refuses one as the folder itself.
        fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else {
            let code = errno
            var seen = stat()
            if lstat(path, &seen) == 0, (seen.st_mode & S_IFMT) == S_IFLNK { throw .folderIsLink(path: path) }
            throw .cannotWrite(path: path, errno: code)
        }
        if let vaultPath, let place = VaultPlace(vaultPath: vaultPath), let why = place.conflict(withFolder: fd) {
            close(fd)
            throw .folderHoldsVault(folder: path, vaultPath: vaultPath, why: why)
        }
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

    /// Names of the backup files in the folder: only names Hearth gives backups
    /// (`hearth-<UTC time>-g<save>.hearth`), never another `.hearth` file (a vault, a copy made by
    /// hand), so that no other file is ever judged, listed as a backup or pruned.
    public func backupNames() -> [String] {
        Self.backupNames(in: path)
    }

    static func backupNames(in folder: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { BackupName.parse($0) != nil }.sorted()
    }

    /// Removes what an interrupted backup left behind. Safe: the lock is held, so no other
    /// backup is writing here. Only regular files are removed, by name in the locked folder
    /// itself (never through a path that may have changed since). Returns how many files were removed.
    @discardableResult
    public func removeStaleTemporaries() -> Int {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        var removed = 0
        for name in names where BackupName.isTemporary(name) {
            var info = stat()
            guard fstatat(fd, name, &info, AT_SYMLINK_NOFOLLOW) == 0, (info.st_mode & S_IFMT) == S_IFREG else { continue }
            if remove(name, expected: FileIdentity(info), vaultPath: nil) == nil { removed += 1 }
        }
        if removed > 0 { syncFolder() }
        return removed
    }

    /// Why a file was not removed.
    public enum NotRemoved: Sendable, Equatable {
        /// Another file is under its name now than the one judged.
        case replacedSinceChecked
        /// It is the vault's own file (a hard link, or the vault itself).
        case isTheVault
        /// It could not be opened when judged, so it cannot be checked again.
        case notCheckedAgain
        /// The file system refused (`errno`).
        case failed(errno: Int32)
    }

    /// Removes the file `name` from this folder (the one locked, by its descriptor), only when it
    /// is still the very file `expected` (judged earlier: a file swapped in since is left alone)
    /// and is not the vault at `vaultPath`, checked right now. Returns nil when removed, else why not.
    public func remove(_ name: String, expected: FileIdentity, vaultPath: String?) -> NotRemoved? {
        var info = stat()
        guard fstatat(fd, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else { return .failed(errno: errno) }
        let found = FileIdentity(info)
        guard found == expected, (info.st_mode & S_IFMT) == S_IFREG else { return .replacedSinceChecked }
        if let vaultPath, let vault = FileIdentity.of(vaultPath), vault == found { return .isTheVault }
        guard unlinkat(fd, name, 0) == 0 else { return .failed(errno: errno) }
        return nil
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

/// Where the vault lives, by device and inode: the file (the link's target when its path is a
/// link), the folder its path is in, and the folder of the file itself. A backup folder that is
/// one of those folders, or holds the vault's file under any name, is no place for backups.
struct VaultPlace {
    let file: FileIdentity?
    let folders: [FileIdentity]

    init?(vaultPath: String) {
        file = FileIdentity.of(vaultPath)
        var folders: [FileIdentity] = []
        if let folder = FileIdentity.of(PathName.folder(of: vaultPath)) { folders.append(folder) }
        if let folder = FileIdentity.of(PathName.folder(of: realPath(vaultPath))) { folders.append(folder) }
        self.folders = folders
        if file == nil && folders.isEmpty { return nil }
    }

    /// Why the open folder `fd` must not take backups of this vault, or nil.
    func conflict(withFolder fd: Int32) -> BackupError.VaultConflict? {
        var info = stat()
        guard fstat(fd, &info) == 0 else { return nil }
        if folders.contains(FileIdentity(info)) { return .isVaultFolder }
        guard let file, let names = Self.names(in: fd) else { return nil }
        for name in names {
            var entry = stat()
            if fstatat(fd, name, &entry, AT_SYMLINK_NOFOLLOW) == 0, FileIdentity(entry) == file { return .holdsVault(name: name) }
        }
        return nil
    }

    /// The names in the open folder `fd` (its own descriptor is left open).
    static func names(in fd: Int32) -> [String]? {
        let copy = dup(fd)
        guard copy >= 0, let dir = fdopendir(copy) else {
            if copy >= 0 { close(copy) }
            return nil
        }
        defer { closedir(dir) }
        rewinddir(dir)
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }
}
