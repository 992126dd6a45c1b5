import CSodium

/// XChaCha20-Poly1305-IETF authenticated encryption with associated data
/// (`crypto_aead_xchacha20poly1305_ietf_*`). Random 192-bit nonces are safe.
public enum AEAD {
    public static let keyLength = Int(crypto_aead_xchacha20poly1305_ietf_KEYBYTES)
    public static let nonceLength = Int(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES)
    public static let tagLength = Int(crypto_aead_xchacha20poly1305_ietf_ABYTES)

    /// Encrypts a secret `plaintext` (for example a key being wrapped); returns ciphertext‖tag.
    public static func seal(
        _ plaintext: SecretBytes, key: SecretBytes, nonce: [UInt8], associatedData: [UInt8]
    ) throws(CryptoError) -> [UInt8] {
        try plaintext.withUnsafeBytes { (p: UnsafeRawBufferPointer) throws(CryptoError) in
            try seal(bytes: p, key: key, nonce: nonce, associatedData: associatedData)
        }
    }

    /// Encrypts raw bytes; returns ciphertext‖tag.
    public static func seal(
        bytes plaintext: UnsafeRawBufferPointer, key: SecretBytes, nonce: [UInt8], associatedData: [UInt8]
    ) throws(CryptoError) -> [UInt8] {
        try Sodium.ensureInitialized()
        try check(key: key, nonce: nonce)
        var out = [UInt8](repeating: 0, count: plaintext.count + tagLength)
        var outLength: UInt64 = 0
        let rc = out.withUnsafeMutableBytes { o in
            key.withUnsafeBytes { k in
                nonce.withUnsafeBytes { n in
                    associatedData.withUnsafeBytes { ad in
                        crypto_aead_xchacha20poly1305_ietf_encrypt(
                            o.baseAddress!.assumingMemoryBound(to: UInt8.self), &outLength,
                            plaintext.baseAddress?.assumingMemoryBound(to: UInt8.self), UInt64(plaintext.count),
                            ad.baseAddress?.assumingMemoryBound(to: UInt8.self), UInt64(associatedData.count),
                            nil, n.baseAddress!.assumingMemoryBound(to: UInt8.self),
                            k.baseAddress!.assumingMemoryBound(to: UInt8.self))
                    }
                }
            }
        }
        guard rc == 0 else { throw .authenticationFailed }
        return out
    }

    /// Decrypts ciphertext‖tag into secret memory, or throws `authenticationFailed`.
    public static func open(
        _ ciphertext: [UInt8], key: SecretBytes, nonce: [UInt8], associatedData: [UInt8]
    ) throws(CryptoError) -> SecretBytes {
        try Sodium.ensureInitialized()
        try check(key: key, nonce: nonce)
        guard ciphertext.count >= tagLength else { throw .authenticationFailed }
        let out = try SecretBytes(count: ciphertext.count - tagLength)
        var outLength: UInt64 = 0
        let rc = out.withUnsafeMutableBytes { o in
            key.withUnsafeBytes { k in
                nonce.withUnsafeBytes { n in
                    associatedData.withUnsafeBytes { ad in
                        ciphertext.withUnsafeBytes { c in
                            crypto_aead_xchacha20poly1305_ietf_decrypt(
                                o.baseAddress!.assumingMemoryBound(to: UInt8.self), &outLength, nil,
                                c.baseAddress!.assumingMemoryBound(to: UInt8.self), UInt64(c.count),
                                ad.baseAddress?.assumingMemoryBound(to: UInt8.self), UInt64(associatedData.count),
                                n.baseAddress!.assumingMemoryBound(to: UInt8.self),
                                k.baseAddress!.assumingMemoryBound(to: UInt8.self))
                        }
                    }
                }
            }
        }
        guard rc == 0 else { throw .authenticationFailed }
        return out
    }

    private static func check(key: SecretBytes, nonce: [UInt8]) throws(CryptoError) {
        guard key.count == keyLength else { throw .invalidLength(what: "key", expected: keyLength, actual: key.count) }
        guard nonce.count == nonceLength else {
            throw .invalidLength(what: "nonce", expected: nonceLength, actual: nonce.count)
        }
    }
}
