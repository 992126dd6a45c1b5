import ArgumentParser
import Foundation
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
            recover what is inside. Choose something you can remember, and consider writing it down \
            somewhere safe. A recovery key can be added with `hearth key add --recovery`.
            """)
        let secret = try newPassphrase.newPassphrase()
        let kdf = try newPassphrase.parameters()
        let vault = try RecordVault.create(at: path, secret: secret, kdf: kdf, lockTimeout: VaultLocation.lockTimeout)
        Console.message("""
            Your vault is ready (key derivation: \(kdf.summary)). Write your first entry with \
            `hearth journal add`.
            """)
        _ = vault
    }
}
