import Foundation
import HearthCrypto
import Testing

@testable import HearthVault

/// What was typed at an unlock prompt, in process: a recovery key, a passphrase, or a recovery
/// key with a typo (named before any slot's key derivation would only say "wrong").
struct TypedSecretTests {
    static let key = "01230-4567M-89AB9-CDEFS-GHJKJ-MNPQ6-RSTVV"
    /// Seven five-letter words joined by dashes: a recovery key's shape, a fine passphrase.
    static let keyShapedPassphrase = "apple-grape-lemon-mango-olive-peach-melon"

    static func typed(_ text: String) throws -> SecretBytes { try SecretBytes(copying: Array(text.utf8)) }

    static func text(_ secret: SecretBytes) -> String { secret.withUnsafeBytes { String(decoding: $0, as: UTF8.self) } }

    @Test func theShapeOfARecoveryKey() throws {
        for shaped in [Self.key, Self.key.lowercased(), Self.key.replacingOccurrences(of: "-", with: " "), Self.keyShapedPassphrase] {
            #expect(TypedSecret.looksLikeRecoveryKey(try Self.typed(shaped)), "\(shaped)")
        }
        for other in ["01230-4567M-89AB9-CDEFS-GHJKJ-MNPQ6", "0123-04567M-89AB9-CDEFS-GHJKJ-MNPQ6-RSTVV", "correct horse battery staple",
                      "01230-4567M-89AB9-CDEFS-GHJKJ-MNPQ6-RST.V", ""] {
            #expect(!TypedSecret.looksLikeRecoveryKey(try Self.typed(other)), "\(other)")
        }
    }

    @Test func aRecoveryKeyOrAPassphrase() throws {
        let scratch = Scratch()
        let vault = try MadeVault.create(at: scratch.file("v.hearth"), payload: [1, 2, 3], secret: Self.keyShapedPassphrase)
        guard case .recoveryKey(let canonical) = try TypedSecret.credential(try Self.typed(Self.key.lowercased()), vaultPath: vault.path) else {
            Issue.record("a valid recovery key is read as one")
            return
        }
        #expect(Self.text(canonical) == Self.key.replacingOccurrences(of: "-", with: ""))
        guard case .passphrase(let words) = try TypedSecret.credential(try Self.typed("correct horse"), vaultPath: vault.path) else {
            Issue.record("anything else is a passphrase")
            return
        }
        #expect(Self.text(words) == "correct horse")
        // A key's shape that opens a passphrase slot is that passphrase.
        guard case .passphrase = try TypedSecret.credential(try Self.typed(Self.keyShapedPassphrase), vaultPath: vault.path) else {
            Issue.record("a passphrase with a recovery key's shape that opens the vault is a passphrase")
            return
        }
    }

    @Test func aMistypedRecoveryKeyNamesItsGroup() throws {
        let scratch = Scratch()
        let vault = try MadeVault.create(at: scratch.file("v.hearth"), payload: [1])
        // The third group's first character changed: its check fails, and no passphrase slot opens it.
        let mistyped = "01230-4567M-99AB9-CDEFS-GHJKJ-MNPQ6-RSTVV"
        #expect(throws: TypedSecret.Typo.self) { try TypedSecret.credential(try Self.typed(mistyped), vaultPath: vault.path) }
        do {
            _ = try TypedSecret.credential(try Self.typed(mistyped), vaultPath: vault.path)
        } catch let typo as TypedSecret.Typo {
            #expect(typo.error == .checksumMismatch(groups: [3]))
        }
        // Without a readable vault it is a typo all the same.
        #expect(throws: TypedSecret.Typo.self) { try TypedSecret.credential(try Self.typed(mistyped), vaultPath: scratch.file("none")) }
    }
}
