import CPlatform
import Foundation

/// Start-up hardening for every command (Docs/SECURITY.md, "Hardening"): files are created
/// private, no core dumps, and other processes of the same user cannot read our memory
/// through ptrace or /proc/PID/mem.
enum ProcessHardening {
    static func apply() {
        umask(0o077)
        _ = hearth_disable_core_dumps()
        _ = hearth_set_not_dumpable()
        // Writing to a closed pipe (`hearth journal list | head`) should end quietly.
        signal(SIGPIPE, SIG_IGN)
    }
}
