import HearthCrypto
import Testing

/// `crypto_secretstream_xchacha20poly1305` round trips, and what a reader must refuse.
/// (The construction has no fixed published vector: its header is random by design.)
@Suite struct SecretStreamTests {
    /// An encrypted stream: header and one ciphertext per chunk.
    struct Stream {
        var header: [UInt8]
        var chunks: [[UInt8]]
    }

    static func push(_ messages: [[UInt8]], key: SecretBytes, ad: [UInt8] = [7, 7], tags: [SecretStream.Tag]? = nil) throws
        -> Stream
    {
        let pusher = try SecretStreamPusher(key: key)
        var chunks: [[UInt8]] = []
        for (i, message) in messages.enumerated() {
            let tag = tags?[i] ?? (i == messages.count - 1 ? .final : .message)
            var out = [UInt8](repeating: 0, count: message.count + SecretStream.overhead)
            try message.withUnsafeBytes { m in
                try out.withUnsafeMutableBytes { o in try pusher.push(m, associatedData: ad, tag: tag, into: o) }
            }
            chunks.append(out)
        }
        return Stream(header: pusher.header, chunks: chunks)
    }

    /// Pulls chunks in order; returns plaintexts and tags, or throws at the first bad chunk.
    static func pull(_ chunks: [[UInt8]], header: [UInt8], key: SecretBytes, ad: [UInt8] = [7, 7]) throws
        -> [(message: [UInt8], tag: SecretStream.Tag)]
    {
        let puller = try SecretStreamPuller(key: key, header: header)
        return try chunks.map { chunk in
            var out = [UInt8](repeating: 0, count: chunk.count - SecretStream.overhead)
            let tag = try chunk.withUnsafeBytes { c in
                try out.withUnsafeMutableBytes { o in try puller.pull(c, associatedData: ad, into: o) }
            }
            return (out, tag)
        }
    }

    static let messages: [[UInt8]] = [Array("first chunk".utf8), Array(repeating: 0xAB, count: 1000), [], Array("last".utf8)]

    @Test func roundTripKeepsOrderAndTags() throws {
        let key = try SecretBytes(randomCount: SecretStream.keyLength)
        let stream = try Self.push(Self.messages, key: key)
        #expect(stream.header.count == SecretStream.headerLength)
        #expect(stream.chunks.map(\.count) == Self.messages.map { $0.count + SecretStream.overhead })
        let pulled = try Self.pull(stream.chunks, header: stream.header, key: key)
        #expect(pulled.map(\.message) == Self.messages)
        #expect(pulled.map(\.tag) == [.message, .message, .message, .final])
    }

    @Test func sameInputEncryptsDifferentlyEachTime() throws {
        let key = try SecretBytes(randomCount: SecretStream.keyLength)
        let a = try Self.push(Self.messages, key: key)
        let b = try Self.push(Self.messages, key: key)
        #expect(a.header != b.header)
        #expect(a.chunks[0] != b.chunks[0])
    }

    /// A single flipped bit anywhere in any chunk makes that chunk fail.
    @Test func everyBitFlipOfEveryChunkIsRefused() throws {
        let key = try SecretBytes(randomCount: SecretStream.keyLength)
        let short: [[UInt8]] = [Array("one".utf8), Array("two two".utf8), []]
        let stream = try Self.push(short, key: key)
        for (c, chunk) in stream.chunks.enumerated() {
            for bit in 0..<(chunk.count * 8) {
                var chunks = stream.chunks
                chunks[c][bit / 8] ^= 1 << (bit % 8)
                #expect(throws: CryptoError.authenticationFailed, "chunk \(c) bit \(bit)") {
                    try Self.pull(chunks, header: stream.header, key: key)
                }
            }
        }
    }

    @Test func alteredHeaderKeyOrAssociatedDataIsRefused() throws {
        let key = try SecretBytes(randomCount: SecretStream.keyLength)
        let stream = try Self.push(Self.messages, key: key)
        for bit in stride(from: 0, to: SecretStream.headerLength * 8, by: 1) {
            var header = stream.header
            header[bit / 8] ^= 1 << (bit % 8)
            #expect(throws: CryptoError.authenticationFailed, "header bit \(bit)") {
                try Self.pull(stream.chunks, header: header, key: key)
            }
        }
        #expect(throws: CryptoError.authenticationFailed) {
            try Self.pull(stream.chunks, header: stream.header, key: SecretBytes(randomCount: SecretStream.keyLength))
        }
        #expect(throws: CryptoError.authenticationFailed) {
            try Self.pull(stream.chunks, header: stream.header, key: key, ad: [7, 8])
        }
    }

    @Test func reorderedOrDroppedChunksAreRefused() throws {
        let key = try SecretBytes(randomCount: SecretStream.keyLength)
        let stream = try Self.push(Self.messages, key: key)
        let c = stream.chunks
        for order in [[1, 0, 2, 3], [0, 2, 1, 3], [0, 1, 3, 2], [3, 0, 1, 2], [0, 2, 3], [1, 2, 3], [0, 0, 1, 2, 3]] {
            #expect(throws: CryptoError.authenticationFailed, "order \(order)") {
                try Self.pull(order.map { c[$0] }, header: stream.header, key: key)
            }
        }
    }

    /// Dropping the tail leaves a stream whose chunks all authenticate but that never carries
    /// FINAL: that is how a reader recognises truncation, so it must insist on FINAL at the end.
    @Test func truncationIsVisibleAsMissingFinal() throws {
        let key = try SecretBytes(randomCount: SecretStream.keyLength)
        let stream = try Self.push(Self.messages, key: key)
        for kept in 1..<stream.chunks.count {
            let pulled = try Self.pull(Array(stream.chunks.prefix(kept)), header: stream.header, key: key)
            #expect(!pulled.map(\.tag).contains(.final), "kept \(kept)")
        }
    }

    /// Chunks after FINAL: a copy of an earlier chunk, a chunk of another stream under the same
    /// key, or bytes of garbage all fail (after FINAL the stream state is rekeyed).
    @Test func chunksAppendedAfterFinalAreRefused() throws {
        let key = try SecretBytes(randomCount: SecretStream.keyLength)
        let stream = try Self.push(Self.messages, key: key)
        let other = try Self.push(Self.messages + [Array("more".utf8)], key: key)
        let candidates: [[UInt8]] = [
            stream.chunks[0], stream.chunks[3], other.chunks[4], other.chunks[0],
            [UInt8](repeating: 0, count: 40), Random.bytes(SecretStream.overhead),
        ]
        for (i, extra) in candidates.enumerated() {
            #expect(throws: CryptoError.authenticationFailed, "candidate \(i)") {
                try Self.pull(stream.chunks + [extra], header: stream.header, key: key)
            }
        }
    }

    @Test func chunksFromAnotherStreamAreRefused() throws {
        let key = try SecretBytes(randomCount: SecretStream.keyLength)
        let a = try Self.push(Self.messages, key: key)
        let b = try Self.push(Self.messages, key: key)
        for i in 0..<a.chunks.count {
            var spliced = a.chunks
            spliced[i] = b.chunks[i]
            #expect(throws: CryptoError.authenticationFailed, "chunk \(i)") {
                try Self.pull(spliced, header: a.header, key: key)
            }
        }
    }

    @Test func shortChunksAndWrongBuffersAreErrors() throws {
        let key = try SecretBytes(randomCount: SecretStream.keyLength)
        let stream = try Self.push([Array("x".utf8)], key: key)
        let puller = try SecretStreamPuller(key: key, header: stream.header)
        var out = [UInt8](repeating: 0, count: 0)
        for length in [0, 1, SecretStream.overhead - 1] {
            let chunk = [UInt8](repeating: 0, count: length)
            #expect(throws: CryptoError.authenticationFailed) {
                try chunk.withUnsafeBytes { c in try out.withUnsafeMutableBytes { o in _ = try puller.pull(c, associatedData: [], into: o) } }
            }
        }
        var tooSmall = [UInt8](repeating: 0, count: 0)
        #expect(throws: CryptoError.invalidLength(what: "stream output", expected: 1, actual: 0)) {
            try stream.chunks[0].withUnsafeBytes { c in
                try tooSmall.withUnsafeMutableBytes { o in _ = try puller.pull(c, associatedData: [7, 7], into: o) }
            }
        }
        #expect(throws: CryptoError.invalidLength(what: "stream key", expected: 32, actual: 31)) {
            try SecretStreamPusher(key: SecretBytes(count: 31))
        }
        #expect(throws: CryptoError.invalidLength(what: "stream header", expected: 24, actual: 23)) {
            try SecretStreamPuller(key: key, header: [UInt8](repeating: 0, count: 23))
        }
        let pusher = try SecretStreamPusher(key: key)
        var wrong = [UInt8](repeating: 0, count: 3)
        #expect(throws: CryptoError.invalidLength(what: "stream chunk", expected: 18, actual: 3)) {
            try [UInt8]([1]).withUnsafeBytes { m in try wrong.withUnsafeMutableBytes { o in try pusher.push(m, associatedData: [], tag: .final, into: o) } }
        }
    }
}
