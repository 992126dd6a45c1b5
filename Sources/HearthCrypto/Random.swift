import CSodium

/// Random bytes from libsodium's CSPRNG (`randombytes_buf`, backed by getrandom).
public enum Random {
    /// `count` random bytes for public values such as ids, salts and nonces.
    public static func bytes(_ count: Int) -> [UInt8] {
        try! Sodium.ensureInitialized()
        var out = [UInt8](repeating: 0, count: count)
        out.withUnsafeMutableBytes { raw in
            if let base = raw.baseAddress, count > 0 { randombytes_buf(base, count) }
        }
        return out
    }

    /// A uniformly random integer in `0..<upperBound`.
    public static func uniform(_ upperBound: UInt32) -> UInt32 {
        try! Sodium.ensureInitialized()
        return randombytes_uniform(upperBound)
    }
}
