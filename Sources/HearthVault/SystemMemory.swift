import Foundation

/// Free memory, so that Argon2id is not started when the machine cannot give it the memory
/// it needs (the kernel would kill the process instead of letting us explain).
enum SystemMemory {
    /// `MemAvailable` from /proc/meminfo, in bytes, or nil when it cannot be read.
    static func availableBytes() -> UInt64? {
        guard let text = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("MemAvailable:") {
            let parts = line.split(separator: " ", omittingEmptySubsequences: true)
            if parts.count >= 2, let kib = UInt64(parts[1]) { return kib * 1024 }
        }
        return nil
    }

    static func ensureAvailable(_ bytes: UInt64) throws(VaultError) {
        guard let available = availableBytes() else { return }
        if bytes > available { throw .insufficientMemory(neededBytes: bytes, availableBytes: available) }
    }
}
