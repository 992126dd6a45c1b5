import Foundation
import HearthTestSupport
import Testing

/// Issue 4: with no memory-only folder (tmpfs) for the draft, `$EDITOR` editing is refused
/// before the editor opens, and nothing is written anywhere.
///
/// A machine without a tmpfs is made, without any way in from Hearth's side, by running
/// `hearth` in a private mount namespace (`unshare --mount`, root) where `/dev/shm` is a folder
/// of a disk bind-mounted over it, with `XDG_RUNTIME_DIR` on that disk as well (or unset). The
/// mounts exist only for that one process tree. Skipped, with the reason, where mount
/// namespaces cannot be made or no disk folder is at hand.
@Suite(.ownThreads) struct NoMemoryFolderTests {
    /// The file system type of `path` as coreutils names it (`tmpfs`, `ext2/ext3`, …), or nil.
    static func fileSystemType(_ path: String, harness h: PracticeHarness) throws -> String? {
        let result = try h.runProgram("/usr/bin/stat", ["-f", "-c", "%T", path])
        return result.status == 0 ? result.out.trimmingCharacters(in: .whitespacesAndNewlines) : nil
    }

    static func isMemory(_ type: String) -> Bool { type == "tmpfs" || type == "ramfs" }

    /// In the namespace: `$1` is bind-mounted over /dev/shm; `$2`, when not empty, gets a fresh
    /// tmpfs (the control: the same setting with a memory folder, where editing works); then
    /// the rest runs. 97 means the mounts themselves failed.
    static let mountScript = """
        mount --bind "$1" /dev/shm || exit 97
        if [ -n "$2" ]; then mount -t tmpfs -o size=1m,mode=0700 tmpfs "$2" || exit 97; fi
        shift 2
        exec "$@"
        """

    /// Folders on a disk for the test: `run` (for XDG_RUNTIME_DIR) and `shm` (put over
    /// /dev/shm), or the reason there are none.
    final class DiskFolders {
        let base: String
        var run: String { base + "/run" }
        var shm: String { base + "/shm" }

        init(harness: PracticeHarness) throws {
            // /var/tmp is a disk on most systems (/tmp often is not); the test's own folder otherwise.
            guard let parent = try ["/var/tmp", NSTemporaryDirectory(), harness.folder].first(where: {
                try NoMemoryFolderTests.fileSystemType($0, harness: harness).map { !NoMemoryFolderTests.isMemory($0) } ?? false
            }) else { throw Skip("no folder on a disk here (every candidate is a tmpfs)") }
            base = try PracticeHarness.makeFolder(in: parent, prefix: "hearth-e2e-disk-")
            for folder in [run, shm] {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
                chmod(folder, 0o700)
            }
        }

        deinit { try? FileManager.default.removeItem(atPath: base) }
    }

    struct Skip: Error { let reason: String; init(_ reason: String) { self.reason = reason } }

    /// Runs `hearth ARGS` in the namespace; nil (with the reason printed) when mount
    /// namespaces are not allowed here.
    static func runWithoutMemoryFolder(
        _ h: PracticeHarness, _ disk: DiskFolders, _ args: [String], memoryAt: String = "",
        env: [String: String] = [:], removing: [String] = []
    ) throws -> PracticeHarness.Result {
        try h.runProgram(
            "/usr/bin/unshare", ["--mount", "--propagation", "private", "--", "/bin/sh", "-c", mountScript, "sh",
                                 disk.shm, memoryAt, PracticeHarness.binary] + args,
            env: env, removing: removing)
    }

    /// Whether this machine lets the test make the namespace (root, unshare, mount allowed);
    /// checks too that /dev/shm inside really is no longer a tmpfs.
    static func namespaceWorks(_ h: PracticeHarness, _ disk: DiskFolders) throws -> String? {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/unshare") else { return "util-linux unshare is missing" }
        guard geteuid() == 0 else { return "a private mount namespace needs root" }
        let probe = try h.runProgram(
            "/usr/bin/unshare", ["--mount", "--propagation", "private", "--", "/bin/sh", "-c", mountScript, "sh",
                                 disk.shm, "", "/usr/bin/stat", "-f", "-c", "%T", "/dev/shm"])
        guard probe.status == 0 else { return "mount namespaces are not permitted here (status \(probe.status): \(probe.err))" }
        guard !isMemory(probe.out.trimmingCharacters(in: .whitespacesAndNewlines)) else { return "/dev/shm stayed a tmpfs inside: \(probe.out)" }
        return nil
    }

    static let refusal = "There is no memory-only folder (tmpfs) for the draft"

    @Test func editingIsRefusedBeforeTheEditorOpensAndNothingIsWritten() throws {
        let h = try PracticeHarness(onDisk: true)  // /dev/shm is hidden in the test
        let disk: DiskFolders
        do { disk = try DiskFolders(harness: h) } catch let skip as Skip {
            try Test.cancel("\(skip.reason)")
        }
        if let reason = try Self.namespaceWorks(h, disk) {
            try Test.cancel("\(reason)")
        }
        let existing = try h.add("journal", json: #"{"text": "Already here"}"#)
        let vaultBefore = FileManager.default.contents(atPath: h.vault)
        // The editor would leave a mark beside the vault and type the canary (split here, so
        // that not even this script holds it whole).
        let opened = h.folder + "/editor-opened"
        let editor = try h.script("would-write.sh", """
            printf 'opened\\n' > "\(opened)"
            printf '%s%s %s\\n' Marigold4 Canary whispered >> "$1"
            """)

        let cases: [(name: String, args: [String], env: [String: String], removing: [String])] = [
            ("add, XDG_RUNTIME_DIR on a disk", ["journal", "add", "--edit"], ["EDITOR": editor, "XDG_RUNTIME_DIR": disk.run], []),
            ("add, no XDG_RUNTIME_DIR", ["journal", "add", "--edit"], ["EDITOR": editor], ["XDG_RUNTIME_DIR"]),
            ("edit, XDG_RUNTIME_DIR on a disk", ["journal", "edit", existing], ["EDITOR": editor, "XDG_RUNTIME_DIR": disk.run], []),
            ("person add, VISUAL", ["people", "add", "--edit"], ["VISUAL": editor, "XDG_RUNTIME_DIR": disk.run], []),
        ]
        for c in cases {
            let refused = try Self.runWithoutMemoryFolder(h, disk, c.args, env: c.env, removing: c.removing)
            #expect(refused.status == 73, "\(c.name): \(refused.status) \(refused.err)")
            #expect(refused.err.contains(Self.refusal) && refused.err.contains("Nothing was changed"), "\(c.name): \(refused.err)")
            #expect(refused.err.contains("XDG_RUNTIME_DIR") && refused.err.contains("stdin"), "says what to do instead: \(refused.err)")
            #expect(!refused.err.contains("Error:") && refused.out.isEmpty, "\(c.name): a calm message, no output")
            #expect(!FileManager.default.fileExists(atPath: opened), "\(c.name): the editor never ran")
            #expect(FileManager.default.contents(atPath: h.vault) == vaultBefore, "\(c.name): the vault is unchanged")
        }
        // No draft, no folder and no canary in any folder Hearth could have used.
        for folder in [disk.run, disk.shm] {
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty, "\(folder) is empty")
        }
        for folder in [disk.base, h.folder, h.runtime] {
            #expect(!PracticeHarness.anyFile(under: folder, contains: EditingTests.canary), "\(folder)")
        }
        #expect(try h.list("journal").map { $0["id"] as? String } == [existing])
        #expect(try h.list("people").isEmpty)

        // The control: the same namespace with a tmpfs at XDG_RUNTIME_DIR, and editing works
        // (so the refusal above came from the missing tmpfs, not from the setting).
        let control = try Self.runWithoutMemoryFolder(
            h, disk, ["journal", "add", "--edit"], memoryAt: disk.run, env: ["EDITOR": editor, "XDG_RUNTIME_DIR": disk.run])
        #expect(control.status == 0, "\(control.err)")
        #expect(FileManager.default.fileExists(atPath: opened), "the editor ran")
        let added = try #require(control.lines.first)
        #expect(try h.show("journal", added)["text"] as? String == EditingTests.canary)
        // The tmpfs went with the namespace; the disk folder under it never held the draft.
        #expect(try FileManager.default.contentsOfDirectory(atPath: disk.run).isEmpty)
        #expect(!PracticeHarness.anyFile(under: disk.base, contains: EditingTests.canary))
    }
}
