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
/// - The folder is `hearth-draft-` and 128 random bits, made 0700 by `mkdir` (which never
///   takes a name that exists): no other user can guess, pre-create or enter it. While Hearth
///   edits, a marker file `.hearth-editing-NS-PID` inside says whose draft it is; a draft kept
///   after a failed save stays exactly where it is and only loses the marker, so the path the
///   message names is the path the editor had, and no later Hearth removes it.
/// - The editor gets a scrubbed environment (no HEARTH_* variables), none of Hearth's open
///   files (a `--passphrase-fd` stays Hearth's) and, where the editor allows, no swap, backup,
///   undo or history files (`EditorHardening`).
/// - From `prepare()` to `wipe()` Hearth catches Ctrl-C, Ctrl-\, hang-up and termination.
///   While the editor runs, Ctrl-C belongs to the editor; a hang-up or `kill` is passed on to
///   it. Whatever happens, Hearth wipes the folder before it exits (with 128 + the signal).
///   Only SIGKILL cannot be caught: the next `prepare()` removes drafts whose marker names a
///   process that is gone (in the same pid namespace).
/// - A draft kept earlier can be edited again in place (`adopting`): it is then never wiped
///   except once saved, so a second failure leaves it, and only it, where it was.
final class PrivateEditor {
    /// The folder the draft lives in, created 0700.
    let folder: String
    let file: String
    /// True for a kept draft opened again: kept on failure, wiped only once saved.
    let adopted: Bool
    private var signals: SignalCatcher?
    private var wiped = false

    static let folderPrefix = "hearth-draft-"
    static let markerPrefix = ".hearth-editing-"

    private init(folder: String, file: String, adopted: Bool, signals: SignalCatcher?) {
        self.folder = folder
        self.file = file
        self.adopted = adopted
        self.signals = signals
    }

    deinit {
        if adopted {
            signals?.release()
        } else {
            wipe()
        }
    }

    /// The marker that says "this process is editing here".
    private static var marker: String { markerPrefix + "\(pidNamespace)-\(getpid())" }

    /// Finds a tmpfs and makes a private folder in it, before any editor is opened.
    static func prepare(fileName: String = "entry.md") throws -> PrivateEditor {
        let base = try memoryBase()
        removeAbandonedDrafts(in: base)
        // Catch signals before the folder exists, so there is no moment it could be left behind.
        let signals = RunSignals.catcher(SignalCatcher.termination + [SIGCHLD])
        var folder: String?
        var failure: Int32 = EEXIST
        for _ in 0..<8 where folder == nil {
            let name = folderPrefix + Random.bytes(16).map { String(format: "%02x", $0) }.joined()
            let path = (base as NSString).appendingPathComponent(name)
            if mkdir(path, 0o700) == 0 { folder = path } else { failure = errno }
            if failure != EEXIST { break }
        }
        guard let folder else {
            signals?.release()
            throw CLIFailure(.cannotCreate, .noPrivateFolder(base: base, errno: failure))
        }
        chmod(folder, 0o700)
        let markerFD = open((folder as NSString).appendingPathComponent(marker), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard markerFD >= 0 else {
            let reason = errno
            wipeFolder(folder)
            signals?.release()
            throw CLIFailure(.cannotCreate, .privateFolderNotPrepared(base: base, errno: reason))
        }
        close(markerFD)
        return PrivateEditor(folder: folder, file: (folder as NSString).appendingPathComponent(fileName), adopted: false, signals: signals)
    }

    /// The kept draft at `path` opened again in place, when it is one of Hearth's (see
    /// `isKeptDraft`); nil for any other file, which is then copied into a new folder as usual.
    static func adopting(_ path: String) -> PrivateEditor? {
        guard isKeptDraft(path) else { return nil }
        let signals = RunSignals.catcher(SignalCatcher.termination + [SIGCHLD])
        return PrivateEditor(folder: PathName.folder(of: path), file: path, adopted: true, signals: signals)
    }

    /// True when `path` is a regular file directly inside a folder Hearth made for drafts: named
    /// `hearth-draft-…`, a real folder (not a link) of this user, closed to everyone else, on a
    /// memory-only file system, and not being edited by another Hearth. Only such drafts are
    /// edited in place and wiped by Hearth; anything else a person names is left as it is.
    static func isKeptDraft(_ path: String) -> Bool {
        let folder = PathName.folder(of: path)
        guard folder.split(separator: "/").last?.hasPrefix(folderPrefix) == true else { return false }
        var info = stat()
        guard lstat(folder, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR, info.st_uid == geteuid(),
              info.st_mode & 0o077 == 0, hearth_is_memory_filesystem(folder) == 1
        else { return false }
        guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return false }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return !names.contains { $0.hasPrefix(markerPrefix) }
    }

    private static func memoryBase() throws -> String {
        let env = Environment.all
        let candidates = [env["XDG_RUNTIME_DIR"], "/dev/shm"].compactMap { $0 }.filter { !$0.isEmpty }
        guard let base = candidates.first(where: isPrivateMemoryFileSystem) else {
            throw CLIFailure(.cannotCreate, .noMemoryFolder)
        }
        return base
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

    /// A kept draft opened again already holds its text: it is not written anew (a write cut
    /// short would lose it), only replaced when a note is put at its top.
    private func writeAndRun(_ text: String, replacing: Bool) throws -> String {
        do {
            try stopIfSignalled()
            if !adopted || replacing { try write(text, replacing: replacing || adopted) }
            let status = try runEditor()
            try stopIfSignalled()
            guard status == 0 else {
                if adopted {
                    throw CLIFailure(.refused, .editorFailed(status: status, keptAt: file))
                }
                throw CLIFailure(.refused, .editorFailed(status: status, keptAt: nil))
            }
            return try read()
        } catch let interrupted as Interrupted where adopted {
            _ = keep()
            throw Interrupted(signal: interrupted.signal, keptDraft: file)
        } catch {
            if adopted { _ = keep() } else { wipe() }
            throw error
        }
    }

    /// Leaves the draft for the person instead of wiping it (the save failed): it stays where
    /// the editor had it, in its private folder on the tmpfs (gone at the next restart), and the
    /// marker that would let a later Hearth remove it as abandoned is taken away. Returns the
    /// draft's path, or nil when the marker could not be removed (then say so).
    func keep() -> String? {
        signals?.release()
        signals = nil
        wiped = true
        if adopted { return file }
        let path = (folder as NSString).appendingPathComponent(Self.marker)
        return unlink(path) == 0 || errno == ENOENT ? file : nil
    }

    /// Writes the draft. A replacement is written beside it and renamed over it, so that a write
    /// cut short (a full tmpfs) leaves the draft as it was; a failed write is an error, never
    /// a draft silently shorter than the text.
    func write(_ text: String, replacing: Bool = false) throws {
        let target = replacing ? file + ".new" : file
        if replacing { unlink(target) }
        let fd = open(target, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard fd >= 0 else {
            throw CLIFailure(.cannotCreate, .draftNotCreated(errno: errno))
        }
        var failure: Int32?
        do throws(DescriptorWriter.Failure) {
            try DescriptorWriter.writeAll(fd, text)
        } catch {
            switch error {
            case .closedPipe: failure = EPIPE
            case .failed(let code): failure = code
            }
        }
        if failure != nil { _ = ftruncate(fd, 0) }
        close(fd)
        if failure == nil, replacing, rename(target, file) != 0 { failure = errno }
        if let failure {
            unlink(target)
            throw CLIFailure(.ioError, .draftNotWritten(errno: failure))
        }
    }

    func read() throws -> String {
        guard var bytes = try BoundedInput.draft(file) else {
            throw CLIFailure(.ioError, .draftNotReadBack)
        }
        defer { Memory.wipe(&bytes) }
        return String(decoding: bytes, as: UTF8.self)
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

    /// Overwrites every regular file under `folder` with zeros and removes everything in it
    /// (editors may leave folders of their own, such as micro's configuration), never
    /// following a link, then the folder itself.
    static func wipeFolder(_ folder: String, depth: Int = 0) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        for name in names {
            let path = (folder as NSString).appendingPathComponent(name)
            var info = stat()
            guard lstat(path, &info) == 0 else { continue }
            if (info.st_mode & S_IFMT) == S_IFDIR {
                if depth < 16 { wipeFolder(path, depth: depth + 1) }
                continue
            }
            if (info.st_mode & S_IFMT) == S_IFREG {
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

    /// Wipes drafts of this user whose Hearth no longer runs (ended by SIGKILL or a power cut
    /// on a system whose tmpfs survived): `hearth-draft-…` folders holding a marker
    /// `.hearth-editing-NS-PID`, and `hearth-edit-NS-PID-…` folders of earlier versions. Only
    /// drafts made in this pid namespace are judged: a pid from a container means nothing here.
    /// Kept drafts have no marker and are never touched.
    static func removeAbandonedDrafts(in base: String) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: base)) ?? []
        for name in names where name.hasPrefix(folderPrefix) || name.hasPrefix("hearth-edit-") {
            let path = (base as NSString).appendingPathComponent(name)
            var info = stat()
            guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR, info.st_uid == geteuid() else { continue }
            let owner: Substring?
            if name.hasPrefix(folderPrefix) {
                let inside = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
                owner = inside.first { $0.hasPrefix(markerPrefix) }.map { $0.dropFirst(markerPrefix.count) }
            } else {
                // hearth-edit-NS-PID-XXXXXX
                let parts = name.split(separator: "-")
                owner = parts.count == 5 ? Substring("\(parts[2])-\(parts[3])") : nil
            }
            guard let owner else { continue }
            let parts = owner.split(separator: "-")
            guard parts.count == 2, parts[0] == Substring(pidNamespace), let pid = Int32(parts[1]), pid > 0,
                  kill(pid, 0) != 0, errno == ESRCH
            else { continue }
            wipeFolder(path)
        }
    }

    /// The inode of this process's pid namespace (0 when it cannot be read).
    static let pidNamespace: String = {
        var info = stat()
        return stat("/proc/self/ns/pid", &info) == 0 ? String(info.st_ino) : "0"
    }()

    /// The editor command and the arguments that switch off its swap, backup, undo and history
    /// files (see `EditorHardening`), for a draft in `folder`.
    static func editorCommand(environment: [String: String], folder: String) -> (command: String, hardening: [String]) {
        let command = [environment["VISUAL"], environment["EDITOR"]].compactMap { $0 }.first { !$0.isEmpty } ?? "vi"
        let program = command.split(separator: " ").first.map(String.init) ?? command
        let family = EditorHardening.family(of: program, searchPath: environment["PATH"])
        return (command, EditorHardening.arguments(for: family, folder: folder, environment: environment))
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
        let environment = Environment.all
        let (command, hardening) = Self.editorCommand(environment: environment, folder: folder)
        // `sh -c` so that EDITOR may carry its own arguments ("code --wait"); the file name and
        // hardening flags are passed as positional parameters, never spliced into the string.
        let script = "exec \(command) \"$@\""
        let arguments = ["/bin/sh", "-c", script, "hearth-editor"] + hardening + [file]

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // The run's own console (a test's files in process; 0, 1 and 2 as they are in the binary).
        let console = Console.descriptors
        for (from, to) in [(console.input, STDIN_FILENO), (console.output, STDOUT_FILENO), (console.error, STDERR_FILENO)]
        where from != to {
            posix_spawn_file_actions_adddup2(&actions, from, to)
        }
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
            throw CLIFailure(.ioError, .editorNotStarted(errno: rc))
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
    /// A kept draft that was being edited again: it stays, and the message says where.
    var keptDraft: String?
    /// False when there was no draft at all (stopped at a question before any was made).
    var draftWiped = true
}
