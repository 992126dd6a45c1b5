import CSodium

/// Subkeys from a master key (`crypto_kdf_derive_from_key`, BLAKE2b based).
/// Each use gets its own 8-byte context and subkey id, so keys never serve two purposes.
public enum KeyDerivation {
    public static let masterKeyLength = Int(crypto_kdf_KEYBYTES)
    public static let contextLength = Int(crypto_kdf_CONTEXTBYTES)

    /// Derives a `length`-byte subkey (16...64) for `subkeyID` under an 8-character `context`.
    public static func deriveSubkey(
        from masterKey: SecretBytes, subkeyID: UInt64, context: String, length: Int = 32
    ) throws(CryptoError) -> SecretBytes {
        try Sodium.ensureInitialized()
        let ctx = Array(context.utf8)
        guard ctx.count == contextLength else {
            throw .invalidLength(what: "kdf context", expected: contextLength, actual: ctx.count)
        }
        guard masterKey.count == masterKeyLength else {
            throw .invalidLength(what: "master key", expected: masterKeyLength, actual: masterKey.count)
        }
        guard length >= Int(crypto_kdf_BYTES_MIN), length <= Int(crypto_kdf_BYTES_MAX) else {
            throw .invalidLength(what: "subkey", expected: 32, actual: length)
        }
        let subkey = try SecretBytes(count: length)
        let rc = subkey.withUnsafeMutableBytes { out in
            masterKey.withUnsafeBytes { mk in
                ctx.withUnsafeBytes { c in
                    crypto_kdf_derive_from_key(
                        out.baseAddress!.assumingMemoryBound(to: UInt8.self), length, subkeyID,
                        c.baseAddress!.assumingMemoryBound(to: CChar.self),
                        mk.baseAddress!.assumingMemoryBound(to: UInt8.self))
                }
            }
        }
        guard rc == 0 else { throw .invalidKDFParameters }
        return subkey
    }
}
