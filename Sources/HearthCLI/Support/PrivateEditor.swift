import CPlatform
import Foundation
import HearthCrypto

/// Opens `$VISUAL`/`$EDITOR` on a copy of some text kept in a private folder on a tmpfs
/// (memory, never the disk), then overwrites and removes the copy.
///
/// - The folder is `$XDG_RUNTIME_DIR` or `/dev/shm`, and only if it is really a tmpfs;
///   otherwise Hearth refuses rather than write plaintext to a disk.
/// - The editor gets a scrubbed environment (no HEARTH_* variables) and, where the editor
///   allows, no swap, backup or undo files.
/// - While the editor runs Hearth ignores Ctrl-C, hang-up and termination, so the keys reach
///   the editor and Hearth always cleans up after it.
struct PrivateEditor {
    /// The folder the draft lives in, created 0700.
    let folder: String
    let file: String

    /// Finds a tmpfs and makes a private folder in it, before any editor is opened.
    static func prepare(fileName: String = "entry.md") throws -> PrivateEditor {
        let env = ProcessInfo.processInfo.environment
        let candidates = [env["XDG_RUNTIME_DIR"], "/dev/shm"].compactMap { $0 }.filter { !$0.isEmpty }
        guard let base = candidates.first(where: isPrivateMemoryFileSystem) else {
            throw CLIFailure(.cannotCreate, """
                There is no memory-only folder (tmpfs) to hold the draft while you edit, and Hearth \
                will not write your words to a disk unencrypted. Nothing was changed. \
                Set XDG_RUNTIME_DIR to a tmpfs folder, or give the text on stdin instead.
                """)
        }
        var template = Array((base as NSString).appendingPathComponent("hearth-edit-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else {
            throw CLIFailure(.cannotCreate, "Could not make a private folder in \(base) (\(FailureReport.describe(errno: errno))). Nothing was changed.")
        }
        let folder = String(cString: made)
        chmod(folder, 0o700)
        return PrivateEditor(folder: folder, file: (folder as NSString).appendingPathComponent(fileName))
    }

    static func isPrivateMemoryFileSystem(_ path: String) -> Bool {
        hearth_is_memory_filesystem(path) == 1 && access(path, W_OK | X_OK) == 0
    }

    /// Writes `initial`, runs the editor, returns what was saved. The draft is always wiped,
    /// unless `keepOnFailure` is later used by the caller to leave it for a retry.
    func edit(initial: String) throws -> String {
        try write(initial)
        let status = try runEditor()
        guard status == 0 else {
            wipe()
            throw CLIFailure(.refused, "The editor ended with an error (status \(status)). Nothing was saved, and the draft was wiped.")
        }
        return try read()
    }

    func write(_ text: String) throws {
        let fd = open(file, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard fd >= 0 else {
            throw CLIFailure(.cannotCreate, "Could not create the draft (\(FailureReport.describe(errno: errno))). Nothing was changed.")
        }
        defer { close(fd) }
        var bytes = Array(text.utf8)
        defer { Memory.wipe(&bytes) }
        _ = bytes.withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
    }

    func read() throws -> String {
        guard var data = FileManager.default.contents(atPath: file) else {
            throw CLIFailure(.ioError, "The draft could not be read back. Nothing was saved.")
        }
        defer { data.resetBytes(in: 0..<data.count) }
        return String(decoding: data, as: UTF8.self)
    }

    /// Overwrites every file in the folder with zeros, then removes them and the folder.
    func wipe() {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        for name in names {
            let path = (folder as NSString).appendingPathComponent(name)
            var info = stat()
            if lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG {
                let fd = open(path, O_WRONLY | O_CLOEXEC | O_NOFOLLOW)
                if fd >= 0 {
                    let zeros = [UInt8](repeating: 0, count: 65536)
                    var left = Int(info.st_size)
                    while left > 0 {
                        let n = zeros.withUnsafeBytes { Foundation.write(fd, $0.baseAddress, min(left, $0.count)) }
                        if n <= 0 { break }
                        left -= n
                    }
                    fsync(fd)
                    close(fd)
                }
            }
            unlink(path)
        }
        rmdir(folder)
    }

    /// The editor command and extra arguments that switch off swap, backup and undo files.
    static func editorCommand(environment: [String: String]) -> (command: String, hardening: [String]) {
        let command = [environment["VISUAL"], environment["EDITOR"]].compactMap { $0 }.first { !$0.isEmpty } ?? "vi"
        let program = (command.split(separator: " ").first.map(String.init) ?? command) as NSString
        switch program.lastPathComponent {
        case "vi", "vim", "nvim", "view", "vim.basic", "vim.tiny":
            return (command, ["-n", "-i", "NONE", "--cmd", "set nobackup nowritebackup noundofile noswapfile viminfo="])
        case "nano":
            return (command, ["--ignorercfiles", "--nohelp"])
        case "emacs", "emacsclient":
            return (command, ["--eval", "(setq make-backup-files nil auto-save-default nil create-lockfiles nil)"])
        case "micro":
            return (command, ["-backup", "false", "-savecursor", "false"])
        default:
            return (command, [])
        }
    }

    /// The only variables an editor needs; nothing of Hearth's own.
    static func scrubbedEnvironment(_ environment: [String: String]) -> [String] {
        let keep = ["PATH", "HOME", "TERM", "LANG", "LANGUAGE", "USER", "LOGNAME", "SHELL", "COLORTERM", "TERMINFO",
                    "DISPLAY", "WAYLAND_DISPLAY", "EDITOR", "VISUAL", "TZ"]
        return environment.compactMap { key, value in
            guard keep.contains(key) || key.hasPrefix("LC_") else { return nil }
            return "\(key)=\(value)"
        }
    }

    private func runEditor() throws -> Int32 {
        let environment = ProcessInfo.processInfo.environment
        let (command, hardening) = Self.editorCommand(environment: environment)
        // `sh -c` so that EDITOR may carry its own arguments ("code --wait"); the file name and
        // hardening flags are passed as positional parameters, never spliced into the string.
        let script = "exec \(command) \"$@\""
        let arguments = ["/bin/sh", "-c", script, "hearth-editor"] + hardening + [file]
        let ignored: [Int32] = [SIGINT, SIGQUIT, SIGHUP, SIGTERM, SIGTSTP]
        var previous: [Int32: sighandler_t?] = [:]
        for sig in ignored { previous[sig] = signal(sig, SIG_IGN) }
        defer { for sig in ignored { signal(sig, previous[sig] ?? SIG_DFL) } }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for sig in ignored + [SIGPIPE] { sigaddset(&defaults, sig) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF))

        let argv = arguments.map { strdup($0) } + [nil]
        let envp = Self.scrubbedEnvironment(environment).map { strdup($0) } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, "/bin/sh", nil, &attributes, argv, envp)
        guard rc == 0 else {
            wipe()
            throw CLIFailure(.ioError, "Could not start the editor (\(FailureReport.describe(errno: rc))). Nothing was changed.")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        // WIFEXITED / WEXITSTATUS by hand: the macros are not imported.
        if status & 0x7F == 0 { return (status >> 8) & 0xFF }
        return 128 + (status & 0x7F)
    }
}
