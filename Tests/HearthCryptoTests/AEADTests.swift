import HearthCrypto
import Testing

/// XChaCha20-Poly1305-IETF against draft-irtf-cfrg-xchacha-03, appendix A.3.1
/// ("Example and Test Vector for AEAD_XCHACHA20_POLY1305").
@Suite struct AEADTests {
    static let key = hex("808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f")
    static let nonce = hex("404142434445464748494a4b4c4d4e4f5051525354555657")
    static let associatedData = hex("50515253c0c1c2c3c4c5c6c7")
    static let plaintext = Array(
        "Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it."
            .utf8)
    static let ciphertext = hex("""
        bd6d179d3e83d43b9576579493c0e939572a1700252bfaccbed2902c21396cbb731c7f1b0b4aa6440bf3a82f4eda7e39ae64c6708c54c216
        cb96b72e1213b4522f8c9ba40db5d945b11b69b982c1bb9e3f3fac2bc369488f76b2383565d3fff921f9664c97637da9768812f615c68b13b52e
        """)
    static let tag = hex("c0875924c1c7987947deafd8780acf49")

    @Test func sealMatchesTheDraftVector() throws {
        let sealed = try AEAD.seal(
            SecretBytes(copying: Self.plaintext), key: SecretBytes(copying: Self.key), nonce: Self.nonce,
            associatedData: Self.associatedData)
        #expect(hexString(sealed) == hexString(Self.ciphertext + Self.tag))
    }

    @Test func sealOfRawBytesMatchesTheDraftVector() throws {
        let sealed = try Self.plaintext.withUnsafeBytes { raw in
            try AEAD.seal(bytes: raw, key: SecretBytes(copying: Self.key), nonce: Self.nonce, associatedData: Self.associatedData)
        }
        #expect(sealed == Self.ciphertext + Self.tag)
    }

    @Test func openRecoversTheDraftPlaintext() throws {
        let opened = try AEAD.open(
            Self.ciphertext + Self.tag, key: SecretBytes(copying: Self.key), nonce: Self.nonce,
            associatedData: Self.associatedData)
        #expect(opened.withUnsafeBytes { Array($0) } == Self.plaintext)
    }

    /// Every single-bit change of ciphertext or tag is refused.
    @Test func everyBitFlipOfTheSealedVectorIsRefused() throws {
        let key = try SecretBytes(copying: Self.key)
        let sealed = Self.ciphertext + Self.tag
        for bit in 0..<(sealed.count * 8) {
            var altered = sealed
            altered[bit / 8] ^= 1 << (bit % 8)
            #expect(throws: CryptoError.authenticationFailed, "bit \(bit)") {
                try AEAD.open(altered, key: key, nonce: Self.nonce, associatedData: Self.associatedData)
            }
        }
    }

    @Test func changedAssociatedDataNonceOrKeyIsRefused() throws {
        let key = try SecretBytes(copying: Self.key)
        let sealed = Self.ciphertext + Self.tag
        var otherAD = Self.associatedData
        otherAD[0] ^= 0x80
        #expect(throws: CryptoError.authenticationFailed) {
            try AEAD.open(sealed, key: key, nonce: Self.nonce, associatedData: otherAD)
        }
        #expect(throws: CryptoError.authenticationFailed) {
            try AEAD.open(sealed, key: key, nonce: Self.nonce, associatedData: [])
        }
        var otherNonce = Self.nonce
        otherNonce[23] ^= 1
        #expect(throws: CryptoError.authenticationFailed) {
            try AEAD.open(sealed, key: key, nonce: otherNonce, associatedData: Self.associatedData)
        }
        var otherKey = Self.key
        otherKey[31] ^= 1
        #expect(throws: CryptoError.authenticationFailed) {
            try AEAD.open(sealed, key: SecretBytes(copying: otherKey), nonce: Self.nonce, associatedData: Self.associatedData)
        }
    }

    @Test func truncatedOrExtendedCiphertextIsRefused() throws {
        let key = try SecretBytes(copying: Self.key)
        let sealed = Self.ciphertext + Self.tag
        for length in [0, 1, AEAD.tagLength - 1, AEAD.tagLength, sealed.count - 1] {
            #expect(throws: CryptoError.authenticationFailed, "length \(length)") {
                try AEAD.open(Array(sealed.prefix(length)), key: key, nonce: Self.nonce, associatedData: Self.associatedData)
            }
        }
        #expect(throws: CryptoError.authenticationFailed) {
            try AEAD.open(sealed + [0], key: key, nonce: Self.nonce, associatedData: Self.associatedData)
        }
    }

    @Test func emptyPlaintextRoundTrips() throws {
        let key = try SecretBytes(randomCount: AEAD.keyLength)
        let nonce = Random.bytes(AEAD.nonceLength)
        let sealed = try AEAD.seal(SecretBytes(count: 0), key: key, nonce: nonce, associatedData: [1, 2, 3])
        #expect(sealed.count == AEAD.tagLength)
        let opened = try AEAD.open(sealed, key: key, nonce: nonce, associatedData: [1, 2, 3])
        #expect(opened.count == 0)
    }

    @Test func wrongKeyOrNonceLengthIsAnError() throws {
        let plaintext = try SecretBytes(copying: [1, 2, 3])
        #expect(throws: CryptoError.invalidLength(what: "key", expected: 32, actual: 16)) {
            try AEAD.seal(plaintext, key: SecretBytes(count: 16), nonce: Self.nonce, associatedData: [])
        }
        #expect(throws: CryptoError.invalidLength(what: "nonce", expected: 24, actual: 12)) {
            try AEAD.seal(plaintext, key: SecretBytes(count: 32), nonce: [UInt8](repeating: 0, count: 12), associatedData: [])
        }
        #expect(throws: CryptoError.invalidLength(what: "nonce", expected: 24, actual: 0)) {
            try AEAD.open(Self.ciphertext + Self.tag, key: SecretBytes(count: 32), nonce: [], associatedData: [])
        }
    }
}
