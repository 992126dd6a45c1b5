import ArgumentParser
import Foundation
import HearthCommandJSON
import HearthCrypto
import HearthMessages
import HearthVault

struct Passwd: HearthCommand {
    static let configuration = CommandConfiguration(
        abstract: "Change the passphrase of the slot you unlock with (fresh salt, cost recalibrated or --kdf).",
        discussion: """
            Only the key slot changes; the encrypted records are copied as they are. The old \
            passphrase no longer opens this vault file, but existing backups and copies still open \
            with it.

            A forgotten passphrase: run `hearth passwd` and type your recovery key at the prompt (or \
            give it with --recovery-key-fd 3 3</dev/tty, ending with Enter). Unlocked with a recovery \
            key, passwd replaces the passphrase of the slot given by --slot N; without --slot, that of \
            the vault's only passphrase slot (with several, --slot is needed; with none, a new \
            passphrase slot is added). The recovery slot itself is never changed: the recovery key \
            keeps working.
            """)

    @OptionGroup(title: OptionTitle.vault) var vault: VaultOptions

    @OptionGroup(title: OptionTitle.newPassphrase) var newPassphrase: NewPassphraseOptions

    @Option(help: "The passphrase slot to change (default: the one you unlock with; unlocked with a recovery key, the only passphrase slot).")
    var slot: Int?

    @Flag(help: "Print the changed slot as one JSON object.")
    var json = false

    func validate() throws {
        if let slot, !(0..<VaultHeader.slotCount).contains(slot) {
            throw Message.slotNumberRange.usageError
        }
    }

    func execute() throws {
        let ring = try KeyCommandSupport.unlock(vault, forChange: true)
        let target = try ring.passphraseSlotToChange(requested: slot)
        // Recalibrated, never below the replaced slot's cost nor MODERATE (unless --kdf says so).
        let kdf = try NewPassphraseOptions.parameters(
            choice: newPassphrase.kdf, atLeast: target.flatMap { ring.slot($0)?.kdf }, warn: false)
        let secret = try newPassphrase.newPassphrase()
        if let target, ring.secretMatches(secret, slot: target) {
            throw KeyChangeRefusal.samePassphrase
        }
        // Ctrl-C during the key derivation (seconds) ends Hearth at once and says what it left.
        let index: Int = try StopNote.during(
            watching: vault.path,
            before: .stopNoteNothingChanged,
            after: .stopNotePassphraseSaved
        ) {
            let index: Int = try ProgressLine.shared.during(ProgressLine.settingUpKey) {
                if let target {
                    try ring.replaceSlot(target, secret: secret, kdf: kdf)
                    return target
                }
                return try ring.addSlot(type: .passphrase, secret: secret, kdf: kdf, label: "")
            }
            try ring.save(lockTimeout: VaultLocation.lockTimeout)
            return index
        }
        if json { try Console.json(KeySlotJSON.written(ring.slot(index)!, slots: ring.usedSlots.count)) }
        let recovery = ring.slot(ring.unlockedSlot).flatMap { $0.type == .recovery ? KeyCommandSupport.describe($0, in: ring) : nil }
        Console.message(target == nil
            ? .passphraseAdded(slot: index, cost: KeyCommandSupport.costWords(kdf))
            : .passphraseChanged(slot: index, cost: KeyCommandSupport.costWords(kdf), recoveryKeptName: recovery))
        KeyCommandSupport.warnIfBelowRecommended([ring.slot(index)].compactMap { $0 })
    }
}
