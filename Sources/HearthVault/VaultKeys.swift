import HearthCrypto

/// The key schedule (Docs/FORMAT.md, "Keys"):
///
///     master key (32 random bytes, wrapped in each slot)
///       └─ epoch key   = kdf(master, id: key epoch, "HrthEpch")
///            ├─ payload key    = kdf(epoch key, id: 1, "HrthPayl")
///            ├─ header MAC key = kdf(epoch key, id: 2, "HrthHMac")
///            └─ fingerprint    = kdf(epoch key, id: 1, "HrthLdgr"), 16 bytes, not secret
///
/// An unlocked session holds only the epoch key: enough to read and save records, not
/// enough to make or change a key slot, and useless after a rekey.
public struct EpochKeys: Sendable {
    public let epoch: UInt64
    /// The secret an unlock session holds.
    public let epochKey: SecretBytes
    let payloadKey: SecretBytes
    let headerMACKey: SecretBytes
    /// The epoch and a one-way fingerprint of the epoch key (`KeyIdentity`), for the ledger of
    /// key lines this account trusts.
    public let identity: KeyIdentity

    /// Derives the payload and header keys from an epoch key.
    public init(epochKey: SecretBytes, epoch: UInt64) throws(VaultError) {
        do {
            self.epoch = epoch
            self.epochKey = epochKey
            self.payloadKey = try KeyDerivation.deriveSubkey(from: epochKey, subkeyID: 1, context: "HrthPayl")
            self.headerMACKey = try KeyDerivation.deriveSubkey(from: epochKey, subkeyID: 2, context: "HrthHMac")
            self.identity = KeyIdentity(epoch: epoch, fingerprint: try KeyIdentity.fingerprint(of: epochKey))
        } catch {
            throw VaultError.from(error)
        }
    }

    /// Derives the epoch key for `epoch` from the master key.
    public init(masterKey: SecretBytes, epoch: UInt64) throws(VaultError) {
        let epochKey: SecretBytes
        do {
            epochKey = try KeyDerivation.deriveSubkey(from: masterKey, subkeyID: epoch, context: "HrthEpch")
        } catch {
            throw VaultError.from(error)
        }
        try self.init(epochKey: epochKey, epoch: epoch)
    }
}

/// What a caller unlocked the vault with.
public enum VaultCredential: Sendable {
    /// A passphrase (UTF-8, already NFC-normalized): tried against passphrase slots.
    case passphrase(SecretBytes)
    /// A recovery key's canonical bytes: tried against recovery slots.
    case recoveryKey(SecretBytes)
    /// An epoch key derived in this process from a master key it holds, for the header's own
    /// key epoch: no slot is opened.
    case epochKey(SecretBytes)
    /// The key an unlocked session (`hearth unlock`) handed over, with the epoch and slot table
    /// it was given for: no slot is opened, and a vault at another epoch or with another slot
    /// table is refused.
    case session(SessionKey)
}

/// What an unlocked session hands a command: its epoch key, the key epoch it belongs to, and
/// the digest of the slot table that `unlock` verified with the master key.
public struct SessionKey: Sendable {
    public let epoch: UInt64
    public let key: SecretBytes
    public let slotTableDigest: [UInt8]

    public init(epoch: UInt64, key: SecretBytes, slotTableDigest: [UInt8]) {
        self.epoch = epoch
        self.key = key
        self.slotTableDigest = slotTableDigest
    }
}

/// Keys in hand after unlocking.
public struct UnlockedKeys: Sendable {
    /// Present when a slot was opened; absent for a session's epoch key.
    public let masterKey: SecretBytes?
    /// The slot that opened, if any.
    public let slotIndex: Int?
    public let epoch: EpochKeys
    /// Present when an unlocked session's key opened the vault: later reads check against it.
    public let session: SessionKey?

    init(masterKey: SecretBytes?, slotIndex: Int?, epoch: EpochKeys, session: SessionKey? = nil) {
        self.masterKey = masterKey
        self.slotIndex = slotIndex
        self.epoch = epoch
        self.session = session
    }
}
