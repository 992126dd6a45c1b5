import ArgumentParser
import Foundation
import HearthCrypto
import HearthMessages
import HearthVault

/// Names of the options that give the secret of a second copy of the vault: the backup of
/// `restore` (`--backup-passphrase-fd`...) or the other copy of `merge` (`--other-...`).
protocol SecondCopyNaming {
    /// `backup` or `other`: the options are `--<prefix>-passphrase-fd` and so on.
    static var prefix: String { get }
    /// The environment variable, like `HEARTH_BACKUP_PASSPHRASE`.
    static var environmentVariable: String { get }
    /// How messages name the copy: "the backup", "the other copy".
    static var noun: String { get }
}

enum BackupCopyNaming: SecondCopyNaming {
    static let prefix = "backup"
    static let environmentVariable = "HEARTH_BACKUP_PASSPHRASE"
    static let noun = "the backup"
}

enum OtherCopyNaming: SecondCopyNaming {
    static let prefix = "other"
    static let environmentVariable = "HEARTH_OTHER_PASSPHRASE"
    static let noun = "the other copy"
}

/// The secret of a second copy, when it is not the vault's own: an older backup may still
/// open only with a passphrase that has since been changed. Sources as for the vault
/// (Docs/CLI.md), never argv: a descriptor, a file, an environment variable (least safe,
/// wiped once read), or a prompt on the terminal.
struct SecondCopySecretOptions<Naming: SecondCopyNaming>: ParsableArguments {
    @Option(name: .customLong("\(Naming.prefix)-passphrase-fd"),
            help: ArgumentHelp("Read the passphrase of \(Naming.noun) from this file descriptor (when it differs from the vault's).", valueName: "fd"))
    var passphraseFD: Int32?

    @Option(name: .customLong("\(Naming.prefix)-passphrase-file"),
            help: ArgumentHelp("Read the passphrase of \(Naming.noun) from this file (when it differs from the vault's).", valueName: "path"))
    var passphraseFile: String?

    @Option(name: .customLong("\(Naming.prefix)-recovery-key-fd"),
            help: ArgumentHelp("Read a recovery key of \(Naming.noun) from this file descriptor.", valueName: "fd"))
    var recoveryKeyFD: Int32?

    @Option(name: .customLong("\(Naming.prefix)-recovery-key-file"),
            help: ArgumentHelp("Read a recovery key of \(Naming.noun) from this file.", valueName: "path"))
    var recoveryKeyFile: String?

    /// True when one of these options (or the environment variable) was given.
    var isGiven: Bool {
        passphraseFD != nil || passphraseFile != nil || recoveryKeyFD != nil || recoveryKeyFile != nil
            || Environment.isSet(Naming.environmentVariable)
    }

    /// Shows "Opening the backup..." while a key is derived (a second or more).
    private func opening<T>(_ body: () throws -> T) rethrows -> T {
        try ProgressLine.shared.during(.progressOpeningCopy(Naming.noun), body)
    }

    /// The secret given by these options or the environment, or nil.
    func givenCredential() throws -> VaultCredential? {
        let passphrase = Message.askingPassphraseOf(Naming.noun)
        let recovery = Message.askingRecoveryKeyOf(Naming.noun)
        if let fd = passphraseFD { return .passphrase(try Passphrase.normalized(try SecretReader.readAll(fd: fd, asking: passphrase))) }
        if let file = passphraseFile { return .passphrase(try Passphrase.normalized(try SecretReader.readFile(file, asking: passphrase))) }
        if let fd = recoveryKeyFD { return .recoveryKey(try RecoveryKeyInput.canonical(try SecretReader.readAll(fd: fd, asking: recovery))) }
        if let file = recoveryKeyFile { return .recoveryKey(try RecoveryKeyInput.canonical(try SecretReader.readFile(file, asking: recovery))) }
        if let env = try SecretReader.takeEnvironment(Naming.environmentVariable) { return .passphrase(try Passphrase.normalized(env)) }
        return nil
    }

    /// Unlocks the copy at `path` (header already read): with these options when given; else
    /// with `vaultCredential` when it fits (the usual case: the same passphrase); else asks on
    /// the terminal, three tries (`SecretTries`; the vault's secret, already tried, is not
    /// derived again). Without any way left: exit 77 with a hint.
    ///
    /// What is said never reports a failure for a secret that was not given: "does not open with
    /// the vault's passphrase" only after one was tried (on a fresh machine there is none).
    func unlock(path: String, header: VaultHeader, vaultCredential: VaultCredential?) throws -> UnlockedKeys {
        if let given = try givenCredential() {
            return try opening { try Vault.unlock(header, with: given) }
        }
        var tried: [VaultCredential] = []
        if let vaultCredential {
            do {
                return try opening { try Vault.unlock(header, with: vaultCredential) }
            } catch VaultError.wrongSecret {
                tried.append(vaultCredential)
            } catch VaultError.noMatchingSlot {
                tried.append(vaultCredential)
            }
        }
        var first = true
        return try SecretTries.run(
            source: {
                defer { first = false }
                if first, !tried.isEmpty {
                    Terminal.show(.otherCopyNotVaultsPassphrase(noun: Naming.noun))
                }
                if let typed = try Terminal.readSecret(prompt: .otherCopyPrompt(noun: Naming.noun, path: path)) {
                    return .typed(typed)
                }
                throw Self.noSecret(path: path, triedVaultSecret: !tried.isEmpty)
            },
            reading: { try RecoveryKeyInput.credential(typedAtPrompt: $0, vaultPath: path) },
            knownWrong: tried,
            again: .didNotOpenCopy(noun: Naming.noun),
            { credential in try opening { try Vault.unlock(header, with: credential) } })
    }

    /// No secret for the copy and no terminal to ask on. It names the vault's passphrase as
    /// not fitting only when one was tried.
    static func noSecret(path: String, triedVaultSecret: Bool) -> CLIFailure {
        CLIFailure(.wrongSecret, .otherCopyNeedsSecret(
            noun: Naming.noun, path: path, prefix: Naming.prefix, environmentVariable: Naming.environmentVariable,
            triedVaultSecret: triedVaultSecret))
    }
}
