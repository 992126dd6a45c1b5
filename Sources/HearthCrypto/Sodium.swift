import CSodium

/// Errors from the crypto layer. Messages never contain key material.
public enum CryptoError: Error, Equatable, Sendable {
    /// libsodium could not initialise (no entropy source).
    case initializationFailed
    /// Secure memory could not be allocated (often: the locked-memory limit is reached).
    case secureMemoryUnavailable(bytes: Int)
    /// A ciphertext, tag or stream chunk did not authenticate: wrong key or altered data.
    case authenticationFailed
    /// An input had the wrong size for the primitive.
    case invalidLength(what: String, expected: Int, actual: Int)
    /// Argon2id parameters outside what libsodium accepts.
    case invalidKDFParameters
    /// Argon2id could not allocate its memory.
    case kdfOutOfMemory(bytes: UInt64)
}

/// Makes sure `sodium_init` has run exactly once before any libsodium call.
public enum Sodium {
    private static let status: Int32 = sodium_init()

    /// Call before using libsodium; cheap after the first call.
    public static func ensureInitialized() throws(CryptoError) {
        // sodium_init returns 0 on first success, 1 if already initialised, -1 on failure.
        if status < 0 { throw .initializationFailed }
    }

    /// The libsodium version string, for diagnostics.
    public static var versionString: String {
        String(cString: sodium_version_string())
    }
}
