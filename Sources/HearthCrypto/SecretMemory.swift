import CSodium
import Synchronization

/// Whether secret memory really is locked. libsodium's `sodium_malloc` tries to `mlock` what it
/// hands out but ignores a failure (under a low `RLIMIT_MEMLOCK`, often 64 KiB, enough live
/// secrets silently end up swappable). `SecretBytes` locks its pages once more and checks the
/// answer, so that the command line can say once that keys were not locked.
public enum SecretMemory {
    private static let failedLocks = Atomic<Int>(0)

    /// Locks `count` bytes at `pointer` (already locked when libsodium could); notes a refusal.
    static func lock(_ pointer: UnsafeMutableRawPointer, count: Int) {
        if sodium_mlock(pointer, count) != 0 { failedLocks.add(1, ordering: .relaxed) }
    }

    /// True once the system refused to lock any secret's memory in this process.
    public static var lockWasRefused: Bool { failedLocks.load(ordering: .relaxed) > 0 }
}
