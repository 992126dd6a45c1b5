import HearthCrypto
import HearthMessages
import HearthVault

/// A secret for unlocking, and where it came from.
enum SecretAnswer {
    /// Given without asking: a descriptor, a file, the environment, an unlocked session.
    case given(VaultCredential)
    /// Typed at the terminal's prompt, as typed (not yet read as a passphrase or recovery key).
    case typed(SecretBytes)
}

/// Three tries at a terminal prompt, for every command that asks for a passphrase or a recovery
/// key (as sudo, pass and KeePassXC allow): a slip of the fingers costs one calm line and
/// another go, not the command. A secret that was given (a descriptor, a file, the environment,
/// a session) gets its answer at once: a script must never hang or be asked.
///
/// Each try costs a key derivation (Argon2id, up to a second or two), so a secret already known
/// not to fit is never derived again: an empty line, or a secret that already failed (typed
/// again, or the vault's own one already tried on a second copy), is answered at once. It still
/// counts as a try, so a closed terminal cannot loop.
enum SecretTries {
    static let limit = 3

    /// Unlocks with `use`, taking secrets from `source` until one fits, the tries run out, or a
    /// failure other than a wrong secret ends it.
    /// - Parameters:
    ///   - source: the next secret (a prompt, when typed); throws when there is none to be had.
    ///   - reading: what a typed secret is (`RecoveryKeyInput.credential(typedAtPrompt:vaultPath:)`).
    ///   - knownWrong: secrets already tried on this file, that did not open it.
    ///   - again: the line between tries ("That did not open the vault. Please try again.").
    ///   - use: the unlock; a wrong secret is a failure whose exit status is 77.
    static func run<T>(
        source: () throws -> SecretAnswer,
        reading: (SecretBytes) throws -> VaultCredential,
        knownWrong: [VaultCredential] = [],
        again: Message,
        _ use: (VaultCredential) throws -> T
    ) throws -> T {
        var tried = knownWrong
        var typedBefore: [SecretBytes] = []
        for attempt in 1...limit {
            let typed: SecretBytes
            switch try source() {
            case .given(let credential): return try use(credential)
            case .typed(let secret): typed = secret
            }
            let last = attempt == limit
            // Before the unlock, what was found names what to check; a secret that did not
            // fit gets `again`.
            var unlocking = false
            do {
                guard typed.count > 0 else { throw CLIFailure(.wrongSecret, .nothingTyped) }
                if typedBefore.contains(typed) { throw sameAgain }
                typedBefore.append(typed)
                let credential = try reading(typed)
                if tried.contains(where: { Self.same($0, credential) }) { throw sameAgain }
                unlocking = true
                do {
                    return try use(credential)
                } catch where isWrongSecret(error) {
                    tried.append(credential)
                    throw error
                }
            } catch where !last && isWrongSecret(error) {
                Terminal.show(unlocking ? again : betweenTries(after: error, again: again))
            }
        }
        // Not reached: the last try returns or throws.
        throw CLIFailure(.wrongSecret, .doesNotOpenTheVault)
    }

    static let sameAgain = CLIFailure(.wrongSecret, .sameAsBefore)

    /// The calm line shown before the next try: what the reading found when it names something
    /// to check (the group of a recovery key with a typo, an empty line, the same secret again),
    /// else `again`.
    static func betweenTries(after error: any Error, again: Message) -> Message {
        if let typo = error as? RecoveryKeyInput.Typo { return typo.betweenTries }
        guard let failure = error as? CLIFailure, failure.status == .wrongSecret else { return again }
        return .pleaseTryAgain(after: failure.message)
    }

    static func isWrongSecret(_ error: any Error) -> Bool {
        FailureReport.failure(for: error).status == .wrongSecret
    }

    /// The same secret of the same kind (constant-time on the bytes).
    static func same(_ a: VaultCredential, _ b: VaultCredential) -> Bool {
        switch (a, b) {
        case (.passphrase(let x), .passphrase(let y)), (.recoveryKey(let x), .recoveryKey(let y)): x == y
        default: false
        }
    }
}
