import CPlatform
import Foundation
import HearthMessages
import HearthVault
import HearthCrypto

/// Writing an explicit plaintext export: files 0600, folders 0700, never over an existing
/// file, and on a terminal a question before anything goes to a disk.
enum PlaintextOutput {
    /// On a terminal, asks before writing to a path that is not on a memory-only file system.
    static func confirmDestination(_ path: String, asked: Bool) throws {
        guard asked, Console.hasTerminal else { return }
        var folder = (path as NSString).standardizingPath
        while !FileManager.default.fileExists(atPath: folder), folder != "/", !folder.isEmpty {
            folder = PathName.folder(of: folder)
        }
        if folder.isEmpty { folder = "." }
        if hearth_is_memory_filesystem(folder) == 1 { return }
        guard Console.confirm(.plaintextOnDisk(path)) else {
            throw CLIFailure(.refused, .nothingWritten)
        }
    }

    static func write(_ files: [(path: String, text: String)], folder: String?) throws {
        for file in files where FileManager.default.fileExists(atPath: file.path) {
            throw CLIFailure(.cannotCreate, .fileExists(file.path))
        }
        if let folder {
            try makeFolder(folder)
        }
        for file in files {
            let parent = PathName.folder(of: file.path)
            if !parent.isEmpty { try makeFolder(parent) }
            let fd = open(file.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
            guard fd >= 0 else {
                let code = errno
                throw CLIFailure(code == EEXIST ? .cannotCreate : .ioError, .couldNotWrite(file.path, errno: code))
            }
            defer { close(fd) }
            var failure: Int32?
            do throws(DescriptorWriter.Failure) {
                try DescriptorWriter.writeAll(fd, file.text)
                if fsync(fd) != 0 { failure = errno }
            } catch {
                switch error {
                case .closedPipe: failure = EPIPE
                case .failed(let code): failure = code
                }
            }
            if let failure {
                // An incomplete plaintext file helps no one and must not stay on a disk.
                _ = ftruncate(fd, 0)
                unlink(file.path)
                throw Console.outputFailure(failure, path: file.path)
            }
        }
    }

    private static func makeFolder(_ path: String) throws {
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDir) {
            guard isDir.boolValue else { throw CLIFailure(.cannotCreate, .notAFolder(path)) }
            return
        }
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw CLIFailure(.cannotCreate, .couldNotCreateFolder(path))
        }
    }
}
