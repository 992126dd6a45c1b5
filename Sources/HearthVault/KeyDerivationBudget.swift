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
    /// Wrapping keys derived with the secret this budget is used with, by salt and cost (all an
    /// Argon2id result depends on besides the secret): the same slot in another backup of the
    /// vault costs no second derivation. A budget shared by several unlocks is used with one
    /// secret only. At most `limit` / the smallest slot work of them (4,096 at the standard
    /// limit), each 32 bytes in guarded memory, zeroed when freed (`forgetDerivedKeys`).
    private var derived: [Derivation: SecretBytes] = [:]

    /// What a derived wrapping key depends on, besides the secret.
    private struct Derivation: Hashable, Sendable {
        let salt: [UInt8]
        let kdf: Argon2idParameters
        init(_ slot: KeySlot) {
            salt = slot.salt
            kdf = slot.kdf
        }
    }

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

    /// The key `secret` derives with `slot`'s salt and cost: the one derived before, at no cost,
    /// or (counted first, as `spend(on:)`) derived now and kept.
    mutating func wrappingKey(for slot: KeySlot, secret: SecretBytes) throws(VaultError) -> SecretBytes {
        let derivation = Derivation(slot)
        if let known = derived[derivation] { return known }
        try spend(on: slot)
        let key = try slot.deriveWrappingKey(secret: secret)
        derived[derivation] = key
        return key
    }

    /// The key-derivation work an unlock of `header` with `credential` could still spend: every
    /// slot of the credential's type whose salt and cost were not derived yet (saturating). Zero
    /// for keys that need no derivation (a session, an epoch key).
    public func newWork(unlocking header: VaultHeader, with credential: VaultCredential) -> UInt64 {
        let type: KeySlotType
        switch credential {
        case .passphrase: type = .passphrase
        case .recoveryKey: type = .recovery
        case .epochKey, .keys, .session: return 0
        }
        let fresh = header.slots.compactMap { $0 }.filter { $0.type == type && derived[Derivation($0)] == nil }
        return Self.work(of: fresh)
    }

    /// Drops (and so zeroes) every key derived so far. Further unlocks derive again.
    public mutating func forgetDerivedKeys() {
        derived.removeAll()
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
