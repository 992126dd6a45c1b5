import HearthCrypto
import HearthVault

/// What a vault file shows about itself, as the trust policy compares it: its vault id, save
/// number (generation), key epoch, slot table and, when a key authenticated its header, the key
/// line it is written under. Read without a key, `key` is nil: everything else is only a claim.
public struct VaultFileState: Equatable, Sendable {
    public var vaultID: [UInt8]
    public var generation: UInt64
    public var keyEpoch: UInt64
    /// The key the header was authenticated with (its MAC checked); nil when read without a key.
    public var key: TrustRecord.KeyLine?
    /// Digest of the slot table (hex of `VaultHeader.slotTableDigest`).
    public var slotTable: String
    /// Digests of the key slots in use (see `slotDigests`).
    public var slots: [String]
    /// The payload's random id: tells two saves with the same number apart.
    public var payloadID: [UInt8]
    /// The file format version (FORMAT.md). From version 2 a key slot binds its key epoch.
    public var formatVersion: UInt16

    public init(
        vaultID: [UInt8], generation: UInt64, keyEpoch: UInt64, key: TrustRecord.KeyLine?, slotTable: String,
        slots: [String], payloadID: [UInt8] = [], formatVersion: UInt16 = 1
    ) {
        self.vaultID = vaultID
        self.generation = generation
        self.keyEpoch = keyEpoch
        self.key = key
        self.slotTable = slotTable
        self.slots = slots
        self.payloadID = payloadID
        self.formatVersion = formatVersion
    }

    /// The state of `header`, authenticated under `identity` (nil: read without a key).
    public init(header: VaultHeader, identity: KeyIdentity?) {
        self.init(
            vaultID: header.vaultID, generation: header.generation, keyEpoch: header.keyEpoch,
            key: identity.map(TrustRecord.KeyLine.init), slotTable: TrustRecord.hex(header.slotTableDigest),
            slots: Self.slotDigests(header), payloadID: header.payloadID, formatVersion: header.version)
    }

    public var isAuthenticated: Bool { key != nil }

    /// Whether a key slot of this file can be one copied from a file of another key epoch and
    /// still open: in format version 1 a slot does not bind its key epoch; from version 2 it does
    /// (FORMAT.md), so such a slot opens nothing.
    public var slotsMayBeReplayed: Bool { formatVersion < 2 }

    /// hex(BLAKE2b-128("hearth-slot-seen-v1" || vault id || salt || nonce)) of each key slot in
    /// use: salt and nonce are new whenever a slot is made or re-wrapped.
    static func slotDigests(_ header: VaultHeader) -> [String] {
        header.slots.compactMap { slot in
            slot.map { slot in
                let material = Array("hearth-slot-seen-v1".utf8) + header.vaultID + slot.salt + slot.nonce
                return TrustRecord.hex(material.withUnsafeBytes { GenericHash.hash($0, length: 16) })
            }
        }
    }
}

/// Where a file was read: the path as the person named it (for messages) and its real path (for
/// the ledger's path key). Descriptors and `/proc` paths have no place of their own: nothing is
/// remembered about them per path.
public struct TrustPlace: Equatable, Sendable {
    public let path: String
    /// Nil for `/dev/fd/...` and `/proc/...`.
    public let realPath: String?

    public init(path: String, realPath: String?) {
        self.path = path
        self.realPath = realPath
    }

    /// `path`, resolved on this file system.
    public init(_ path: String) {
        let special = path.hasPrefix("/dev/fd/") || path.hasPrefix("/proc/")
        self.init(path: path, realPath: special ? nil : PathName.real(path))
    }

    func key(_ vaultID: [UInt8]) -> String? { realPath.map { TrustRecord.pathKey(vaultID, realPath: $0) } }
}
