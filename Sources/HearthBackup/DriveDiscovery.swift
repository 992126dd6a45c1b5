import Foundation

/// Finds mounted drives a backup could go to when `hearth backup` is given no destination:
/// writable mounts of removable or USB block devices anywhere, and writable mounts of real
/// file systems under the usual mount folders (`/media`, `/run/media`, `/mnt`), which also
/// catches drives mounted through FUSE.
public enum DriveDiscovery {
    /// The usual folders under which desktops and people mount drives.
    public static let defaultRoots = ["/media", "/run/media", "/mnt"]

    /// File systems that are never a drive (kernel and memory file systems).
    static let pseudoFileSystems: Set<String> = [
        "tmpfs", "devtmpfs", "ramfs", "proc", "sysfs", "cgroup", "cgroup2", "devpts", "mqueue", "debugfs",
        "tracefs", "securityfs", "pstore", "bpf", "configfs", "fusectl", "binfmt_misc", "hugetlbfs", "nsfs",
        "efivarfs", "autofs", "rpc_pipefs", "nfsd", "overlay", "squashfs", "iso9660", "selinuxfs",
    ]

    /// The roots to search: `$HEARTH_DRIVE_ROOTS` (colon-separated) when set, else the defaults.
    public static func roots(environment: [String: String]) -> [String] {
        if let custom = environment["HEARTH_DRIVE_ROOTS"], !custom.isEmpty {
            return custom.split(separator: ":").map(String.init).filter { !$0.isEmpty }
        }
        return defaultRoots
    }

    /// The drives of this machine, sorted by mount point.
    public static func find(environment: [String: String]) -> [Mount] {
        let mounts = MountTable.current()
        let candidates = select(from: mounts, roots: roots(environment: environment).map(realPath)) { device in
            isRemovable(device: device)
        }
        // Only folders this user can actually write to.
        return candidates.filter { access($0.mountPoint, W_OK | X_OK) == 0 }
    }

    /// The pure part of `find`: which mounts count as drives. `isRemovable` answers for a
    /// block device given as `major:minor`.
    public static func select(from mounts: [Mount], roots: [String], isRemovable: (String) -> Bool) -> [Mount] {
        var seen = Set<String>()
        var drives: [Mount] = []
        for mount in mounts {
            guard !mount.readOnly, isDrive(mount, roots: roots, isRemovable: isRemovable) else { continue }
            guard seen.insert(mount.mountPoint).inserted else { continue }
            drives.append(mount)
        }
        return drives.sorted { $0.mountPoint < $1.mountPoint }
    }

    /// Which of `drives` holds the file at `path` (by file system, whatever path leads there), or nil.
    public static func drive(holding path: String, among drives: [Mount]) -> Mount? {
        guard let file = DriveLocation.of(path, roots: []) else { return nil }
        return drives.first { drive in
            DriveLocation.of(drive.mountPoint, roots: []).map(file.isSameFileSystem(as:)) ?? false
        }
    }

    /// Whether `mount` is a drive: a real file system (not the root, not a memory or kernel one)
    /// on a removable or USB block device, or mounted under one of `roots`.
    public static func isDrive(_ mount: Mount, roots: [String], isRemovable: (String) -> Bool) -> Bool {
        guard !pseudoFileSystems.contains(mount.fsType), mount.mountPoint != "/" else { return false }
        let hasBlockDevice = !mount.device.hasPrefix("0:")
        if hasBlockDevice && isRemovable(mount.device) { return true }
        return roots.contains { MountTable.contains($0, mount.mountPoint) }
    }

    /// True when the block device `major:minor` (or the disk it is a partition of) is marked
    /// removable, or sits on a USB bus (many USB disks do not call themselves removable).
    public static func isRemovable(device: String) -> Bool {
        guard let real = realpath("/sys/dev/block/\(device)", nil) else { return false }
        let path = String(cString: real)
        free(real)
        if path.contains("/usb") { return true }
        // .../block/sdb/sdb1 for a partition, .../block/sdb for a whole disk.
        let parts = path.split(separator: "/").map(String.init)
        guard let blockIndex = parts.lastIndex(of: "block"), blockIndex + 1 < parts.count else { return false }
        let disk = parts[blockIndex + 1]
        let flag = try? String(contentsOfFile: "/sys/block/\(disk)/removable", encoding: .utf8)
        return flag?.trimmingCharacters(in: .whitespacesAndNewlines) == "1"
    }
}
