import Foundation
import HearthVault

/// One line of `/proc/self/mountinfo`: where a file system is mounted, what it is, and
/// which device holds it.
public struct Mount: Equatable, Sendable {
    public let mountPoint: String
    public let source: String
    public let fsType: String
    public let readOnly: Bool
    /// The `major:minor` of the device (`0:N` for FUSE, tmpfs and other device-less mounts).
    public let device: String
    /// The folder of the file system that is mounted here (`/`, or a folder for a bind mount of part of it).
    public let root: String

    public init(mountPoint: String, source: String, fsType: String, readOnly: Bool, device: String, root: String = "/") {
        self.mountPoint = mountPoint
        self.source = source
        self.fsType = fsType
        self.readOnly = readOnly
        self.device = device
        self.root = root
    }

    /// FAT12/16/32, through the kernel or through fusefat: no file may reach 4 GiB.
    public var isFAT: Bool { ["vfat", "msdos", "fat", "fuse.fusefat", "umsdos"].contains(fsType) }

    /// A file system with no Unix owners and modes (every file shows the same mode).
    public var lacksUnixModes: Bool {
        isFAT || fsType.contains("exfat") || fsType.hasPrefix("ntfs") || fsType == "fuseblk"
            || fsType.hasPrefix("fuse")
    }
}

/// The mounts of this process, as the kernel lists them.
public enum MountTable {
    /// Parses mountinfo text (proc(5)): `ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS [FIELDS...] - TYPE SOURCE SUPER`.
    public static func parse(_ text: String) -> [Mount] {
        var mounts: [Mount] = []
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            guard fields.count >= 10, let dash = fields.firstIndex(of: "-"), dash >= 6, dash + 2 < fields.count else {
                continue
            }
            let options = fields[5].split(separator: ",")
            mounts.append(Mount(
                mountPoint: unescape(fields[4]), source: unescape(fields[dash + 2]), fsType: fields[dash + 1],
                readOnly: options.contains("ro"), device: fields[2], root: unescape(fields[3])))
        }
        return mounts
    }

    /// The current mount table, or an empty one when it cannot be read.
    public static func current() -> [Mount] {
        guard let text = try? String(contentsOfFile: "/proc/self/mountinfo", encoding: .utf8) else { return [] }
        return parse(text)
    }

    /// The mount that holds `path` (the longest mount point that is a prefix of its real path).
    public static func mount(holding path: String, in mounts: [Mount] = current()) -> Mount? {
        let real = realPath(path)
        var best: Mount?
        for mount in mounts where contains(mount.mountPoint, real) {
            if best == nil || mount.mountPoint.count >= best!.mountPoint.count { best = mount }
        }
        return best
    }

    static func contains(_ folder: String, _ path: String) -> Bool {
        if folder == "/" { return true }
        return path == folder || path.hasPrefix(folder + "/")
    }

    /// mountinfo escapes space, tab, newline and backslash as `\ooo`.
    static func unescape(_ field: String) -> String {
        guard field.contains("\\") else { return field }
        var bytes: [UInt8] = []
        let raw = Array(field.utf8)
        var i = 0
        while i < raw.count {
            if raw[i] == UInt8(ascii: "\\"), i + 3 < raw.count,
               let value = UInt8(String(decoding: raw[(i + 1)...(i + 3)], as: UTF8.self), radix: 8)
            {
                bytes.append(value)
                i += 4
            } else {
                bytes.append(raw[i])
                i += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// The canonical absolute path (symbolic links resolved); for a path that does not exist
/// yet, its folder's canonical path joined with its name (`PathName.real`).
public func realPath(_ path: String) -> String { PathName.real(path) }
