import HearthExitCodes
import HearthVault

/// Why `hearth merge` changes nothing. The exit code is decided here (`exitStatus`).
public enum MergeRefusal: Error, Equatable, Sendable {
    /// OTHER is the vault itself.
    case intoItself(other: String)
    /// No file at OTHER.
    case otherNotFound(other: String)
    /// OTHER is a copy of another vault, and --import was not given.
    case otherVault(other: String)
    /// OTHER opened, but its full check found problems.
    case otherHasProblems(other: String, problems: [String])

    public var exitStatus: ExitStatus {
        switch self {
        case .intoItself: .usage
        case .otherNotFound: .notFound
        case .otherVault, .otherHasProblems: .refused
        }
    }
}

/// How far a merge takes the other copy's changes, and why it only adds when it does.
public struct MergeTrust: Equatable, Sendable {
    public enum OnlyAddReason: Equatable, Sendable {
        /// A higher key epoch than the vault's that this account did not see come about.
        case unseenHigherKeys(KeyIdentity)
        /// Another vault (--import) whose keys this account does not trust.
        case anotherVault
        /// Made before a rekey of the vault: the retired keys open it.
        case olderKeys(other: UInt64, vault: UInt64)
        /// The same key epoch, but a header the vault's key does not authenticate.
        case sameNumberOtherKeys(epoch: UInt64)
    }

    public let level: RecordMerge.Trust
    /// nil when `level` is `.full`.
    public let onlyAddBecause: OnlyAddReason?

    public static let full = MergeTrust(level: .full, onlyAddBecause: nil)

    public static func onlyAdd(_ reason: OnlyAddReason) -> MergeTrust {
        MergeTrust(level: .onlyAdd, onlyAddBecause: reason)
    }
}

/// The decisions of `hearth merge`, over explicit values: what is refused, and how far the
/// other copy is trusted. The command asks for secrets, merges in memory (`RecordMerge`), saves
/// when `saves` says so, and tells what happened.
public enum MergePlanner {
    /// OTHER may not be the vault itself (64).
    public static func checkOther(_ other: String, vaultPath: String) throws(MergeRefusal) {
        guard realPath(other) != realPath(vaultPath) else { throw .intoItself(other: other) }
    }

    /// OTHER's header (damage and "not a vault" show before any passphrase is asked for).
    public static func readOtherHeader(at other: String) throws -> VaultHeader {
        do {
            return try Vault.readHeader(at: other).header
        } catch .notFound {
            throw MergeRefusal.otherNotFound(other: other)
        }
    }

    /// Refuses another vault's copy without --import, and a copy whose full check found problems.
    public static func check(
        other: String, otherHeader: VaultHeader, vault: VaultHeader, importing: Bool
    ) throws(MergeRefusal) {
        if otherHeader.vaultID != vault.vaultID && !importing { throw .otherVault(other: other) }
    }

    public static func checkWhole(other: String, problems: [String]) throws(MergeRefusal) {
        guard problems.isEmpty else { throw .otherHasProblems(other: other, problems: problems) }
    }

    /// As `checkWhole`, for a conflict copy a sync tool made: its file mode is the tool's doing
    /// (many write files others can read), so only problems with what it holds refuse it.
    public static func checkWhole(conflictCopy path: String, problems: [String]) throws(MergeRefusal) {
        let mode = VaultCheck.fileModeProblem(path)
        try checkWhole(other: path, problems: problems.filter { $0 != mode })
    }

    /// How far OTHER (its header, checked with its own key) is trusted. `vaultEpoch`: the key
    /// epoch the vault was unlocked at. `authenticates`: OTHER's header authenticates with the
    /// vault's key. `otherKey`: the identity of the key that opened OTHER; `trustsOtherKey`
    /// says whether this account trusts it for OTHER's vault (nil: no record), and is asked only
    /// when it decides.
    ///
    /// A lower epoch means OTHER was made before a rekey: whoever holds the retired keys could
    /// have written it. The same epoch with a header the vault's key does not authenticate means
    /// other keys under the same number. A higher epoch is no proof of a newer key (someone
    /// holding a retired master key can write any number): unless this account saw that key come
    /// about, only adds. Another vault: whoever made it wrote it; unless this account trusts its
    /// keys (one of your own vaults), only adds.
    public static func trust(
        other: VaultHeader, vault: VaultHeader, vaultEpoch: UInt64, authenticates: Bool, otherKey: KeyIdentity,
        trustsOtherKey: () -> Bool?
    ) -> MergeTrust {
        guard other.vaultID == vault.vaultID else {
            return trustsOtherKey() == true ? .full : .onlyAdd(.anotherVault)
        }
        if other.keyEpoch < vaultEpoch { return .onlyAdd(.olderKeys(other: other.keyEpoch, vault: vaultEpoch)) }
        if other.keyEpoch == vaultEpoch { return authenticates ? .full : .onlyAdd(.sameNumberOtherKeys(epoch: vaultEpoch)) }
        return trustsOtherKey() == false ? .onlyAdd(.unseenHigherKeys(otherKey)) : .full
    }

    /// The merged records are saved when the merge changed something and it is not a dry run.
    public static func saves(_ report: MergeReport, dryRun: Bool) -> Bool {
        report.changedSomething && !dryRun
    }
}

/// What `hearth merge --conflicts` does with a conflict copy once the merged vault is saved.
public enum ConflictCopyDisposal: Equatable, Sendable {
    /// Everything in it is in the vault now, checked: the copy goes.
    case remove
    /// It stays where it is, for this reason.
    case keep(KeepReason)

    public enum KeepReason: Equatable, Sendable {
        /// Its keys are not trusted as the vault's: only added from, never removed.
        case onlyAdded(MergeTrust.OnlyAddReason)
        /// Some of its records could not be read, so not all of it came over.
        case unreadableRecords(Int)
        /// Merging it again into the saved vault would still change something.
        case notVerified
        /// The file changed (a sync tool wrote it) after it was read.
        case changedMeanwhile
        /// Its key slots differ from the vault's (a passphrase changed or a key added on the other
        /// computer): the merge brings records, not key slots, so the copy still holds the only
        /// file those keys open.
        case otherKeySlots
        /// Nothing was saved (a dry run).
        case dryRun
    }
}

extension MergePlanner {
    /// Whether a conflict copy merged by `--conflicts` may be removed: only a copy trusted in full
    /// (the vault's own keys), every record of which came over, that merges into the saved and
    /// re-read vault without changing anything (`againChanges` false), whose key slots are the
    /// vault's (`sameKeySlots`), and that is still the file that was read (`unchangedOnDisk`).
    /// Anything else is kept; a copy is never removed in a dry run.
    public static func disposal(
        trust: MergeTrust, report: MergeReport, againChanges: Bool, sameKeySlots: Bool = true, unchangedOnDisk: Bool, dryRun: Bool
    ) -> ConflictCopyDisposal {
        if dryRun { return .keep(.dryRun) }
        if let reason = trust.onlyAddBecause { return .keep(.onlyAdded(reason)) }
        if !report.unreadableInOther.isEmpty { return .keep(.unreadableRecords(report.unreadableInOther.count)) }
        if againChanges { return .keep(.notVerified) }
        if !sameKeySlots { return .keep(.otherKeySlots) }
        if !unchangedOnDisk { return .keep(.changedMeanwhile) }
        return .remove
    }
}
