import CSodium

/// Argon2id cost: time cost (`opslimit`, passes) and memory in bytes.
public struct Argon2idParameters: Equatable, Hashable, Sendable {
    public var opsLimit: UInt64
    public var memLimitBytes: UInt64

    public init(opsLimit: UInt64, memLimitBytes: UInt64) {
        self.opsLimit = opsLimit
        self.memLimitBytes = memLimitBytes
    }

    /// libsodium's INTERACTIVE preset (2 passes, 64 MiB). Fast; for tests and weak machines.
    public static let interactive = Argon2idParameters(
        opsLimit: UInt64(crypto_pwhash_argon2id_OPSLIMIT_INTERACTIVE),
        memLimitBytes: UInt64(crypto_pwhash_argon2id_MEMLIMIT_INTERACTIVE))
    /// libsodium's MODERATE preset (3 passes, 256 MiB).
    public static let moderate = Argon2idParameters(
        opsLimit: UInt64(crypto_pwhash_argon2id_OPSLIMIT_MODERATE),
        memLimitBytes: UInt64(crypto_pwhash_argon2id_MEMLIMIT_MODERATE))
    /// libsodium's SENSITIVE preset (4 passes, 1 GiB).
    public static let sensitive = Argon2idParameters(
        opsLimit: UInt64(crypto_pwhash_argon2id_OPSLIMIT_SENSITIVE),
        memLimitBytes: UInt64(crypto_pwhash_argon2id_MEMLIMIT_SENSITIVE))

    /// Smallest and largest costs Hearth accepts when reading a file. Anything outside is
    /// treated as damage before a single byte is allocated, so a hostile header cannot ask
    /// for a terabyte of memory or hours of work.
    public static let minimumMemory: UInt64 = 8 << 20
    public static let maximumMemory: UInt64 = 1 << 30
    public static let minimumOps: UInt64 = UInt64(crypto_pwhash_argon2id_OPSLIMIT_MIN)
    public static let maximumOps: UInt64 = 32
    /// Passes × memory of one slot at most: twice libsodium's SENSITIVE preset (4 × 1 GiB),
    /// so that one slot never costs more than a few seconds before it can fail.
    public static let maximumWork: UInt64 = 8 << 30

    /// True when the cost lies within the bounds above.
    public var isWithinReadBounds: Bool {
        (Self.minimumOps...Self.maximumOps).contains(opsLimit)
            && (Self.minimumMemory...Self.maximumMemory).contains(memLimitBytes)
            && memLimitBytes % 1024 == 0
            && opsLimit * memLimitBytes <= Self.maximumWork
    }

    /// True when this cost is at least libsodium's MODERATE work (passes × memory).
    public var isAtLeastModerate: Bool {
        let moderate = Self.moderate
        return memLimitBytes >= moderate.memLimitBytes
            && opsLimit.multipliedReportingOverflow(by: memLimitBytes >> 20).partialValue
                >= moderate.opsLimit * (moderate.memLimitBytes >> 20)
    }
}

/// Passphrase-based key derivation with Argon2id v1.3 (`crypto_pwhash`, ALG_ARGON2ID13).
public enum PasswordHash {
    /// Salt length in bytes (16).
    public static let saltLength = Int(crypto_pwhash_argon2id_SALTBYTES)

    /// Derives `keyLength` bytes from `passphrase` and `salt` at the given cost.
    /// The result lives in secret memory.
    public static func deriveKey(
        passphrase: SecretBytes, salt: [UInt8], parameters: Argon2idParameters, keyLength: Int = 32
    ) throws(CryptoError) -> SecretBytes {
        try Sodium.ensureInitialized()
        guard salt.count == saltLength else {
            throw .invalidLength(what: "salt", expected: saltLength, actual: salt.count)
        }
        guard parameters.opsLimit >= UInt64(crypto_pwhash_argon2id_OPSLIMIT_MIN),
              parameters.memLimitBytes >= UInt64(crypto_pwhash_argon2id_MEMLIMIT_MIN),
              parameters.memLimitBytes <= UInt64(Int.max)
        else { throw .invalidKDFParameters }
        let key = try SecretBytes(count: keyLength)
        let result: Int32 = key.withUnsafeMutableBytes { out in
            passphrase.withUnsafeBytes { pw in
                salt.withUnsafeBytes { s in
                    crypto_pwhash(
                        out.baseAddress!.assumingMemoryBound(to: UInt8.self), UInt64(keyLength),
                        pw.baseAddress?.assumingMemoryBound(to: CChar.self) ?? UnsafePointer(bitPattern: 1)!,
                        UInt64(pw.count),
                        s.baseAddress!.assumingMemoryBound(to: UInt8.self),
                        parameters.opsLimit, Int(parameters.memLimitBytes),
                        crypto_pwhash_ALG_ARGON2ID13)
                }
            }
        }
        // crypto_pwhash fails only when it cannot get its memory (or on bad parameters,
        // which were checked above).
        guard result == 0 else { throw .kdfOutOfMemory(bytes: parameters.memLimitBytes) }
        return key
    }
}
