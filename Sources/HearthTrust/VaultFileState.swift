import HearthCrypto
import HearthVault

/// What a vault file shows about itself, as the trust policy compares it: its vault id, save
/// number (generation), key epoch, slot table, key table and, when a key authenticated its
/// header, the key line it is written under. Read without a key, `key` is nil: everything else
/// is only a claim.
public struct VaultFileState: Equatable, Sendable {
    public var vaultID: [UInt8]
    public var generation: UInt64
    public var keyEpoch: UInt64
    /// The key the header was authenticated with (its MAC checked); nil when read without a key.
    public var key: TrustRecord.KeyLine?
    /// Digest of the slot table (hex of `VaultHeader.slotTableDigest`): how format-1 files are
    /// judged (their header MAC key is not bound to a table).
    public var slotTable: String
    /// T, the key-table digest (hex of `VaultHeader.keyTableDigest`): slot table, metadata nonce
    /// and sealed metadata. A format-2 header's MAC key is bound to it, so format-2 files are
    /// judged by it (a label-only change, or `key add` then `key remove`, changes T but not the
    /// slot table). Nil only in values made by hand.
    public var keyTable: String?
    /// The payload's random id: tells two saves with the same number apart.
    public var payloadID: [UInt8]
    /// The file format version (FORMAT.md). From version 2 a key slot binds its key epoch and
    /// the header MAC key binds T.
    public var formatVersion: UInt16

    public init(
        vaultID: [UInt8], generation: UInt64, keyEpoch: UInt64, key: TrustRecord.KeyLine?, slotTable: String,
        keyTable: String? = nil, payloadID: [UInt8] = [], formatVersion: UInt16 = 1
    ) {
        self.vaultID = vaultID
        self.generation = generation
        self.keyEpoch = keyEpoch
        self.key = key
        self.slotTable = slotTable
        self.keyTable = keyTable
        self.payloadID = payloadID
        self.formatVersion = formatVersion
    }

    /// The state of `header`, authenticated under `identity` (nil: read without a key).
    public init(header: VaultHeader, identity: KeyIdentity?) {
        self.init(
            vaultID: header.vaultID, generation: header.generation, keyEpoch: header.keyEpoch,
            key: identity.map(TrustRecord.KeyLine.init), slotTable: TrustRecord.hex(header.slotTableDigest),
            keyTable: TrustRecord.hex(header.keyTableDigest), payloadID: header.payloadID, formatVersion: header.version)
    }

    public var isAuthenticated: Bool { key != nil }

    /// Whether this file's key table is the one `entry` saw at its path: by T for a format-2
    /// file when the entry recorded one, else (format 1, or an entry from before T was recorded)
    /// by the slot table digest.
    func hasTable(of entry: TrustRecord.PathEntry) -> Bool {
        if formatVersion >= 2, let keyTable, let seen = entry.keyTable { return keyTable == seen }
        return entry.slotTable == slotTable
    }
}

/// Where a file was read: the path as the person named it (for messages) and the place the
/// ledger remembers it by. On the computer's own disks that is its real path; on a drive (a stick
/// carried between computers, mounted at `/media/alice/STICK` here and `/run/media/alice/STICK`
/// there, or `STICK1` another day) it is the path inside the drive, so that one vault on one
/// drive is one place wherever it is mounted. Descriptors and `/proc` paths have no place of
/// their own: nothing is remembered about them per path.
public struct TrustPlace: Equatable, Sendable {
    public let path: String
    /// Nil for `/dev/fd/...` and `/proc/...`.
    public let realPath: String?
    /// For a file on a drive, its path inside the drive (`/vault.hearth`); nil elsewhere.
    public let pathOnDrive: String?

    public init(path: String, realPath: String?, pathOnDrive: String? = nil) {
        self.path = path
        self.realPath = realPath
        self.pathOnDrive = realPath == nil ? nil : pathOnDrive
    }

    /// `path`, resolved on this file system; `pathOnDrive` when it lies on a drive.
    public init(_ path: String, pathOnDrive: String? = nil) {
        let special = path.hasPrefix("/dev/fd/") || path.hasPrefix("/proc/")
        self.init(path: path, realPath: special ? nil : PathName.real(path), pathOnDrive: pathOnDrive)
    }

    /// The ledger's key for this place: by the path inside the drive on a drive, else by real path.
    func key(_ vaultID: [UInt8]) -> String? {
        if let pathOnDrive { return TrustRecord.drivePathKey(vaultID, pathOnDrive: pathOnDrive) }
        return realPath.map { TrustRecord.pathKey(vaultID, realPath: $0) }
    }

    /// The key an older Hearth used for a place on a drive (its real path, where it was mounted
    /// then): read while the drive's own key has no entry yet, and moved over on the next record.
    func legacyKey(_ vaultID: [UInt8]) -> String? {
        guard pathOnDrive != nil, let realPath else { return nil }
        return TrustRecord.pathKey(vaultID, realPath: realPath)
    }

    /// What `record` remembers of this place, under its key or else its older key.
    func entry(_ vaultID: [UInt8], in record: TrustRecord) -> TrustRecord.PathEntry? {
        key(vaultID).flatMap { record.paths[$0] } ?? legacyKey(vaultID).flatMap { record.paths[$0] }
    }
}
