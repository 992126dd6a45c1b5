/// The vault file at a path went back to an older save, or to older keys, than one seen there
/// (HearthBackup's `RollbackLedger` remembers what was seen). Defined in this module because a
/// refused write carries it (`VaultError.olderKeysThanSeen`).
public struct RollbackWarning: Equatable, Sendable {
    public let path: String
    public let generation: UInt64
    public let seenGeneration: UInt64
    public let keyEpoch: UInt64
    public let seenKeyEpoch: UInt64
    /// The day the newer state was seen (`2026-11-24`).
    public let seenOn: String

    public init(path: String, generation: UInt64, seenGeneration: UInt64, keyEpoch: UInt64, seenKeyEpoch: UInt64, seenOn: String) {
        self.path = path
        self.generation = generation
        self.seenGeneration = seenGeneration
        self.keyEpoch = keyEpoch
        self.seenKeyEpoch = seenKeyEpoch
        self.seenOn = seenOn
    }

    public var olderSave: Bool { generation < seenGeneration }
    public var olderKeys: Bool { keyEpoch < seenKeyEpoch }
}
