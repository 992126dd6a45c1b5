import Foundation

/// Why Hearth does not follow a vault path that is a symbolic link; commands stop before
/// reading anything, and the command line says why.
public enum VaultLinkRefusal: Error, Equatable, Sendable {
    /// The link names no file.
    case dangling(path: String)
    /// The file it names is in a folder someone else owns, or that group or others can write
    /// (`mode`, octal): they could swap the file, the lock or the temporary file.
    case unsafe(path: String, target: String, folder: String, othersOwnIt: Bool, mode: String)
}

/// Where the vault lives, and which file a vault path means.
public enum VaultPath {
    /// The explicit path (--vault), else $HEARTH_VAULT, else `$XDG_DATA_HOME/hearth/vault.hearth`
    /// (by default under ~/.local/share).
    public static func resolve(
        _ explicit: String?, environment: [String: String],
        home: String = NSHomeDirectory()
    ) -> String {
        if let explicit, !explicit.isEmpty { return explicit }
        if let fromEnv = environment["HEARTH_VAULT"], !fromEnv.isEmpty { return fromEnv }
        let dataHome = environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (home as NSString).appendingPathComponent(".local/share")
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
    /// followed (`linkRefusal` says why not).
    public static func followingLink(_ path: String) -> String {
        var info = stat()
        guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFLNK, let real = realpath(path, nil) else { return path }
        defer { free(real) }
        return String(cString: real)
    }

    /// Why Hearth does not follow the vault path `path` when it is a symbolic link, or nil (not
    /// a link, or a link to a file in a folder owned by this account and not writable by group
    /// or others).
    public static func linkRefusal(_ path: String) -> VaultLinkRefusal? {
        var info = stat()
        guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFLNK else { return nil }
        guard let real = realpath(path, nil) else { return .dangling(path: path) }
        let resolved = String(cString: real)
        free(real)
        let folder = PathName.folder(of: resolved)
        var folderInfo = stat()
        guard stat(folder.isEmpty ? "/" : folder, &folderInfo) == 0 else { return nil }
        let own = folderInfo.st_uid == geteuid()
        let closed = folderInfo.st_mode & 0o022 == 0
        if own && closed { return nil }
        return .unsafe(
            path: path, target: resolved, folder: folder, othersOwnIt: !own, mode: String(folderInfo.st_mode & 0o777, radix: 8))
    }

    /// A vault's folder that others could swap the vault, its lock or an older copy in.
    public struct OpenFolder: Equatable, Sendable {
        public let folder: String
        /// Another account (not root) owns it.
        public let othersOwnIt: Bool
        /// Its mode, octal.
        public let mode: String
    }

    /// The folder of the vault path (not a link: `linkRefusal` handles those) when other users
    /// can write it without the sticky bit, or another account owns it; else nil.
    public static func openFolder(_ path: String) -> OpenFolder? {
        var info = stat()
        guard lstat(path, &info) != 0 || (info.st_mode & S_IFMT) != S_IFLNK else { return nil }
        let named = PathName.folder(of: path)
        let folder = named.isEmpty ? "." : named
        var folderInfo = stat()
        guard stat(folder, &folderInfo) == 0 else { return nil }
        let othersWrite = folderInfo.st_mode & 0o022 != 0 && folderInfo.st_mode & S_ISVTX == 0
        let othersOwn = folderInfo.st_uid != geteuid() && folderInfo.st_uid != 0
        guard othersWrite || othersOwn else { return nil }
        return OpenFolder(folder: folder, othersOwnIt: othersOwn, mode: String(folderInfo.st_mode & 0o7777, radix: 8))
    }
}
