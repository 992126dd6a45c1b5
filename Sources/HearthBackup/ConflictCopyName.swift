import Foundation

/// What a file name beside the vault says about it, from the name alone (no file is read).
///
/// Sync tools keep one file at a path and rename the other side's version when both changed it:
/// - Syncthing: `NAME.sync-conflict-YYYYMMDD-HHMMSS-DEVICEID.EXT`;
/// - Dropbox: `NAME (HOST's conflicted copy YYYY-MM-DD).EXT`, with `(N)` after the date for a
///   second one the same day, and `NAME (Case Conflict).EXT`, `NAME (Selective Sync Conflict).EXT`;
/// - Nextcloud and ownCloud: `NAME (conflicted copy YYYY-MM-DD HHMMSS).EXT` (newer clients may put
///   the user's name before the date), older ownCloud `NAME_conflict-YYYYMMDD-HHMMSS.EXT`;
/// - OneDrive: `NAME-HOSTNAME.EXT` (a Windows computer name: up to 15 letters, digits and
///   hyphens), with `-N` after it for more than one.
/// A copy of a copy (Syncthing renaming a conflict copy again) is unwrapped name by name.
/// Hearth's own backups (`hearth-YYYYMMDDTHHMMSSZ-gN.hearth`) and restore's safety copies
/// (`NAME.before-restore-YYYYMMDDTHHMMSSZ.hearth`) are recognised first, so that they are never
/// taken for a OneDrive copy: they are kept on purpose and never merged by `--conflicts`.
private extension Character {
    var isASCIIDigitCharacter: Bool { isASCII && isNumber }
    var isASCIILetterOrDigit: Bool { isASCII && (isLetter || isNumber) }
}

public enum ConflictCopyName {
    /// The sync tool whose naming a copy has.
    public enum Tool: String, Sendable, CaseIterable {
        case syncthing, dropbox, nextcloud, onedrive
    }

    public enum Finding: Equatable, Sendable {
        /// A conflict copy of the vault named `vaultName`, made by `tool` (the outermost renaming).
        case conflictCopy(Tool)
        /// One of Hearth's own backups or restore's safety copies of this vault.
        case hearthBackup
        /// Anything else (another file, the vault itself, a copy of another file).
        case unrelated
    }

    /// What `name` is, beside a vault file named `vaultName` (both last path components).
    public static func classify(_ name: String, vaultName: String) -> Finding {
        guard name != vaultName, !name.hasPrefix("."), !vaultName.isEmpty else { return .unrelated }
        if isHearthBackup(name, vaultName: vaultName) { return .hearthBackup }
        // Every tool keeps the original name in front and its extension at the end: a folder of
        // thousands of other files costs a string comparison each, no pattern match.
        let (stem, ext) = split(vaultName)
        guard name.hasPrefix(stem), ext.isEmpty || name.hasSuffix(ext) else { return .unrelated }
        var current = name
        var outermost: Tool?
        // A handful of renamings at most; each step makes the name shorter.
        for _ in 0..<8 {
            guard let (tool, original) = unwrap(current, vaultName: vaultName) else { return .unrelated }
            outermost = outermost ?? tool
            if original == vaultName { return .conflictCopy(outermost!) }
            if isHearthBackup(original, vaultName: vaultName) { return .unrelated }
            current = original
        }
        return .unrelated
    }

    /// True for `hearth-…-gN.hearth` (BackupName) and `BASE.before-restore-STAMP[-N].hearth`.
    static func isHearthBackup(_ name: String, vaultName: String) -> Bool {
        if name.utf8.count > 7, name.prefix(7).lowercased() == "hearth-", BackupName.parse(name) != nil { return true }
        var base = vaultName
        if base.lowercased().hasSuffix(".hearth") { base = String(base.dropLast(7)) }
        guard name.hasPrefix(base + ".before-restore-") else { return false }
        let rest = name.dropFirst(base.count + ".before-restore-".count)
        return rest.wholeMatch(of: /\d{8}T\d{6}Z(-\d+)?\.hearth/.ignoresCase()) != nil
    }

    /// The vault's name split into stem and extension (`vault.hearth` → `vault`, `.hearth`).
    static func split(_ name: String) -> (stem: String, ext: String) {
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return (name, "") }
        return (String(name[..<dot]), String(name[dot...]))
    }

    /// The tool and the name before its renaming, when `name` is one tool's conflict name of some
    /// file. The extension is the vault's own (every tool keeps it), so only names ending with
    /// it are looked at.
    static func unwrap(_ name: String, vaultName: String) -> (Tool, String)? {
        let ext = split(vaultName).ext
        guard name.count > ext.count, ext.isEmpty || name.hasSuffix(ext) else { return nil }
        let stem = String(name.dropLast(ext.count))
        // Each pattern only after a plain substring test (pattern matches are slow).
        if stem.contains(".sync-conflict-"), let m = stem.wholeMatch(of: /(.+)\.sync-conflict-\d{8}-\d{6}-[A-Z0-9]{7}/) {
            return (.syncthing, String(m.1) + ext)
        }
        let lowered = stem.lowercased()
        if lowered.contains("(conflicted copy "),
           let m = stem.wholeMatch(of: /(.+) \(conflicted copy (?:[^()]+ )?\d{4}-\d{2}-\d{2} \d{6}\)/.ignoresCase()) {
            return (.nextcloud, String(m.1) + ext)
        }
        if stem.contains("_conflict-"), let m = stem.wholeMatch(of: /(.+)_conflict-\d{8}-\d{6}/) {
            return (.nextcloud, String(m.1) + ext)
        }
        if lowered.contains("conflicted copy"),
           let m = stem.wholeMatch(of: /(.+) \([^()]*conflicted copy[^()]*(?:\(\d+\))?\)/.ignoresCase()) {
            return (.dropbox, String(m.1) + ext)
        }
        if lowered.contains(" conflict"),
           let m = stem.wholeMatch(of: /(.+) \((?:Case|Selective Sync) Conflict(?: \(\d+\))?\)/.ignoresCase()) {
            return (.dropbox, String(m.1) + ext)
        }
        // OneDrive last: its shape (`-` and a word) is the loosest, so it is only taken for a name
        // whose stem is the vault's own followed by one computer name (up to 15 letters, digits
        // and hyphens, then perhaps `-N`).
        let vaultStem = split(vaultName).stem
        if stem.hasPrefix(vaultStem + "-"), isComputerName(stem.dropFirst(vaultStem.count + 1)) {
            return (.onedrive, vaultName)
        }
        return nil
    }

    /// A Windows computer name as OneDrive appends it, perhaps with `-N` after it.
    static func isComputerName(_ text: Substring) -> Bool {
        var host = text
        if let dash = host.lastIndex(of: "-"), host.index(after: dash) < host.endIndex,
           host[host.index(after: dash)...].allSatisfy(\.isASCIIDigitCharacter), host[..<dash].count > 0 {
            let withoutNumber = host[..<dash]
            if withoutNumber.count <= 15 { host = withoutNumber }
        }
        guard (1...15).contains(host.count), let first = host.first, first.isASCIILetterOrDigit, host.last != "-" else { return false }
        return host.allSatisfy { $0.isASCIILetterOrDigit || $0 == "-" }
    }
}
