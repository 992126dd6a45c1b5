import Foundation
import HearthBackup
import HearthVault

/// Watches every vault header this process reads or writes (through `VaultAccess`) and
/// warns, calmly and once per path, when the file at a path is older than one seen there
/// before; refuses to save into a file whose keys are from before a rekey seen at its path,
/// unless the person accepts them (Docs/SECURITY.md, "Rollback warning"). Backups, copies
/// being merged and files being verified are other copies, not "the vault at this path":
/// commands name them with `ignore` before reading them.
enum RollbackWarnings {
    private static let state = State()

    /// Installs the observer and the write check (once, at start-up). `$HEARTH_NO_ROLLBACK_CHECK`
    /// turns both off, as does having no home folder to keep the ledger in.
    static func install() {
        let environment = ProcessInfo.processInfo.environment
        guard environment["HEARTH_NO_ROLLBACK_CHECK"] == nil, let ledger = RollbackLedger.standard(environment: environment)
        else { return }
        state.ledger = ledger
        VaultAccess.setObserver { path, header, event in
            guard !state.isIgnored(path) else { return }
            if event == .readAuthenticated, state.acceptsOlderKeys(path), let older = ledger.olderKeys(path: path, header: header) {
                ledger.accept(path: path, header: header)
                if state.firstAcceptance(for: path) { Console.message(acceptedMessage(for: older)) }
                return
            }
            guard let warning = ledger.observe(path: path, header: header, event: event) else { return }
            // A command about to write says it all in its refusal (or its acceptance note).
            if warning.olderKeys, state.isWriting(path) { return }
            guard state.firstWarning(for: path) else { return }
            Console.message(message(for: warning, accepting: state.acceptsOlderKeys(path)))
        }
        VaultAccess.setWriteCheck { path, header throws(VaultError) in
            guard !state.isIgnored(path), !state.acceptsOlderKeys(path) else { return }
            if let older = ledger.olderKeys(path: path, header: header) { throw .olderKeysThanSeen(older) }
        }
    }

    /// This command is about to change the vault at `path`: an older-keys warning while reading
    /// it is left to the refusal that follows (`checkWritable`), so the person reads it once.
    static func willWrite(to path: String) { state.markWriting(path) }

    /// Refuses, before any input is asked for, to change the vault at `path` (read with
    /// `header`) when its keys are from before a rekey seen there. The same check runs again
    /// on every save, whatever the command (`VaultAccess.checkWrite`).
    static func checkWritable(_ path: String, header: VaultHeader) throws {
        try VaultAccess.checkWrite(path: path, header: header)
    }

    /// The person accepts older keys at `path` (`--accept-older-keys`, or a yes to `restore`):
    /// this process may write there under them, and an authenticated read makes that the
    /// path's history in the ledger (as a save does).
    static func acceptOlderKeys(at path: String) { state.acceptOlderKeys(path) }

    /// What the ledger remembers about `path` that is newer in keys than `header`, if anything
    /// (nil when the check is off or nothing newer was seen there).
    static func olderKeys(at path: String, header: VaultHeader) -> RollbackWarning? {
        guard let ledger = state.ledger, !state.isIgnored(path) else { return nil }
        return ledger.olderKeys(path: path, header: header)
    }

    /// Reads of `path` in this process are of another copy: neither remembered nor warned about.
    static func ignore(_ path: String) { state.ignore(path) }

    /// Every file in `folder` (a backup folder) is another copy.
    static func ignore(folder: String) { state.ignore(folder: folder) }

    /// The warning; `accepting`: the person passed --accept-older-keys, so the note that follows
    /// says what that does instead of "does not save into it".
    static func message(for warning: RollbackWarning, accepting: Bool = false) -> String {
        var lines: [String] = []
        if warning.olderSave {
            lines.append("""
                Note: the vault at \(warning.path) is an older copy than one Hearth saw at this path before \
                (this file is save \(warning.generation); save \(warning.seenGeneration) was seen here on \(warning.seenOn)).
                """)
        } else {
            lines.append("Note: the vault at \(warning.path) uses older keys than Hearth saw at this path before.")
        }
        if warning.olderKeys {
            lines.append("""
                It was made with keys from before a rekey (key epoch \(warning.keyEpoch); epoch \(warning.seenKeyEpoch) was seen), \
                so passphrases that the rekey retired open it again.
                """)
        }
        lines.append("""
            This happens when an older backup is copied over the vault by hand; it can also mean someone replaced \
            the file. Nothing was changed by this check. If you did not expect it, keep this file aside and look at \
            your backups (`hearth backup list`); `hearth merge` can bring two copies together without losing either.
            """)
        if warning.olderKeys, !accepting {
            lines.append("""
                Reading it works as usual, but Hearth does not save into it: `hearth rekey` gives it a fresh master \
                key, or --accept-older-keys takes it as it is.
                """)
        }
        return lines.joined(separator: "\n")
    }

    /// Said once when `--accept-older-keys` made an older copy this path's vault.
    static func acceptedMessage(for warning: RollbackWarning) -> String {
        """
        Note: as asked (--accept-older-keys), the vault at \(warning.path) is taken as it is, with its keys from \
        before a rekey (key epoch \(warning.keyEpoch); epoch \(warning.seenKeyEpoch) was seen here on \(warning.seenOn)), \
        and Hearth saves into it again without asking. The passphrases and recovery keys that rekey retired open \
        it, and anything saved into it from now on. To take that access back, run `hearth rekey` on it.
        """
    }

    /// The refusal of a write under older keys (exit 1, like Hearth's other refusals to do
    /// something unsafe: the file is not damaged, so not 65; see Docs/SECURITY.md).
    static func refusal(for warning: RollbackWarning) -> String {
        let save = warning.olderSave
            ? " It is also an older save (save \(warning.generation); save \(warning.seenGeneration) was seen)."
            : ""
        return """
            The vault at \(warning.path) uses keys from before a rekey: this file is at key epoch \(warning.keyEpoch), \
            and epoch \(warning.seenKeyEpoch) was seen at this path on \(warning.seenOn).\(save) Nothing was changed, \
            and nothing in it is lost.
            Hearth does not save into this file, because anything written to it now could be read with the \
            passphrases, recovery keys and old master key that the rekey retired.
            If you put this copy back on purpose, run `hearth rekey` on it (it gets a fresh master key, and you \
            choose which passphrases keep opening it), or run this again with --accept-older-keys to use it as it is.
            If you did not expect it, a sync folder or someone else may have put it there: keep this file aside, \
            bring your newer copy back (`hearth backup list` shows your backups; `hearth restore BACKUP \
            --with-backup-keys` puts one back with its own keys), then `hearth merge` this file into it to keep \
            anything only this one holds. Reading this file (list, show, search, export) still works.
            """
    }

    private final class State: @unchecked Sendable {
        private let lock = NSLock()
        private var ignored = Set<String>()
        private var ignoredFolders = Set<String>()
        private var warned = Set<String>()
        private var writing = Set<String>()
        private var accepted = Set<String>()
        private var acceptanceNoted = Set<String>()
        private var installedLedger: RollbackLedger?

        var ledger: RollbackLedger? {
            get {
                lock.lock()
                defer { lock.unlock() }
                return installedLedger
            }
            set {
                lock.lock()
                installedLedger = newValue
                lock.unlock()
            }
        }

        func markWriting(_ path: String) { insert(path, into: \.writing) }
        func isWriting(_ path: String) -> Bool { contains(path, in: \.writing) }
        func acceptOlderKeys(_ path: String) { insert(path, into: \.accepted) }
        func acceptsOlderKeys(_ path: String) -> Bool { contains(path, in: \.accepted) }

        private func insert(_ path: String, into set: ReferenceWritableKeyPath<State, Set<String>>) {
            let real = realPath(path)
            lock.lock()
            self[keyPath: set].insert(real)
            lock.unlock()
        }

        private func contains(_ path: String, in set: KeyPath<State, Set<String>>) -> Bool {
            let real = realPath(path)
            lock.lock()
            defer { lock.unlock() }
            return self[keyPath: set].contains(real)
        }

        func ignore(_ path: String) {
            lock.lock()
            ignored.insert(realPath(path))
            lock.unlock()
        }

        func ignore(folder: String) {
            lock.lock()
            ignoredFolders.insert(realPath(folder))
            lock.unlock()
        }

        func isIgnored(_ path: String) -> Bool {
            let real = realPath(path)
            lock.lock()
            defer { lock.unlock() }
            return ignored.contains(real) || ignoredFolders.contains((real as NSString).deletingLastPathComponent)
        }

        func firstWarning(for path: String) -> Bool {
            lock.lock()
            defer { lock.unlock() }
            return warned.insert(realPath(path)).inserted
        }

        /// Apart from warnings: a warning from reading the header first does not hide the note.
        func firstAcceptance(for path: String) -> Bool {
            let real = realPath(path)
            lock.lock()
            defer { lock.unlock() }
            return acceptanceNoted.insert(real).inserted
        }
    }
}
