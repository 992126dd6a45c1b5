import CSodium

/// BLAKE2b (`crypto_generichash`), unkeyed as a checksum or keyed as a MAC.
public enum GenericHash {
    public static let defaultLength = Int(crypto_generichash_BYTES)

    /// Unkeyed BLAKE2b of `data` (a checksum against accidental damage; not a MAC).
    public static func hash(_ data: UnsafeRawBufferPointer, length: Int = defaultLength) -> [UInt8] {
        compute(data, key: nil, length: length)
    }

    /// Keyed BLAKE2b of `data`: a MAC under `key` (16...64 bytes).
    public static func mac(_ data: UnsafeRawBufferPointer, key: SecretBytes, length: Int = defaultLength) -> [UInt8] {
        key.withUnsafeBytes { k in compute(data, key: k, length: length) }
    }

    /// Keyed BLAKE2b of `data` written straight into secret memory: a key derived from `key`
    /// and public data (a header MAC key bound to one slot table), never held in ordinary memory.
    public static func derivedKey(
        _ data: UnsafeRawBufferPointer, key: SecretBytes, length: Int = defaultLength
    ) throws(CryptoError) -> SecretBytes {
        try Sodium.ensureInitialized()
        precondition(length >= Int(crypto_generichash_BYTES_MIN) && length <= Int(crypto_generichash_BYTES_MAX))
        let out = try SecretBytes(count: length)
        out.withUnsafeMutableBytes { o in
            key.withUnsafeBytes { k in
                _ = crypto_generichash(
                    o.baseAddress!.assumingMemoryBound(to: UInt8.self), length,
                    data.baseAddress?.assumingMemoryBound(to: UInt8.self), UInt64(data.count),
                    k.baseAddress!.assumingMemoryBound(to: UInt8.self), k.count)
            }
        }
        return out
    }

    private static func compute(_ data: UnsafeRawBufferPointer, key: UnsafeRawBufferPointer?, length: Int) -> [UInt8] {
        try! Sodium.ensureInitialized()
        precondition(length >= Int(crypto_generichash_BYTES_MIN) && length <= Int(crypto_generichash_BYTES_MAX))
        var out = [UInt8](repeating: 0, count: length)
        out.withUnsafeMutableBytes { o in
            _ = crypto_generichash(
                o.baseAddress!.assumingMemoryBound(to: UInt8.self), length,
                data.baseAddress?.assumingMemoryBound(to: UInt8.self), UInt64(data.count),
                key?.baseAddress?.assumingMemoryBound(to: UInt8.self), key?.count ?? 0)
        }
        return out
    }
}
