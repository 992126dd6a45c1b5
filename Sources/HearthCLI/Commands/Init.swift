import ArgumentParser
import Foundation
import HearthCommandJSON
import HearthCrypto
import HearthMessages
import HearthRecords
import HearthVault

struct Init: HearthCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create a new vault (never overwrites an existing one).")

    @Option(name: .customLong("vault"), help: "Where to create the vault (default: $HEARTH_VAULT, else $XDG_DATA_HOME/hearth/vault.hearth).")
    var vaultPath: String?

    @OptionGroup(title: OptionTitle.newPassphrase) var newPassphrase: NewPassphraseOptions

    @Flag(help: "Print the new vault as one JSON object.")
    var json = false

    @OptionGroup var output: OutputOptions

    func execute() throws {
        let path = VaultLocation.resolve(vaultPath)
        if FileManager.default.fileExists(atPath: path) {
            throw VaultError.alreadyExists(path: path)
        }
        Console.message(.creatingVault(at: path))
        // Offer a recovery key only to a person at the terminal, not to a script that gave the
        // passphrase from a file, a descriptor or the environment.
        let typedAtTerminal = newPassphrase.newPassphraseFD == nil && newPassphrase.newPassphraseFile == nil
            && !Environment.isSet("HEARTH_NEW_PASSPHRASE")
        let secret = try newPassphrase.newPassphrase()
        let (kdf, vault) = try ProgressLine.shared.during(.progressCreatingVault) {
            let kdf = try newPassphrase.parameters()
            return (kdf, try RecordVault.create(
                at: path, secret: secret, kdf: kdf, lockTimeout: VaultLocation.lockTimeout, writeGuard: CommandTrust.current))
        }
        Console.message(.vaultReady(cost: kdf.summary))
        // A recovery key is offered to a person at the terminal, on stdout: not beside JSON.
        if typedAtTerminal, json, Console.hasTerminal { Console.message(.noRecoveryKeyMade) }
        if typedAtTerminal, !json { try offerRecoveryKey(vault: vault, secret: secret, kdf: kdf) }
        if json, let slot = vault.opened.header.slots.compactMap({ $0 }).first {
            try Console.json(VaultChangeJSON.created(path: path, header: vault.opened.header, slot: slot))
        }
    }

    /// On a terminal: a forgotten passphrase cannot be recovered any other way, so offer a
    /// recovery key now, while the passphrase is still in hand (no second unlock needed).
    private func offerRecoveryKey(vault: RecordVault, secret: SecretBytes, kdf: Argon2idParameters) throws {
        guard Console.hasTerminal, Console.stdinIsTerminal else { return }
        Console.message(.recoveryKeyOffer)
        guard Console.confirm(.makeRecoveryKeyNow, defaultYes: true) else {
            Console.message(.noRecoveryKeyMade)
            return
        }
        let ring = try KeyRing.fromOpened(vault.opened, secret: secret, writeGuard: CommandTrust.current)
        let key = try RecoveryKey.generate()
        let index = try ProgressLine.shared.during(ProgressLine.settingUpKey) {
            try ring.addSlot(type: .recovery, secret: key, kdf: kdf, label: KeyCommandSupport.recoveryKeyLabel())
        }
        let pending = try ring.prepareSave(lockTimeout: VaultLocation.lockTimeout)
        do {
            _ = try RecoveryKeyHandover.handOver(
                [(index, key)], pending: pending,
                context: .init(unchanged: .vaultReadyWithPassphrase, tryAgain: .recoveryKeyLater))
        } catch let failure as CLIFailure where failure.status == .refused {
            // Declined or not typed back: the vault is made; only the recovery key is not.
            Console.message(failure.message)
        }
    }
}
