import HearthCrypto

/// Turns a typed recovery key into the canonical bytes its slot was made with: ASCII letters
/// upper-cased, separators (`-`, spaces, newlines) dropped. The canonical bytes never leave
/// secret memory.
enum RecoveryKeyInput {
    static func canonical(_ typed: SecretBytes) throws -> SecretBytes {
        let buffer = try SecretBytes(count: typed.count)
        let length = buffer.withUnsafeMutableBytes { out in
            typed.withUnsafeBytes { input in
                var n = 0
                for byte in input {
                    switch byte {
                    case UInt8(ascii: "-"), UInt8(ascii: " "), 0x09, 0x0A, 0x0D: continue
                    case UInt8(ascii: "a")...UInt8(ascii: "z"): out[n] = byte - 32
                    default: out[n] = byte
                    }
                    n += 1
                }
                return n
            }
        }
        return try buffer.prefix(length)
    }
}
