import CPlatform
import Foundation

/// Start-up hardening for every command (Docs/SECURITY.md, "Hardening"): files are created
/// private, no core dumps, and other processes of the same user cannot read our memory
/// through ptrace or /proc/PID/mem.
enum ProcessHardening {
    static func apply() {
        umask(0o077)
        reopenClosedStandardDescriptors()
        _ = hearth_disable_core_dumps()
        _ = hearth_set_not_dumpable()
        // Writing to a closed pipe (`hearth journal list | head`) should end quietly.
        signal(SIGPIPE, SIG_IGN)
    }

    /// Started with stdin, stdout or stderr closed (`hearth journal add >&-`), the next file
    /// Hearth opened (a vault's temporary file, a draft) would take that number, and output
    /// meant for the screen would land in it. /dev/null takes any missing one first.
    private static func reopenClosedStandardDescriptors() {
        for fd in [STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO] where fcntl(fd, F_GETFD) < 0 && errno == EBADF {
            let null = open("/dev/null", fd == STDIN_FILENO ? O_RDONLY : O_WRONLY)
            if null >= 0, null != fd {
                dup2(null, fd)
                close(null)
            }
        }
    }
}
