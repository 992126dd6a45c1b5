import Foundation
import HearthCrypto

/// A key change refused before anything is derived or written; the command line says why
/// (`FailureReport`).
public enum KeyChangeRefusal: Error, Equatable, Sendable {
    /// passwd --slot N names a recovery slot: a recovery key is never replaced by a passphrase.
    case slotIsRecoveryKey(Int)
    /// Unlocked with a recovery key and several passphrase slots exist: which one is for --slot.
    case severalPassphraseSlots([SlotName])
    /// The new passphrase is the one the slot already has.
    case samePassphrase
}

/// A slot as a person tells it apart in a refusal: number, type and private label.
public struct SlotName: Equatable, Sendable {
    public let index: Int
    public let type: KeySlotType
    public let label: String
}

/// What one typed entry opened, when rekey asks for the secrets of the slots to keep.
public enum TypedKeyMatch: Equatable, Sendable {
    /// Slots not confirmed before that it opened.
    case opened([Int])
    /// A slot whose secret was known already (unlocked with, kept by a file or an earlier entry).
    case alreadyKept(Int)
    /// Shaped like a recovery key, a check failed, and no passphrase slot opens it.
    case typo(RecoveryKeyError)
    case opensNothing
}

/// The decisions of passwd, key remove and rekey about which slots they change.
extension KeyRing {
    public func name(of slot: KeySlot) -> SlotName {
        SlotName(index: slot.index, type: slot.type, label: metadata.entries[slot.index]?.label ?? "")
    }

    /// The passphrase slot passwd changes: `requested` (a passphrase slot); else the slot unlocked
    /// with when it is a passphrase slot; else (unlocked with a recovery key) the only passphrase
    /// slot, or nil, meaning "add one", when there is none. The recovery slot is never the target.
    public func passphraseSlotToChange(requested: Int?) throws -> Int? {
        if let requested {
            guard let chosen = slot(requested) else { throw VaultError.noSuchSlot(index: requested) }
            guard chosen.type == .passphrase else { throw KeyChangeRefusal.slotIsRecoveryKey(requested) }
            return requested
        }
        if slot(unlockedSlot)?.type == .passphrase { return unlockedSlot }
        let passphraseSlots = usedSlots.filter { $0.type == .passphrase }
        guard passphraseSlots.count <= 1 else { throw KeyChangeRefusal.severalPassphraseSlots(passphraseSlots.map(name(of:))) }
        return passphraseSlots.first?.index
    }

    /// The slot `key remove` may remove: one that exists, and never the last one.
    public func removable(_ index: Int) throws(VaultError) -> KeySlot {
        guard let target = slot(index) else { throw .noSuchSlot(index: index) }
        guard usedSlots.count > 1 else { throw .lastSlot }
        return target
    }

    /// Slots whose secret this command does not know (rekey must confirm or drop each),
    /// leaving out `skipping` (recovery slots being replaced).
    public func unconfirmedSlots(skipping: Set<Int> = []) -> [KeySlot] {
        usedSlots.filter { !knowsSecret(of: $0.index) && !skipping.contains($0.index) }
    }

    /// Tries `typed` as a recovery key (when it reads as one) and as a passphrase, on every slot
    /// whose secret is not known yet (so a planted slot that copies a label cannot catch it);
    /// then against the secrets already known.
    public func match(_ typed: SecretBytes) throws -> TypedKeyMatch {
        var candidates: [(secret: SecretBytes, type: KeySlotType)] = []
        var typo: RecoveryKeyError?
        do {
            candidates.append((try RecoveryKey.canonical(fromTyped: typed), .recovery))
        } catch let error as RecoveryKeyError {
            if TypedSecret.looksLikeRecoveryKey(typed) { typo = error }
        }
        candidates.append((try Passphrase.normalized(typed), .passphrase))
        for candidate in candidates {
            let opened = try prove(candidate.secret, type: candidate.type)
            if !opened.isEmpty { return .opened(opened) }
        }
        for slot in usedSlots where knowsSecret(of: slot.index) {
            if candidates.contains(where: { $0.type == slot.type && secretMatches($0.secret, slot: slot.index) }) {
                return .alreadyKept(slot.index)
            }
        }
        return typo.map { .typo($0) } ?? .opensNothing
    }
}

extension SlotMetadata {
    /// The label a new recovery key gets when none is given: "recovery key made 6 Dec 2026", so
    /// that two recovery keys (an old one kept, a new one added) can be told apart in `key list`
    /// and matched to the date on their paper. The month is in English words, never ambiguous
    /// like 06/12; the day is the local one.
    public static func recoveryKeyLabel(madeOn date: Date, timeZone: TimeZone = .current) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = timeZone
        formatter.dateFormat = "d MMM yyyy"
        return "recovery key made " + formatter.string(from: date)
    }
}
