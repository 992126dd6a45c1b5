import Foundation
import HearthCrypto

/// Writes a file so that a crash or a full disk at any instant leaves either the old file or
/// the complete new one: a fresh `O_EXCL` temporary in the same folder, written, `fsync`ed,
/// renamed over the destination, then the folder `fsync`ed so the rename itself is durable.
public final class AtomicFileWriter {
    public let destination: String
    public let temporaryPath: String
    private var fd: Int32
    private var finished = false

    /// Temporary names start with this, so that stale ones can be recognised and removed.
    static func temporaryPrefix(for destination: String) -> String {
        "." + (destination as NSString).lastPathComponent + ".tmp-"
    }

    /// Creates the temporary file (mode 0600) next to `destination`.
    public init(destination: String) throws(VaultError) {
        self.destination = destination
        let folder = PathName.folder(of: destination)
        let suffix = Random.bytes(8).map { String(format: "%02x", $0) }.joined()
        let name = Self.temporaryPrefix(for: destination) + suffix
        temporaryPath = folder.isEmpty ? name : (folder as NSString).appendingPathComponent(name)
        fd = open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        if fd < 0 {
            let code = errno
            if code == ENOSPC || code == EIO || code == EDQUOT { throw .io(operation: "create", errno: code) }
            throw .cannotCreate(path: destination, errno: code)
        }
    }

    deinit { if !finished { abort() } }

    /// Appends `bytes`, retrying short writes.
    public func write(_ bytes: UnsafeRawBufferPointer) throws(VaultError) {
        var offset = 0
        while offset < bytes.count {
            let n = Foundation.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                throw .io(operation: "write", errno: errno)
            }
            offset += n
        }
    }

    public func write(_ bytes: [UInt8]) throws(VaultError) {
        do {
            try bytes.withUnsafeBytes { raw in try write(raw) }
        } catch {
            throw VaultError.from(error)
        }
    }

    /// True once the new file was renamed over the destination (even if flushing the folder
    /// afterwards failed): from then on it is the file at `destination`.
    public private(set) var isInPlace = false

    /// Flushes the temporary file to the disk and closes it, without renaming: the new file is
    /// complete beside the destination, which is still the old one. `commit` does this itself.
    public func flush() throws(VaultError) {
        guard fd >= 0 else { return }
        if fsync(fd) != 0 { throw .io(operation: "fsync", errno: errno) }
        let closeResult = close(fd)
        fd = -1
        if closeResult != 0 { throw .io(operation: "close", errno: errno) }
    }

    /// Flushes, renames over the destination and makes the rename durable.
    /// After this returns, the new file is the file at `destination`.
    public func commit() throws(VaultError) {
        precondition(!finished, "an atomic write is committed or aborted once")
        try flush()
        if rename(temporaryPath, destination) != 0 { throw .io(operation: "rename", errno: errno) }
        finished = true
        isInPlace = true
        try Self.syncFolder(of: destination)
    }

    /// Closes and removes the temporary file; the destination is untouched. Does nothing once
    /// the new file is in place.
    public func abort() {
        if fd >= 0 { close(fd); fd = -1 }
        guard !isInPlace else { return }
        unlink(temporaryPath)
        finished = true
    }

    /// `fsync` of the folder holding `path`, so that a rename or unlink in it survives a power cut.
    public static func syncFolder(of path: String) throws(VaultError) {
        var folder = PathName.folder(of: path)
        if folder.isEmpty { folder = "." }
        let dfd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard dfd >= 0 else { throw .io(operation: "open folder", errno: errno) }
        defer { close(dfd) }
        // Some file systems (FUSE drivers among them) do not support fsync on a folder.
        if fsync(dfd) != 0, errno != EINVAL, errno != ENOTSUP { throw .io(operation: "fsync folder", errno: errno) }
    }

    /// Removes temporaries left by a crashed save. Call only while holding the lock that
    /// serialises writers of `destination` (the vault's writer lock, the ledger's lock): then no
    /// other save can be writing one. Every file Hearth writes through this type cleans up so.
    public static func removeStaleTemporaries(for destination: String) {
        let prefix = temporaryPrefix(for: destination)
        removeStaleTemporaries(inFolderOf: destination) { $0.hasPrefix(prefix) }
    }

    /// Removes the temporaries (`.<name>.tmp-<16 hex digits>`) in the folder of `path` whose final
    /// name `isStale` accepts: for files whose name changes from one write to the next (restore's
    /// safety copies). Only regular files are removed. The same lock rule applies.
    public static func removeStaleTemporaries(inFolderOf path: String, where isStale: (String) -> Bool) {
        let folder = PathName.folder(of: path)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for name in names where name.hasPrefix(".") && isStale(name) && isTemporaryName(name) {
            let full = (folder as NSString).appendingPathComponent(name)
            var info = stat()
            guard lstat(full, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { continue }
            unlink(full)
        }
    }

    /// True for a name this type gives its temporaries: `.<name>.tmp-` and 16 hex digits.
    static func isTemporaryName(_ name: String) -> Bool {
        guard let range = name.range(of: ".tmp-", options: .backwards) else { return false }
        let suffix = name[range.upperBound...]
        return suffix.count == 16 && suffix.allSatisfy { $0.isHexDigit && !$0.isUppercase }
    }
}
