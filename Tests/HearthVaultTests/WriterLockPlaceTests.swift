import Foundation
@testable import HearthVault
import Testing

/// Where the writer lock lives (out of the vault's folder, which may be a sync folder), and that
/// it still lets one writer at a time through.
@Suite struct WriterLockPlaceTests {
    /// A machine's folders: a runtime folder and a state home, private, under `scratch`.
    static func environment(_ scratch: Scratch, runtime: Bool = true) -> [String: String] {
        mkdir(scratch.file("runtime"), 0o700)
        var env = ["XDG_STATE_HOME": scratch.file("state"), "HOME": scratch.path]
        if runtime { env["XDG_RUNTIME_DIR"] = scratch.file("runtime") }
        return env
    }

    static func vaultIn(_ scratch: Scratch, _ folder: String = "sync", name: String = "vault.hearth") -> String {
        mkdir(scratch.file(folder), 0o700)
        return scratch.file(folder + "/" + name)
    }

    @Test func theLockIsInTheRuntimeFolderNeverBesideTheVault() throws {
        let scratch = Scratch()
        let env = Self.environment(scratch)
        let vault = Self.vaultIn(scratch)
        let path = try WriterLock.lockPath(for: vault, environment: env)
        #expect(path.hasPrefix(scratch.file("runtime/hearth-locks/writer-")), "\(path)")
        do {
            let lock = try WriterLock(vaultPath: vault, timeout: 1, environment: env)
            #expect(lock.path == path)
            #expect(access(path, F_OK) == 0)
            var info = stat()
            #expect(stat(scratch.file("runtime/hearth-locks"), &info) == 0 && info.st_mode & 0o777 == 0o700)
            let names = try FileManager.default.contentsOfDirectory(atPath: scratch.file("sync"))
            #expect(names.isEmpty, "nothing of Hearth's in the vault's folder: \(names)")
        }
        #expect(access(path, F_OK) != 0, "the lock file goes with the lock")
    }

    /// A writer holds the runtime folder's lock and the state folder's, in that order.
    @Test func theStateFolderHoldsOneToo() throws {
        let scratch = Scratch()
        let vault = Self.vaultIn(scratch)
        let paths = try WriterLock.lockPaths(for: vault, environment: Self.environment(scratch))
        #expect(paths.count == 2 && paths[0].hasPrefix(scratch.file("runtime/hearth-locks/")), "\(paths)")
        #expect(paths[1].hasPrefix(scratch.file("state/hearth/locks/writer-")), "\(paths)")
        let withoutRuntime = try WriterLock.lockPaths(for: vault, environment: Self.environment(scratch, runtime: false))
        #expect(withoutRuntime.last == paths[1])
        do {
            let lock = try WriterLock(vaultPath: vault, timeout: 1, environment: Self.environment(scratch))
            #expect(paths.allSatisfy { access($0, F_OK) == 0 })
            withExtendedLifetime(lock) {}
        }
        #expect(paths.allSatisfy { access($0, F_OK) != 0 }, "both go with the lock")
    }

    /// Two processes of this account that disagree about the runtime folder (one started without
    /// `$XDG_RUNTIME_DIR`, one with another) still exclude each other through the state folder.
    @Test func differentRuntimeFoldersStillMeet() throws {
        let scratch = Scratch()
        let vault = Self.vaultIn(scratch)
        mkdir(scratch.file("other-runtime"), 0o700)
        var other = Self.environment(scratch)
        other["XDG_RUNTIME_DIR"] = scratch.file("other-runtime")
        let first = try WriterLock(vaultPath: vault, timeout: 1, environment: Self.environment(scratch))
        #expect(throws: VaultError.busy) { _ = try WriterLock(vaultPath: vault, timeout: 0.1, environment: other) }
        #expect(throws: VaultError.busy) { _ = try WriterLock(vaultPath: vault, timeout: 0.1, environment: Self.environment(scratch, runtime: false)) }
        withExtendedLifetime(first) {}
    }

    /// Two vaults in one folder, or of one name in two folders, never share a lock; two names of
    /// one folder (a link to it) give the same one.
    @Test func oneLockPerVault() throws {
        let scratch = Scratch()
        let env = Self.environment(scratch)
        let a = Self.vaultIn(scratch, "one")
        let b = Self.vaultIn(scratch, "one", name: "other.hearth")
        let c = Self.vaultIn(scratch, "two")
        #expect(symlink(scratch.file("one"), scratch.file("link")) == 0)
        let viaLink = scratch.file("link/vault.hearth")
        let paths = try [a, b, c, viaLink].map { try WriterLock.lockPath(for: $0, environment: env) }
        #expect(Set(paths.prefix(3)).count == 3)
        #expect(paths[0] == paths[3])
    }

    /// The single-writer rule: while one holds the lock, another waits and then gives up (busy);
    /// once it is released, the next one takes it, also through another name of the folder.
    @Test func oneWriterAtATime() throws {
        let scratch = Scratch()
        let env = Self.environment(scratch)
        let vault = Self.vaultIn(scratch)
        #expect(symlink(scratch.file("sync"), scratch.file("link")) == 0)
        var first: WriterLock? = try WriterLock(vaultPath: vault, timeout: 1, environment: env)
        let started = Date()
        #expect(throws: VaultError.busy) { _ = try WriterLock(vaultPath: scratch.file("link/vault.hearth"), timeout: 0.2, environment: env) }
        #expect(Date().timeIntervalSince(started) >= 0.2)
        withExtendedLifetime(first) {}
        first = nil
        let second = try WriterLock(vaultPath: scratch.file("link/vault.hearth"), timeout: 0.2, environment: env)
        withExtendedLifetime(second) {}
    }

    /// A waiter holding the file the last holder removed on release opens the name again, so
    /// two writers never hold two different files at once (threads race for it many times).
    @Test func removingTheFileOnReleaseKeepsOneWriter() async throws {
        let scratch = Scratch()
        let env = Self.environment(scratch)
        let vault = Self.vaultIn(scratch)
        let inside = Counter()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<4 {
                group.addTask {
                    for _ in 0..<50 {
                        guard let lock = try? WriterLock(vaultPath: vault, timeout: 10, environment: env) else {
                            inside.fail()
                            continue
                        }
                        inside.enter()
                        usleep(200)
                        inside.leave()
                        withExtendedLifetime(lock) {}
                    }
                }
            }
        }
        #expect(inside.most == 1 && inside.failures == 0, "most at once \(inside.most), failures \(inside.failures)")
    }

    /// An older Hearth's empty `<vault>.lock` goes once the lock is held; a file of the same
    /// name with content, or a link, is not Hearth's and stays.
    @Test func anOlderHearthsLockFileIsRemoved() throws {
        let scratch = Scratch()
        let env = Self.environment(scratch)
        let vault = Self.vaultIn(scratch)
        writeBytes([], to: vault + ".lock")
        _ = try WriterLock(vaultPath: vault, timeout: 1, environment: env)
        #expect(access(vault + ".lock", F_OK) != 0)
        writeBytes(Array("mine".utf8), to: vault + ".lock")
        _ = try WriterLock(vaultPath: vault, timeout: 1, environment: env)
        #expect(readBytes(vault + ".lock") == Array("mine".utf8))
        unlink(vault + ".lock")
        #expect(symlink(scratch.file("elsewhere"), vault + ".lock") == 0)
        _ = try WriterLock(vaultPath: vault, timeout: 1, environment: env)
        var info = stat()
        #expect(lstat(vault + ".lock", &info) == 0 && access(scratch.file("elsewhere"), F_OK) != 0)
    }

    @Test func aMissingFolderIsNotFound() {
        let scratch = Scratch()
        #expect(throws: VaultError.notFound(path: scratch.file("none/vault.hearth"))) {
            _ = try WriterLock(vaultPath: scratch.file("none/vault.hearth"), timeout: 1, environment: Self.environment(scratch))
        }
    }
}

/// Counts how many holders are inside at once.
private final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var now = 0
    private(set) var most = 0
    private(set) var failures = 0
    func enter() { lock.lock(); now += 1; most = max(most, now); lock.unlock() }
    func leave() { lock.lock(); now -= 1; lock.unlock() }
    func fail() { lock.lock(); failures += 1; lock.unlock() }
}
