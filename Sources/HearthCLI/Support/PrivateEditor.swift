import CPlatform
import Foundation
import HearthVault
import HearthCrypto
import HearthSession

/// Opens `$VISUAL`/`$EDITOR` on a copy of some text kept in a private folder on a tmpfs
/// (memory, never the disk), then overwrites and removes the copy.
///
/// - The folder is `$XDG_RUNTIME_DIR` or `/dev/shm`, and only if it is really a tmpfs;
///   otherwise Hearth refuses rather than write plaintext to a disk.
/// - The editor gets a scrubbed environment (no HEARTH_* variables), none of Hearth's open
///   files (a `--passphrase-fd` stays Hearth's) and, where the editor allows, no swap, backup,
///   undo or history files.
/// - From `prepare()` to `wipe()` Hearth catches Ctrl-C, Ctrl-\, hang-up and termination.
///   While the editor runs, Ctrl-C belongs to the editor; a hang-up or `kill` is passed on to
///   it. Whatever happens, Hearth wipes the folder before it exits (with 128 + the signal).
///   Only SIGKILL cannot be caught: the next `prepare()` removes drafts of processes that
///   are gone (in the same pid namespace).
final class PrivateEditor {
    /// The folder the draft lives in, created 0700.
    let folder: String
    let file: String
    private var signals: SignalCatcher?
    private var wiped = false

    private init(folder: String, file: String, signals: SignalCatcher?) {
        self.folder = folder
        self.file = file
        self.signals = signals
    }

    deinit { wipe() }

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
        removeAbandonedDrafts(in: base)
        // Catch signals before the folder exists, so there is no moment it could be left behind.
        let signals = SignalCatcher(SignalCatcher.termination + [SIGCHLD])
        let owner = "\(Self.pidNamespace)-\(getpid())"
        var template = Array((base as NSString).appendingPathComponent("hearth-edit-\(owner)-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else {
            signals?.release()
            throw CLIFailure(.cannotCreate, "Could not make a private folder in \(base) (\(FailureReport.describe(errno: errno))). Nothing was changed.")
        }
        let folder = String(cString: made)
        chmod(folder, 0o700)
        return PrivateEditor(folder: folder, file: (folder as NSString).appendingPathComponent(fileName), signals: signals)
    }

    static func isPrivateMemoryFileSystem(_ path: String) -> Bool {
        hearth_is_memory_filesystem(path) == 1 && access(path, W_OK | X_OK) == 0
    }

    /// Writes `initial`, runs the editor, returns what was saved. On any failure or signal the
    /// draft is wiped before the error is thrown.
    func edit(initial: String) throws -> String {
        try writeAndRun(initial, replacing: false)
    }

    /// Opens the editor again on the draft as it stands, after `replace` put a note at its top
    /// (for example why it could not be saved). Wipes on failure, like `edit`.
    func editAgain(_ text: String) throws -> String {
        try writeAndRun(text, replacing: true)
    }

    private func writeAndRun(_ text: String, replacing: Bool) throws -> String {
        do {
            try stopIfSignalled()
            try write(text, replacing: replacing)
            let status = try runEditor()
            try stopIfSignalled()
            guard status == 0 else {
                throw CLIFailure(.refused, "The editor ended with an error (status \(status)). Nothing was saved, and the draft was wiped.")
            }
            return try read()
        } catch {
            wipe()
            throw error
        }
    }

    /// Leaves the draft for the person instead of wiping it (the save failed): the folder is
    /// renamed `hearth-draft-…` so that no later Hearth removes it as abandoned, and stays on
    /// the tmpfs (gone at the next restart). Returns the draft's new path.
    func keep() -> String {
        signals?.release()
        signals = nil
        let base = PathName.folder(of: folder)
        let kept = (base as NSString).appendingPathComponent(
            "hearth-draft-" + ((folder as NSString).lastPathComponent.split(separator: "-").last.map(String.init) ?? "x"))
        wiped = true
        if rename(folder, kept) == 0 { return (kept as NSString).appendingPathComponent((file as NSString).lastPathComponent) }
        return file
    }

    func write(_ text: String, replacing: Bool = false) throws {
        let fd = open(file, O_WRONLY | O_CREAT | (replacing ? O_TRUNC : O_EXCL) | O_CLOEXEC | O_NOFOLLOW, 0o600)
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

    /// Overwrites every file in the folder with zeros, then removes them and the folder, and
    /// stops catching signals. Safe to call more than once.
    func wipe() {
        if !wiped {
            Self.wipeFolder(folder)
            wiped = true
        }
        signals?.release()
        signals = nil
    }

    static func wipeFolder(_ folder: String) {
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

    /// Wipes `hearth-edit-NS-PID-*` folders of this user whose process no longer runs (a Hearth
    /// ended by SIGKILL or a power cut on a system whose tmpfs survived). Only drafts made in
    /// this pid namespace are judged: a pid from a container means nothing here.
    static func removeAbandonedDrafts(in base: String) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: base)) ?? []
        for name in names where name.hasPrefix("hearth-edit-") {
            let parts = name.split(separator: "-")
            guard parts.count == 5, parts[2] == Substring(pidNamespace), let pid = Int32(parts[3]), pid > 0,
                  kill(pid, 0) != 0, errno == ESRCH
            else { continue }
            let path = (base as NSString).appendingPathComponent(name)
            var info = stat()
            guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR, info.st_uid == geteuid() else { continue }
            wipeFolder(path)
        }
    }

    /// The inode of this process's pid namespace (0 when it cannot be read).
    static let pidNamespace: String = {
        var info = stat()
        return stat("/proc/self/ns/pid", &info) == 0 ? String(info.st_ino) : "0"
    }()

    /// The editor command and extra arguments that switch off swap, backup, undo and history files.
    static func editorCommand(environment: [String: String]) -> (command: String, hardening: [String]) {
        let command = [environment["VISUAL"], environment["EDITOR"]].compactMap { $0 }.first { !$0.isEmpty } ?? "vi"
        let program = (command.split(separator: " ").first.map(String.init) ?? command) as NSString
        switch program.lastPathComponent {
        case "vi", "vim", "nvim", "view", "vim.basic", "vim.tiny", "vim.nox", "vim.gtk3":
            return (command, ["-n", "-i", "NONE", "--cmd", "set nobackup nowritebackup noundofile noswapfile viminfo="])
        case "nano":
            return (command, ["--ignorercfiles", "--nohelp"])
        case "emacs", "emacsclient":
            return (command, ["--eval", "(setq make-backup-files nil backup-inhibited t auto-save-default nil create-lockfiles nil)"])
        case "micro":
            return (command, ["-backup", "false", "-savecursor", "false", "-saveundo", "false", "-savehistory", "false"])
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

    /// Throws `Interrupted` for a termination signal that arrived outside the editor.
    private func stopIfSignalled() throws {
        if let signal = signals?.pending().first(where: { $0 != SIGCHLD }) { throw Interrupted(signal: signal) }
    }

    private func runEditor() throws -> Int32 {
        let environment = ProcessInfo.processInfo.environment
        let (command, hardening) = Self.editorCommand(environment: environment)
        // `sh -c` so that EDITOR may carry its own arguments ("code --wait"); the file name and
        // hardening flags are passed as positional parameters, never spliced into the string.
        let script = "exec \(command) \"$@\""
        let arguments = ["/bin/sh", "-c", script, "hearth-editor"] + hardening + [file]

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        _ = hearth_spawn_close_from(&actions, 3)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for sig in SignalCatcher.termination + [SIGCHLD, SIGPIPE, SIGTSTP] { sigaddset(&defaults, sig) }
        var noneBlocked = sigset_t()
        sigemptyset(&noneBlocked)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &noneBlocked)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let argv = arguments.map { strdup($0) } + [nil]
        let envp = Self.scrubbedEnvironment(environment).map { strdup($0) } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, "/bin/sh", &actions, &attributes, argv, envp)
        guard rc == 0 else {
            throw CLIFailure(.ioError, "Could not start the editor (\(FailureReport.describe(errno: rc))). Nothing was changed.")
        }
        // Wait for the editor. Ctrl-C and Ctrl-\ reach it directly from the terminal and are its
        // to handle (in vim, Ctrl-C is an ordinary key); a hang-up or termination sent to Hearth
        // is passed on, and remembered so that Hearth stops once the editor has gone.
        var status: Int32 = 0
        var stopping: Int32?
        while true {
            let done = waitpid(pid, &status, WNOHANG)
            if done == pid { break }
            if done < 0, errno != EINTR {
                status = 0x7F00  // cannot happen for our own child; treat as a failure
                break
            }
            signals?.wait(seconds: 1)
            for sig in signals?.pending() ?? [] where sig == SIGTERM || sig == SIGHUP {
                stopping = sig
                kill(pid, sig)
            }
        }
        // Signals that came with the editor's exit: Ctrl-C was the editor's, the others stop us.
        for sig in signals?.pending() ?? [] where sig == SIGTERM || sig == SIGHUP { stopping = sig }
        if let stopping { throw Interrupted(signal: stopping) }
        // WIFEXITED / WEXITSTATUS by hand: the macros are not imported.
        if status & 0x7F == 0 { return (status >> 8) & 0xFF }
        throw Interrupted(signal: status & 0x7F)
    }
}

/// A command stopped by a signal (Ctrl-C, hang-up, termination) after cleaning up.
/// It ends with the shell's convention, 128 + the signal's number.
struct Interrupted: Error {
    let signal: Int32
}
