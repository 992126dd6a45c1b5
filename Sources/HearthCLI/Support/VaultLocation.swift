import Foundation
import HearthMessages
import HearthVault

/// Where the vault lives (`VaultPath`), and how long a writer waits for another.
enum VaultLocation {
    static func resolve(_ explicit: String?) -> String {
        VaultPath.resolve(explicit, environment: Environment.all, home: Environment.homeDirectory)
    }

    /// The file a vault path that is a symbolic link names (`VaultPath.followingLink`).
    static func followingLink(_ path: String) -> String { VaultPath.followingLink(path) }

    /// Why Hearth does not follow the vault path `path` (`VaultPath.linkRefusal`), or nil.
    static func linkRefusal(_ path: String) -> Message? {
        switch VaultPath.linkRefusal(path) {
        case nil: nil
        case .dangling(let path): .vaultLinkDangling(path: path)
        case .unsafe(let path, let target, let folder, let othersOwnIt, let mode):
            .vaultLinkUnsafe(path: path, target: target, folder: folder, othersOwnIt: othersOwnIt, mode: mode)
        }
    }

    /// A calm note when the vault's folder is open to others (`VaultPath.openFolder`); nothing
    /// is refused: the key checks hold at any path; the note is there so that the person can move it.
    static func openFolderWarning(_ path: String) -> Message? {
        VaultPath.openFolder(path).map { .vaultFolderOpen(folder: $0.folder, othersOwnIt: $0.othersOwnIt, mode: $0.mode) }
    }

    /// How long a writer waits for another before giving up (75): $HEARTH_LOCK_TIMEOUT seconds, default 10.
    /// While it waits, the terminal says so (`ProgressLine`); Ctrl-C during work that catches it
    /// (`StopRequest`) ends the wait at once.
    static var lockTimeout: LockTimeout {
        LockTimeout(
            seconds: lockTimeoutSeconds,
            waiting: { waiting in
                if waiting {
                    ProgressLine.shared.status(waitingForWriter)
                } else {
                    ProgressLine.shared.clear(ifShowing: waitingForWriter)
                }
            },
            givingUp: { StopRequest.isRequested }, environment: Environment.all)
    }

    /// Shown while another Hearth command holds the writer lock.
    static let waitingForWriter: Message = .progressWaitingForWriter

    static var lockTimeoutSeconds: Double {
        if let text = Environment.value("HEARTH_LOCK_TIMEOUT"), let value = Double(text), value >= 0 {
            return value
        }
        return 10
    }
}
