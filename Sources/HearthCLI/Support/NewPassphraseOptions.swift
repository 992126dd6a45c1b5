import ArgumentParser
import Foundation
import HearthCrypto
import HearthMessages
import HearthVault

/// Where a *new* passphrase comes from (init, passwd, key add).
struct NewPassphraseOptions: ParsableArguments {
    @Option(name: .customLong("new-passphrase-fd"), help: ArgumentHelp("Read the new passphrase from this file descriptor.", valueName: "fd"))
    var newPassphraseFD: Int32?

    @Option(name: .customLong("new-passphrase-file"), help: ArgumentHelp("Read the new passphrase from this file.", valueName: "path"), completion: .file())
    var newPassphraseFile: String?

    @Option(name: .customLong("kdf"), help: ArgumentHelp("Key-derivation cost: interactive, moderate or sensitive (default: calibrated to about 1 s, 256 MiB; or $HEARTH_KDF).", valueName: "cost", visibility: .hidden))
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

    /// The cost for `choice` (the --kdf word), else $HEARTH_KDF, else calibrated and raised by
    /// `Argon2idParameters.forNewSlot(replacing: previous)`. Only an explicit choice can go lower.
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
        if choice == nil { parameters = parameters.forNewSlot(replacing: previous) }
        if warn, !parameters.isAtLeastModerate {
            Console.message(.lowKDFCost)
        }
        return parameters
    }
}
