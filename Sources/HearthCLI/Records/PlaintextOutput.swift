import CPlatform
import Foundation
import HearthCrypto

/// Writing an explicit plaintext export: files 0600, folders 0700, never over an existing
/// file, and on a terminal a question before anything goes to a disk.
enum PlaintextOutput {
    /// On a terminal, asks before writing to a path that is not on a memory-only file system.
    static func confirmDestination(_ path: String, asked: Bool) throws {
        guard asked, Console.hasTerminal else { return }
        var folder = (path as NSString).standardizingPath
        while !FileManager.default.fileExists(atPath: folder), folder != "/", !folder.isEmpty {
            folder = (folder as NSString).deletingLastPathComponent
        }
        if folder.isEmpty { folder = "." }
        if hearth_is_memory_filesystem(folder) == 1 { return }
        guard Console.confirm("\(path) is on a disk, so your records would be stored there unencrypted. Write it anyway?") else {
            throw CLIFailure(.refused, "Nothing was written.")
        }
    }

    static func write(_ files: [(path: String, text: String)], folder: String?) throws {
        for file in files where FileManager.default.fileExists(atPath: file.path) {
            throw CLIFailure(.cannotCreate, "\(file.path) already exists; it was left as it is. Choose another name. Nothing was written.")
        }
        if let folder {
            try makeFolder(folder)
        }
        for file in files {
            let parent = (file.path as NSString).deletingLastPathComponent
            if !parent.isEmpty { try makeFolder(parent) }
            let fd = open(file.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
            guard fd >= 0 else {
                let code = errno
                throw CLIFailure(code == EEXIST ? .cannotCreate : .ioError,
                                 "Could not write \(file.path) (\(FailureReport.describe(errno: code))).")
            }
            defer { close(fd) }
            var bytes = Array(file.text.utf8)
            defer { Memory.wipe(&bytes) }
            var offset = 0
            while offset < bytes.count {
                let n = bytes.withUnsafeBytes { Foundation.write(fd, $0.baseAddress! + offset, $0.count - offset) }
                if n < 0 {
                    if errno == EINTR { continue }
                    throw CLIFailure(.ioError, "Could not write \(file.path) (\(FailureReport.describe(errno: errno))). The file may be incomplete; please delete it.")
                }
                offset += n
            }
            guard fsync(fd) == 0 else {
                throw CLIFailure(.ioError, "Could not finish writing \(file.path) (\(FailureReport.describe(errno: errno))).")
            }
        }
    }

    private static func makeFolder(_ path: String) throws {
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDir) {
            guard isDir.boolValue else { throw CLIFailure(.cannotCreate, "\(path) is a file, not a folder. Nothing more was written.") }
            return
        }
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw CLIFailure(.cannotCreate, "Could not create the folder \(path). Nothing more was written.")
        }
    }
}
