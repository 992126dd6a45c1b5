import Foundation

/// The built `hearth` binary every test that starts it uses: `$HEARTH_BINARY` (Scripts/test
/// sets it), else the one built beside the running tests (the same build: a plain `swift test`
/// or Scripts/test's test build), else the package's debug build.
public enum HearthBinary {
    public static let path: String = {
        if let path = ProcessInfo.processInfo.environment["HEARTH_BINARY"], !path.isEmpty { return path }
        if let tests = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            let beside = URL(fileURLWithPath: tests).deletingLastPathComponent().appendingPathComponent("hearth").path
            if FileManager.default.isExecutableFile(atPath: beside) { return beside }
        }
        return packageRoot.appendingPathComponent(".build/debug/hearth").path
    }()

    /// The package's root folder, for files committed with the tests.
    public static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// True when the binary is there to start (tests that need it are skipped, with that reason, when not).
    public static var isBuilt: Bool { FileManager.default.isExecutableFile(atPath: path) }
}

/// Unnamed files for a run's stdin, stdout and stderr: made in /dev/shm when there is one
/// (memory, never a disk), unlinked at once, read back by descriptor.
public enum ScratchFile {
    /// A new, already unlinked, read-write file (close-on-exec).
    public static func make(containing bytes: [UInt8] = []) -> Int32 {
        let base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : NSTemporaryDirectory()
        var template = Array((base + "/hearth-test-io-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        precondition(fd >= 0, "mkstemp failed")
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + offset, bytes.count - offset) }
            precondition(n > 0, "write failed")
            offset += n
        }
        lseek(fd, 0, SEEK_SET)
        return fd
    }

    /// Everything in the file from its start; closes it.
    public static func readAll(_ fd: Int32) -> [UInt8] {
        defer { close(fd) }
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        lseek(fd, 0, SEEK_SET)
        while true {
            let n = read(fd, &buffer, buffer.count)
            if n < 0, errno == EINTR { continue }
            if n <= 0 { break }
            out += buffer[0..<n]
        }
        return out
    }
}
