import ArgumentParser
import Foundation
import HearthCrypto
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

    @OptionGroup var vault: VaultOptions

    @OptionGroup var newPassphrase: NewPassphraseOptions

    @Option(help: "The passphrase slot to change (default: the one you unlock with; unlocked with a recovery key, the only passphrase slot).")
    var slot: Int?

    func validate() throws {
        if let slot, !(0..<VaultHeader.slotCount).contains(slot) {
            throw ValidationError("Slots are numbered 0 to \(VaultHeader.slotCount - 1); `hearth key list` shows them.")
        }
    }

    func execute() throws {
        let ring = try KeyCommandSupport.unlock(vault, forChange: true)
        let target = try targetSlot(ring)
        // Recalibrated, never below the replaced slot's cost nor MODERATE (unless --kdf says so).
        let kdf = try NewPassphraseOptions.parameters(
            choice: newPassphrase.kdf, atLeast: target.flatMap { ring.slot($0)?.kdf }, warn: false)
        let secret = try newPassphrase.newPassphrase()
        if let target, ring.secretMatches(secret, slot: target) {
            throw CLIFailure(.usage, """
                The new passphrase is the same as the current one, so nothing was changed. To only raise \
                its key-derivation cost, use `hearth key upgrade`.
                """)
        }
        // Ctrl-C during the key derivation (seconds) ends Hearth at once and says what it left.
        let index: Int = try StopNote.during(
            watching: vault.path,
            before: "Stopped. Nothing was changed: the vault opens as before.",
            after: "Stopped just after the new passphrase was saved: it opens the vault now."
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
        let what = target == nil
            ? "Added a passphrase in slot \(index)"
            : "The passphrase in slot \(index) was changed"
        var lines = ["\(what) (key derivation: \(KeyCommandSupport.costWords(kdf)))."]
        if target != nil { lines.append("The old passphrase no longer opens this vault file.") }
        if let unlocked = ring.slot(ring.unlockedSlot), unlocked.type == .recovery {
            lines.append("""
                You unlocked with the recovery key (\(KeyCommandSupport.describe(unlocked, in: ring))); it was not \
                changed and keeps working.
                """)
        }
        Console.message(lines.joined(separator: " ") + "\n\n" + """
            Existing backups and older copies of the vault still open with the old passphrase: changing it \
            does not reach into them. And someone who had that passphrase and any older copy can still open \
            this file (the master key has not changed): `hearth rekey` takes access back. If you changed it \
            because someone may know the old one, run `hearth rekey`, make a fresh backup, then destroy the old \
            backups. Deleting a file from a USB stick does not erase its bytes: overwrite the whole stick or \
            destroy it.
            """)
        KeyCommandSupport.warnIfBelowRecommended([ring.slot(index)].compactMap { $0 })
    }

    /// The passphrase slot to change: --slot N (a passphrase slot); else the slot unlocked with
    /// when it is a passphrase slot; else (unlocked with a recovery key) the only passphrase slot,
    /// or nil, meaning "add one", when there is none. The recovery slot is never the target.
    private func targetSlot(_ ring: KeyRing) throws -> Int? {
        if let slot {
            guard let chosen = ring.slot(slot) else { throw VaultError.noSuchSlot(index: slot) }
            guard chosen.type == .passphrase else {
                throw CLIFailure(.usage, """
                    Slot \(slot) holds a recovery key, which cannot be changed into a passphrase. Nothing was \
                    changed. To replace a recovery key, add a new one (`hearth key add --recovery`) and remove \
                    the old slot.
                    """)
            }
            return slot
        }
        if ring.slot(ring.unlockedSlot)?.type == .passphrase { return ring.unlockedSlot }
        let passphraseSlots = ring.usedSlots.filter { $0.type == .passphrase }
        switch passphraseSlots.count {
        case 0: return nil
        case 1: return passphraseSlots[0].index
        default:
            let list = passphraseSlots.map { KeyCommandSupport.describe($0, in: ring) }.joined(separator: ", ")
            throw CLIFailure(.usage, """
                You unlocked with a recovery key, and this vault has several passphrases: \(list). \
                Say which one to change with --slot N. Nothing was changed.
                """)
        }
    }
}
