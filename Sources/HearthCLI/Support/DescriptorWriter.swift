import Foundation

/// The one way Hearth writes bytes to stdout, stderr, the terminal or a plaintext export:
/// a short write is continued, EINTR is retried, a non-blocking descriptor is waited on, and
/// every failure comes back as a value. (Foundation's `FileHandle.write` kills the process on
/// a closed pipe or a full disk.)
enum DescriptorWriter {
    enum Failure: Error, Equatable {
        /// The reader went away (`hearth journal list | head -1`): not an error to report.
        case closedPipe
        /// Any other failure, with its errno (ENOSPC, EIO, EBADF...).
        case failed(Int32)
    }

    static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) throws(Failure) {
        guard let base = bytes.baseAddress else { return }
        var offset = 0
        while offset < bytes.count {
            let n = Foundation.write(fd, base + offset, bytes.count - offset)
            if n > 0 {
                offset += n
                continue
            }
            let code = n == 0 ? EIO : errno
            switch code {
            case EINTR: continue
            case EAGAIN:
                var ready = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
                _ = poll(&ready, 1, 1000)
            case EPIPE: throw .closedPipe
            default: throw .failed(code)
            }
        }
    }

    static func writeAll(_ fd: Int32, _ text: String) throws(Failure) {
        var text = text
        // withUTF8 writes from the string's own storage: no second copy of record text.
        let result: Failure? = text.withUTF8 { utf8 in
            do throws(Failure) {
                try writeAll(fd, UnsafeRawBufferPointer(utf8))
                return nil
            } catch {
                return error
            }
        }
        if let result { throw result }
    }
}

/// Stdout was closed by its reader. `HearthCommand.run` ends the process as `cat` would, by
/// SIGPIPE, once every cleanup on the way up has run, and says nothing.
struct OutputClosed: Error {}
