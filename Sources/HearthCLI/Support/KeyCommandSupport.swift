import Foundation
import HearthCrypto
import HearthMessages
import HearthRecords
import HearthRunContext
import HearthVault

/// What the key-management commands (key, passwd, rekey) share: unlocking with a slot's
/// secret (never a session), describing slots, and asking on the terminal for another slot's
/// secret. New recovery keys are shown by `RecoveryKeyHandover`.
enum KeyCommandSupport {
    /// Unlocks the vault's key slots with a passphrase or recovery key.
    /// `forChange`: the command will rewrite the slot table under the vault's current keys
    /// (passwd, key add/remove/upgrade), so a file with keys from before a rekey seen at its path
    /// is refused now, before a new passphrase is asked for. `rekey`: the command is the remedy
    /// itself (a warning about the keys says what the rekey does), and is not checked: it writes
    /// under a master key made just then.
    static func unlock(_ vault: VaultOptions, forChange: Bool = false, rekey: Bool = false) throws -> KeyRing {
        let path = vault.path
        guard FileManager.default.fileExists(atPath: path) else { throw VaultError.notFound(path: path) }
        let trust = CommandTrust.current
        let ring = try vault.opening(allowSession: false) { try KeyRing.unlock(at: path, credential: $0, writeGuard: trust) }
        if forChange {
            try CommandTrust.openedForChange(path, header: ring.header, identity: ring.keyIdentity)
        } else {
            CommandTrust.read(path, header: ring.header, identity: ring.keyIdentity, purpose: rekey ? .rekey : .read)
        }
        return ring
    }

    /// "slot 2 (passphrase, "laptop")".
    static func describe(_ slot: KeySlot, in ring: KeyRing) -> String { describe(ring.name(of: slot)) }

    static func describe(_ name: SlotName) -> String {
        let label = printable(name.label)
        return "slot \(name.index) (\(name.type.name)" + (label.isEmpty ? ")" : ", \"\(label)\")")
    }

    /// `slot 2  passphrase  "laptop"  made 2026-11-20T10:00:00+01:00, changed …`: everything
    /// that tells slots apart, for lists a person decides on (a planted slot can copy a label
    /// and dates, but not its position).
    static func detailLine(_ slot: KeySlot, in ring: KeyRing) -> String {
        let details = ring.metadata.entries[slot.index]
        let label = printable(details?.label ?? "")
        let dates = details.map { "made \(localISO($0.createdAt)), changed \(localISO($0.changedAt))" } ?? "dates unknown"
        return "slot \(slot.index)  \(slot.type.name)  \(label.isEmpty ? "(no label)" : "\"\(label)\"")  \(dates)"
    }

    /// A label as it may be shown: control characters and other hidden characters (escape
    /// sequences or a bidi override someone who once held the master key could have sealed into
    /// a planted slot's label) become `?`, into a pipe too.
    static func printable(_ label: String) -> String {
        String(String.UnicodeScalarView(label.unicodeScalars.map {
            $0.properties.generalCategory == .control || HiddenScalars.isHidden($0) ? "?" : $0
        }))
    }

    /// Asks on the terminal for the secret of a slot not proven yet, and proves it, with the
    /// three tries every prompt has (`SecretTries`). Returns the slots it opened (empty when
    /// nothing opened, the person pressed Enter to skip, or there is no terminal).
    static func proveAnotherKey(_ ring: KeyRing, prompt: Message) throws -> [Int] {
        struct Skipped: Error {}
        do {
            return try SecretTries.run(
                source: {
                    guard let typed = try Terminal.readSecret(prompt: prompt), typed.count > 0 else { throw Skipped() }
                    return .typed(typed)
                },
                reading: { try RecoveryKeyInput.credential(typedAtPrompt: $0, vaultPath: ring.path) },
                again: .anotherKeyDidNotOpen,
                { credential in
                    let opened: [Int] = try ProgressLine.shared.during(ProgressLine.checkingKey) {
                        switch credential {
                        case .recoveryKey(let key): try ring.prove(key, type: .recovery)
                        case .passphrase(let passphrase): try ring.prove(passphrase, type: .passphrase)
                        case .epochKey, .keys, .session: []
                        }
                    }
                    guard !opened.isEmpty else { throw VaultError.wrongSecret }
                    return opened
                })
        } catch is Skipped {
            return []
        } catch where SecretTries.isWrongSecret(error) {
            Console.message(.anotherSlotDidNotOpenEither)
            return []
        }
    }

    /// The label a new recovery key gets when none is given (`SlotMetadata.recoveryKeyLabel`), on
    /// the run's clock and in its time zone.
    static func recoveryKeyLabel() -> String {
        SlotMetadata.recoveryKeyLabel(madeOn: HearthClock.current.now(), timeZone: HearthClock.current.timeZone)
    }

    /// Said at the moment passphrase slots are written below today's recommended minimum (only
    /// an explicit --kdf or $HEARTH_KDF, or a rekey keeping a slot's old cost, does that).
    static func warnIfBelowRecommended(_ slots: [KeySlot]) {
        let weak = slots.belowRecommended
        guard !weak.isEmpty else { return }
        let list = weak.map { String($0.index) }.joined(separator: ", ")
        Console.message(.weakSlots(list, count: weak.count, justWritten: true))
    }

    /// The new key-derivation cost in words, with its preset name when it has one.
    static func costWords(_ kdf: Argon2idParameters) -> String {
        let preset = kdf.presetName
        return preset == "custom" ? kdf.summary : "\(kdf.summary), \(preset)"
    }

    /// A date as ISO 8601 in the local time zone.
    /// A slot's date in local time; "unknown" for a date outside years 1 to 9999, which only
    /// someone holding the master key could have sealed into the slot details (checked before
    /// the time zone is asked about it).
    static func localISO(_ date: Date) -> String {
        guard RecordTime(validating: date, offsetSeconds: 0) != nil,
              let time = RecordTime(validating: date, offsetSeconds: RecordTime.wholeMinutes(HearthClock.current.timeZone.secondsFromGMT(for: date)))
        else { return "unknown" }
        return time.iso8601
    }
}
