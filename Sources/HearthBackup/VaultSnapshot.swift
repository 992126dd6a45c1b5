import Foundation
import HearthVault

/// A vault file held open for copying: the descriptor pins the file as it was when opened,
/// so a save that replaces the vault meanwhile (a rename) cannot mix two saves in one copy.
///
/// The path may come from outside (a file on a drive): it is opened without blocking and must be
/// a regular file (`UntrustedFile`); `followingLinks: false` also refuses a link.
final class VaultSnapshot {
    let path: String
    let fd: Int32
    let length: UInt64
    let header: VaultHeader
    /// The file that was opened (device and inode), to recognise it later by its name.
    let identity: FileIdentity
    /// Its modification time when opened.
    let modified: Date

    init(path: String, followingLinks: Bool = true) throws(VaultError) {
        self.path = path
        let (fd, info) = try UntrustedFile.openRegular(path, followingLinks: followingLinks)
        self.fd = fd
        identity = FileIdentity(info)
        modified = Date(timeIntervalSince1970: TimeInterval(info.st_mtim.tv_sec))
        length = UInt64(info.st_size)
        var bytes = [UInt8](repeating: 0, count: Int(min(length, UInt64(VaultHeader.length))))
        var got: Int
        repeat { got = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) } } while got < 0 && errno == EINTR
        guard got == bytes.count else {
            let code = errno
            close(fd)
            throw got < 0 ? .io(operation: "read the vault", errno: code) : .damaged(detail: "the file ends early")
        }
        do {
            header = try VaultHeader.parse(bytes, path: path)
        } catch {
            close(fd)
            throw error
        }
        // Every property is set: a throw from here on runs deinit, which closes the descriptor
        // (closing it here too would close whatever file another thread opened meanwhile).
        guard length == header.expectedFileLength else {
            throw .damaged(detail: length < header.expectedFileLength
                ? "the file is shorter than its header says (truncated)" : "there are extra bytes after the end of the vault")
        }
    }

    deinit { close(fd) }

    /// The same file, by a path any open() can use (the descriptor, not the name).
    var pinnedPath: String { "/dev/fd/\(fd)" }

    /// Copies every byte of the file to `write`, in blocks of 1 MiB.
    func copy(to write: (UnsafeRawBufferPointer) throws(VaultError) -> Void) throws(VaultError) {
        let blockSize = 1 << 20
        let block = UnsafeMutableRawBufferPointer.allocate(byteCount: blockSize, alignment: 16)
        defer { block.deallocate() }
        var offset: UInt64 = 0
        while offset < length {
            let want = Int(min(UInt64(blockSize), length - offset))
            let n = pread(fd, block.baseAddress, want, off_t(offset))
            if n < 0 {
                if errno == EINTR { continue }
                throw .io(operation: "read the vault", errno: errno)
            }
            if n == 0 { throw .damaged(detail: "the file ends early") }
            try write(UnsafeRawBufferPointer(rebasing: block[0..<n]))
            offset += UInt64(n)
        }
    }
}
