import HearthCrypto
import Testing

@testable import HearthVault

/// The advice on a new passphrase: a table of passphrases and what stands out about each.
struct PassphraseStrengthTests {
    private func weakness(_ text: String) throws -> PassphraseStrength.Weakness? {
        PassphraseStrength.weakness(of: try SecretBytes(copying: Array(text.utf8)))
    }

    @Test func commonPasswordsInTheirUsualDisguises() throws {
        for text in ["password", "Password", "PASSWORD", "password1", "Password123!", "p@ssw0rd", "P4ssw0rd!",
                     "123456", "123456789", "qwerty123", "1qaz2wsx", "iloveyou", "I love you", "letmein!",
                     "correct horse battery staple", "Correct-Horse-Battery-Staple", "trustno1", "sunshine2026",
                     "l0vely", "football!!"] {
            #expect(try weakness(text) == .common, "\(text)")
        }
    }

    @Test func shortOnesAreShort() throws {
        for text in ["amber tide", "xk7!Qp", "Tr0ub4dor&", "ñandú río"] {
            #expect(try weakness(text) == .short, "\(text)")
        }
    }

    @Test func mostlyOneKindOfCharacter() throws {
        for text in ["amberriverstone", "AMBERRIVERSTONE", "98127364501827", "aaaaaaaaaaaaaaaaaaaaaaaa",
                     "abababababababababab", "amberriverston1", "0000000000000000000011"] {
            #expect(try weakness(text) == .oneKind, "\(text)")
        }
    }

    @Test func strongOnesPassQuietly() throws {
        for text in ["amber river stone quietly", "Kettle-orbit-Maple-42", "my Aunt's 3 green bicycles",
                     "ambertidestonerivers", "grüne Äpfel im Herbst", "Tr0ub4dor&3xtra!", "correct horse battery stapler"] {
            #expect(try weakness(text) == nil, "\(text)")
        }
    }

    /// The check works on the bytes in secret memory, and leaves them as they were.
    @Test func thePassphraseIsLeftAsItWas() throws {
        let secret = try SecretBytes(copying: Array("P@ssw0rd 123".utf8))
        _ = PassphraseStrength.weakness(of: secret)
        #expect(secret == (try SecretBytes(copying: Array("P@ssw0rd 123".utf8))))
    }

    @Test func theListIsSmallLowerCaseAndFolded() {
        #expect(CommonPasswords.words.count >= 300 && CommonPasswords.words.count < 2000)
        for word in CommonPasswords.words {
            #expect(!word.contains { (65...90).contains($0) || $0 == 32 || $0 == 45 }, "\(String(decoding: word, as: UTF8.self))")
        }
    }
}
