import HearthCrypto

/// The key schedule (Docs/FORMAT.md, "Keys"):
///
///     master key (32 random bytes, wrapped in each slot)
///       └─ epoch key   = kdf(master, id: key epoch, "HrthEpch")
///            ├─ payload key    = kdf(epoch key, id: 1, "HrthPayl")
///            ├─ header key     = kdf(epoch key, id: 2, "HrthHMac")      (version 1: the MAC key)
///            │    └─ table MAC key = BLAKE2b-256("hearth-header-v2" ‖ T, key: header key)
///            └─ fingerprint    = kdf(epoch key, id: 1, "HrthLdgr"), 16 bytes, not secret
///
/// T is the key-table digest of a header (`VaultHeader.keyTableDigest`). A version-2 header is
/// MACed with the table MAC key of its own T, so a key for one T authenticates no other table.
/// The epoch key derives the table MAC key of any T of its epoch; an unlocked session of a
/// version-2 vault holds only the payload key and one table MAC key (`SlotTableKey`).
public struct EpochKey: Sendable {
    public let epoch: UInt64
    let secret: SecretBytes
    let headerKey: SecretBytes

    /// Wraps an epoch key already derived, for `epoch`.
    public init(secret: SecretBytes, epoch: UInt64) throws(VaultError) {
        self.epoch = epoch
        self.secret = secret
        do {
            headerKey = try KeyDerivation.deriveSubkey(from: secret, subkeyID: 2, context: "HrthHMac")
        } catch {
            throw VaultError.from(error)
        }
    }

    /// Derives the epoch key for `epoch` from the master key.
    public init(masterKey: SecretBytes, epoch: UInt64) throws(VaultError) {
        let secret: SecretBytes
        do {
            secret = try KeyDerivation.deriveSubkey(from: masterKey, subkeyID: epoch, context: "HrthEpch")
        } catch {
            throw VaultError.from(error)
        }
        try self.init(secret: secret, epoch: epoch)
    }

    /// The version-2 header MAC key of the key table whose digest is `tableDigest`.
    public func slotTableKey(forTableDigest tableDigest: [UInt8]) throws(VaultError) -> SlotTableKey {
        precondition(tableDigest.count == GenericHash.defaultLength)
        let input = Array("hearth-header-v2".utf8) + tableDigest
        do {
            let key = try input.withUnsafeBytes { raw throws(CryptoError) in try GenericHash.derivedKey(raw, key: headerKey) }
            return SlotTableKey(epoch: epoch, tableDigest: tableDigest, macKey: key)
        } catch {
            throw VaultError.from(error)
        }
    }
}

/// The header MAC key of one key table of one epoch (version 2). It authenticates and writes
/// headers whose key table is exactly `tableDigest`, and nothing else: holding it, one cannot
/// MAC a header with another slot table, an older one included, nor a version-1 header.
public struct SlotTableKey: Sendable {
    public let epoch: UInt64
    /// T: the key-table digest this key belongs to (not secret).
    public let tableDigest: [UInt8]
    let macKey: SecretBytes
}

/// What authenticates the headers of one key epoch: the epoch key (any header of the epoch,
/// version 1 or 2, any slot table) or one slot table's MAC key (only that table, version 2).
public enum HeaderKey: Sendable {
    case epoch(EpochKey)
    case slotTable(SlotTableKey)
}

/// How a header fared against the keys in hand.
public enum HeaderCheck: Equatable, Sendable {
    /// At the keys' epoch, and its MAC holds: written by a holder of those keys.
    case authentic
    /// At the keys' epoch and within what they can check, but the MAC fails: altered or damaged,
    /// or written under other keys with the same epoch number.
    case notAuthentic
    /// Another key epoch, or (for a one-table key) another key table or a version-1 header:
    /// these keys cannot tell.
    case cannotCheck
}

/// The keys in hand for one key epoch: the payload key, the fingerprint, and a header key that
/// is either the epoch key or one slot table's MAC key (`HeaderKey`). Only what holds the epoch
/// key can make a header with another slot table (`KeyRing`, `rekey`, `create`).
public struct EpochKeys: Sendable {
    public let epoch: UInt64
    let payloadKey: SecretBytes
    public let headerKey: HeaderKey
    /// The epoch and a one-way fingerprint of the epoch key (`KeyIdentity`), for the ledger of
    /// key lines this account trusts.
    public let identity: KeyIdentity

    /// Derives the payload key and fingerprint from an epoch key.
    public init(epochKey: EpochKey) throws(VaultError) {
        do {
            epoch = epochKey.epoch
            payloadKey = try KeyDerivation.deriveSubkey(from: epochKey.secret, subkeyID: 1, context: "HrthPayl")
            headerKey = .epoch(epochKey)
            identity = KeyIdentity(epoch: epochKey.epoch, fingerprint: try KeyIdentity.fingerprint(of: epochKey.secret))
        } catch {
            throw VaultError.from(error)
        }
    }

    /// Derives the keys of `epoch` from the master key.
    public init(masterKey: SecretBytes, epoch: UInt64) throws(VaultError) {
        try self.init(epochKey: try EpochKey(masterKey: masterKey, epoch: epoch))
    }

    /// Keys from an epoch key already derived (a bare epoch key, a version-1 session).
    public init(epochKey secret: SecretBytes, epoch: UInt64) throws(VaultError) {
        try self.init(epochKey: try EpochKey(secret: secret, epoch: epoch))
    }

    /// A version-2 session's keys: the payload key and one table's MAC key, no epoch key.
    init(payloadKey: SecretBytes, slotTableKey: SlotTableKey, fingerprint: [UInt8]) {
        epoch = slotTableKey.epoch
        self.payloadKey = payloadKey
        headerKey = .slotTable(slotTableKey)
        identity = KeyIdentity(epoch: slotTableKey.epoch, fingerprint: fingerprint)
    }

    /// The epoch key, when these keys hold it (not for a version-2 session).
    public var epochKey: EpochKey? {
        if case .epoch(let key) = headerKey { return key }
        return nil
    }

    /// Checks `header`'s MAC with these keys (constant time). See `HeaderCheck`.
    public func check(_ header: VaultHeader) -> HeaderCheck {
        guard header.keyEpoch == epoch else { return .cannotCheck }
        guard let macKey = try? verifyingKey(for: header) else { return .cannotCheck }
        return header.macMatches(macKey) ? .authentic : .notAuthentic
    }

    /// The key that MACs `header` as it stands (its version and key table), or nil when a
    /// one-table key cannot (another table, or a version-1 header).
    func verifyingKey(for header: VaultHeader) throws(VaultError) -> SecretBytes? {
        switch headerKey {
        case .epoch(let key):
            if header.version == 1 { return key.headerKey }
            return try key.slotTableKey(forTableDigest: header.keyTableDigest).macKey
        case .slotTable(let key):
            guard header.version == 2, header.keyTableDigest.constantTimeEquals(key.tableDigest) else { return nil }
            return key.macKey
        }
    }

    /// The key that MACs `header` as it stands, for keys that can tell (tests, re-sealing).
    func headerMACKey(for header: VaultHeader) -> SecretBytes {
        guard let key = try? verifyingKey(for: header) else { preconditionFailure("these keys cannot MAC this header") }
        return key
    }

    /// The key that MACs `header` when written now (always version 2, with its key table as it
    /// stands). A one-table key writes only its own table: anything else is refused.
    func writingKey(for header: VaultHeader) throws(VaultError) -> SecretBytes {
        precondition(header.version == VaultHeader.currentVersion)
        switch headerKey {
        case .epoch(let key):
            return try key.slotTableKey(forTableDigest: header.keyTableDigest).macKey
        case .slotTable(let key):
            guard header.keyTableDigest.constantTimeEquals(key.tableDigest) else { throw .sessionSlotTableChanged }
            return key.macKey
        }
    }

    /// What an unlocked session is given for a vault whose header is `header` (see
    /// `SessionKey`): for a version-2 vault the payload key and its table's MAC key; for a
    /// version-1 vault the epoch key (its header can only be checked with it).
    public func sessionMaterial(for header: VaultHeader) throws(VaultError) -> SecretBytes {
        precondition(header.keyEpoch == epoch)
        do {
            let out = try SecretBytes(count: SessionKey.materialLength)
            switch headerKey {
            case .epoch(let key) where header.version == 1:
                out.withUnsafeMutableBytes { o in
                    o[0] = SessionKey.Form.epochKey.rawValue
                    key.secret.withUnsafeBytes { (o.baseAddress! + 1).copyMemory(from: $0.baseAddress!, byteCount: 32) }
                }
            case .epoch, .slotTable:
                guard let macKey = try verifyingKey(for: header) else { throw VaultError.sessionSlotTableChanged }
                out.withUnsafeMutableBytes { o in
                    o[0] = SessionKey.Form.slotTableKeys.rawValue
                    payloadKey.withUnsafeBytes { (o.baseAddress! + 1).copyMemory(from: $0.baseAddress!, byteCount: 32) }
                    macKey.withUnsafeBytes { (o.baseAddress! + 33).copyMemory(from: $0.baseAddress!, byteCount: 32) }
                }
            }
            out.withUnsafeMutableBytes { o in
                for (i, byte) in identity.fingerprint.enumerated() { o[65 + i] = byte }
            }
            return out
        } catch let error as VaultError {
            throw error
        } catch {
            throw VaultError.from(error)
        }
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
    /// Keys this process already holds (a vault opened before, read again): no slot is opened,
    /// and a header they cannot check or that does not authenticate is a wrong key.
    case keys(EpochKeys)
    /// The key an unlocked session (`hearth unlock`) handed over, with the epoch and key table
    /// it was given for: no slot is opened, and a vault at another epoch or with another key
    /// table is refused.
    case session(SessionKey)
}

/// What an unlocked session hands a command: its key material, the key epoch it belongs to, and
/// the key-table digest T (`VaultHeader.keyTableDigest`) of the header `unlock` verified with the
/// master key.
///
/// The material (81 bytes, in secret memory) is, for a version-2 vault, form 2 ‖ payload key ‖
/// the table MAC key of T ‖ fingerprint; for a version-1 vault, form 1 ‖ epoch key ‖ 32 zero
/// bytes ‖ fingerprint (a version-1 header can only be checked with the epoch key).
public struct SessionKey: Sendable {
    public static let materialLength = 1 + 32 + 32 + KeyIdentity.fingerprintLength

    enum Form: UInt8 {
        case epochKey = 1
        case slotTableKeys = 2
    }

    public let epoch: UInt64
    /// The material, opaque to the agent.
    public let key: SecretBytes
    public let slotTableDigest: [UInt8]

    public init(epoch: UInt64, key: SecretBytes, slotTableDigest: [UInt8]) {
        self.epoch = epoch
        self.key = key
        self.slotTableDigest = slotTableDigest
    }

    /// True when this session holds the epoch key (it was unlocked on a version-1 vault).
    public var holdsEpochKey: Bool { key.count == Self.materialLength && key.withUnsafeBytes { $0[0] } == Form.epochKey.rawValue }

    /// The keys the material stands for; nil when it is malformed.
    func epochKeys() throws(VaultError) -> EpochKeys? {
        guard key.count == Self.materialLength, slotTableDigest.count == GenericHash.defaultLength else { return nil }
        let form = key.withUnsafeBytes { Form(rawValue: $0[0]) }
        let fingerprint = key.withUnsafeBytes { Array($0[65..<Self.materialLength]) }
        do {
            let first = try SecretBytes(count: 32)
            let second = try SecretBytes(count: 32)
            key.withUnsafeBytes { k in
                first.withUnsafeMutableBytes { $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: k[1..<33])) }
                second.withUnsafeMutableBytes { $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: k[33..<65])) }
            }
            switch form {
            case .epochKey?:
                let keys = try EpochKeys(epochKey: first, epoch: epoch)
                return keys.identity.fingerprint == fingerprint ? keys : nil
            case .slotTableKeys?:
                return EpochKeys(
                    payloadKey: first, slotTableKey: SlotTableKey(epoch: epoch, tableDigest: slotTableDigest, macKey: second),
                    fingerprint: fingerprint)
            case nil:
                return nil
            }
        } catch let error as VaultError {
            throw error
        } catch {
            throw VaultError.from(error)
        }
    }
}

/// Keys in hand after unlocking.
public struct UnlockedKeys: Sendable {
    /// Present when a slot was opened; absent for a session's key or keys in hand.
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

extension Array where Element == UInt8 {
    /// Constant-time equality of two byte arrays (false when the lengths differ).
    func constantTimeEquals(_ other: [UInt8]) -> Bool {
        count == other.count
            && withUnsafeBytes { a in other.withUnsafeBytes { b in Memory.constantTimeEqual(a, b) } }
    }
}
