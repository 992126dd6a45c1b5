import Foundation

/// Finds mounted drives a backup could go to when `hearth backup` is given no destination, and
/// says what a drive is (Docs/SECURITY.md, "A vault on a drive"): a writable file system on a
/// block device (never a network or memory one) that is removable or on USB, or is mounted under
/// the usual mount folders (`/media`, `/run/media`, `/mnt`, or one of those itself).
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
        let candidates = select(from: MountTable.current(), roots: roots(environment: environment).map(realPath), facts: .system)
        // Only folders this user can actually write to.
        return candidates.filter { access($0.mountPoint, W_OK | X_OK) == 0 }
    }

    /// The pure part of `find`: which mounts are drives this user may be offered. Another user's
    /// FUSE mount (its program sees and may change what is written) and drives mounted for
    /// another user (`/media/<user>/...`, `/run/media/<user>/...`) are not.
    public static func select(from mounts: [Mount], roots: [String], facts: DeviceFacts) -> [Mount] {
        var seen = Set<String>()
        var drives: [Mount] = []
        for mount in mounts {
            guard !mount.readOnly, isDrive(mount, roots: roots, facts: facts) else { continue }
            if mount.isFUSE, let owner = mount.userID, owner != facts.userID, owner != 0 { continue }
            guard !isOtherUsersFolder(mount.mountPoint, roots: roots, facts: facts) else { continue }
            guard seen.insert(mount.mountPoint).inserted else { continue }
            drives.append(mount)
        }
        return drives.sorted { $0.mountPoint < $1.mountPoint }
    }

    /// Whether `mountPoint` lies in a folder a desktop made for another user (`ROOT/<user>/LABEL`).
    static func isOtherUsersFolder(_ mountPoint: String, roots: [String], facts: DeviceFacts) -> Bool {
        roots.contains { root in
            guard MountTable.contains(root, mountPoint), mountPoint != root else { return false }
            let parts = mountPoint.dropFirst(root == "/" ? 1 : root.count + 1).split(separator: "/").map(String.init)
            guard parts.count >= 2, let user = parts.first else { return false }
            return user != facts.userName && facts.isUserName(user)
        }
    }

    /// Which of `drives` holds the file at `path` (by file system, whatever path leads there), or nil.
    public static func drive(holding path: String, among drives: [Mount]) -> Mount? {
        guard let file = DriveLocation.of(path, roots: []) else { return nil }
        return drives.first { drive in
            DriveLocation.of(drive.mountPoint, roots: []).map(file.isSameFileSystem(as:)) ?? false
        }
    }

    /// The block device (`major:minor`) that holds `mount`'s file system: its device number when
    /// that is a block device's (the kernel's word, also for `fuseblk`), else the device its source
    /// names when that may be believed (`DeviceFacts.believesSource`: a btrfs volume, a FUSE
    /// driver on a loop device this user mounted). Nil for network, memory and other device-less
    /// file systems.
    public static func blockDevice(of mount: Mount, facts: DeviceFacts) -> String? {
        if !mount.device.hasPrefix("0:") { return mount.device }
        guard mount.source.hasPrefix("/"), facts.believesSource(of: mount) else { return nil }
        return facts.blockDevice(mount.source)
    }

    /// Whether `mount` is a drive: a file system on a block device (not the root, not a memory or
    /// kernel one, not a network one) that is removable or on USB, or is mounted under (or at)
    /// one of `roots`.
    public static func isDrive(_ mount: Mount, roots: [String], facts: DeviceFacts) -> Bool {
        guard !pseudoFileSystems.contains(mount.fsType), mount.mountPoint != "/" else { return false }
        guard let device = blockDevice(of: mount, facts: facts) else { return false }
        if facts.isRemovable(device) { return true }
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
