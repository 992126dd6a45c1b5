/// What comparing a file with what this account has seen found: one case, no flags.
public enum TrustFinding: Equatable, Sendable, CaseIterable {
    /// Nothing is known about this vault here (its keys are trusted on first use).
    case firstSeen
    /// The trusted key, and nothing older than seen at this path.
    case same
    /// The trusted key, and a newer save than seen at this path.
    case newer
    /// Hearth's own rekey, noted before its rename and not yet seen in place.
    case ownRekey
    /// The trusted key and key slots, an older save than seen at this path: a note only.
    case olderSave
    /// The trusted key, an older save than seen at this path with another slot table: its old
    /// slots open it again (a genuine older copy put back undoes a `passwd` or `key remove`).
    case olderSlotTable
    /// The trusted key, a slot table this account saw replaced (a `passwd` or `key remove`
    /// undone), whatever its save number: a genuine older copy, or one re-MACed with a higher
    /// save number by someone holding the epoch key (a removed passphrase still opens the old
    /// slot and gives it; in format v1 an unlocked session's key does too).
    case retiredSlotTable
    /// Another key at a lower epoch: a copy from before a rekey.
    case olderKeys
    /// Another key at the same or a higher epoch: a rekey this account did not see (another
    /// computer), or a copy written by someone who holds retired keys.
    case otherKeys
    /// Another key at the same or a higher epoch, holding a key slot seen before: no rekey made
    /// it (a rekey wraps every slot anew), so someone holding retired keys reused an old slot.
    /// Only for format version 1 files: from version 2 a slot binds its key epoch, so a slot
    /// replayed into a file of another epoch opens nothing (`VaultFileState.slotsMayBeReplayed`).
    /// It stays while version 1 files are opened: a forger can still write one.
    case reusedSlot
    /// Read without a key: the file claims a lower key epoch than trusted.
    case claimsOlderKeys
    /// Read without a key: the file claims an older save than seen at this path.
    case claimsOlderSave

    /// Hearth does not save into such a file without the person's acceptance.
    public var refusesWrites: Bool {
        switch self {
        case .olderSlotTable, .retiredSlotTable, .olderKeys, .otherKeys, .reusedSlot: true
        default: false
        }
    }

    /// The file's key is not the one this account trusts for the vault (any epoch).
    public var isOtherKey: Bool { self == .olderKeys || self == .otherKeys || self == .reusedSlot }

    /// Only what a file read without a key claims.
    public var isClaim: Bool { self == .claimsOlderKeys || self == .claimsOlderSave }
}

/// A finding with what it was found against: the file's numbers and the trusted ones, for the
/// message that tells the person.
public struct TrustReport: Equatable, Sendable {
    public let finding: TrustFinding
    public let place: TrustPlace
    public let file: VaultFileState
    /// The newest save seen (at this path for `olderSave`/`olderSlotTable`), else the file's own.
    public let seenGeneration: UInt64
    /// The key line this account trusts for the vault (its epoch; its fingerprint when known).
    public let seenKeyEpoch: UInt64
    public let seenFingerprint: String?
    /// The day the trusted or newer state was seen (`2026-11-24`).
    public let seenOn: String

    public init(
        finding: TrustFinding, place: TrustPlace, file: VaultFileState, seenGeneration: UInt64, seenKeyEpoch: UInt64,
        seenFingerprint: String?, seenOn: String
    ) {
        self.finding = finding
        self.place = place
        self.file = file
        self.seenGeneration = seenGeneration
        self.seenKeyEpoch = seenKeyEpoch
        self.seenFingerprint = seenFingerprint
        self.seenOn = seenOn
    }

    public var path: String { place.path }
    public var generation: UInt64 { file.generation }
    public var keyEpoch: UInt64 { file.keyEpoch }
    /// Short fingerprint of the file's key (nil when read without a key).
    public var fingerprint: String? { file.key?.short }
    public var refusesWrites: Bool { finding.refusesWrites }
    /// The exact acceptance of this file's keys (nil when read without a key).
    public var acceptance: KeyAcceptance? { file.key.map { KeyAcceptance(epoch: $0.keyEpoch, key: $0.short) } }
}
