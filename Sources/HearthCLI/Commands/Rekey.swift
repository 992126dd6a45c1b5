import ArgumentParser
import Foundation
import HearthCrypto
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

    @OptionGroup var vault: VaultOptions

    @Option(name: .customLong("keep-passphrase-file"), help: "Keep the passphrase slot this file's passphrase opens (repeatable).")
    var keepPassphraseFiles: [String] = []

    @Option(name: .customLong("keep-recovery-key-file"), help: "Keep the recovery slot this file's recovery key opens (repeatable).")
    var keepRecoveryKeyFiles: [String] = []

    @Flag(help: "Remove every slot whose secret was not given (instead of refusing).")
    var dropUnconfirmed = false

    @Flag(help: "Replace each recovery key not confirmed by a new one, printed once on stdout.")
    var newRecoveryKey = false

    func execute() throws {
        let ring = try KeyCommandSupport.unlock(vault)
        try confirmFromFiles(ring)
        var replacedRecovery: [Int] = []
        var dropped: [Int] = []
        if newRecoveryKey {
            replacedRecovery += ring.usedSlots.filter { $0.type == .recovery && !ring.knowsSecret(of: $0.index) }.map(\.index)
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
            try ring.replaceSlot(index, secret: key, kdf: ring.slot(index)!.kdf)
            newKeys.append((index, key))
        }
        let unconfirmed = ring.usedSlots.filter { !ring.knowsSecret(of: $0.index) }
        if !unconfirmed.isEmpty {
            guard dropUnconfirmed else { throw VaultError.unconfirmedSlots(unconfirmed.map(\.index)) }
            for slot in unconfirmed {
                try ring.removeSlot(slot.index)
                dropped.append(slot.index)
            }
        }
        let before = ring.header.keyEpoch
        let progress = RekeyProgress(totalBytes: ring.header.payloadLength)
        let pending = try ring.prepareRekey(lockTimeout: VaultLocation.lockTimeout, progress: progress.report)
        progress.finish()
        let written: VaultHeader
        if newKeys.isEmpty {
            written = try pending.commit()
        } else {
            // A new recovery key becomes active only once it reached the person; until then the
            // re-encrypted vault waits beside the old one.
            written = try RecoveryKeyHandover.handOver(
                newKeys, pending: pending,
                context: .init(
                    unchanged: "The rekey did not happen either: the vault keeps its master key and opens with the keys it had.",
                    tryAgain: "Run `hearth rekey` again when you are ready."))
        }
        // The session agent's epoch key belongs to the old master key: have it wiped now.
        let sessionEnded = SessionClient(vaultID: written.vaultID).lock()
        let kept = ring.usedSlots.map { String($0.index) }.joined(separator: ", ")
        Console.message("""
            Rekeyed: a new master key now protects this vault (key epoch \(before) → \(written.keyEpoch)), the \
            records were re-encrypted, and the kept key slot\(ring.usedSlots.count == 1 ? "" : "s") (\(kept)) \
            re-wrapped with fresh salts.\(dropped.isEmpty ? "" : " Removed: slot\(dropped.count == 1 ? "" : "s") \(dropped.map(String.init).joined(separator: ", ")).")
            From now on, only the kept keys open this vault and its later saves; a removed key does not, \
            even for someone who kept the old master key.\(sessionEnded ? " The unlocked session was locked; unlock again if you like." : "")
            Older copies and backups are unchanged: they still open with the keys that opened them \
            before. Make a fresh backup now, then destroy the old ones if someone may have an old key \
            (deleting a file from a USB stick does not erase its bytes: overwrite the whole stick or destroy it).
            """)
    }

    /// Confirms slots with the secrets in --keep-passphrase-file and --keep-recovery-key-file.
    /// A file whose secret opens no slot is an error (77): better to stop than drop a slot.
    private func confirmFromFiles(_ ring: KeyRing) throws {
        for file in keepPassphraseFiles {
            let secret = try Passphrase.normalized(try SecretReader.readFile(file))
            if try ring.prove(secret, type: .passphrase).isEmpty, !ring.secretMatches(secret, slot: ring.unlockedSlot) {
                throw CLIFailure(.wrongSecret, "The passphrase in \(file) does not open any key slot of this vault. Nothing was changed.")
            }
        }
        for file in keepRecoveryKeyFiles {
            let key = try RecoveryKeyInput.canonical(try SecretReader.readFile(file))
            if try ring.prove(key, type: .recovery).isEmpty, !ring.secretMatches(key, slot: ring.unlockedSlot) {
                throw CLIFailure(.wrongSecret, "The recovery key in \(file) does not open any key slot of this vault. Nothing was changed.")
            }
        }
    }

    /// True when `typed` is "new" in any case (compared in place: it might have been a key).
    static func isWordNew(_ typed: SecretBytes) -> Bool {
        typed.withUnsafeBytes { b in
            b.count == 3 && b[0] | 0x20 == UInt8(ascii: "n") && b[1] | 0x20 == UInt8(ascii: "e")
                && b[2] | 0x20 == UInt8(ascii: "w")
        }
    }

    /// Asks for each slot not confirmed yet: its secret keeps it; an empty answer removes it
    /// (after a yes); for a recovery slot, `new` replaces it.
    private func askOnTerminal(_ ring: KeyRing, skipping: Set<Int>) throws -> (replace: [Int], remove: [Int]) {
        var replace: [Int] = []
        var remove: [Int] = []
        let pending = ring.usedSlots.filter { !ring.knowsSecret(of: $0.index) && !skipping.contains($0.index) }
        if !pending.isEmpty {
            Console.message("""
                Rekey re-wraps every key slot it keeps, and that needs each slot's own secret. \
                Slots whose secret is not given are removed.
                """)
        }
        for slot in pending {
            let name = KeyCommandSupport.describe(slot, in: ring)
            slotLoop: while !ring.knowsSecret(of: slot.index) {
                let prompt = slot.type == .recovery
                    ? "\(name): type its recovery key to keep it, \"new\" for a new one, or press Enter to remove it: "
                    : "\(name): type its passphrase to keep it, or press Enter to remove it: "
                guard let typed = try Terminal.readSecret(prompt: prompt, echo: slot.type == .recovery) else { break }
                if typed.count == 0 {
                    if Console.confirm("Remove \(name)? Its key will no longer open this vault.") {
                        remove.append(slot.index)
                        break slotLoop
                    }
                    continue
                }
                if slot.type == .recovery {
                    if Self.isWordNew(typed) {
                        replace.append(slot.index)
                        break slotLoop
                    }
                    do {
                        let key = try RecoveryKeyInput.canonical(typed)
                        if try ring.prove(key, type: .recovery).contains(slot.index) { break slotLoop }
                    } catch let typo as RecoveryKeyError {
                        Console.message(FailureReport.failure(for: typo).message)
                        continue
                    }
                } else {
                    let passphrase = try Passphrase.normalized(typed)
                    if try ring.prove(passphrase, type: .passphrase).contains(slot.index) { break slotLoop }
                }
                if ring.knowsSecret(of: slot.index) { break slotLoop }
                Console.message("That does not open \(name). Please try again, or press Enter to remove it.")
            }
        }
        return (replace, remove)
    }
}

/// "Re-encrypting: 42%" on stderr, for payloads large enough to take a moment, and only when
/// stderr is a terminal (scripts get no control characters).
final class RekeyProgress {
    private let totalBytes: UInt64
    private let enabled: Bool
    private var lastPercent = -1

    init(totalBytes: UInt64) {
        self.totalBytes = totalBytes
        enabled = Console.stderrIsTerminal && totalBytes >= 8 << 20
    }

    func report(_ done: UInt64, _ total: UInt64) {
        guard enabled, total > 0 else { return }
        let percent = Int(done * 100 / total)
        guard percent != lastPercent else { return }
        lastPercent = percent
        FileHandle.standardError.write(Data("\rRe-encrypting \(totalBytes >> 20) MiB: \(percent)%".utf8))
    }

    func finish() {
        if enabled, lastPercent >= 0 { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}
