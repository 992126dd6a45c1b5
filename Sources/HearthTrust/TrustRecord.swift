import HearthCrypto
import HearthVault

/// What this account has seen of its vaults (Docs/SECURITY.md, "Rollback warning" and "The
/// ledger file"): per vault id, the key line it trusts; per vault and place, the newest save seen
/// there and its slot table. A plain value: `TrustStore` keeps it between commands, `TrustPolicy`
/// reads and changes it. It holds no secret, no record text and no path (keys are BLAKE2b digests).
public struct TrustRecord: Codable, Equatable, Sendable {
    /// Entries beyond this (per map) are dropped, least recently seen first.
    public static let maximumEntries = 200
    /// Rekeys prepared but not (yet) seen committed, kept per vault.
    public static let maximumPending = 4
    /// Slot tables this account saw replaced, kept per vault (the oldest dropped first).
    public static let maximumRetiredSlotTables = 32
    /// Key slots remembered per vault (eight per slot table, a few tables' worth).
    public static let maximumSeenSlots = 64

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
        /// fresh on every slot change, so a replaced table never comes back legitimately.
        public var retiredSlotTables: [String]? = nil
        /// Digests of the key slots seen in files under a trusted key, oldest first
        /// (`VaultFileState.slots`). A rekey wraps every slot anew, so a file under other keys
        /// that holds one of these was not made by a rekey.
        public var seenSlots: [String]? = nil

        public init(
            keyEpoch: UInt64, keyFingerprint: String, highestKeyEpoch: UInt64, pending: [KeyLine], seen: String,
            retiredSlotTables: [String]? = nil, seenSlots: [String]? = nil
        ) {
            self.keyEpoch = keyEpoch
            self.keyFingerprint = keyFingerprint
            self.highestKeyEpoch = highestKeyEpoch
            self.pending = pending
            self.seen = seen
            self.retiredSlotTables = retiredSlotTables
            self.seenSlots = seenSlots
        }

        enum CodingKeys: String, CodingKey {
            case keyEpoch = "key_epoch", keyFingerprint = "key_fingerprint", highestKeyEpoch = "highest_key_epoch"
            case pending, seen, retiredSlotTables = "retired_slot_tables", seenSlots = "seen_slots"
        }

        public var line: KeyLine { KeyLine(keyEpoch: keyEpoch, keyFingerprint: keyFingerprint) }

        mutating func noteSlots(_ digests: [String]) {
            var list = (seenSlots ?? []).filter { !digests.contains($0) }
            list += digests
            seenSlots = Array(list.suffix(TrustRecord.maximumSeenSlots))
        }

        func holdsSeenSlot(_ digests: [String]) -> Bool {
            guard let seenSlots, !seenSlots.isEmpty else { return false }
            return digests.contains { seenSlots.contains($0) }
        }

        func isRetired(_ digest: String) -> Bool { retiredSlotTables?.contains(digest) ?? false }

        mutating func retire(_ digest: String) {
            var list = (retiredSlotTables ?? []).filter { $0 != digest }
            list.append(digest)
            retiredSlotTables = Array(list.suffix(TrustRecord.maximumRetiredSlotTables))
        }

        mutating func unretire(_ digest: String) {
            guard isRetired(digest) else { return }
            retiredSlotTables = retiredSlotTables?.filter { $0 != digest }
        }
    }

    /// The newest save seen at one path under the trusted key, and the digest of its slot table
    /// (version 1 entries carry the key epoch seen there instead of the slot table).
    public struct PathEntry: Codable, Equatable, Sendable {
        public var generation: UInt64
        public var slotTable: String?
        public var keyEpoch: UInt64?
        public var seen: String

        public init(generation: UInt64, slotTable: String?, keyEpoch: UInt64?, seen: String) {
            self.generation = generation
            self.slotTable = slotTable
            self.keyEpoch = keyEpoch
            self.seen = seen
        }

        enum CodingKeys: String, CodingKey {
            case generation, slotTable = "slot_table", keyEpoch = "key_epoch", seen
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

    static func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }
}
