import CSodium

/// `crypto_secretstream_xchacha20poly1305`: a sequence of authenticated chunks in which
/// reordering, dropping and truncation are detected. The stream state holds key material
/// and therefore lives in secret memory.
public enum SecretStream {
    public static let keyLength = Int(crypto_secretstream_xchacha20poly1305_KEYBYTES)
    public static let headerLength = Int(crypto_secretstream_xchacha20poly1305_HEADERBYTES)
    /// Bytes a chunk's ciphertext adds to its plaintext (17).
    public static let overhead = Int(crypto_secretstream_xchacha20poly1305_ABYTES)

    /// The tag a chunk carries.
    public enum Tag: UInt8, Sendable {
        case message = 0
        case push = 1
        case rekey = 2
        case final = 3
    }

    fileprivate static let stateSize = MemoryLayout<crypto_secretstream_xchacha20poly1305_state>.size
}

/// Encrypts a stream chunk by chunk.
public final class SecretStreamPusher {
    private let state: SecretBytes
    /// The 24-byte stream header, stored before the first chunk.
    public let header: [UInt8]

    public init(key: SecretBytes) throws(CryptoError) {
        try Sodium.ensureInitialized()
        guard key.count == SecretStream.keyLength else {
            throw .invalidLength(what: "stream key", expected: SecretStream.keyLength, actual: key.count)
        }
        state = try SecretBytes(count: SecretStream.stateSize)
        var header = [UInt8](repeating: 0, count: SecretStream.headerLength)
        let rc = state.withUnsafeMutableBytes { s in
            key.withUnsafeBytes { k in
                header.withUnsafeMutableBytes { h in
                    crypto_secretstream_xchacha20poly1305_init_push(
                        s.baseAddress!.assumingMemoryBound(to: crypto_secretstream_xchacha20poly1305_state.self),
                        h.baseAddress!.assumingMemoryBound(to: UInt8.self),
                        k.baseAddress!.assumingMemoryBound(to: UInt8.self))
                }
            }
        }
        guard rc == 0 else { throw .initializationFailed }
        self.header = header
    }

    /// Encrypts `message` into `output`, which must hold exactly `message.count + overhead` bytes.
    public func push(
        _ message: UnsafeRawBufferPointer, associatedData: [UInt8], tag: SecretStream.Tag,
        into output: UnsafeMutableRawBufferPointer
    ) throws(CryptoError) {
        let expected = message.count + SecretStream.overhead
        guard output.count == expected else {
            throw .invalidLength(what: "stream chunk", expected: expected, actual: output.count)
        }
        var written: UInt64 = 0
        let rc = state.withUnsafeMutableBytes { s in
            associatedData.withUnsafeBytes { ad in
                crypto_secretstream_xchacha20poly1305_push(
                    s.baseAddress!.assumingMemoryBound(to: crypto_secretstream_xchacha20poly1305_state.self),
                    output.baseAddress!.assumingMemoryBound(to: UInt8.self), &written,
                    message.baseAddress?.assumingMemoryBound(to: UInt8.self), UInt64(message.count),
                    ad.baseAddress?.assumingMemoryBound(to: UInt8.self), UInt64(associatedData.count),
                    tag.rawValue)
            }
        }
        guard rc == 0, written == UInt64(expected) else { throw .authenticationFailed }
    }
}

/// Decrypts and authenticates a stream chunk by chunk.
public final class SecretStreamPuller {
    private let state: SecretBytes

    public init(key: SecretBytes, header: [UInt8]) throws(CryptoError) {
        try Sodium.ensureInitialized()
        guard key.count == SecretStream.keyLength else {
            throw .invalidLength(what: "stream key", expected: SecretStream.keyLength, actual: key.count)
        }
        guard header.count == SecretStream.headerLength else {
            throw .invalidLength(what: "stream header", expected: SecretStream.headerLength, actual: header.count)
        }
        state = try SecretBytes(count: SecretStream.stateSize)
        let rc = state.withUnsafeMutableBytes { s in
            key.withUnsafeBytes { k in
                header.withUnsafeBytes { h in
                    crypto_secretstream_xchacha20poly1305_init_pull(
                        s.baseAddress!.assumingMemoryBound(to: crypto_secretstream_xchacha20poly1305_state.self),
                        h.baseAddress!.assumingMemoryBound(to: UInt8.self),
                        k.baseAddress!.assumingMemoryBound(to: UInt8.self))
                }
            }
        }
        guard rc == 0 else { throw .authenticationFailed }
    }

    /// Decrypts one chunk into `output` (exactly `ciphertext.count - overhead` bytes) and
    /// returns its tag. Throws `authenticationFailed` for any altered, reordered or foreign chunk.
    public func pull(
        _ ciphertext: UnsafeRawBufferPointer, associatedData: [UInt8], into output: UnsafeMutableRawBufferPointer
    ) throws(CryptoError) -> SecretStream.Tag {
        guard ciphertext.count >= SecretStream.overhead else { throw .authenticationFailed }
        let expected = ciphertext.count - SecretStream.overhead
        guard output.count == expected else {
            throw .invalidLength(what: "stream output", expected: expected, actual: output.count)
        }
        var written: UInt64 = 0
        var tag: UInt8 = 0
        // An output of zero bytes may have no base address; libsodium still needs a pointer.
        var scratch: UInt8 = 0
        let rc = state.withUnsafeMutableBytes { s in
            associatedData.withUnsafeBytes { ad in
                crypto_secretstream_xchacha20poly1305_pull(
                    s.baseAddress!.assumingMemoryBound(to: crypto_secretstream_xchacha20poly1305_state.self),
                    output.baseAddress?.assumingMemoryBound(to: UInt8.self) ?? withUnsafeMutablePointer(to: &scratch) { $0 },
                    &written, &tag,
                    ciphertext.baseAddress!.assumingMemoryBound(to: UInt8.self), UInt64(ciphertext.count),
                    ad.baseAddress?.assumingMemoryBound(to: UInt8.self), UInt64(associatedData.count))
            }
        }
        guard rc == 0, written == UInt64(expected), let parsed = SecretStream.Tag(rawValue: tag) else {
            throw .authenticationFailed
        }
        return parsed
    }
}
