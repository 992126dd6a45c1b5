import HearthCrypto

/// The key-derivation cost a passphrase slot should have, and how a new cost is chosen: the
/// policy behind `key list`'s warning, `key upgrade` and the cost of every slot written.
extension Argon2idParameters {
    /// Today's recommended minimum for a passphrase slot: libsodium's MODERATE work
    /// (3 passes over 256 MiB). `key list` warns below it; `key upgrade` raises a slot to the
    /// calibrated default. Later versions of Hearth may raise it.
    public static let recommendedMinimum = Argon2idParameters.moderate

    /// True when this cost is below `recommendedMinimum` (in memory, or in passes x memory).
    public var isBelowRecommended: Bool { !isAtLeastModerate }

    /// Work as passes x MiB, to compare costs.
    public var work: UInt64 { opsLimit.multipliedReportingOverflow(by: memLimitBytes >> 20).partialValue }

    /// True when this cost already has at least the work and the memory of `target`: re-deriving
    /// at `target` would make the slot no harder to attack (`key upgrade` then changes nothing).
    public func meets(_ target: Argon2idParameters) -> Bool {
        work >= target.work && memLimitBytes >= target.memLimitBytes
    }

    /// This cost, raised where needed so that it is below `floor` in nothing: at least its
    /// memory, at least its passes, and at least the work (passes x MiB) of both, spread over
    /// the larger memory. Stays within the bounds a reader accepts (else `floor` itself).
    public func raised(toAtLeast floor: Argon2idParameters) -> Argon2idParameters {
        let memory = max(memLimitBytes, floor.memLimitBytes)
        let mebibytes = max(memory >> 20, 1)
        let work = max(self.work, floor.work)
        var passes = max((work + mebibytes - 1) / mebibytes, floor.opsLimit, Self.minimumOps)
        passes = min(passes, Self.maximumOps, Self.maximumWork / memory)
        let raised = Argon2idParameters(opsLimit: passes, memLimitBytes: memory)
        if raised.isWithinReadBounds { return raised }
        return floor.isWithinReadBounds ? floor : self
    }

    /// A calibrated cost for a new or re-derived slot: never below `recommendedMinimum`, nor
    /// below `previous` (the cost of the slot it replaces), so that a slow or busy machine never
    /// quietly makes a slot cheaper to attack. Only a cost a person chose explicitly goes lower.
    public func forNewSlot(replacing previous: Argon2idParameters?) -> Argon2idParameters {
        let raised = raised(toAtLeast: Self.recommendedMinimum)
        return previous.map { raised.raised(toAtLeast: $0) } ?? raised
    }
}

extension KeySlot {
    /// A passphrase slot below today's recommended minimum. A recovery key's strength is its 140
    /// random bits, not its cost: never below.
    public var isBelowRecommended: Bool { type == .passphrase && kdf.isBelowRecommended }
}

extension Sequence<KeySlot> {
    /// The slots `key list` and every key change warn about (`KeySlot.isBelowRecommended`).
    public var belowRecommended: [KeySlot] { filter(\.isBelowRecommended) }
}
