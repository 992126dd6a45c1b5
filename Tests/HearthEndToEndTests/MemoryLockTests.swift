import Foundation
import HearthTestSupport
import Testing

/// libsodium does not report a failed `mlock`; Hearth checks, and says once when its keys
/// could not be locked in memory.
@Suite(.ownThreads) struct MemoryLockTests {
    @Test func aRefusedMemoryLockIsSaidOnceAndNothingElseChanges() throws {
        // Root may lock memory whatever the limit (CAP_IPC_LOCK): the command runs as `nobody`.
        guard geteuid() == 0, FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv"),
              FileManager.default.isExecutableFile(atPath: "/usr/bin/prlimit")
        else {
            try Test.cancel("needs root, setpriv and prlimit to run a command as `nobody` under a zero locked-memory limit")
        }
        let box = try SessionSandbox()
        defer { box.cleanUp() }
        chmod(box.root, 0o755)
        let home = box.root + "/nobody"
        mkdir(home, 0o700)
        chown(home, 65534, 65534)
        let asNobody = ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"]
        let env = ["HOME": home, "XDG_RUNTIME_DIR": home, "TMPDIR": home, "HEARTH_VAULT": home + "/vault.hearth"]
        let note = "did not let Hearth lock its keys in memory"

        let limited = box.run(
            ["init", "--kdf", "minimum"], env: env.merging(["HEARTH_NEW_PASSPHRASE": "memlock"]) { $1 },
            prefix: asNobody + ["/usr/bin/prlimit", "--memlock=0:0", "--"])
        #expect(limited.status == 0, "\(limited.err)")
        #expect(limited.err.components(separatedBy: note).count == 2, "said exactly once: \(limited.err)")

        // Under an ordinary limit the same user's keys are locked, and nothing is said.
        var limit = rlimit()
        guard getrlimit(__rlimit_resource_t(__RLIMIT_MEMLOCK.rawValue), &limit) == 0, limit.rlim_cur >= 1 << 20 else {
            try Test.cancel("this machine's locked-memory limit is below 1 MiB")
        }
        let ordinary = box.run(["journal", "list"], env: env.merging(["HEARTH_PASSPHRASE": "memlock"]) { $1 }, prefix: asNobody)
        #expect(ordinary.status == 0, "\(ordinary.err)")
        #expect(!ordinary.err.contains(note))
    }
}
