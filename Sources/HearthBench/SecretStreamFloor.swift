// The secretstream floor of the benchmarks: what raw libsodium decryption of a payload costs,
// beside which Hearth's own figures are read (Docs/PERFORMANCE.md).
import HearthCrypto

/// `payloadBytes` of filler, encrypted once with a random key in `chunk`-byte messages the way
/// a vault's payload is laid out (the last one tagged final), so that `decrypt()` costs what
/// pulling that many bytes through secretstream costs, and nothing else.
final class SecretStreamFloor {
    let payloadBytes: Int
    let chunk: Int
    /// The encrypted filler, exactly as long as the messages pushed.
    let ciphertext: [UInt8]
    private let key: SecretBytes
    private let header: [UInt8]
    /// Where `decrypt()` puts the plaintext (the filler at first).
    private let plain: UnsafeMutableRawBufferPointer

    init(payloadBytes: Int, chunk: Int) throws {
        self.payloadBytes = payloadBytes
        self.chunk = chunk
        key = try SecretBytes(randomCount: SecretStream.keyLength)
        plain = UnsafeMutableRawBufferPointer.allocate(byteCount: max(1, payloadBytes), alignment: 16)
        for i in 0..<payloadBytes { plain[i] = UInt8(truncatingIfNeeded: i &* 7) }
        let pusher = try SecretStreamPusher(key: key)
        header = pusher.header
        var cipher = [UInt8](repeating: 0, count: payloadBytes + (payloadBytes / chunk + 1) * SecretStream.overhead)
        var written = 0
        try cipher.withUnsafeMutableBytes { [plain] out in
            var offset = 0
            while offset < payloadBytes {
                let n = min(chunk, payloadBytes - offset)
                try pusher.push(UnsafeRawBufferPointer(rebasing: plain[offset..<(offset + n)]), associatedData: [],
                                tag: offset + n == payloadBytes ? .final : .message,
                                into: UnsafeMutableRawBufferPointer(rebasing: out[written..<(written + n + SecretStream.overhead)]))
                offset += n
                written += n + SecretStream.overhead
            }
        }
        cipher.removeLast(cipher.count - written)  // in place: no second copy to swell peak RSS
        ciphertext = cipher
    }

    deinit { plain.deallocate() }

    /// Pulls the whole ciphertext back, message by message.
    func decrypt() throws {
        let puller = try SecretStreamPuller(key: key, header: header)
        try ciphertext.withUnsafeBytes { [plain, payloadBytes, chunk] input in
            var offset = 0, read = 0
            while offset < payloadBytes {
                let n = min(chunk, payloadBytes - offset)
                _ = try puller.pull(UnsafeRawBufferPointer(rebasing: input[read..<(read + n + SecretStream.overhead)]),
                                    associatedData: [], into: UnsafeMutableRawBufferPointer(rebasing: plain[offset..<(offset + n)]))
                offset += n
                read += n + SecretStream.overhead
            }
        }
    }
}
