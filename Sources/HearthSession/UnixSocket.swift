import CPlatform
import Foundation
import HearthCrypto

/// Small wrappers over `AF_UNIX`, `SOCK_SEQPACKET` sockets: one message per call, with
/// send/receive time limits so that neither side can be made to wait for ever.
enum UnixSocket {
    static let socketType = Int32(SOCK_SEQPACKET.rawValue)

    /// Fills a `sockaddr_un`; nil when the path does not fit.
    static func address(_ path: String) -> sockaddr_un? {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard bytes.count < capacity else { return nil }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        return address
    }

    static func setTimeouts(_ fd: Int32, seconds: Int) {
        var limit = timeval(tv_sec: seconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
    }

    /// Connects to `path`; returns the descriptor or nil (no agent there, or it did not answer).
    static func connect(to path: String, timeoutSeconds: Int = 2) -> Int32? {
        guard var address = address(path) else { return nil }
        let fd = socket(AF_UNIX, socketType | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return nil }
        setTimeouts(fd, seconds: timeoutSeconds)
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Foundation.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard rc == 0 else {
            close(fd)
            return nil
        }
        return fd
    }

    /// Peer uid and pid (SO_PEERCRED), as the kernel recorded them at connect time.
    static func peer(_ fd: Int32) -> (uid: uid_t, pid: pid_t)? {
        var uid: uid_t = 0
        var pid: pid_t = 0
        guard hearth_peer_credentials(fd, &uid, &pid) == 0 else { return nil }
        return (uid, pid)
    }

    /// Sends one message; true when all of it went.
    static func send(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Bool {
        while true {
            let n = Foundation.send(fd, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL))
            if n < 0, errno == EINTR { continue }
            return n == bytes.count
        }
    }

    static func send(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { send(fd, $0) }
    }

    /// Receives one message into `buffer`; returns its true length (which may exceed the
    /// buffer: `MSG_TRUNC`), 0 at end of stream, or -1 on error or time-out.
    static func receive(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) -> Int {
        while true {
            let n = recv(fd, buffer.baseAddress, buffer.count, Int32(MSG_TRUNC))
            if n < 0, errno == EINTR { continue }
            return n
        }
    }
}
