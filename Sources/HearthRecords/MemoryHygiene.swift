import CPlatform
import Foundation

/// Keeps plaintext out of core dumps. Whole database images are too large to `mlock`
/// under common limits (8 MiB), so they are marked MADV_DONTDUMP and wiped after use.
enum MemoryHygiene {
    static func excludeFromCoreDumps(_ buffer: UnsafeMutableRawBufferPointer) {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return }
        _ = hearth_madvise_dontdump(base, buffer.count)
    }
}
