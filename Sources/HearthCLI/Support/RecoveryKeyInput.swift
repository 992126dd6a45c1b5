import HearthCrypto
import HearthMessages
import HearthVault

/// Turns a typed recovery key into the canonical bytes its slot was made with
/// (Docs/FORMAT.md, "Recovery key"): separators (`-`, spaces, line breaks) dropped, letters
/// upper-cased, `O` read as `0` and `I`, `L` as `1`; then every group's check character is
/// verified, so a typo is reported with the group it is in (exit 77) before any key derivation.
/// The canonical bytes never leave secret memory.
enum RecoveryKeyInput {
    static func canonical(_ typed: SecretBytes) throws -> SecretBytes {
        try RecoveryKey.canonical(fromTyped: typed)
    }
}

extension RecoveryKeyInput {
    /// What was typed at the unlock prompt, read by `TypedSecret` (HearthVault): a recovery key,
    /// a passphrase, or a mistyped recovery key (`Typo`, 77 naming the group).
    static func credential(typedAtPrompt typed: SecretBytes, vaultPath: String) throws -> VaultCredential {
        do {
            return try TypedSecret.credential(typed, vaultPath: vaultPath)
        } catch let typo as TypedSecret.Typo {
            throw Typo(error: typo.error)
        }
    }

    /// Typed at the prompt with a recovery key's shape, a group's check failing, and no
    /// passphrase slot opening it: a wrong secret (77) that names the group to look at.
    struct Typo: Error {
        let error: RecoveryKeyError

        var failure: CLIFailure {
            CLIFailure(.wrongSecret, .mistypedRecoveryKey(FailureReport.failure(for: error).message))
        }

        /// The same, short, for the line between tries at the prompt.
        var betweenTries: Message { .mistypedRecoveryKeyTryAgain(keyTypo(error)) }
    }

    /// A recovery key's typo, as the catalogue names it.
    static func keyTypo(_ error: RecoveryKeyError) -> Message.KeyTypo {
        switch error {
        case .checksumMismatch(let groups): .groups(groups)
        case .wrongLength(let count): .length(count)
        case .unknownCharacter(let group): .character(group: group)
        }
    }
}
