import CSodium

/// Bytes that must stay secret: keys, passphrases, recovery keys.
///
/// Stored in `sodium_malloc` memory (guard pages, `mlock`ed when the system allows it: see
/// `SecretMemory`), zeroed and freed by `sodium_free`. It is deliberately not `Codable`,
/// and its description never shows the contents. `==` is constant-time.
public final class SecretBytes: @unchecked Sendable, Equatable, CustomStringConvertible,
    CustomDebugStringConvertible
{
    private let pointer: UnsafeMutableRawPointer
    /// Number of secret bytes.
    public let count: Int

    /// Zero-filled secret memory of `count` bytes.
    public init(count: Int) throws(CryptoError) {
        try Sodium.ensureInitialized()
        precondition(count >= 0)
        guard let p = sodium_malloc(Swift.max(count, 1)) else {
            throw .secureMemoryUnavailable(bytes: count)
        }
        sodium_memzero(p, Swift.max(count, 1))
        SecretMemory.lock(p, count: Swift.max(count, 1))
        self.pointer = p
        self.count = count
    }

    /// Fresh random secret bytes from the system's CSPRNG.
    public convenience init(randomCount count: Int) throws(CryptoError) {
        try self.init(count: count)
        randombytes_buf(pointer, count)
    }

    /// Copies `bytes` into secret memory. The caller stays responsible for wiping its copy.
    public convenience init(copying bytes: UnsafeRawBufferPointer) throws(CryptoError) {
        try self.init(count: bytes.count)
        if let base = bytes.baseAddress, bytes.count > 0 {
            pointer.copyMemory(from: base, byteCount: bytes.count)
        }
    }

    /// Copies `bytes` into secret memory. Meant for tests and fixed vectors only.
    public convenience init(copying bytes: [UInt8]) throws(CryptoError) {
        try self.init(count: bytes.count)
        if !bytes.isEmpty { bytes.withUnsafeBytes { pointer.copyMemory(from: $0.baseAddress!, byteCount: bytes.count) } }
    }

    deinit { sodium_free(pointer) }

    /// Read access to the secret bytes; do not let the pointer escape.
    public func withUnsafeBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        try body(UnsafeRawBufferPointer(start: pointer, count: count))
    }

    /// Write access to the secret bytes; do not let the pointer escape.
    public func withUnsafeMutableBytes<R, E: Error>(_ body: (UnsafeMutableRawBufferPointer) throws(E) -> R) throws(E) -> R {
        try body(UnsafeMutableRawBufferPointer(start: pointer, count: count))
    }

    /// A new secret holding the first `length` bytes (for trimming a read buffer).
    public func prefix(_ length: Int) throws(CryptoError) -> SecretBytes {
        precondition(length >= 0 && length <= count)
        let result = try SecretBytes(count: length)
        if length > 0 { result.pointer.copyMemory(from: pointer, byteCount: length) }
        return result
    }

    /// Constant-time comparison (`sodium_memcmp`); different lengths compare unequal.
    public static func == (lhs: SecretBytes, rhs: SecretBytes) -> Bool {
        guard lhs.count == rhs.count else { return false }
        if lhs.count == 0 { return true }
        return sodium_memcmp(lhs.pointer, rhs.pointer, lhs.count) == 0
    }

    public var description: String { "SecretBytes(\(count) bytes, redacted)" }
    public var debugDescription: String { description }
}

/// Helpers for wiping ordinary memory that held plaintext.
public enum Memory {
    /// Zeroes an array's storage in a way the compiler does not remove.
    public static func wipe(_ bytes: inout [UInt8]) {
        bytes.withUnsafeMutableBytes { raw in
            if let base = raw.baseAddress, raw.count > 0 { sodium_memzero(base, raw.count) }
        }
    }

    /// Zeroes a raw buffer in a way the compiler does not remove.
    public static func wipe(_ buffer: UnsafeMutableRawBufferPointer) {
        if let base = buffer.baseAddress, buffer.count > 0 { sodium_memzero(base, buffer.count) }
    }

    /// Constant-time comparison of two equal-length byte buffers.
    public static func constantTimeEqual(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        guard a.count == b.count else { return false }
        if a.count == 0 { return true }
        return sodium_memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0
    }
}
