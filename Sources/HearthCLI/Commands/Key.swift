import ArgumentParser
import Foundation
import HearthCommandJSON
import HearthDisplayWidth
import HearthCrypto
import HearthMessages
import HearthRunContext
import HearthVault

struct Key: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List, add, remove and upgrade the keys that open the vault (passphrases, recovery keys).",
        discussion: """
            Each key opens its own slot; every slot unlocks the same vault. These commands always ask \
            for a passphrase or recovery key (an unlocked session is not enough). See also \
            `hearth passwd` and `hearth rekey`.
            """,
        subcommands: [KeyList.self, KeyAdd.self, KeyRemove.self, KeyUpgrade.self, KeyCheck.self])
}

struct KeyList: HearthCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "Show the key slots: type, label, dates and key-derivation cost (needs a key: labels are private).")

    @OptionGroup(title: OptionTitle.vault) var vault: VaultOptions

    @OptionGroup var output: ListingOutput

    func execute() throws {
        let ring = try KeyCommandSupport.unlock(vault)
        let slots = ring.usedSlots
        if output.any {
            let zone = HearthClock.current.timeZone
            return try Console.listing(slots.map {
                KeySlotJSON.entry($0, details: ring.metadata.entries[$0.index], unlockedSlot: ring.unlockedSlot, in: zone)
            }, lines: output.jsonl)
        }
        var rows = [["SLOT", "TYPE", "LABEL", "CREATED", "CHANGED", "KEY DERIVATION"]]
        for slot in slots {
            let details = ring.metadata.entries[slot.index]
            let label = details?.label ?? ""
            rows.append([
                String(slot.index) + (slot.index == ring.unlockedSlot ? "*" : ""),
                slot.type.name,
                label.isEmpty ? "-" : KeyCommandSupport.printable(label),
                details.map { KeyCommandSupport.localISO($0.createdAt) } ?? "?",
                details.map { KeyCommandSupport.localISO($0.changedAt) } ?? "?",
                KeyCommandSupport.costWords(slot.kdf) + (slot.isBelowRecommended ? "  (!)" : ""),
            ])
        }
        // Labels in any script line up (display width); a long one is shortened on the screen only.
        try Console.fittedLines(TextColumns(limits: [nil, nil, Console.stdoutIsTerminal ? 32 : nil]).lines(rows))
        Console.message(.keyListLegend(used: slots.count))
        let weak = slots.belowRecommended
        if !weak.isEmpty {
            let list = weak.map { String($0.index) }.joined(separator: ", ")
            Console.message(.weakSlots(list, count: weak.count, justWritten: false))
        }
    }
}

struct KeyAdd: HearthCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add a passphrase (or, with --recovery, a recovery key) that also opens the vault.",
        discussion: """
            Unlock with any existing key. The new passphrase comes from --new-passphrase-fd, \
            --new-passphrase-file, $HEARTH_NEW_PASSPHRASE, or is asked twice on the terminal. \
            With --recovery, a recovery key is made, printed once on stdout, and never stored. \
            The label is private (sealed inside the vault), but like every argument it is visible \
            to other users of this machine while the command runs.
            """)

    @OptionGroup(title: OptionTitle.vault) var vault: VaultOptions

    @OptionGroup(title: OptionTitle.newPassphrase) var newPassphrase: NewPassphraseOptions

    @Option(help: "A private label for the new slot, such as \"laptop\" or \"paper in the drawer\" (at most 62 bytes). A recovery key without one is labelled with the day it was made (\"recovery key made 6 Dec 2026\"); `hearth key list` shows labels.")
    var label: String?

    @Flag(help: "Make a recovery key instead of a passphrase, shown once.")
    var recovery = false

    @Flag(help: "Print the new slot as one JSON object (a passphrase slot only).")
    var json = false

    func validate() throws {
        if json && recovery { throw Message.recoveryKeyNotInJSON.usageError }
        if let label, label.utf8.count > SlotMetadata.maximumLabelBytes {
            throw Message.labelTooLong.usageError
        }
        if let label, label.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            throw Message.labelHasControlCharacters.usageError
        }
    }

    /// Said when Ctrl-C ends Hearth while the new key is being set up (`StopNote`).
    static let stoppedBeforeAdding: Message = .stopNoteNoKeyAdded

    func execute() throws {
        let ring = try KeyCommandSupport.unlock(vault, forChange: true)
        guard ring.freeSlot != nil else { throw VaultError.slotTableFull }
        let kdf = try NewPassphraseOptions.parameters(choice: newPassphrase.kdf, warn: false)
        if recovery {
            let existing = ring.usedSlots.filter { $0.type == .recovery }
            if !existing.isEmpty {
                let list = existing.map { KeyCommandSupport.describe($0, in: ring) }.joined(separator: ", ")
                Console.message(.recoveryKeyAlreadyThere(list))
            }
            let key = try RecoveryKey.generate()
            let index = try StopNote.during(watching: vault.path, before: Self.stoppedBeforeAdding, after: Self.stoppedBeforeAdding) {
                try ProgressLine.shared.during(ProgressLine.settingUpKey) {
                    try ring.addSlot(type: .recovery, secret: key, kdf: kdf, label: label ?? KeyCommandSupport.recoveryKeyLabel())
                }
            }
            let pending = try ring.prepareSave(lockTimeout: VaultLocation.lockTimeout)
            _ = try RecoveryKeyHandover.handOver(
                [(index, key)], pending: pending,
                context: .init(unchanged: .handoverUnchanged, tryAgain: .recoveryKeyTryAgain))
            return
        }
        let secret = try newPassphrase.newPassphrase()
        let index = try StopNote.during(
            watching: vault.path, before: Self.stoppedBeforeAdding,
            after: .stopNotePassphraseSaved
        ) {
            let index = try ProgressLine.shared.during(ProgressLine.settingUpKey) {
                try ring.addSlot(type: .passphrase, secret: secret, kdf: kdf, label: label ?? "")
            }
            try ring.save(lockTimeout: VaultLocation.lockTimeout)
            return index
        }
        try json ? Console.json(KeySlotJSON.written(ring.slot(index)!, slots: ring.usedSlots.count)) : Console.output(String(index))
        Console.message(.passphraseSlotAdded(slot: index, cost: KeyCommandSupport.costWords(kdf), keys: ring.usedSlots.count))
        KeyCommandSupport.warnIfBelowRecommended([ring.slot(index)].compactMap { $0 })
    }
}

struct KeyRemove: HearthCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove",
        abstract: "Remove a key slot, so its passphrase or recovery key no longer opens this vault file.",
        discussion: """
            Refuses to remove the last slot. To remove the slot you unlocked with, first give another \
            key (asked on a terminal). The removed key still opens old copies and backups, and someone \
            who held it may have kept the vault's master key: `hearth rekey` afterwards closes later \
            saves to them.
            """)

    @OptionGroup(title: OptionTitle.vault) var vault: VaultOptions

    @Argument(help: "The slot to remove (its number in `hearth key list`).")
    var slot: Int

    @Flag(help: "Print the removed slot as one JSON object.")
    var json = false

    func validate() throws {
        guard (0..<VaultHeader.slotCount).contains(slot) else {
            throw Message.slotNumberRange.usageError
        }
    }

    func execute() throws {
        let ring = try KeyCommandSupport.unlock(vault, forChange: true)
        let target = try ring.removable(slot)
        let name = KeyCommandSupport.describe(target, in: ring)
        if slot == ring.unlockedSlot, Console.hasTerminal {
            Console.message(.removingUnlockedKey(name))
            _ = try KeyCommandSupport.proveAnotherKey(ring, prompt: .anotherKeyPrompt)
        }
        if Console.hasTerminal, Console.stdinIsTerminal {
            guard Console.confirm(.confirmRemoveKey(name)) else {
                Console.message(.nothingChanged)
                return
            }
        }
        try ring.removeSlot(slot)
        try ring.save(lockTimeout: VaultLocation.lockTimeout)
        if json { try Console.json(KeySlotJSON.removed(target, slots: ring.usedSlots.count)) }
        Console.message(.keyRemoved(name, recovery: target.type == .recovery))
    }
}

struct KeyUpgrade: HearthCommand {
    static let configuration = CommandConfiguration(
        commandName: "upgrade",
        abstract: "Re-derive the slot you unlock with at today's recommended key-derivation cost (or --kdf).",
        discussion: """
            The passphrase or recovery key stays the same; the slot gets a fresh salt and the new cost. \
            The default cost is calibrated to about one second at 256 MiB on this machine, and never below \
            the slot's current cost or libsodium's MODERATE (only --kdf can lower it). To upgrade another \
            slot, unlock with that slot's passphrase.
            """)

    @OptionGroup(title: OptionTitle.vault) var vault: VaultOptions

    @Option(name: .customLong("kdf"), help: "Key-derivation cost: interactive, moderate or sensitive (default: calibrated, or $HEARTH_KDF).")
    var kdf: KDFChoice?

    @Flag(help: "Print the slot as one JSON object (as `key add --json`).")
    var json = false

    func execute() throws {
        let ring = try KeyCommandSupport.unlock(vault, forChange: true)
        let index = ring.unlockedSlot
        guard let slot = ring.slot(index) else { throw VaultError.noSuchSlot(index: index) }
        let explicit = kdf != nil || !(Environment.value("HEARTH_KDF") ?? "").isEmpty
        // Recalibrated, never below this slot's cost nor MODERATE (unless --kdf says so).
        let target = try NewPassphraseOptions.parameters(choice: kdf, atLeast: slot.kdf, warn: false)
        if !explicit, slot.kdf.meets(target) {
            Console.message(.slotAlreadyStrong(index, cost: KeyCommandSupport.costWords(slot.kdf), recommended: target.summary))
            return try tell(ring, index)
        }
        try ProgressLine.shared.during(ProgressLine.settingUpKey) { try ring.rederive(index, kdf: target) }
        try ring.save(lockTimeout: VaultLocation.lockTimeout)
        try tell(ring, index)
        Console.message(.slotUpgraded(
            index, recovery: slot.type == .recovery, from: KeyCommandSupport.costWords(slot.kdf), to: KeyCommandSupport.costWords(target)))
        KeyCommandSupport.warnIfBelowRecommended([ring.slot(index)].compactMap { $0 })
    }
}

extension KeyUpgrade {
    private func tell(_ ring: KeyRing, _ index: Int) throws {
        if json, let slot = ring.slot(index) { try Console.json(KeySlotJSON.written(slot, slots: ring.usedSlots.count)) }
    }
}

struct KeyCheck: HearthCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Test a passphrase or a recovery key on paper: says which slot it opens, changes nothing.",
        discussion: """
            Type the key at the prompt (a recovery key with or without dashes), or give it with \
            --recovery-key-fd N (for example `--recovery-key-fd 3 3</dev/tty`) or --passphrase-fd N. \
            Only the key slots are read: nothing is decrypted but the vault's master key, and nothing is \
            written. Exit 0 when it opens a slot, 77 when it does not (a typo in a recovery key names its group).
            """)

    @OptionGroup(title: OptionTitle.vault) var vault: VaultOptions

    @Flag(help: "Print the slot it opens as one JSON object (as `key add --json`).")
    var json = false

    func execute() throws {
        let ring = try KeyCommandSupport.unlock(vault)
        guard let slot = ring.slot(ring.unlockedSlot) else { throw VaultError.noSuchSlot(index: ring.unlockedSlot) }
        if json { try Console.json(KeySlotJSON.written(slot, slots: ring.usedSlots.count)) }
        Console.message(.keyOpensSlot(KeyCommandSupport.describe(slot, in: ring), recovery: slot.type == .recovery))
    }
}
