import CPlatform
import Foundation
import HearthMessages
import HearthVault
import HearthCrypto
import HearthDrafts
import HearthSession

/// Opens `$VISUAL`/`$EDITOR` on a copy of some text kept in a private folder on a tmpfs
/// (memory, never the disk), then overwrites and removes the copy.
///
/// - The folder (`DraftFolders`) is `$XDG_RUNTIME_DIR` or `/dev/shm`, and only if it is really a tmpfs;
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
    private(set) var signals: SignalCatcher?
    private var wiped = false

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

    /// Finds a tmpfs and makes a private folder in it, before any editor is opened.
    static func prepare(fileName: String = "entry.md") throws -> PrivateEditor {
        let base = try DraftFolders.memoryBase(environment: Environment.all)
        // An edit whose Hearth was killed may have left words never saved: kept, and said.
        for draft in DraftFolders.removeAbandonedDrafts(in: base) {
            Console.message(.abandonedDraftKept(draft, folder: PathName.folder(of: draft)))
        }
        // Catch signals before the folder exists, so there is no moment it could be left behind.
        let signals = RunSignals.catcher(SignalCatcher.termination + [SIGCHLD])
        let folder: String
        do { folder = try DraftFolders.make(in: base) } catch {
            signals?.release()
            throw error
        }
        return PrivateEditor(folder: folder, file: (folder as NSString).appendingPathComponent(fileName), adopted: false, signals: signals)
    }

    /// The kept draft at `path` opened again in place, when it is one of Hearth's (see
    /// `isKeptDraft`); nil for any other file, which is then copied into a new folder as usual.
    static func adopting(_ path: String) -> PrivateEditor? {
        guard DraftFolders.isKeptDraft(path) else { return nil }
        let signals = RunSignals.catcher(SignalCatcher.termination + [SIGCHLD])
        return PrivateEditor(folder: PathName.folder(of: path), file: path, adopted: true, signals: signals)
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
        let path = (folder as NSString).appendingPathComponent(DraftFolders.marker)
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
            DraftFolders.wipeFolder(folder)
            wiped = true
        }
        signals?.release()
        signals = nil
    }

    /// Throws `Interrupted` for a termination signal that arrived outside the editor.
    private func stopIfSignalled() throws {
        if let signal = signals?.pending().first(where: { $0 != SIGCHLD }) { throw Interrupted(signal: signal) }
    }
}
