import Foundation
import HearthVault

/// A vault file held open for copying: the descriptor pins the file as it was when opened,
/// so a save that replaces the vault meanwhile (a rename) cannot mix two saves in one copy.
final class VaultSnapshot {
    let path: String
    let fd: Int32
    let length: UInt64
    let header: VaultHeader

    init(path: String) throws(VaultError) {
        self.path = path
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            let code = errno
            if code == ENOENT || code == ENOTDIR { throw .notFound(path: path) }
            throw .io(operation: "open the vault", errno: code)
        }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            close(fd)
            throw .notAVault(path: path)
        }
        self.fd = fd
        length = UInt64(info.st_size)
        var bytes = [UInt8](repeating: 0, count: Int(min(length, UInt64(VaultHeader.length))))
        let got = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        guard got == bytes.count else {
            close(fd)
            throw got < 0 ? .io(operation: "read the vault", errno: errno) : .damaged(detail: "the file ends early")
        }
        do {
            header = try VaultHeader.parse(bytes, path: path)
        } catch {
            close(fd)
            throw error
        }
        guard length == header.expectedFileLength else {
            close(fd)
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
