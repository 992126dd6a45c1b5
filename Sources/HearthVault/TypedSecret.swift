import HearthCrypto

/// What a person typed at an unlock prompt, read as the credential it is: a recovery key when
/// it reads as one (every group's check character matches), otherwise a passphrase. Text with a
/// recovery key's shape whose checks fail is a passphrase only if it opens a passphrase slot of
/// the vault (seven five-letter words joined by `-` are a fine passphrase); otherwise it is a
/// mistyped recovery key (`Typo`, 77 naming the group), found before the costly key derivation
/// of every slot would say only "wrong".
public enum TypedSecret {
    /// Typed with a recovery key's shape, a group's check failing, and no passphrase slot of
    /// the vault opening it.
    public struct Typo: Error, Sendable {
        public let error: RecoveryKeyError
    }

    public static func credential(_ typed: SecretBytes, vaultPath: String) throws -> VaultCredential {
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

    /// Seven groups of five letters or digits separated by dashes or spaces (those a recovery
    /// key may be typed or pasted with): the shape of a recovery key.
    public static func looksLikeRecoveryKey(_ typed: SecretBytes) -> Bool {
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
