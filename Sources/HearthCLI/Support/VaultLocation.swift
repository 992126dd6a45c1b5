import Foundation
import HearthMessages
import HearthVault

/// Where the vault lives when --vault is not given.
enum VaultLocation {
    static func resolve(_ explicit: String?) -> String {
        if let explicit, !explicit.isEmpty { return explicit }
        let env = Environment.all
        if let fromEnv = env["HEARTH_VAULT"], !fromEnv.isEmpty { return fromEnv }
        let dataHome = env["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (Environment.homeDirectory as NSString).appendingPathComponent(".local/share")
        return (dataHome as NSString).appendingPathComponent("hearth/vault.hearth")
    }

    /// The file a vault path that is a symbolic link names, else the path itself. A save replaces
    /// the vault by renaming a new file over it: through the link's own name that would replace
    /// the link with a plain file and leave the file it named behind (a vault kept in a sync folder
    /// through a link would silently stop being synced), and the writer lock `<path>.lock` would
    /// differ between two names of one file. So Hearth works on the named file: its folder holds
    /// the temporary file and the lock, and the link stays. A link swapped in to an older copy
    /// gains nothing: the key checks are per vault, at any path (Docs/SECURITY.md).
    ///
    /// Only a link whose named file is in a folder of this account that nobody else can write is
    /// followed (`linkRefusal` says why not, and commands stop before reading anything): in a
    /// folder others can write, they could swap the file, the lock or the temporary file.
    static func followingLink(_ path: String) -> String {
        var info = stat()
        guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFLNK, let real = realpath(path, nil) else { return path }
        defer { free(real) }
        return String(cString: real)
    }

    /// Why Hearth does not follow the vault path `path` when it is a symbolic link, or nil (not
    /// a link, or a link to a file in a folder owned by this account and not writable by group
    /// or others).
    static func linkRefusal(_ path: String) -> Message? {
        var info = stat()
        guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFLNK else { return nil }
        guard let real = realpath(path, nil) else { return .vaultLinkDangling(path: path) }
        let resolved = String(cString: real)
        free(real)
        let folder = PathName.folder(of: resolved)
        var folderInfo = stat()
        guard stat(folder.isEmpty ? "/" : folder, &folderInfo) == 0 else { return nil }
        let own = folderInfo.st_uid == geteuid()
        let closed = folderInfo.st_mode & 0o022 == 0
        if own && closed { return nil }
        return .vaultLinkUnsafe(
            path: path, target: resolved, folder: folder, othersOwnIt: !own, mode: String(folderInfo.st_mode & 0o777, radix: 8))
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
            givingUp: { StopRequest.isRequested })
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
