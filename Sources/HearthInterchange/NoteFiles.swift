import Foundation
import HearthCrypto

#if canImport(Glibc)
import Glibc
#endif

/// Gathers the notes an import reads: the files named, and in each folder named every Markdown
/// file below it (`.md`, `.markdown`), in name order. Hidden files and folders (`.obsidian`,
/// `.trash`, `.git`) are passed over, and symbolic links inside a folder are not followed (a
/// link could lead out of the folder or round in a circle). Bounded: at most `maximumFiles`
/// files, `maximumDepth` folders deep, `maximumFileBytes` a file (more cannot be one record)
/// and `maximumTotalBytes` in all. A file that cannot be used is skipped and named; only a
/// path that was named and is not there stops the import.
public enum NoteFiles {
    public static let maximumFiles = 100_000
    public static let maximumDepth = 64
    public static let maximumFileBytes = 4 << 20
    public static let maximumTotalBytes = 256 << 20

    public enum Failure: Error, Equatable {
        /// A named path is not there.
        case notFound(String)
        /// More files, or more bytes, than one import reads.
        case tooMuch(String)
    }

    public struct Gathered: Sendable {
        public var files: [NoteFile] = []
        public var skipped: [SkippedInput] = []
    }

    /// `markdownOnly`: in folders, only Markdown files are taken (a file named directly is
    /// always taken).
    public static func gather(_ paths: [String], markdownOnly: Bool = true) throws(Failure) -> Gathered {
        var gathered = Gathered()
        var total = 0
        for path in paths {
            var info = stat()
            guard stat(path, &info) == 0 else { throw .notFound(path) }
            if info.st_mode & S_IFMT == S_IFDIR {
                try walk(path, depth: 0, markdownOnly: markdownOnly, into: &gathered, total: &total)
            } else {
                try take(path, followLink: true, into: &gathered, total: &total)
            }
        }
        return gathered
    }

    private static func walk(_ folder: String, depth: Int, markdownOnly: Bool, into gathered: inout Gathered, total: inout Int) throws(Failure) {
        guard depth < maximumDepth else {
            gathered.skipped.append(.init(place: folder, reason: "folders nested more than \(maximumDepth) deep"))
            return
        }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        } catch {
            gathered.skipped.append(.init(place: folder, reason: "the folder could not be read"))
            return
        }
        for name in names where !name.hasPrefix(".") {
            let path = (folder as NSString).appendingPathComponent(name)
            var info = stat()
            guard lstat(path, &info) == 0 else { continue }
            switch info.st_mode & S_IFMT {
            case S_IFDIR:
                try walk(path, depth: depth + 1, markdownOnly: markdownOnly, into: &gathered, total: &total)
            case S_IFREG:
                let ext = (name as NSString).pathExtension.lowercased()
                guard !markdownOnly || ext == "md" || ext == "markdown" else { continue }
                try take(path, followLink: false, into: &gathered, total: &total)
            default:
                continue  // links, devices, sockets
            }
        }
    }

    private static func take(_ path: String, followLink: Bool, into gathered: inout Gathered, total: inout Int) throws(Failure) {
        guard gathered.files.count < maximumFiles else { throw .tooMuch("more than \(maximumFiles) files") }
        switch read(path, followLink: followLink) {
        case .success(let (bytes, modified)):
            total += bytes.count
            guard total <= maximumTotalBytes else {
                var spent = bytes
                Memory.wipe(&spent)
                throw .tooMuch("more than \(maximumTotalBytes >> 20) MiB of notes")
            }
            gathered.files.append(NoteFile(path: path, bytes: bytes, modified: modified))
        case .failure(let skipped):
            gathered.skipped.append(skipped)
        }
    }

    /// The file's bytes and modification time.
    static func read(_ path: String, followLink: Bool) -> Result<([UInt8], Date), SkippedInput> {
        func skip(_ reason: String) -> Result<([UInt8], Date), SkippedInput> { .failure(.init(place: path, reason: reason)) }
        let flags = O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK | (followLink ? 0 : O_NOFOLLOW)
        let fd = open(path, flags)
        guard fd >= 0 else { return skip("could not be read (\(String(cString: strerror(errno))))") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return skip("not a regular file") }
        guard info.st_size <= off_t(maximumFileBytes) else { return skip("larger than \(maximumFileBytes >> 20) MiB") }
        var bytes = [UInt8](repeating: 0, count: Int(info.st_size))
        var filled = 0
        while filled < bytes.count {
            let n = bytes.withUnsafeMutableBytes { raw in Glibc.read(fd, raw.baseAddress! + filled, raw.count - filled) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { break }
            filled += n
        }
        guard filled == bytes.count else {
            Memory.wipe(&bytes)
            return skip("could not be read whole")
        }
        let modified = Date(timeIntervalSince1970: TimeInterval(info.st_mtim.tv_sec))
        return .success((bytes, modified))
    }
}
