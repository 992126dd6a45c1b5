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
}
