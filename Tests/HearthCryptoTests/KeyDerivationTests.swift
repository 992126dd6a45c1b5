import HearthCrypto
import Testing

/// `crypto_kdf` (BLAKE2b) known answers from libsodium's published test (test/default/kdf.c
/// and kdf.exp in the libsodium repository): master key 00 01 .. 1f, context "KDF test",
/// subkey id i. Each value was re-checked with Python's independent BLAKE2b
/// (`hashlib.blake2b(b"", digest_size=n, key=master, salt=id as 8 bytes LE + 8 zeros,
/// person=context + 8 zeros)`).
@Suite struct KeyDerivationTests {
    static let master = try! SecretBytes(copying: (0..<32).map { UInt8($0) })

    @Test(arguments: [
        (UInt64(0), 64, "a0c724404728c8bb95e5433eb6a9716171144d61efb23e74b873fcbeda51d8071b5d70aae12066dfc94ce943f145aa176c055040c3dd73b0a15e36254d450614"),
        (UInt64(1), 64, "02507f144fa9bf19010bf7c70b235b4c2663cc00e074f929602a5e2c10a780757d2a3993d06debc378a90efdac196dd841817b977d67b786804f6d3cd585bab5"),
        (UInt64(16), 16, "a529216624ef9161e4cf117272aafff2"),
        (UInt64(32), 32, "154b291f11196737f8b7f491e4ca11764e0227d34f94295408a869f007aa8618"),
    ])
    func libsodiumVector(subkeyID: UInt64, length: Int, expected: String) throws {
        let subkey = try KeyDerivation.deriveSubkey(from: Self.master, subkeyID: subkeyID, context: "KDF test", length: length)
        #expect(subkey.withUnsafeBytes { hexString($0) } == expected)
    }

    @Test func defaultLengthIs32Bytes() throws {
        let subkey = try KeyDerivation.deriveSubkey(from: Self.master, subkeyID: 32, context: "KDF test")
        #expect(subkey.withUnsafeBytes { hexString($0) } == "154b291f11196737f8b7f491e4ca11764e0227d34f94295408a869f007aa8618")
    }

    @Test func contextAndIdSeparateKeys() throws {
        let a = try KeyDerivation.deriveSubkey(from: Self.master, subkeyID: 1, context: "HrthPayl")
        let b = try KeyDerivation.deriveSubkey(from: Self.master, subkeyID: 2, context: "HrthPayl")
        let c = try KeyDerivation.deriveSubkey(from: Self.master, subkeyID: 1, context: "HrthHMac")
        #expect(a != b)
        #expect(a != c)
        #expect(a == (try KeyDerivation.deriveSubkey(from: Self.master, subkeyID: 1, context: "HrthPayl")))
    }

    @Test func badInputsAreErrors() throws {
        #expect(throws: CryptoError.invalidLength(what: "kdf context", expected: 8, actual: 7)) {
            try KeyDerivation.deriveSubkey(from: Self.master, subkeyID: 0, context: "shorter")
        }
        #expect(throws: CryptoError.invalidLength(what: "master key", expected: 32, actual: 16)) {
            try KeyDerivation.deriveSubkey(from: SecretBytes(count: 16), subkeyID: 0, context: "KDF test")
        }
        #expect(throws: CryptoError.self) {
            try KeyDerivation.deriveSubkey(from: Self.master, subkeyID: 0, context: "KDF test", length: 15)
        }
        #expect(throws: CryptoError.self) {
            try KeyDerivation.deriveSubkey(from: Self.master, subkeyID: 0, context: "KDF test", length: 65)
        }
    }
}
