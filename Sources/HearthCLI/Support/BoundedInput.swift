import Foundation
import HearthCrypto
import HearthMessages
import HearthRecords

#if canImport(Glibc)
import Glibc
#endif

/// The one way Hearth reads input from outside whole (stdin, an import file): up to a limit,
/// so that a huge or endless input is a clear refusal (65) instead of memory exhausted, with
/// reads interrupted by a signal retried (EINTR), and read errors thrown (74), never trapped.
/// The chunks read are wiped once joined; the caller wipes the result after use.
enum BoundedInput {
    /// The most `import` reads, from a file or stdin, and `add --json` from stdin: room for the
    /// export of a vault of some 200,000 records (100,000 mixed records export to about 60 MB).
    static let maximumImportBytes = 256 << 20
    /// The most text read from stdin as one record's text (`journal add`, a name): the text
    /// one record may hold (`RecordRules.maximumRecordTextBytes`).
    static let maximumTextBytes = RecordRules.maximumRecordTextBytes

    /// The most a draft file may hold when it is read back (a record's text and its template).
    static let maximumDraftBytes = 8 << 20

    /// A draft file (Hearth's own, or one named with `--draft`), at most `maximumDraftBytes`;
    /// nil when there is no file to open. The caller wipes the result after use.
    static func draft(_ path: String) throws -> [UInt8]? {
        let fd = retrying { open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK) }
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            throw CLIFailure(.invalidData, .draftNotAFile(path: path))
        }
        return try read(fd: fd, limit: maximumDraftBytes, what: "The draft")
    }

    /// Everything on stdin, at most `limit` bytes; `what` names the input in the refusal.
    static func standardInput(limit: Int, what: String) throws -> [UInt8] {
        try read(fd: Console.descriptors.input, limit: limit, what: what)
    }

    /// The whole file at `path`, at most `limit` bytes. A FIFO (`<(…)` in a shell) is read
    /// like stdin; a folder or device is refused.
    static func file(_ path: String, limit: Int, what: String) throws -> [UInt8] {
        let fd = retrying { open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY) }
        guard fd >= 0 else {
            let code = errno
            if code == ENOENT || code == ENOTDIR {
                throw CLIFailure(.notFound, .noFileAt(path))
            }
            throw CLIFailure(.notFound, .couldNotReadImport(path, errno: code))
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            throw CLIFailure(.ioError, .couldNotReadImport(path, errno: errno))
        }
        let type = info.st_mode & S_IFMT
        guard type == S_IFREG || type == S_IFIFO else {
            throw CLIFailure(.invalidData, .notImportable(path))
        }
        if type == S_IFREG, info.st_size > off_t(limit) {
            throw tooLarge(what, limit: limit)
        }
        return try read(fd: fd, limit: limit, what: what)
    }

    /// Reads `fd` to its end, refusing more than `limit` bytes. A regular file (stdin
    /// redirected from one, too) of more than `limit` bytes is refused before it is read.
    static func read(fd: Int32, limit: Int, what: String) throws -> [UInt8] {
        var info = stat()
        if fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG {
            let left = info.st_size - max(0, lseek(fd, 0, SEEK_CUR))
            if left > off_t(limit) { throw tooLarge(what, limit: limit) }
            // A file's size is known: read into one buffer of that size (one copy in memory).
            var whole = [UInt8](repeating: 0, count: Int(max(0, left)))
            var filled = 0
            while filled < whole.count {
                let count = whole.withUnsafeMutableBytes { raw in
                    retrying { Glibc.read(fd, raw.baseAddress! + filled, raw.count - filled) }
                }
                if count < 0 {
                    let code = errno
                    Memory.wipe(&whole)
                    throw CLIFailure(.ioError, .couldNotRead(what, errno: code))
                }
                if count == 0 { break }
                filled += count
            }
            if filled < whole.count {
                whole.removeSubrange(filled...)  // it shrank meanwhile
            } else {
                // It grew meanwhile: the rest as from a pipe, within the limit.
                var rest = try readChunks(fd: fd, limit: limit - filled, what: what)
                defer { Memory.wipe(&rest) }
                if !rest.isEmpty { whole += rest }
            }
            return whole
        }
        return try readChunks(fd: fd, limit: limit, what: what)
    }

    /// Reads a pipe (or anything without a size) to its end in chunks, refusing more than `limit` bytes.
    private static func readChunks(fd: Int32, limit: Int, what: String) throws -> [UInt8] {
        var chunks: [[UInt8]] = []
        defer { for i in chunks.indices { Memory.wipe(&chunks[i]) } }
        var total = 0
        let chunkSize = 1 << 16
        while true {
            var chunk = [UInt8](repeating: 0, count: chunkSize)
            let count = chunk.withUnsafeMutableBytes { raw in retrying { Glibc.read(fd, raw.baseAddress, chunkSize) } }
            if count < 0 {
                let code = errno
                Memory.wipe(&chunk)
                throw CLIFailure(.ioError, .couldNotRead(what, errno: code))
            }
            if count == 0 { break }
            total += count
            if total > limit {
                Memory.wipe(&chunk)
                throw tooLarge(what, limit: limit)
            }
            chunk.removeSubrange(count...)
            chunks.append(chunk)
        }
        var out: [UInt8] = []
        out.reserveCapacity(total)
        for chunk in chunks { out += chunk }
        return out
    }

    private static func tooLarge(_ what: String, limit: Int) -> CLIFailure {
        CLIFailure(.invalidData, .inputTooLarge(what, limitMiB: limit >> 20))
    }

    /// Runs a system call again while a signal interrupts it.
    private static func retrying<T: BinaryInteger>(_ call: () -> T) -> T {
        while true {
            let result = call()
            if result >= 0 || errno != EINTR { return result }
        }
    }
}
