import Foundation
import HearthCrypto
import Testing

@Suite struct SecretBytesTests {
    static let marker: [UInt8] = Array("TOPSECRET-4f1c".utf8)

    /// No way of printing a secret shows its bytes, in text or in hex.
    @Test func printingNeverShowsTheContents() throws {
        let secret = try SecretBytes(copying: Self.marker)
        var dumped = ""
        dump(secret, to: &dumped)
        let texts = [
            "\(secret)", String(describing: secret), String(reflecting: secret), secret.description,
            secret.debugDescription, "\([secret])", "\(Optional(secret) as Any)", dumped,
        ]
        let hexForm = hexString(Self.marker)
        for text in texts {
            #expect(!text.contains("TOPSECRET"), "\(text)")
            #expect(!text.lowercased().contains(hexForm), "\(text)")
            #expect(!text.contains(String(Self.marker.map { String($0) }.joined(separator: ", "))), "\(text)")
        }
        #expect(secret.description == "SecretBytes(14 bytes, redacted)")
    }

    @Test func isNotCodable() {
        #expect(!((SecretBytes.self as Any) is any Encodable.Type))
        #expect(!((SecretBytes.self as Any) is any Decodable.Type))
    }

    @Test func equalityComparesContentsAndLength() throws {
        let a = try SecretBytes(copying: Self.marker)
        #expect(a == (try SecretBytes(copying: Self.marker)))
        for i in [0, Self.marker.count / 2, Self.marker.count - 1] {
            var other = Self.marker
            other[i] ^= 0x01
            #expect(a != (try SecretBytes(copying: other)), "byte \(i)")
        }
        #expect(a != (try SecretBytes(copying: Array(Self.marker.dropLast()))))
        #expect(a != (try SecretBytes(copying: Self.marker + [0])))
        #expect((try SecretBytes(count: 0)) == (try SecretBytes(count: 0)))
        #expect(a != (try SecretBytes(count: 0)))
    }

    /// `==` goes through `sodium_memcmp`, whose time does not depend on where the first
    /// difference is. Timing is too noisy to assert on a shared machine, so this checks the
    /// observable part: a difference in the first and in the last byte are both found, for
    /// sizes around the word and block boundaries.
    @Test func equalityFindsADifferenceAtAnyPosition() throws {
        for size in [1, 7, 8, 9, 31, 32, 33, 64, 4097] {
            let base = Random.bytes(size)
            let a = try SecretBytes(copying: base)
            #expect(a == (try SecretBytes(copying: base)))
            for i in Set([0, size / 2, size - 1]) {
                var other = base
                other[i] &+= 1
                #expect(a != (try SecretBytes(copying: other)), "size \(size) byte \(i)")
            }
        }
    }

    @Test func constructorsAndPrefix() throws {
        let zero = try SecretBytes(count: 40)
        #expect(zero.withUnsafeBytes { $0.allSatisfy { $0 == 0 } })
        let random = try SecretBytes(randomCount: 32)
        #expect(random.count == 32)
        #expect(random != (try SecretBytes(count: 32)))
        #expect(random != (try SecretBytes(randomCount: 32)))
        let copied = try Self.marker.withUnsafeBytes { try SecretBytes(copying: $0) }
        #expect(copied.withUnsafeBytes { Array($0) } == Self.marker)
        let prefix = try copied.prefix(3)
        #expect(prefix.withUnsafeBytes { Array($0) } == Array("TOP".utf8))
        #expect((try copied.prefix(0)).count == 0)
        copied.withUnsafeMutableBytes { $0[0] = UInt8(ascii: "t") }
        #expect(copied.withUnsafeBytes { $0[0] } == UInt8(ascii: "t"))
        #expect(prefix.withUnsafeBytes { $0[0] } == UInt8(ascii: "T"), "a prefix is a copy")
    }

    @Test func memoryHelpers() {
        var bytes = Self.marker
        Memory.wipe(&bytes)
        #expect(bytes == [UInt8](repeating: 0, count: Self.marker.count))
        let raw = UnsafeMutableRawBufferPointer.allocate(byteCount: 16, alignment: 1)
        defer { raw.deallocate() }
        raw.initializeMemory(as: UInt8.self, repeating: 0xFF)
        Memory.wipe(raw)
        #expect(raw.allSatisfy { $0 == 0 })
        let a: [UInt8] = [1, 2, 3]
        a.withUnsafeBytes { x in
            [UInt8]([1, 2, 3]).withUnsafeBytes { y in #expect(Memory.constantTimeEqual(x, y)) }
            [UInt8]([1, 2, 4]).withUnsafeBytes { y in #expect(!Memory.constantTimeEqual(x, y)) }
            [UInt8]([1, 2]).withUnsafeBytes { y in #expect(!Memory.constantTimeEqual(x, y)) }
        }
    }

    @Test func randomBytesAndUniform() {
        #expect(Random.bytes(0).isEmpty)
        let a = Random.bytes(32)
        #expect(a.count == 32)
        #expect(a != Random.bytes(32))
        #expect(a != [UInt8](repeating: 0, count: 32))
        var seen = Set<UInt32>()
        for _ in 0..<2000 {
            let value = Random.uniform(10)
            #expect(value < 10)
            seen.insert(value)
        }
        #expect(seen.count == 10)
    }
}
