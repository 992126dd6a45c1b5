import HearthCrypto
import HearthVault

/// What this account has seen of its vaults (Docs/SECURITY.md, "Rollback warning" and "The
/// ledger file"): per vault id, the key line it trusts, the tables seen replaced and the highest
/// format version seen; per vault and place, the newest save seen there and its tables. A plain value: `TrustStore` keeps it between commands, `TrustPolicy`
/// reads and changes it. It holds no secret, no record text and no path (keys are BLAKE2b digests).
public struct TrustRecord: Codable, Equatable, Sendable {
    /// Entries beyond this (per map) are dropped, least recently seen first.
    public static let maximumEntries = 200
    /// Rekeys prepared but not (yet) seen committed, kept per vault.
    public static let maximumPending = 4
    /// Slot tables (and key tables) this account saw replaced, kept per vault (the oldest dropped first).
    public static let maximumRetiredSlotTables = 32

    public var version = 2
    public var vaults: [String: VaultEntry] = [:]
    public var paths: [String: PathEntry] = [:]

    public init(vaults: [String: VaultEntry] = [:], paths: [String: PathEntry] = [:]) {
        self.vaults = vaults
        self.paths = paths
    }

    /// A key line: an epoch and the hex fingerprint of its epoch key (`KeyIdentity`).
    public struct KeyLine: Codable, Equatable, Hashable, Sendable {
        public var keyEpoch: UInt64
        public var keyFingerprint: String

        public init(keyEpoch: UInt64, keyFingerprint: String) {
            self.keyEpoch = keyEpoch
            self.keyFingerprint = keyFingerprint
        }

        public init(_ identity: KeyIdentity) { self.init(keyEpoch: identity.epoch, keyFingerprint: identity.hex) }

        /// The first 8 hex digits, as messages and `--accept-keys` name a key.
        public var short: String { String(keyFingerprint.prefix(8)) }

        enum CodingKeys: String, CodingKey {
            case keyEpoch = "key_epoch", keyFingerprint = "key_fingerprint"
        }
    }

    /// What is known about one vault, whatever path it is read at.
    public struct VaultEntry: Codable, Equatable, Sendable {
        /// The key line this account trusts.
        public var keyEpoch: UInt64
        public var keyFingerprint: String
        /// The highest key epoch ever trusted for the vault: never goes down, and a rekey goes above it.
        public var highestKeyEpoch: UInt64
        /// Rekeys by this account whose new file was written but not yet seen in place.
        public var pending: [KeyLine]
        /// The day this entry last changed (`2026-11-25`).
        public var seen: String
        /// Digests of slot tables this account saw replaced, oldest first. Salts and nonces are
        /// fresh on every slot change, so a replaced table never comes back legitimately. They
        /// judge format-1 files; once the vault was seen in format 2 no more are added (format-2
        /// files are judged by `retiredKeyTables`, and a format-1 file is then `olderFormat`).
        public var retiredSlotTables: [String]? = nil
        /// Key tables (T) this account saw replaced, oldest first: they judge format-2 files. T
        /// changes on every key change, a label's too (the metadata nonce is fresh each time).
        public var retiredKeyTables: [String]? = nil
        /// The highest file format version seen for the vault (authenticated reads and own saves):
        /// a lower one later is `olderFormat`. Nil in entries written before it was recorded.
        public var highestFormat: UInt16? = nil

        public init(
            keyEpoch: UInt64, keyFingerprint: String, highestKeyEpoch: UInt64, pending: [KeyLine], seen: String,
            retiredSlotTables: [String]? = nil, retiredKeyTables: [String]? = nil, highestFormat: UInt16? = nil
        ) {
            self.keyEpoch = keyEpoch
            self.keyFingerprint = keyFingerprint
            self.highestKeyEpoch = highestKeyEpoch
            self.pending = pending
            self.seen = seen
            self.retiredSlotTables = retiredSlotTables
            self.retiredKeyTables = retiredKeyTables
            self.highestFormat = highestFormat
        }

        enum CodingKeys: String, CodingKey {
            case keyEpoch = "key_epoch", keyFingerprint = "key_fingerprint", highestKeyEpoch = "highest_key_epoch"
            case pending, seen, retiredSlotTables = "retired_slot_tables", retiredKeyTables = "retired_key_tables"
            case highestFormat = "highest_format"
            // `seen_slots` (key slots seen, for the reused-slot finding) is no longer read or
            // written: an older ledger's list is ignored, and dropped on its next change.
        }

        public var line: KeyLine { KeyLine(keyEpoch: keyEpoch, keyFingerprint: keyFingerprint) }

        /// Whether the vault was seen in format 2 (or later) by this account.
        public var seenInFormat2: Bool { (highestFormat ?? 1) >= 2 }

        func isRetired(_ digest: String) -> Bool { retiredSlotTables?.contains(digest) ?? false }

        /// Whether `file`'s table is one seen replaced: its T (format 2), or its slot table (any
        /// format: for a format-2 file, only those retired before T was recorded, or while the
        /// vault was in format 1).
        func isRetired(_ file: VaultFileState) -> Bool {
            if file.formatVersion >= 2, let table = file.keyTable, retiredKeyTables?.contains(table) ?? false { return true }
            return isRetired(file.slotTable)
        }

        mutating func retire(_ digest: String) { Self.add(digest, to: &retiredSlotTables) }

        mutating func retire(keyTable: String) { Self.add(keyTable, to: &retiredKeyTables) }

        /// `file`'s tables are current again (Hearth wrote them, or the person accepted them).
        /// Returns whether one of them was retired.
        @discardableResult
        mutating func unretire(_ file: VaultFileState) -> Bool {
            let wasRetired = isRetired(file)
            retiredSlotTables = retiredSlotTables.map { $0.filter { $0 != file.slotTable } }
            if let table = file.keyTable { retiredKeyTables = retiredKeyTables.map { $0.filter { $0 != table } } }
            return wasRetired
        }

        private static func add(_ digest: String, to list: inout [String]?) {
            var items = (list ?? []).filter { $0 != digest }
            items.append(digest)
            list = Array(items.suffix(TrustRecord.maximumRetiredSlotTables))
        }
    }

    /// The newest save seen at one path under the trusted key, and the digests of its slot table
    /// and key table T (version 1 entries carry the key epoch seen there instead; entries written
    /// before T was recorded carry no `keyTable`).
    public struct PathEntry: Codable, Equatable, Sendable {
        public var generation: UInt64
        public var slotTable: String?
        public var keyTable: String?
        public var keyEpoch: UInt64?
        public var seen: String
        /// This computer's own last saves here, oldest first, at most `OwnSave.remembered`
        /// (nil in entries from before they were kept: nothing known).
        public var ownSaves: [OwnSave]?

        public init(
            generation: UInt64, slotTable: String?, keyTable: String? = nil, keyEpoch: UInt64?, seen: String,
            ownSaves: [OwnSave]? = nil
        ) {
            self.generation = generation
            self.slotTable = slotTable
            self.keyTable = keyTable
            self.keyEpoch = keyEpoch
            self.seen = seen
            self.ownSaves = ownSaves
        }

        enum CodingKeys: String, CodingKey {
            case generation, slotTable = "slot_table", keyTable = "key_table", keyEpoch = "key_epoch", seen
            case ownSaves = "own_saves"
        }
    }

    /// Beyond `2 × maximumEntries` entries in all, path entries go first (least recently seen
    /// first); vault entries (the trusted keys) only once no path entry is left to drop.
    public mutating func trim() {
        var excess = vaults.count + paths.count - 2 * Self.maximumEntries
        guard excess > 0 else { return }
        for (key, _) in paths.sorted(by: { $0.value.seen < $1.value.seen }).prefix(excess) {
            paths.removeValue(forKey: key)
            excess -= 1
        }
        guard excess > 0 else { return }
        for (key, _) in vaults.sorted(by: { $0.value.seen < $1.value.seen }).prefix(excess) {
            vaults.removeValue(forKey: key)
        }
    }

    // MARK: Keys of the maps

    /// hex(BLAKE2b-128("hearth-vault-v2" || vault id)).
    public static func vaultKey(_ vaultID: [UInt8]) -> String {
        hex((Array("hearth-vault-v2".utf8) + vaultID).withUnsafeBytes { GenericHash.hash($0, length: 16) })
    }

    /// hex(BLAKE2b-128("hearth-seen-v1" || vault id || 0x00 || real path as UTF-8)), as in version 1.
    /// `realPath`: the path with links and `..` resolved (`TrustPlace`).
    public static func pathKey(_ vaultID: [UInt8], realPath: String) -> String {
        let material = Array("hearth-seen-v1".utf8) + vaultID + [0] + Array(realPath.utf8)
        return hex(material.withUnsafeBytes { GenericHash.hash($0, length: 16) })
    }

    /// hex(BLAKE2b-128("hearth-drive-v1" || vault id || 0x00 || path inside the drive as UTF-8)):
    /// the place of a vault on a drive, whatever the drive is mounted at (`TrustPlace`).
    public static func drivePathKey(_ vaultID: [UInt8], pathOnDrive: String) -> String {
        let material = Array("hearth-drive-v1".utf8) + vaultID + [0] + Array(pathOnDrive.utf8)
        return hex(material.withUnsafeBytes { GenericHash.hash($0, length: 16) })
    }

    static func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }
}
