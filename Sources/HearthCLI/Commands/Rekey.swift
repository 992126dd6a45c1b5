import ArgumentParser
import Foundation
import HearthCommandJSON
import HearthCrypto
import HearthMessages
import HearthSession
import HearthVault

struct Rekey: HearthCommand {
    static let configuration = CommandConfiguration(
        abstract: "Replace the vault's master key: new key epoch, records re-encrypted, every kept key slot re-wrapped.",
        discussion: """
            Every key slot kept must be confirmed with its own secret: the slot you unlock with at \
            once; the others with --keep-passphrase-file / --keep-recovery-key-file, or when asked on \
            a terminal (where a recovery key can also be replaced by a new one). --drop-unconfirmed \
            removes the slots not confirmed; without it, rekey refuses and changes nothing. \
            After `hearth key remove` and `hearth rekey`, the removed key cannot open this vault or any \
            later save of it, even for someone who kept the old master key. Older copies and \
            backups are not changed.
            """)

    @OptionGroup(title: OptionTitle.vault) var vault: VaultOptions

    @Option(name: .customLong("keep-passphrase-file"), help: "Keep the passphrase slot this file's passphrase opens (repeatable).")
    var keepPassphraseFiles: [String] = []

    @Option(name: .customLong("keep-recovery-key-file"), help: "Keep the recovery slot this file's recovery key opens (repeatable).")
    var keepRecoveryKeyFiles: [String] = []

    @Flag(help: "Remove every slot whose secret was not given (instead of refusing).")
    var dropUnconfirmed = false

    @Flag(help: "Replace each recovery key not confirmed by a new one, printed once on stdout.")
    var newRecoveryKey = false

    @Flag(help: "Print the new key epoch and the slots kept and removed as one JSON object.")
    var json = false

    func validate() throws {
        if json && newRecoveryKey { throw Message.recoveryKeyNotInJSON.usageError }
    }

    /// Ctrl-C while the keys are derived and the records re-encrypted (seconds) ends Hearth at
    /// once and says which vault it left (`StopNote`).
    static func stopNoted<T>(_ path: String, _ body: () throws -> T) rethrows -> T {
        try StopNote.during(
            watching: path,
            before: .stopNoteKeysKept,
            after: .stopNoteRekeyed,
            body)
    }

    func execute() throws {
        let ring = try KeyCommandSupport.unlock(vault, rekey: true)
        try confirmFromFiles(ring)
        var replacedRecovery: [Int] = []
        var dropped: [Int] = []
        if newRecoveryKey {
            replacedRecovery += ring.unconfirmedSlots().filter { $0.type == .recovery }.map(\.index)
        }
        if !dropUnconfirmed, Console.hasTerminal, Console.stdinIsTerminal {
            let answers = try askOnTerminal(ring, skipping: Set(replacedRecovery))
            replacedRecovery += answers.replace
            for index in answers.remove {
                try ring.removeSlot(index)
                dropped.append(index)
            }
        }
        var newKeys: [(slot: Int, key: SecretBytes)] = []
        for index in replacedRecovery {
            let key = try RecoveryKey.generate()
            try ProgressLine.shared.during(ProgressLine.settingUpKey) {
                try ring.replaceSlot(index, secret: key, kdf: ring.slot(index)!.kdf, label: KeyCommandSupport.recoveryKeyLabel())
            }
            newKeys.append((index, key))
        }
        let unconfirmed = ring.unconfirmedSlots()
        if !unconfirmed.isEmpty {
            guard dropUnconfirmed else { throw VaultError.unconfirmedSlots(unconfirmed.map(\.index)) }
            for slot in unconfirmed {
                try ring.removeSlot(slot.index)
                dropped.append(slot.index)
            }
        }
        let before = ring.header.keyEpoch
        // The slow part: one key derivation per kept slot, then every record re-encrypted.
        let slotCount = ring.usedSlots.count
        ProgressLine.shared.status(.progressKeepingKeys(slotCount))
        // Above every epoch this account trusted for the vault: an epoch number never names two keys.
        let pending = try Self.stopNoted(vault.path) {
            try ProgressLine.shared.clearedAfter {
                try ring.prepareRekey(
                    lockTimeout: VaultLocation.lockTimeout, minimumEpoch: CommandTrust.current.minimumRekeyEpoch(for: ring.header, at: vault.path),
                    progress: Self.reencrypting)
            }
        }
        try CommandTrust.requirePendingNoted(pending)
        let written: VaultHeader
        if newKeys.isEmpty {
            written = try Self.stopNoted(vault.path) { try pending.commit() }
        } else {
            // A new recovery key becomes active only once it reached the person; until then the
            // re-encrypted vault waits beside the old one.
            written = try RecoveryKeyHandover.handOver(
                newKeys, pending: pending,
                context: .init(unchanged: .rekeyDidNotHappen, tryAgain: .rekeyTryAgain))
        }
        // The session agent's epoch key belongs to the old master key: have it wiped now.
        let sessionEnded = SessionClient(directory: .current(environment: Environment.all), vaultID: written.vaultID).lock()
        if json {
            try Console.json(VaultChangeJSON.rekeyed(
                path: vault.path, from: before, header: written, removedSlots: dropped, sessionLocked: sessionEnded))
        }
        let kept = ring.usedSlots.map { String($0.index) }.joined(separator: ", ")
        Console.message(.rekeyed(
            fromEpoch: before, toEpoch: written.keyEpoch, kept: kept, removed: dropped, sessionLocked: sessionEnded))
        // Each kept slot keeps its own cost; say so when one is below today's minimum.
        KeyCommandSupport.warnIfBelowRecommended(ring.usedSlots)
    }

    /// Confirms slots with the secrets in --keep-passphrase-file and --keep-recovery-key-file.
    /// A file whose secret opens no slot is an error (77): better to stop than drop a slot.
    private func confirmFromFiles(_ ring: KeyRing) throws {
        for file in keepPassphraseFiles {
            let secret = try Passphrase.normalized(try SecretReader.readFile(file, asking: .askingPassphraseToKeep))
            if try ProgressLine.shared.during(ProgressLine.checkingKey, { try ring.prove(secret, type: .passphrase) }).isEmpty,
               !ring.secretMatches(secret, slot: ring.unlockedSlot) {
                throw CLIFailure(.wrongSecret, .keepFileOpensNothing(path: file, recovery: false))
            }
        }
        for file in keepRecoveryKeyFiles {
            let key = try RecoveryKeyInput.canonical(try SecretReader.readFile(file, asking: .askingRecoveryKeyToKeep))
            if try ProgressLine.shared.during(ProgressLine.checkingKey, { try ring.prove(key, type: .recovery) }).isEmpty,
               !ring.secretMatches(key, slot: ring.unlockedSlot) {
                throw CLIFailure(.wrongSecret, .keepFileOpensNothing(path: file, recovery: true))
            }
        }
    }

    /// On a terminal: the person types each passphrase or recovery key to keep, in any order
    /// (each is tried on every slot still to confirm, so a planted slot that copies a label
    /// cannot catch it), then says whether to replace each unconfirmed recovery key, then sees
    /// the list of slots that will be removed and confirms once. Wrong entries are asked again,
    /// three in all; then rekey stops with 77 and changes nothing.
    private func askOnTerminal(_ ring: KeyRing, skipping: Set<Int>) throws -> (replace: [Int], remove: [Int]) {
        func pending() -> [KeySlot] { ring.unconfirmedSlots(skipping: skipping) }
        guard !pending().isEmpty else { return ([], []) }
        Console.message(.rekeyUnconfirmed(pending().map { "  " + KeyCommandSupport.detailLine($0, in: ring) }.joined(separator: "\n")))
        var wrong = 0
        // Entries that opened nothing: typed again, they are not derived again (each costs a key
        // derivation per slot), and count as wrong, as at every prompt (`SecretTries`).
        var openedNothing: [SecretBytes] = []
        while !pending().isEmpty {
            guard let typed = try Terminal.readSecret(prompt: .keepPrompt),
                  typed.count > 0
            else { break }
            var problem: Message = .sameAsATryBefore
            // nil: typed before and opened nothing then.
            let match: TypedKeyMatch? = openedNothing.contains(typed)
                ? nil : try ProgressLine.shared.during(ProgressLine.checkingKey, { try ring.match(typed) })
            switch match {
            case nil:
                break
            case .opened(let slots):
                let names = slots.compactMap { ring.slot($0) }.map { KeyCommandSupport.describe($0, in: ring) }
                Console.message(.kept(names.joined(separator: ", ")))
                continue
            case .alreadyKept(let slot):
                let name = ring.slot(slot).map { KeyCommandSupport.describe($0, in: ring) } ?? "slot \(slot)"
                Console.message(.keptAlready(name))
                continue
            case .typo(let error):
                problem = .mistypedRecoveryKey(FailureReport.failure(for: error).message)
            case .opensNothing:
                problem = .opensNoSlot
            }
            wrong += 1
            openedNothing.append(typed)
            guard wrong < 3 else {
                Console.failure(problem)
                throw CLIFailure(.wrongSecret, .rekeyStoppedAfterThree)
            }
            Console.message(.tryAgainOrEnter(problem))
        }

        var replace: [Int] = []
        // A new recovery key is printed alone on stdout: with --json, none is offered.
        for slot in pending() where slot.type == .recovery && !json {
            if Console.confirm(.replaceUnconfirmedRecovery(KeyCommandSupport.describe(slot, in: ring))) { replace.append(slot.index) }
        }
        let remove = pending().filter { !replace.contains($0.index) }
        guard !remove.isEmpty else { return (replace, []) }
        Console.message(.slotsToRemove(
            count: remove.count, list: remove.map { "  " + KeyCommandSupport.detailLine($0, in: ring) }.joined(separator: "\n")))
        guard Console.confirm(.confirmRemoveAndRekey(count: remove.count)) else {
            throw CLIFailure(.refused, .rekeyDeclined)
        }
        return (replace, remove.map(\.index))
    }
}

extension Rekey {
    /// "Re-encrypting the records: 42%" on the progress line, as the payload is re-encrypted.
    static func reencrypting(_ done: UInt64, _ total: UInt64) {
        guard total > 0 else { return }
        ProgressLine.shared.update(.progressReencrypting(percent: UInt64(done * 100 / total)))
    }
}
