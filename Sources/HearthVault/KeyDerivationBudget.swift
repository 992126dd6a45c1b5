import HearthCrypto

/// The most key-derivation work one unlock may spend on the key slots of one file: Argon2id
/// passes × memory, summed over the slots tried (Docs/FORMAT.md, "Key slot"; Docs/SECURITY.md).
///
/// Each slot's cost is bounded on reading (`Argon2idParameters.isWithinReadBounds`), but a file
/// has eight slots, and until one opens nothing in the header is authenticated: a hostile file
/// could make one open try every slot at the highest cost (minutes of work and a GiB each).
/// Hearth never makes a slot table whose slots together ask for more than this (`KeyRing`
/// refuses), so a real vault's slots always fit, whichever slot the secret opens; a file that
/// asks for more was not made by Hearth as it is, and the unlock stops before going over.
public struct KeyDerivationBudget: Sendable {
    /// 32 GiB × passes: four slots at the highest cost a slot may ask for (8 GiB × passes), eight
    /// at libsodium's SENSITIVE preset (4 passes × 1 GiB), or eight of Hearth's default slots
    /// (256 MiB, passes calibrated to one second) on a machine twice as fast as one that needs
    /// 16 passes for that second.
    public static let standardLimit: UInt64 = 32 << 30

    public let limit: UInt64
    public private(set) var spent: UInt64 = 0
    /// Slots (vault id, position and encoded slot) that did not open with the secret this budget is used
    /// with: trying one again (the same slot in another backup of the vault) would cost the same
    /// work for the same answer. A budget shared by several unlocks is used with one secret only.
    private var refused: Set<[UInt8]> = []

    public init(limit: UInt64 = standardLimit) {
        self.limit = limit
    }

    /// Counts `slot`'s work before it is done; throws `tooMuchKeyDerivation` (and counts nothing)
    /// when it would go over the limit.
    mutating func spend(on slot: KeySlot) throws(VaultError) {
        let work = slot.kdf.workBytes
        guard work <= limit, spent <= limit - work else { throw .tooMuchKeyDerivation(limit: limit) }
        spent += work
    }

    /// As `spend(on:)`, but false (and nothing counted) for a slot of vault `vaultID` already
    /// seen not to open with this secret: it need not be tried again.
    mutating func spend(on slot: KeySlot, of vaultID: [UInt8]) throws(VaultError) -> Bool {
        if refused.contains(Self.key(slot, vaultID)) { return false }
        try spend(on: slot)
        return true
    }

    /// `slot` of vault `vaultID` did not open with this secret.
    mutating func noteRefused(_ slot: KeySlot, of vaultID: [UInt8]) {
        refused.insert(Self.key(slot, vaultID))
    }

    /// What the wrapped key is bound to (vault, position, type, cost, salt) and the slot itself.
    private static func key(_ slot: KeySlot, _ vaultID: [UInt8]) -> [UInt8] {
        vaultID + [UInt8(truncatingIfNeeded: slot.index)] + slot.encoded
    }

    /// Total work of every slot in `slots` (saturating).
    public static func work(of slots: [KeySlot?]) -> UInt64 {
        slots.compactMap { $0 }.reduce(UInt64(0)) { total, slot in
            let (sum, overflow) = total.addingReportingOverflow(slot.kdf.workBytes)
            return overflow ? .max : sum
        }
    }
}

extension Argon2idParameters {
    /// Passes × memory in bytes (saturating): the work a derivation at this cost does.
    public var workBytes: UInt64 {
        let (product, overflow) = opsLimit.multipliedReportingOverflow(by: memLimitBytes)
        return overflow ? .max : product
    }
}
