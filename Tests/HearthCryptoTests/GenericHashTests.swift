import HearthCrypto
import Testing

/// BLAKE2b (`crypto_generichash`) known answers:
/// - unkeyed "abc", 64 bytes: RFC 7693, appendix A;
/// - keyed with key 00 01 .. 3f: the BLAKE2 reference repository's blake2b-kat.txt (inputs of
///   0 and 255 bytes 00 01 02 ..), re-checked with Python's `hashlib.blake2b`.
@Suite struct GenericHashTests {
    static let katKey = try! SecretBytes(copying: (0..<64).map { UInt8($0) })

    @Test func rfc7693Abc() {
        let digest = Array("abc".utf8).withUnsafeBytes { GenericHash.hash($0, length: 64) }
        #expect(hexString(digest) == """
            ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d17d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923
            """)
    }

    @Test func defaultLengthIs32Bytes() {
        let digest = Array("abc".utf8).withUnsafeBytes { GenericHash.hash($0) }
        #expect(digest.count == 32)
        // BLAKE2b-256("abc"), value from Python's hashlib: the output length is a parameter of
        // BLAKE2b, not a truncation of the 64-byte digest.
        #expect(hexString(digest) == "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319")
    }

    @Test func keyedKatEmptyInput() {
        let mac = [UInt8]().withUnsafeBytes { GenericHash.mac($0, key: Self.katKey, length: 64) }
        #expect(hexString(mac) == """
            10ebb67700b1868efb4417987acf4690ae9d972fb7a590c2f02871799aaa4786b5e996e8f0f4eb981fc214b005f42d2ff4233499391653df7aefcbc13fc51568
            """)
    }

    @Test func keyedKat255Bytes() {
        let input = (0..<255).map { UInt8($0) }
        let mac = input.withUnsafeBytes { GenericHash.mac($0, key: Self.katKey, length: 64) }
        #expect(hexString(mac) == """
            142709d62e28fcccd0af97fad0f8465b971e82201dc51070faa0372aa43e92484be1c1e73ba10906d5d1853db6a4106e0a7bf9800d373d6dee2d46d62ef2a461
            """)
    }

    @Test func keyedAndUnkeyedDiffer() throws {
        let data = Array("hearth".utf8)
        let key = try SecretBytes(randomCount: 32)
        let plain = data.withUnsafeBytes { GenericHash.hash($0) }
        let keyed = data.withUnsafeBytes { GenericHash.mac($0, key: key) }
        #expect(plain != keyed)
        let otherKey = try SecretBytes(randomCount: 32)
        #expect(keyed != data.withUnsafeBytes { GenericHash.mac($0, key: otherKey) })
    }
}
