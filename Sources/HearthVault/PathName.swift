import Foundation

/// Path arithmetic on plain strings, for paths that come from the person or from a drive.
///
/// Foundation's `NSString.deletingLastPathComponent` traps (kills the process) on a
/// one-character relative path such as `x` or `x/`, so no path from outside goes through it:
/// every "folder that holds this file" is worked out here, as `dirname(1)` does.
public enum PathName {
    /// The folder that holds `path`: `a/b` → `a`, `b` → `.`, `/b` → `/`, `a/b/` → `a`, `/` → `/`.
    public static func folder(of path: String) -> String {
        var name = Substring(path)
        while name.count > 1, name.last == "/" { name.removeLast() }
        guard let slash = name.lastIndex(of: "/") else { return "." }
        var head = name[..<slash]
        while head.count > 1, head.last == "/" { head.removeLast() }
        return head.isEmpty ? "/" : String(head)
    }

    /// The canonical absolute path (symbolic links resolved); for a path that does not exist
    /// yet, its folder's canonical path joined with its name.
    public static func real(_ path: String) -> String {
        if let resolved = realpath(path, nil) {
            defer { free(resolved) }
            return String(cString: resolved)
        }
        let folder = folder(of: path)
        let name = (path as NSString).lastPathComponent
        if let resolved = realpath(folder.isEmpty ? "." : folder, nil) {
            defer { free(resolved) }
            return (String(cString: resolved) as NSString).appendingPathComponent(name)
        }
        return path
    }
}
