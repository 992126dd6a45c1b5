import Foundation
import HearthCrypto

/// What `hearth unlock` tells the agent it starts, written to a pipe (never argv or the
/// environment). Everything but the key is plain facts; the key comes last and is read
/// straight into secret memory.
///
///     "HRTHAGT3", vault id (16), epoch, idle seconds, maximum seconds, session leader pid,
///     its start time (clock ticks), flags (bit 0: keep over suspend), the key-table digest T (32) that unlock verified with the
///     master key, then three strings (u16 length + UTF-8): the session folder, the vault
///     path, the login session's state file; then the session's key material (81 bytes,
///     `SessionKey`: for a version-2 vault the payload key and one key table's MAC key, never
///     the epoch key).
public struct SessionHandover: Sendable {
    public static let magic = Array("HRTHAGT4".utf8)
    static let longestString = 4096

    public var vaultID: [UInt8]
    public var epoch: UInt64
    /// The vault's key-table digest T as `unlock` verified it (`VaultHeader.keyTableDigest`).
    public var slotTableDigest: [UInt8]
    public var idleSeconds: UInt64
    /// Stay unlocked when the machine sleeps (`unlock --keep-over-suspend`); by default a
    /// suspend or hibernation locks.
    public var keepOverSuspend: Bool = false
    public var maximumSeconds: UInt64
    public var sessionEnd: SessionEndWatch.Marks
    public var folder: String
    public var vaultPath: String

    public init(
        vaultID: [UInt8], epoch: UInt64, slotTableDigest: [UInt8], idleSeconds: UInt64, maximumSeconds: UInt64,
        sessionEnd: SessionEndWatch.Marks, folder: String, vaultPath: String
    ) {
        precondition(slotTableDigest.count == SessionProtocol.digestLength)
        self.vaultID = vaultID
        self.epoch = epoch
        self.slotTableDigest = slotTableDigest
        self.idleSeconds = idleSeconds
        self.maximumSeconds = maximumSeconds
        self.sessionEnd = sessionEnd
        self.folder = folder
        self.vaultPath = vaultPath
    }

    /// The plain part (everything before the key).
    func encodedFacts() -> [UInt8] {
        var out = Self.magic + vaultID
        let flags: UInt64 = keepOverSuspend ? 1 : 0
        for value in [epoch, idleSeconds, maximumSeconds, UInt64(sessionEnd.leaderPID), sessionEnd.leaderStartTicks, flags] {
            out += BigEndian.bytes(value)
        }
        out += slotTableDigest
        for text in [folder, vaultPath, sessionEnd.loginSessionFile] {
            let bytes = Array(text.utf8.prefix(Self.longestString))
            out += [UInt8(bytes.count >> 8), UInt8(bytes.count & 0xFF)] + bytes
        }
        return out
    }

    /// Writes the facts, then the key straight from secret memory.
    public func write(to fd: Int32, key: SecretBytes) -> Bool {
        let facts = encodedFacts()
        guard facts.withUnsafeBytes({ Pipe.writeAll(fd, $0) }) else { return false }
        return key.withUnsafeBytes { Pipe.writeAll(fd, $0) }
    }

    /// Reads a hand-over; nil when it is cut short or does not have the expected shape.
    public static func read(from fd: Int32) -> (SessionHandover, SecretBytes)? {
        guard let head = Pipe.readExactly(fd, count: magic.count + 16 + 8 * 6), Array(head.prefix(8)) == magic else {
            return nil
        }
        let id = Array(head[8..<24])
        let numbers = (0..<6).map { BigEndian.uint64(head, at: 24 + 8 * $0) }
        guard numbers[5] <= 1 else { return nil }
        guard let digest = Pipe.readExactly(fd, count: SessionProtocol.digestLength) else { return nil }
        var strings: [String] = []
        for _ in 0..<3 {
            guard let length = Pipe.readExactly(fd, count: 2) else { return nil }
            let count = Int(length[0]) << 8 | Int(length[1])
            guard count <= longestString, let bytes = Pipe.readExactly(fd, count: count) else { return nil }
            strings.append(String(decoding: bytes, as: UTF8.self))
        }
        guard numbers[3] <= UInt64(Int32.max), let key = try? SecretBytes(count: SessionProtocol.keyLength) else {
            return nil
        }
        let complete = key.withUnsafeMutableBytes { Pipe.readExactly(fd, into: $0) }
        guard complete else { return nil }
        let marks = SessionEndWatch.Marks(
            leaderPID: Int32(numbers[3]), leaderStartTicks: numbers[4], loginSessionFile: strings[2])
        var handover = SessionHandover(
            vaultID: id, epoch: numbers[0], slotTableDigest: digest, idleSeconds: numbers[1], maximumSeconds: numbers[2],
            sessionEnd: marks, folder: strings[0], vaultPath: strings[1])
        handover.keepOverSuspend = numbers[5] == 1
        return (handover, key)
    }
}

/// Blocking reads and writes on pipes, with EINTR handled.
enum Pipe {
    static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let n = Foundation.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if n < 0, errno == EINTR { continue }
            if n <= 0 { return false }
            offset += n
        }
        return true
    }

    static func readExactly(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) -> Bool {
        var offset = 0
        while offset < buffer.count {
            let n = Foundation.read(fd, buffer.baseAddress! + offset, buffer.count - offset)
            if n < 0, errno == EINTR { continue }
            if n <= 0 { return false }
            offset += n
        }
        return true
    }

    static func readExactly(_ fd: Int32, count: Int) -> [UInt8]? {
        var bytes = [UInt8](repeating: 0, count: count)
        let ok = count == 0 || bytes.withUnsafeMutableBytes { readExactly(fd, into: $0) }
        return ok ? bytes : nil
    }
}
