import ArgumentParser
import Foundation
import HearthMessages
import HearthTrust
import HearthVault

/// Where the vault is and how to unlock it: options every vault command takes.
struct VaultOptions: ParsableArguments {
    @Option(name: .customLong("vault"), help: ArgumentHelp("The vault file (default: $HEARTH_VAULT, else $XDG_DATA_HOME/hearth/vault.hearth).", valueName: "path"), completion: .file())
    var vaultPath: String?

    @Option(name: .customLong("passphrase-fd"), help: ArgumentHelp("Read the passphrase from this file descriptor.", valueName: "fd"))
    var passphraseFD: Int32?

    @Option(name: .customLong("passphrase-file"), help: ArgumentHelp("Read the passphrase from this file.", valueName: "path"), completion: .file())
    var passphraseFile: String?

    @Option(name: .customLong("recovery-key-fd"), help: ArgumentHelp("Read a recovery key from this file descriptor.", valueName: "fd"))
    var recoveryKeyFD: Int32?

    @Option(name: .customLong("recovery-key-file"), help: ArgumentHelp("Read a recovery key from this file.", valueName: "path"), completion: .file())
    var recoveryKeyFile: String?

    @Option(name: .customLong("accept-keys"),
            help: ArgumentHelp("Take exactly these keys of the vault as this account's own, as Hearth's message names them: EPOCH:KEY8 (the key epoch, and the first 8 hex digits of the key), for example 4:3f9a0c12. A command that saves then saves into it and trusts those keys from now on; restore may take a backup under them. Any other keys are still refused; commands that only read ignore it.",
                               valueName: "epoch:key8", visibility: .hidden))
    var acceptKeys: String?

    /// `-q/--quiet` (as `OutputOptions` gives commands without a vault), a flag here rather than a
    /// nested group: a debug build's parser checks every group again at each level it is nested
    /// in, and a nested group here doubled the cost of parsing every vault command.
    @Flag(name: [.customShort("q"), .long], help: OutputOptions.quietHelp)
    var quiet = false

    /// The keys accepted with --accept-keys, if given.
    var acceptedKeys: KeyAcceptance? { acceptKeys.flatMap(KeyAcceptance.init(parsing:)) }

    /// Runs right after parsing, before the command reads anything: --accept-keys is noted in
    /// the command's trust context for this path first, so that no read of it warns as if it had
    /// not been given.
    func validate() throws {
        if quiet { Console.quiet = true }
        if let refusal = VaultLocation.linkRefusal(VaultLocation.resolve(vaultPath)) {
            Console.failure(refusal)
            throw ExitCode(ExitStatus.refused.rawValue)
        }
        if let warning = VaultLocation.openFolderWarning(VaultLocation.resolve(vaultPath)) { Console.message(warning) }
        ConflictCopyNote.note(vaultPath: path)
        if let acceptKeys {
            guard let acceptance = KeyAcceptance(parsing: acceptKeys) else { throw Message.acceptKeysForm.usageError }
            CommandTrust.current.accept(acceptance, at: path)
        }
    }

    /// The vault path after applying --vault, $HEARTH_VAULT and the XDG default; when that is a
    /// symbolic link, the file it names (`VaultLocation.followingLink`).
    var path: String { VaultLocation.followingLink(VaultLocation.resolve(vaultPath)) }

    /// True when a secret can be had without asking (fd, file, environment).
    var hasNonInteractiveSecret: Bool {
        passphraseFD != nil || passphraseFile != nil || recoveryKeyFD != nil || recoveryKeyFile != nil
            || Environment.isSet("HEARTH_PASSPHRASE")
    }

    /// Opens with a credential from the first source that applies (Docs/CLI.md):
    /// --passphrase-fd, --passphrase-file, --recovery-key-fd, --recovery-key-file,
    /// $HEARTH_PASSPHRASE, an unlocked session (`hearth unlock`), and last a question on the
    /// terminal. Every command that may ask for the vault's secret comes here, so that each has
    /// the same three tries at the prompt (`SecretTries`); a secret from a file, a descriptor or
    /// the environment gets its answer (77) at once. Without any source and without a terminal:
    /// exit 77 with a hint.
    ///
    /// - Parameters:
    ///   - allowSession: false for key-management commands (passwd, key add/remove, rekey,
    ///     restore --with-backup-keys, unlock itself): they always need a passphrase or recovery
    ///     key, because an unlocked session must not be able to change who holds keys.
    ///   - prompt: the question, when it is not for the vault at `path` (a backup folder on a
    ///     fresh machine); `again`, the line between tries.
    ///   - open: the unlock; it returns what the command needs (keys, an opened vault).
    func opening<T>(
        allowSession: Bool = true, prompt: Message? = nil, again: Message = .didNotOpenTryAgain,
        _ open: (VaultCredential) throws -> T
    ) throws -> T {
        let path = self.path
        do {
            return try tries(allowSession: allowSession, prompt: prompt, again: again, open)
        } catch VaultError.wrongSecret where prompt == nil && CommandTrust.current.keySlotsChangedSinceSeen(path: path) {
            throw CLIFailure(.wrongSecret, .passphrasesChangedSinceSeen)
        }
    }

    private func tries<T>(
        allowSession: Bool, prompt: Message?, again: Message, _ open: (VaultCredential) throws -> T
    ) throws -> T {
        let path = self.path
        return try SecretTries.run(
            source: {
                if let given = try givenCredential(allowSession: allowSession) { return .given(given) }
                if let typed = try Terminal.readSecret(prompt: prompt ?? .passphrasePrompt(path: path)) {
                    return .typed(typed)
                }
                throw Self.noSecret(allowSession: allowSession)
            },
            reading: { try RecoveryKeyInput.credential(typedAtPrompt: $0, vaultPath: path) },
            again: again,
            { credential in try ProgressLine.shared.during(ProgressLine.opening) { try open(credential) } })
    }

    /// The credential given without asking (a descriptor, a file, the environment, a session
    /// when `allowSession`), or nil. Never asks.
    func givenCredential(allowSession: Bool = true) throws -> VaultCredential? {
        if let fd = passphraseFD { return .passphrase(try Passphrase.normalized(try SecretReader.readAll(fd: fd, asking: .askingPassphrase))) }
        if let file = passphraseFile { return .passphrase(try Passphrase.normalized(try SecretReader.readFile(file, asking: .askingPassphrase))) }
        if let fd = recoveryKeyFD { return .recoveryKey(try RecoveryKeyInput.canonical(try SecretReader.readAll(fd: fd, asking: .askingRecoveryKey))) }
        if let file = recoveryKeyFile { return .recoveryKey(try RecoveryKeyInput.canonical(try SecretReader.readFile(file, asking: .askingRecoveryKey))) }
        if let env = try SecretReader.takeEnvironment("HEARTH_PASSPHRASE") { return .passphrase(try Passphrase.normalized(env)) }
        if allowSession, let session = try UnlockedSession.credential(forVaultAt: path) { return session }
        return nil
    }

    /// The credential given without asking; without one, exit 77 with a hint (`status`, `backup
    /// list`: commands that never ask).
    func nonInteractiveCredential() throws -> VaultCredential {
        guard let given = try givenCredential() else { throw Self.noSecret(allowSession: true) }
        return given
    }

    static func noSecret(allowSession: Bool) -> CLIFailure {
        CLIFailure(.wrongSecret, .noSecretNoTerminal(keyChange: !allowSession))
    }
}
