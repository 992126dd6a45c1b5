import ArgumentParser
import Foundation
import HearthCrypto
import HearthRecords
import HearthVault

struct Init: HearthCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create a new vault (never overwrites an existing one).")

    @Option(name: .customLong("vault"), help: "Where to create the vault (default: $HEARTH_VAULT, else $XDG_DATA_HOME/hearth/vault.hearth).")
    var vaultPath: String?

    @OptionGroup var newPassphrase: NewPassphraseOptions

    func execute() throws {
        let path = VaultLocation.resolve(vaultPath)
        if FileManager.default.fileExists(atPath: path) {
            throw VaultError.alreadyExists(path: path)
        }
        Console.message("""
            Creating a Hearth vault at \(path).
            Your passphrase is the only way in: if it is forgotten, nobody (not even Hearth) can \
            recover what is inside, in any other way. Choose something you can remember, and consider \
            writing it down somewhere safe. A recovery key, written on paper, can be a second way in \
            (`hearth key add --recovery`).
            """)
        // Offer a recovery key only to a person at the terminal, not to a script that gave the
        // passphrase from a file, a descriptor or the environment.
        let typedAtTerminal = newPassphrase.newPassphraseFD == nil && newPassphrase.newPassphraseFile == nil
            && getenv("HEARTH_NEW_PASSPHRASE") == nil
        let secret = try newPassphrase.newPassphrase()
        let (kdf, vault) = try ProgressLine.shared.during("Creating the vault...") {
            let kdf = try newPassphrase.parameters()
            return (kdf, try RecordVault.create(at: path, secret: secret, kdf: kdf, lockTimeout: VaultLocation.lockTimeout))
        }
        Console.message("""
            Your vault is ready (key derivation: \(kdf.summary)). Write your first entry with \
            `hearth journal add`.
            """)
        if typedAtTerminal { try offerRecoveryKey(vault: vault, secret: secret, kdf: kdf) }
    }

    /// On a terminal: a forgotten passphrase cannot be recovered any other way, so offer a
    /// recovery key now, while the passphrase is still in hand (no second unlock needed).
    private func offerRecoveryKey(vault: RecordVault, secret: SecretBytes, kdf: Argon2idParameters) throws {
        guard Console.hasTerminal, Console.stdinIsTerminal else { return }
        Console.message("""

            If this passphrase is ever forgotten, nothing else can open the vault. A recovery key is a \
            long random code that you write on paper and keep somewhere safe; it opens the vault when \
            the passphrase does not.
            """)
        guard Console.confirm("Make a recovery key now?", defaultYes: true) else {
            Console.message("No recovery key was made. You can make one later with `hearth key add --recovery`.")
            return
        }
        let ring = try KeyRing.fromOpened(vault.opened, secret: secret)
        let key = try RecoveryKey.generate()
        let index = try ProgressLine.shared.during(ProgressLine.settingUpKey) {
            try ring.addSlot(type: .recovery, secret: key, kdf: kdf, label: KeyCommandSupport.recoveryKeyLabel())
        }
        let pending = try ring.prepareSave(lockTimeout: VaultLocation.lockTimeout)
        do {
            _ = try RecoveryKeyHandover.handOver(
                [(index, key)], pending: pending,
                context: .init(
                    unchanged: "Your vault itself is ready and opens with your passphrase.",
                    tryAgain: "You can make a recovery key later with `hearth key add --recovery`."))
        } catch let failure as CLIFailure where failure.status == .refused {
            // Declined or not typed back: the vault is made; only the recovery key is not.
            Console.message(failure.message)
        }
    }
}
