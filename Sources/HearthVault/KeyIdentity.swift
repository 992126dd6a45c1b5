import HearthCrypto

/// Which key a vault file is written under, without holding it: the key epoch and a one-way
/// fingerprint of the epoch key (Docs/SECURITY.md, "The ledger file"):
///
///     fingerprint = kdf(epoch key, id: 1, "HrthLdgr"), 16 bytes
///
/// A `crypto_kdf` subkey under its own context reveals nothing about the epoch key or its other
/// subkeys, so it may be kept in a plain file. Two files share it only when they were written
/// under the same epoch key; a copy re-encrypted under an older master key with a higher epoch
/// number (someone holding retired keys) has another fingerprint.
public struct KeyIdentity: Hashable, Sendable {
    public static let fingerprintLength = 16
    public let epoch: UInt64
    public let fingerprint: [UInt8]

    public init(epoch: UInt64, fingerprint: [UInt8]) {
        self.epoch = epoch
        self.fingerprint = fingerprint
    }

    /// The fingerprint of `epochKey`.
    static func fingerprint(of epochKey: SecretBytes) throws(CryptoError) -> [UInt8] {
        let subkey = try KeyDerivation.deriveSubkey(
            from: epochKey, subkeyID: 1, context: "HrthLdgr", length: fingerprintLength)
        return subkey.withUnsafeBytes { Array($0) }
    }

    /// The fingerprint in lowercase hex (32 characters).
    public var hex: String { fingerprint.map { String(format: "%02x", $0) }.joined() }

    /// The first 8 hex characters, for messages ("key 3f9a0c12").
    public var short: String { String(hex.prefix(8)) }
}
