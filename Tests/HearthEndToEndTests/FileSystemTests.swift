import Foundation
import HearthTestSupport
import Testing

/// File modes, other users, and a full disk (issue 3, sections 4 and 7). Root ignores file
/// modes, so what another user can or cannot do is tested as real other users through
/// `setpriv`; these tests need root to switch users and to mount, and are skipped without it.
@Suite(.serialized, .ownThreads) struct FileSystemTests {
    /// Runs `command` as `user` (via setpriv, all groups dropped) with `umask 000`, so that only
    /// Hearth's own care makes its files private.
    static func runAs(
        _ user: String, group: String, _ command: [String], env: [String: String], stdin: String? = nil
    ) -> ProcessResult {
        ProcessRunner.run(ProcessSpec(
            executable: "/usr/bin/setpriv",
            arguments: ["--reuid=\(user)", "--regid=\(group)", "--clear-groups", "/bin/sh", "-c", "umask 000; exec \"$@\"", "sh"]
                + command,
            environment: env, stdin: stdin.map { Array($0.utf8) }, timeout: 60))
    }

    static func mode(_ path: String) -> mode_t? {
        var info = stat()
        return lstat(path, &info) == 0 ? info.st_mode & 0o7777 : nil
    }

    static func owner(_ path: String) -> uid_t? {
        var info = stat()
        return lstat(path, &info) == 0 ? info.st_uid : nil
    }

    /// A copy of the binary that `nobody` can run, when the build folder is not reachable for it.
    static func binaryFor(_ box: Sandbox, user: String, group: String) -> String {
        let probe = runAs(user, group: group, ["/bin/sh", "-c", "test -x \"$0\"", hearthBinary], env: ["PATH": "/usr/bin:/bin"])
        if probe.status == 0 { return hearthBinary }
        let folder = box.root + "/bin"
        mkdir(folder, 0o755)
        let copy = folder + "/hearth"
        try? FileManager.default.copyItem(atPath: hearthBinary, toPath: copy)
        chmod(copy, 0o755)
        return copy
    }

    @Test(.enabled(if: isRoot, "needs root to run commands as the users nobody and daemon (setpriv)"))
    func filesArePrivateEvenWithAPermissiveUmask() throws {
        let box = Sandbox(mode: .inProcess)
        chmod(box.root, 0o711)
        let binary = Self.binaryFor(box, user: "nobody", group: "nogroup")
        // nobody's own corner: a home and a runtime folder it owns.
        let home = box.root + "/nobody"
        mkdir(home, 0o755)
        mkdir(home + "/run", 0o700)
        let nobody = getpwnam("nobody").pointee
        chown(home, nobody.pw_uid, nobody.pw_gid)
        chown(home + "/run", nobody.pw_uid, nobody.pw_gid)
        let vault = home + "/data/hearth/journal.hearth"
        let env = [
            "PATH": "/usr/bin:/bin", "HOME": home, "XDG_RUNTIME_DIR": home + "/run", "HEARTH_NO_TTY": "1",
            "HEARTH_NEW_PASSPHRASE": box.passphrase, "HEARTH_PASSPHRASE": box.passphrase, "LANG": "C.UTF-8",
        ]

        let made = Self.runAs("nobody", group: "nogroup", [binary, "init", "--vault", vault, "--kdf", "minimum"], env: env)
        #expect(made.status == 0, "\(made.err)")
        let folder = (vault as NSString).deletingLastPathComponent
        #expect(Self.mode(folder) == 0o700, "vault folder mode \(String(Self.mode(folder) ?? 0, radix: 8))")
        #expect(Self.mode(vault) == 0o600, "vault mode \(String(Self.mode(vault) ?? 0, radix: 8))")
        #expect(Self.owner(vault) == nobody.pw_uid)
        // The writer lock lives in nobody's runtime folder, in a folder only nobody can open.
        #expect(Self.mode(home + "/run/hearth-locks") == 0o700)
        #expect(Self.owner(home + "/run/hearth-locks") == nobody.pw_uid)

        let added = Self.runAs("nobody", group: "nogroup", [binary, "journal", "add", "--vault", vault], env: env, stdin: "private words")
        #expect(added.status == 0, "\(added.err)")
        #expect(Self.mode(vault) == 0o600, "still 0600 after a save")
        // Nothing else was left in the folder (it may be a sync folder): no temporary, no lock.
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        #expect(names == ["journal.hearth"], "\(names)")
        for name in names { #expect((Self.mode(folder + "/" + name) ?? 0o777) & 0o077 == 0, "\(name)") }

        // Another user can neither list the folder nor read the vault.
        let otherEnv = ["PATH": "/usr/bin:/bin", "HEARTH_NO_TTY": "1", "HEARTH_PASSPHRASE": box.passphrase]
        let catVault = Self.runAs("daemon", group: "daemon", ["/bin/cat", vault], env: otherEnv)
        #expect(catVault.status != 0 && catVault.stdout.isEmpty, "another user read the vault")
        let listFolder = Self.runAs("daemon", group: "daemon", ["/bin/ls", folder], env: otherEnv)
        #expect(listFolder.status != 0, "another user listed the vault folder")
        let viaHearth = Self.runAs("daemon", group: "daemon", [binary, "journal", "list", "--vault", vault], env: otherEnv)
        #expect(viaHearth.status != 0 && !viaHearth.out.contains("private words"))
    }

    /// A full disk: the save fails with 74, the old vault is intact and no temporary is left.
    /// On a small tmpfs of its own (needs root and permission to mount; skipped otherwise).
    @Test(.enabled(if: isRoot, "needs root to mount a small tmpfs"))
    func fullDiskIs74AndLeavesTheOldVault() throws {
        let box = Sandbox(mode: .inProcess)
        let mountPoint = box.root + "/small"
        mkdir(mountPoint, 0o700)
        let mounted = ProcessRunner.run(ProcessSpec(
            executable: "/usr/bin/mount", arguments: ["-t", "tmpfs", "-o", "size=512k,mode=0700", "tmpfs", mountPoint],
            environment: ["PATH": "/usr/bin:/bin"], stdin: nil))
        if mounted.status != 0 {
            try Test.cancel("mount -t tmpfs is not permitted here: \(mounted.err)")
        }
        defer {
            _ = ProcessRunner.run(ProcessSpec(
                executable: "/usr/bin/umount", arguments: ["-l", mountPoint], environment: ["PATH": "/usr/bin:/bin"], stdin: nil))
        }
        let vault = mountPoint + "/journal.hearth"
        box.initVault(vault)
        #expect(box.add("written before the disk filled up", vault: vault) != nil)
        let before = box.bytes(vault)

        // Fill the file system to the last byte.
        let filler = mountPoint + "/filler"
        let fd = open(filler, O_WRONLY | O_CREAT | O_CLOEXEC, 0o600)
        try #require(fd >= 0)
        let block = [UInt8](repeating: 0xA5, count: 4096)
        var filled = 0
        while true {
            let n = block.withUnsafeBytes { write(fd, $0.baseAddress!, $0.count) }
            if n <= 0 { break }
            filled += n
        }
        #expect(errno == ENOSPC)
        close(fd)

        for (name, free) in [("completely full", 0), ("less room than the vault needs", 16 << 10)] {
            if free > 0 { truncate(filler, off_t(filled - free)) }
            let result = box.run(["journal", "add"] + box.unlocking(vault), stdin: "this will not fit \(name)")
            #expect(result.status == 74, "\(name): \(result.status) \(result.err)")
            #expect(result.stdout.isEmpty)
            #expect(result.err.contains("unchanged") || result.err.contains("nothing was lost"), "\(result.err)")
            #expect(box.bytes(vault) == before, "\(name): the old vault changed")
            #expect(box.temporaries(beside: vault).isEmpty, "\(name): left \(box.temporaries(beside: vault))")
        }
        // With room again, the next save works and nothing was lost.
        unlink(filler)
        #expect(box.add("after making room", vault: vault) != nil)
        #expect(box.ids(vault: vault).count == 2)
    }
}
