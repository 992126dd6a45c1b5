import CPlatform
import Foundation
import HearthCrypto
import HearthVault

/// Where drafts live and how they go: the private memory-only folder a draft is made in, which
/// files are Hearth's own kept drafts, and wiping them (also those a killed Hearth left behind).
/// The folder is `hearth-draft-` and 128 random bits, made 0700 by `mkdir` (which never takes a
/// name that exists); while Hearth edits, a marker `.hearth-editing-NS-PID` inside says whose
/// draft it is. A kept draft only loses the marker.
public enum DraftFolders {
    public static let folderPrefix = "hearth-draft-"
    public static let markerPrefix = ".hearth-editing-"

    /// The marker that says "this process is editing here".
    public static var marker: String { markerPrefix + "\(pidNamespace)-\(getpid())" }

    /// Makes a new private folder with this process's marker in `base` (from `memoryBase()`),
    /// and returns its path.
    public static func make(in base: String) throws(DraftFolderError) -> String {
        var folder: String?
        var failure: Int32 = EEXIST
        for _ in 0..<8 where folder == nil {
            let name = folderPrefix + Random.bytes(16).map { String(format: "%02x", $0) }.joined()
            let path = (base as NSString).appendingPathComponent(name)
            if mkdir(path, 0o700) == 0 { folder = path } else { failure = errno }
            if failure != EEXIST { break }
        }
        guard let folder else { throw .noFolder(base: base, errno: failure) }
        chmod(folder, 0o700)
        let markerFD = open((folder as NSString).appendingPathComponent(marker), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard markerFD >= 0 else {
            let reason = errno
            wipeFolder(folder)
            throw .markerNotMade(base: base, errno: reason)
        }
        close(markerFD)
        return folder
    }

    /// True when `path` is a regular file directly inside a folder Hearth made for drafts: named
    /// `hearth-draft-…`, a real folder (not a link) of this user, closed to everyone else, on a
    /// memory-only file system, and not being edited by another Hearth. Only such drafts are
    /// edited in place and wiped by Hearth; anything else a person names is left as it is.
    public static func isKeptDraft(_ path: String) -> Bool {
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

    /// Hearth's own kept drafts (`isKeptDraft`) named `fileName` in `base`, oldest first: so that
    /// a draft whose message was never seen (the terminal closed) can still be found and saved.
    public static func keptDrafts(named fileName: String, in base: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: base)) ?? []
        return oldestFirst(names.filter { $0.hasPrefix(folderPrefix) }.map { (base as NSString).appendingPathComponent($0 + "/" + fileName) }
            .filter(isKeptDraft))
    }

    /// Every kept draft of this user in `base` (editor drafts and practice drafts), oldest first:
    /// plaintext waiting in memory, which `hearth status` names so that none is forgotten.
    public static func allKeptDrafts(in base: String) -> [String] {
        oldestFirst(keptDrafts(named: "entry.md", in: base) + keptDrafts(named: "practice.json", in: base))
    }

    /// `paths` by the time each was last changed, then by path.
    private static func oldestFirst(_ paths: [String]) -> [String] {
        func modified(_ path: String) -> Int {
            var info = stat()
            return lstat(path, &info) == 0 ? info.st_mtim.tv_sec : 0
        }
        return paths.map { ($0, modified($0)) }.sorted { ($0.1, $0.0) < ($1.1, $1.0) }.map(\.0)
    }

    /// $XDG_RUNTIME_DIR, else /dev/shm, whichever first is a memory-only file system this user
    /// can write; never a disk.
    public static func memoryBase(environment: [String: String]) throws(DraftFolderError) -> String {
        let candidates = [environment["XDG_RUNTIME_DIR"], "/dev/shm"].compactMap { $0 }.filter { !$0.isEmpty }
        guard let base = candidates.first(where: isPrivateMemoryFileSystem) else { throw .noMemoryFolder }
        return base
    }

    public static func isPrivateMemoryFileSystem(_ path: String) -> Bool {
        hearth_is_memory_filesystem(path) == 1 && access(path, W_OK | X_OK) == 0
    }

    /// Overwrites every regular file under `folder` with zeros and removes everything in it
    /// (editors may leave folders of their own, such as micro's configuration), never
    /// following a link, then the folder itself.
    public static func wipeFolder(_ folder: String, depth: Int = 0) {
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

    /// Drafts of this user whose Hearth no longer runs (ended by SIGKILL, the out-of-memory
    /// killer, or a power cut on a system whose tmpfs survived): `hearth-draft-…` folders holding
    /// a marker `.hearth-editing-NS-PID`, and `hearth-edit-NS-PID-…` folders of earlier versions.
    /// One the editor wrote in (a file changed a second or more after the marker was made) may
    /// hold words that were never saved: it is kept (its marker removed, so it is a kept draft
    /// like any other) and its file returned, for the caller to say where. One that only holds
    /// the template Hearth wrote is wiped. Only drafts made in this pid namespace are judged: a
    /// pid from a container means nothing here. Kept drafts have no marker and are never touched.
    @discardableResult
    public static func removeAbandonedDrafts(in base: String) -> [String] {
        var rescued: [String] = []
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
            if name.hasPrefix(folderPrefix), let written = writtenDraft(in: path, marker: markerPrefix + owner),
               unlink((path as NSString).appendingPathComponent(markerPrefix + owner)) == 0
            {
                rescued.append(written)
                continue
            }
            wipeFolder(path)
        }
        return rescued
    }

    /// The file in an abandoned draft folder that was written after the folder was made (by the
    /// editor, or Hearth keeping it), if any: a second or more after its marker.
    static func writtenDraft(in folder: String, marker: String) -> String? {
        var markerInfo = stat()
        guard lstat((folder as NSString).appendingPathComponent(marker), &markerInfo) == 0 else { return nil }
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
        for name in names {
            let file = (folder as NSString).appendingPathComponent(name)
            var info = stat()
            guard lstat(file, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_size > 0 else { continue }
            let seconds = { (t: timespec) in Double(t.tv_sec) + Double(t.tv_nsec) / 1e9 }
            // Hearth writes the template a moment after the marker; an editor's save comes later.
            if seconds(info.st_mtim) - seconds(markerInfo.st_mtim) >= 1 { return file }
        }
        return nil
    }

    /// The inode of this process's pid namespace (0 when it cannot be read).
    public static let pidNamespace: String = {
        var info = stat()
        return stat("/proc/self/ns/pid", &info) == 0 ? String(info.st_ino) : "0"
    }()
}
