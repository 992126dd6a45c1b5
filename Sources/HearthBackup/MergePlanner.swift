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
        /// A higher key epoch than the vault's, opened only through a format-1 slot (binding 0),
        /// while the vault is already format 2: such a slot was copied in from an older copy.
        case unboundSlotAboveVault(other: UInt64, vault: UInt64)
        /// Keys this account saw replaced: a key table retired by a passphrase or key change
        /// (a copy from before it: whoever knows a removed passphrase, or holds an old session's
        /// key, can write one that checks), or format 1 once the vault was seen in format 2.
        case replacedKeys
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
    ///
    /// `otherOpenedUnbound`: the slot that opened OTHER has binding 0 (format 1, the key epoch not
    /// in its associated data). Hearth writes such slots only at the key epoch where the file was
    /// upgraded to format 2, and every later rekey writes every slot with binding 1; so when the
    /// vault itself is format 2 (upgraded at its epoch or before), OTHER claiming a higher epoch
    /// through such a slot holds a slot replayed by someone with a retired master key: only adds,
    /// whatever this account's records say.
    ///
    /// `keysReplaced`: this account saw OTHER's key table replaced (`TrustContext.holdsReplacedKeys`:
    /// a copy from before a `passwd` or `key remove`, which the removed passphrase still opens, at
    /// the same epoch and under the same key). The epoch and key say nothing about it, so it is
    /// asked apart; and a format-1 copy of a vault that is format 2 is the same: only adds.
    public static func trust(
        other: VaultHeader, vault: VaultHeader, vaultEpoch: UInt64, authenticates: Bool, otherKey: KeyIdentity,
        otherOpenedUnbound: Bool = false, keysReplaced: Bool = false, trustsOtherKey: () -> Bool?
    ) -> MergeTrust {
        guard other.vaultID == vault.vaultID else {
            return trustsOtherKey() == true ? .full : .onlyAdd(.anotherVault)
        }
        if other.keyEpoch < vaultEpoch { return .onlyAdd(.olderKeys(other: other.keyEpoch, vault: vaultEpoch)) }
        if keysReplaced || (other.version < 2 && vault.version >= 2) { return .onlyAdd(.replacedKeys) }
        if other.keyEpoch == vaultEpoch { return authenticates ? .full : .onlyAdd(.sameNumberOtherKeys(epoch: vaultEpoch)) }
        if otherOpenedUnbound, vault.version >= 2 {
            return .onlyAdd(.unboundSlotAboveVault(other: other.keyEpoch, vault: vaultEpoch))
        }
        return trustsOtherKey() == false ? .onlyAdd(.unseenHigherKeys(otherKey)) : .full
    }

    /// How far a copy checked in full is trusted: `other` is its header as checked with
    /// `otherKeys`, the keys that opened it; `vaultKeys` opened the vault. The one place the
    /// inputs of `trust(other:...)` are worked out, so that `merge OTHER` and `merge --conflicts`
    /// cannot judge the same copy differently.
    public static func trust(
        checked other: VaultHeader, openedWith otherKeys: UnlockedKeys, vault: VaultHeader, vaultKeys: EpochKeys,
        keysReplaced: Bool = false, trustsOtherKey: () -> Bool?
    ) -> MergeTrust {
        let identity = otherKeys.epoch.identity
        return trust(
            other: other, vault: vault, vaultEpoch: vaultKeys.epoch,
            authenticates: sameKeys(other, keys: vaultKeys, otherIdentity: identity), otherKey: identity,
            otherOpenedUnbound: otherKeys.slotIndex.flatMap { other.slots[$0] }.map { !$0.bindsEpoch } ?? false,
            keysReplaced: keysReplaced, trustsOtherKey: trustsOtherKey)
    }

    /// Whether a copy of the vault, opened with the vault's own epoch keys, would be merged in
    /// full (`trust(checked:...)`): only such a copy may be named as holding a missing save, since
    /// from any other a merge takes none of its save history. `keysReplaced` as for `trust`.
    public static func wouldTrustInFull(copy: VaultHeader, vault: VaultHeader, vaultKeys: EpochKeys, keysReplaced: Bool) -> Bool {
        trust(
            other: copy, vault: vault, vaultEpoch: vaultKeys.epoch,
            authenticates: sameKeys(copy, keys: vaultKeys, otherIdentity: vaultKeys.identity), otherKey: vaultKeys.identity,
            keysReplaced: keysReplaced, trustsOtherKey: { nil }) == .full
    }

    /// Whether a merge takes OTHER's save history (Docs/FORMAT.md, "Save history"): only from a
    /// copy of this very vault trusted in full. Another vault (`--import`) never brings its
    /// history, even under keys this account trusts: its marks say nothing about this vault's
    /// saves, and deep ones would push this vault's own marks out.
    public static func takesSaveHistory(_ trust: MergeTrust, other: VaultHeader, vault: VaultHeader) -> Bool {
        trust.level == .full && other.vaultID == vault.vaultID
    }

    /// Whether OTHER, at the vault's key epoch, was written under the vault's keys: its header
    /// authenticates with them. An unlocked session's one-table key cannot check a copy with
    /// another key table (FORMAT.md, "Keys"): then OTHER's own keys, from the secret that opened
    /// it, must be the vault's epoch key (same fingerprint).
    public static func sameKeys(_ other: VaultHeader, keys: EpochKeys, otherIdentity: KeyIdentity) -> Bool {
        switch Vault.check(other, with: keys) {
        case .authentic: true
        case .notAuthentic: false
        case .cannotCheck: otherIdentity == keys.identity
        }
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

        /// The reason's name in `merge --conflicts --json` (`"kept_because"`): part of the JSON
        /// contract, so it lives with the reason, not with the words a person reads.
        public var jsonWord: String {
            switch self {
            case .onlyAdded: "only_added"
            case .unreadableRecords: "unreadable_records"
            case .notVerified: "not_verified"
            case .changedMeanwhile: "changed_meanwhile"
            case .otherKeySlots: "other_key_slots"
            case .dryRun: "dry_run"
            }
        }
    }
}

extension MergePlanner {
    /// Whether a conflict copy merged by `--conflicts` may be removed: a copy trusted in full
    /// (the vault's own keys), every record of which came over, that merges into the saved and
    /// re-read vault without changing anything (`againChanges` false), whose key slots are the
    /// vault's (`sameKeySlots`: other slots may be a newer passphrase, whose only file it is), and
    /// that is still the file that was read (`unchangedOnDisk`). A copy under a key table this
    /// account saw replaced (`.replacedKeys`) was only added from, but goes on the same terms
    /// once nothing of it was left out (no record kept deleted here, `notBroughtBack`): a removed
    /// passphrase opens it, so it is a standing risk in a sync folder, and its other slots are
    /// old ones, not a newer passphrase's only file. Anything else is kept; never in a dry run.
    public static func disposal(
        trust: MergeTrust, report: MergeReport, againChanges: Bool, sameKeySlots: Bool = true, unchangedOnDisk: Bool, dryRun: Bool
    ) -> ConflictCopyDisposal {
        if dryRun { return .keep(.dryRun) }
        let replaced = trust.onlyAddBecause == .replacedKeys
        if let reason = trust.onlyAddBecause, !replaced || !report.notBroughtBack.isEmpty { return .keep(.onlyAdded(reason)) }
        if !report.unreadableInOther.isEmpty { return .keep(.unreadableRecords(report.unreadableInOther.count)) }
        if againChanges { return .keep(.notVerified) }
        if !sameKeySlots, !replaced { return .keep(.otherKeySlots) }
        if !unchangedOnDisk { return .keep(.changedMeanwhile) }
        return .remove
    }
}
