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
    /// What was typed at the unlock prompt: a recovery key when it reads as one (every group's
    /// check character matches), otherwise a passphrase. Text with a recovery key's shape whose
    /// checks fail is a passphrase only if it opens a passphrase slot of `vaultPath` (seven
    /// five-letter words joined by `-` are a fine passphrase); otherwise it is reported as a
    /// mistyped recovery key (77, naming the group).
    static func credential(typedAtPrompt typed: SecretBytes, vaultPath: String) throws -> VaultCredential {
        do {
            return .recoveryKey(try RecoveryKey.canonical(fromTyped: typed))
        } catch let error as RecoveryKeyError {
            let passphrase = try Passphrase.normalized(typed)
            guard looksLikeRecoveryKey(typed) else { return .passphrase(passphrase) }
            if let header = try? Vault.readHeader(at: vaultPath).header,
               (try? Vault.unlock(header, with: .passphrase(passphrase))) != nil
            {
                return .passphrase(passphrase)
            }
            throw Typo(error: error)
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

    /// Seven groups of five letters or digits separated by dashes or spaces (those a recovery
    /// key may be typed or pasted with): the shape of a recovery key.
    static func looksLikeRecoveryKey(_ typed: SecretBytes) -> Bool {
        typed.withUnsafeBytes { bytes in
            var groups = 0
            var inGroup = 0
            var i = 0
            while i < bytes.count {
                let separator = RecoveryKey.separatorLength(bytes, at: i)
                if separator > 0 {
                    i += separator
                    if inGroup != 0 {
                        guard inGroup == RecoveryKey.groupLength else { return false }
                        groups += 1
                        inGroup = 0
                    }
                    continue
                }
                switch bytes[i] {
                case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                    UInt8(ascii: "a")...UInt8(ascii: "z"):
                    inGroup += 1
                    i += 1
                default:
                    return false
                }
            }
            if inGroup != 0 {
                guard inGroup == RecoveryKey.groupLength else { return false }
                groups += 1
            }
            return groups == RecoveryKey.groupCount
        }
    }
}
