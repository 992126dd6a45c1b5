import HearthExitCodes

/// Whether a kept draft may be saved into the vault a command opened: decided before anything is
/// written, from the draft's `DraftOrigin` and the opened header's `vault_id` alone.
public enum DraftPlacement: Equatable, Sendable {
    /// Written for this vault (or a backup or restored copy of it: the same `vault_id`).
    case belongsHere
    /// The draft does not say (a draft kept by an earlier Hearth, or a file of the person's own):
    /// it is saved into the vault given, as before.
    case unmarked
    /// Written for another vault, and the person asked to save it into this one anyway.
    case intoThisVault(DraftOrigin)
    /// Written for another vault: refused, nothing written, the draft left as it is.
    case anotherVault(DraftOrigin)
    /// A draft of an edit of another record than the one named: refused likewise.
    case anotherRecord(DraftOrigin, named: String)

    /// `intoThisVault`: the person's deliberate yes (`--into-this-vault`), never assumed.
    /// `editing`: the full id of the record an edit would change (nil for an add or a practice).
    public static func decide(
        _ origin: DraftOrigin?, vaultID: [UInt8], editing: String? = nil, intoThisVault: Bool = false
    ) -> DraftPlacement {
        guard let origin else { return .unmarked }
        if origin.vaultID != DraftOrigin.hex(vaultID) {
            return intoThisVault ? .intoThisVault(origin) : .anotherVault(origin)
        }
        if let editing, let drafted = origin.recordID, drafted != editing {
            return .anotherRecord(origin, named: editing)
        }
        return .belongsHere
    }

    /// The exit status of a refusal (nil: it may be saved). A usage error (64): the draft is
    /// sound, the command named another vault or record than the draft's.
    public var refusal: ExitStatus? {
        switch self {
        case .belongsHere, .unmarked, .intoThisVault: nil
        case .anotherVault, .anotherRecord: .usage
        }
    }
}
