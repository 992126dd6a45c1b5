import ArgumentParser
import Foundation
import HearthCrypto
import HearthRecords
import HearthVault

/// Where the vault is and how to unlock it: options every vault command takes.
struct VaultOptions: ParsableArguments {
    @Option(name: .customLong("vault"), help: "The vault file (default: $HEARTH_VAULT, else $XDG_DATA_HOME/hearth/vault.hearth).")
    var vaultPath: String?

    @Option(name: .customLong("passphrase-fd"), help: "Read the passphrase from this file descriptor.")
    var passphraseFD: Int32?

    @Option(name: .customLong("passphrase-file"), help: "Read the passphrase from this file.")
    var passphraseFile: String?

    @Option(name: .customLong("recovery-key-fd"), help: "Read a recovery key from this file descriptor.")
    var recoveryKeyFD: Int32?

    @Option(name: .customLong("recovery-key-file"), help: "Read a recovery key from this file.")
    var recoveryKeyFile: String?

    @Flag(name: .customLong("accept-older-keys"),
          help: "Take older keys as they are: a copy from before a rekey, or with an older table of key slots, put back on purpose. A command that saves then saves into it and trusts those keys from now on, and says exactly what it accepted; restore may take such a backup's keys. Keys at the same or a higher key epoch need --accept-keys. Commands that only read ignore it.")
    var acceptOlderKeys = false

    @Option(name: .customLong("accept-keys"),
            help: "Take exactly these keys of the vault as this account's own, as the refusal names them: EPOCH:KEY8 (the key epoch, and the first 8 hex digits of the key), for example 4:3f9a0c12. A command that saves then saves into it; any other keys are still refused.")
    var acceptKeys: String?

    /// Runs right after parsing, before the command reads anything: --accept-older-keys is noted
    /// for this path first, so that no read of it warns as if it had not been given.
    func validate() throws {
        if let refusal = VaultLocation.linkRefusal(VaultLocation.resolve(vaultPath)) {
            Console.message(refusal)
            throw ExitCode(ExitStatus.refused.rawValue)
        }
        if acceptOlderKeys { RollbackWarnings.acceptOlderKeys(at: path) }
        if let acceptKeys {
            let parts = acceptKeys.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 2, let epoch = UInt64(parts[0]), parts[1].count == 8,
                  parts[1].allSatisfy({ $0.isHexDigit })
            else {
                throw Message.acceptKeysForm.usageError
            }
            RollbackWarnings.acceptKeys(at: path, epoch: epoch, key: parts[1].lowercased())
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

    /// Opens with a credential from the first source that applies (../shared/CLI.md):
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

/// Where a *new* passphrase comes from (init, passwd, key add).
struct NewPassphraseOptions: ParsableArguments {
    @Option(name: .customLong("new-passphrase-fd"), help: "Read the new passphrase from this file descriptor.")
    var newPassphraseFD: Int32?

    @Option(name: .customLong("new-passphrase-file"), help: "Read the new passphrase from this file.")
    var newPassphraseFile: String?

    @Option(name: .customLong("kdf"), help: "Key-derivation cost: interactive, moderate or sensitive (default: calibrated to about 1 s, 256 MiB; or $HEARTH_KDF).")
    var kdf: KDFChoice?

    /// The new passphrase (asked twice on a terminal), NFC-normalized; must be non-empty UTF-8.
    func newPassphrase() throws -> SecretBytes {
        var secret: SecretBytes?
        if let fd = newPassphraseFD { secret = try SecretReader.readAll(fd: fd, asking: .askingNewPassphrase) }
        else if let file = newPassphraseFile { secret = try SecretReader.readFile(file, asking: .askingNewPassphrase) }
        else if let env = try SecretReader.takeEnvironment("HEARTH_NEW_PASSPHRASE") { secret = env }
        else { secret = try Self.newPassphraseOnTerminal() }
        guard let secret else {
            throw CLIFailure(.usage, .newPassphraseNoTerminal)
        }
        guard secret.count > 0 else {
            throw CLIFailure(.usage, .newPassphraseEmpty)
        }
        guard Passphrase.isValidUTF8(secret) else {
            throw CLIFailure(.usage, .newPassphraseNotText)
        }
        // At a prompt, text that reads as a recovery key is taken as one: keep the two apart.
        if (try? RecoveryKey.canonical(fromTyped: secret)) != nil {
            throw CLIFailure(.usage, .newPassphraseIsRecoveryKey)
        }
        return try Passphrase.normalized(secret)
    }

    /// Asks for a new passphrase twice on the terminal; nil without one. Two that differ, or an
    /// empty one, are asked again (three rounds in all), as passwd and KeePassXC do. One that is
    /// easy to guess (`PassphraseStrength`) gets one calm line of advice and the choice: keep it,
    /// or choose another (a choice, not a failed round). Only here, at the prompt: a passphrase
    /// from a file, a descriptor or the environment is never questioned.
    private static func newPassphraseOnTerminal() throws -> SecretBytes? {
        var round = 1
        var chances = 0
        while round <= 3 {
            guard let first = try Terminal.readSecret(prompt: .newPassphrasePrompt) else { return nil }
            if first.count == 0, round < 3 {
                Terminal.show(.passphraseWasEmpty)
                round += 1
                continue
            }
            if first.count > 0, chances < 3, let weakness = PassphraseStrength.weakness(of: first) {
                chances += 1
                Terminal.show(advice(weakness))
                guard try answeredYes(.useItAnyway) else {
                    Terminal.show(.chooseAnother)
                    continue
                }
            }
            guard let second = try Terminal.readSecret(prompt: .samePassphraseAgain) else {
                throw CLIFailure(.usage, .terminalClosedBeforeConfirming)
            }
            if first == second { return first }
            if round < 3 { Terminal.show(.passphrasesDiffer) }
            round += 1
        }
        throw CLIFailure(.usage, .passphrasesDifferedThrice)
    }

    /// A yes or no read with echo off, straight into secret memory: right after a passphrase,
    /// hands type it again by habit, and this answer must not show it or keep it in a String.
    /// Only `y` or `yes` (any case) is yes; anything else, or no terminal, is no.
    private static func answeredYes(_ question: Message) throws -> Bool {
        guard let answer = try Terminal.readSecret(prompt: question) else { return false }
        // Compared in place, byte by byte (`| 0x20` lowers ASCII letters; nothing else matches).
        return answer.withUnsafeBytes { bytes in
            let yes: [UInt8] = Array("yes".utf8)
            guard bytes.count == 1 || bytes.count == 3 else { return false }
            return bytes.indices.allSatisfy { bytes[$0] | 0x20 == yes[$0] }
        }
    }

    /// One calm line about what makes a new passphrase easy to guess, and what is stronger.
    static func advice(_ weakness: PassphraseStrength.Weakness) -> Message {
        switch weakness {
        case .common: .weakPassphrase(.common)
        case .short: .weakPassphrase(.short)
        case .oneKind: .weakPassphrase(.oneKind)
        }
    }

    /// The Argon2id cost for a new slot: --kdf, else $HEARTH_KDF, else calibrated.
    /// `forRecoveryKey`: no warning below `moderate`, since a recovery key's strength is its
    /// 140 random bits, not the cost.
    func parameters(forRecoveryKey: Bool = false) throws -> Argon2idParameters {
        try Self.parameters(choice: kdf, warn: !forRecoveryKey)
    }

    /// The cost for `choice` (the --kdf word), else $HEARTH_KDF, else calibrated. A calibrated
    /// cost is never below libsodium's MODERATE, nor below `previous` (the cost of the slot
    /// being re-derived): a slow or busy machine must not quietly make a slot cheaper to attack.
    /// Only an explicit choice can go lower.
    static func parameters(
        choice explicit: KDFChoice?, atLeast previous: Argon2idParameters? = nil, warn: Bool = true
    ) throws -> Argon2idParameters {
        var choice = explicit
        if choice == nil, let env = Environment.value("HEARTH_KDF"), !env.isEmpty {
            guard let parsed = KDFChoice(argument: env) else {
                throw CLIFailure(.usage, .kdfEnvironmentInvalid(env))
            }
            choice = parsed
        }
        var parameters = try (choice ?? .calibrated).parameters()
        if choice == nil {
            parameters = parameters.raised(toAtLeast: .moderate)
            if let previous { parameters = parameters.raised(toAtLeast: previous) }
        }
        if warn, !parameters.isAtLeastModerate {
            Console.message(.lowKDFCost)
        }
        return parameters
    }
}

/// Where the vault lives when --vault is not given.
enum VaultLocation {
    static func resolve(_ explicit: String?) -> String {
        if let explicit, !explicit.isEmpty { return explicit }
        let env = Environment.all
        if let fromEnv = env["HEARTH_VAULT"], !fromEnv.isEmpty { return fromEnv }
        let dataHome = env["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (Environment.homeDirectory as NSString).appendingPathComponent(".local/share")
        return (dataHome as NSString).appendingPathComponent("hearth/vault.hearth")
    }

    /// The file a vault path that is a symbolic link names, else the path itself. A save replaces
    /// the vault by renaming a new file over it: through the link's own name that would replace
    /// the link with a plain file and leave the file it named behind (a vault kept in a sync folder
    /// through a link would silently stop being synced), and the writer lock `<path>.lock` would
    /// differ between two names of one file. So Hearth works on the named file: its folder holds
    /// the temporary file and the lock, and the link stays. A link swapped in to an older copy
    /// gains nothing: the key checks are per vault, at any path (Docs/SECURITY.md).
    ///
    /// Only a link whose named file is in a folder of this account that nobody else can write is
    /// followed (`linkRefusal` says why not, and commands stop before reading anything): in a
    /// folder others can write, they could swap the file, the lock or the temporary file.
    static func followingLink(_ path: String) -> String {
        var info = stat()
        guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFLNK, let real = realpath(path, nil) else { return path }
        defer { free(real) }
        return String(cString: real)
    }

    /// Why Hearth does not follow the vault path `path` when it is a symbolic link, or nil (not
    /// a link, or a link to a file in a folder owned by this account and not writable by group
    /// or others).
    static func linkRefusal(_ path: String) -> Message? {
        var info = stat()
        guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFLNK else { return nil }
        guard let real = realpath(path, nil) else { return .vaultLinkDangling(path: path) }
        let resolved = String(cString: real)
        free(real)
        let folder = PathName.folder(of: resolved)
        var folderInfo = stat()
        guard stat(folder.isEmpty ? "/" : folder, &folderInfo) == 0 else { return nil }
        let own = folderInfo.st_uid == geteuid()
        let closed = folderInfo.st_mode & 0o022 == 0
        if own && closed { return nil }
        return .vaultLinkUnsafe(
            path: path, target: resolved, folder: folder, othersOwnIt: !own, mode: String(folderInfo.st_mode & 0o777, radix: 8))
    }

    /// How long a writer waits for another before giving up (75): $HEARTH_LOCK_TIMEOUT seconds, default 10.
    /// While it waits, the terminal says so (`ProgressLine`); Ctrl-C during work that catches it
    /// (`StopRequest`) ends the wait at once.
    static var lockTimeout: LockTimeout {
        LockTimeout(
            seconds: lockTimeoutSeconds,
            waiting: { waiting in
                if waiting {
                    ProgressLine.shared.status(waitingForWriter)
                } else {
                    ProgressLine.shared.clear(ifShowing: waitingForWriter)
                }
            },
            givingUp: { StopRequest.isRequested })
    }

    /// Shown while another Hearth command holds the writer lock.
    static let waitingForWriter: Message = .progressWaitingForWriter

    static var lockTimeoutSeconds: Double {
        if let text = Environment.value("HEARTH_LOCK_TIMEOUT"), let value = Double(text), value >= 0 {
            return value
        }
        return 10
    }
}
