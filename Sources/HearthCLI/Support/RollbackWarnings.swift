import Foundation
import HearthBackup
import HearthVault

/// Watches every vault header this process reads or writes (through `VaultAccess`) and
/// warns, calmly and once per path, when the file at a path is older than one seen there
/// before. Backups, copies being merged and files being verified are other copies, not
/// "the vault at this path": commands name them with `ignore` before reading them.
enum RollbackWarnings {
    private static let state = State()

    /// Installs the observer (once, at start-up). `$HEARTH_NO_ROLLBACK_CHECK` turns it off.
    static func install() {
        let environment = ProcessInfo.processInfo.environment
        guard environment["HEARTH_NO_ROLLBACK_CHECK"] == nil, let ledger = RollbackLedger.standard(environment: environment)
        else { return }
        VaultAccess.setObserver { path, header, event in
            guard !state.isIgnored(path) else { return }
            guard let warning = ledger.observe(path: path, header: header, event: event) else { return }
            guard state.firstWarning(for: path) else { return }
            Console.message(message(for: warning))
        }
    }

    /// Reads of `path` in this process are of another copy: neither remembered nor warned about.
    static func ignore(_ path: String) { state.ignore(path) }

    /// Every file in `folder` (a backup folder) is another copy.
    static func ignore(folder: String) { state.ignore(folder: folder) }

    static func message(for warning: RollbackWarning) -> String {
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
        return lines.joined(separator: "\n")
    }

    private final class State: @unchecked Sendable {
        private let lock = NSLock()
        private var ignored = Set<String>()
        private var ignoredFolders = Set<String>()
        private var warned = Set<String>()

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
    }
}
