/// What the ledger of vaults seen (HearthBackup's `RollbackLedger`) found about a vault file:
/// an older save than one seen at its path, keys this account did not see come about, or an
/// older key-slot table than one seen for the vault. Defined in this module because a refused
/// write carries it (`VaultError.olderKeysThanSeen`).
public struct RollbackWarning: Equatable, Sendable {
    public let path: String
    public let generation: UInt64
    /// The newest save seen (at this path for `olderSave`, for the vault for `olderSlotTable`).
    public let seenGeneration: UInt64
    public let keyEpoch: UInt64
    /// The key epoch of the key line this account trusts for the vault.
    public let seenKeyEpoch: UInt64
    /// Short fingerprint of the file's key (nil when not authenticated).
    public let fingerprint: String?
    /// Short fingerprint of the trusted key (nil for a ledger entry from before fingerprints).
    public let seenFingerprint: String?
    /// The day the trusted or newer state was seen (`2026-11-24`).
    public let seenOn: String
    /// The file's key is not the one this account trusts for the vault (any epoch).
    public let otherKeys: Bool
    /// The file is an older save than the newest seen for the vault, with another slot table.
    public let olderSlotTable: Bool
    /// The file's slot table is one this account saw replaced by a key change (any save number).
    public let retiredSlotTable: Bool
    /// Decided from a header read without a key: only what the file claims.
    public let provisional: Bool
    /// Keys other than the trusted ones at the same or a higher epoch, in a file that holds a key
    /// slot seen before: not made by a rekey (which wraps every slot anew), so not "your other
    /// computer", but most likely someone who holds retired keys.
    public let reusedSlot: Bool

    public init(
        path: String, generation: UInt64, seenGeneration: UInt64, keyEpoch: UInt64, seenKeyEpoch: UInt64,
        seenOn: String, fingerprint: String? = nil, seenFingerprint: String? = nil, otherKeys: Bool = false,
        olderSlotTable: Bool = false, retiredSlotTable: Bool = false, provisional: Bool = false, reusedSlot: Bool = false
    ) {
        self.path = path
        self.generation = generation
        self.seenGeneration = seenGeneration
        self.keyEpoch = keyEpoch
        self.seenKeyEpoch = seenKeyEpoch
        self.seenOn = seenOn
        self.fingerprint = fingerprint
        self.seenFingerprint = seenFingerprint
        self.otherKeys = otherKeys
        self.olderSlotTable = olderSlotTable
        self.retiredSlotTable = retiredSlotTable
        self.provisional = provisional
        self.reusedSlot = reusedSlot
    }

    public var olderSave: Bool { generation < seenGeneration }
    /// A lower key epoch than the trusted one: keys from before a rekey.
    public var olderKeys: Bool { keyEpoch < seenKeyEpoch }
    /// Hearth does not save into such a file without the person's acceptance.
    public var refusesWrites: Bool { !provisional && (otherKeys || olderSlotTable) }
}
