import Foundation

/// What the system says about block devices and users, as the drive rules need it
/// (`DriveDiscovery`, `DriveLocation`): read from `/sys`, `/dev` and the user database by
/// `system`, given by hand in table tests.
public struct DeviceFacts: Sendable {
    /// Whether the block device `major:minor` (or the disk it is a partition of) is removable or on USB.
    public var isRemovable: @Sendable (String) -> Bool
    /// The `major:minor` of the block device node at a path, or nil when it is not one.
    public var blockDevice: @Sendable (String) -> String?
    /// The identity of the file system on the block device `major:minor` (`FileSystemIdentity`),
    /// or nil when it cannot be read.
    public var fileSystem: @Sendable (String) -> String?
    /// Whether a name is a user's login name on this computer (for `/media/<user>/...`).
    public var isUserName: @Sendable (String) -> Bool
    /// This process's user id and login name.
    public var userID: UInt32
    public var userName: String?

    public init(
        isRemovable: @escaping @Sendable (String) -> Bool, blockDevice: @escaping @Sendable (String) -> String?,
        fileSystem: @escaping @Sendable (String) -> String?, isUserName: @escaping @Sendable (String) -> Bool,
        userID: UInt32, userName: String?
    ) {
        self.isRemovable = isRemovable
        self.blockDevice = blockDevice
        self.fileSystem = fileSystem
        self.isUserName = isUserName
        self.userID = userID
        self.userName = userName
    }

    /// The facts of this computer and process.
    public static var system: DeviceFacts {
        let uid = geteuid()
        return DeviceFacts(
            isRemovable: { DriveDiscovery.isRemovable(device: $0) },
            blockDevice: { path in
                var info = stat()
                guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFBLK else { return nil }
                return deviceName(UInt64(info.st_rdev))
            },
            fileSystem: { FileSystemIdentity.of(device: $0) },
            isUserName: { name in name.withCString { getpwnam($0) } != nil },
            userID: uid, userName: getpwuid(uid).map { String(cString: $0.pointee.pw_name) })
    }

    /// Whether the source field of `mount` (which names its block device when the device number
    /// does not) may be believed: set by the kernel's mount for a kernel file system (only root
    /// mounts those), but by whoever mounted a FUSE file system (`-o fsname=/dev/sdb1`): believed
    /// then only when this user or root mounted it.
    func believesSource(of mount: Mount) -> Bool {
        guard mount.isFUSE else { return true }
        guard let owner = mount.userID else { return false }
        return owner == userID || owner == 0
    }
}

/// `major:minor` of a Linux `dev_t` (glibc's encoding: 12-bit major and 20-bit minor, split).
public func deviceName(_ device: UInt64) -> String {
    let major = ((device >> 8) & 0xfff) | ((device >> 32) & ~UInt64(0xfff))
    let minor = (device & 0xff) | ((device >> 12) & ~UInt64(0xff))
    return "\(major):\(minor)"
}
