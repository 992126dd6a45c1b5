import Foundation
import HearthVault

/// Where a path lies: the file system that holds it (its device number, and the mount that shows
/// it), whether that file system is a drive, and the path inside it. A stick is mounted at
/// `/media/alice/STICK` on one computer and `/run/media/alice/STICK` on another (or `STICK1` when
/// the name was taken): the path inside the drive (`/vault.hearth`) stays the same.
public struct DriveLocation: Equatable, Sendable {
    /// `st_dev` of the path: every name of one file system (another mount path, a bind mount, a
    /// symbolic link into it) gives the same device while it is mounted.
    public let device: UInt64
    /// The mount that holds the path (nil when the mount table cannot be read).
    public let mount: Mount?
    /// Removable, USB, or mounted under the drive folders (`DriveDiscovery.isDrive`).
    public let isDrive: Bool
    /// The path from the root of the file system (`/vault.hearth`, `/Journal/vault.hearth`),
    /// links resolved; nil without a mount.
    public let pathOnDrive: String?

    public init(device: UInt64, mount: Mount?, isDrive: Bool, pathOnDrive: String?) {
        self.device = device
        self.mount = mount
        self.isDrive = isDrive
        self.pathOnDrive = pathOnDrive
    }

    /// The location of `path` (a file or a folder that exists), with `roots` the drive folders
    /// (`DriveDiscovery.roots`). Nil when the path cannot be reached (`stat` fails).
    public static func of(
        _ path: String, roots: [String], mounts: [Mount] = MountTable.current(),
        isRemovable: (String) -> Bool = DriveDiscovery.isRemovable
    ) -> DriveLocation? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        let real = realPath(path)
        let mount = MountTable.mount(holding: real, in: mounts)
        let inside = mount.map { Self.pathInside(real, mountPoint: $0.mountPoint, root: $0.root) }
        let isDrive = mount.map { DriveDiscovery.isDrive($0, roots: roots.map(realPath), isRemovable: isRemovable) } ?? false
        return DriveLocation(device: UInt64(info.st_dev), mount: mount, isDrive: isDrive, pathOnDrive: inside)
    }

    /// Whether `path`, which is not there, lies under one of the drive folders `roots` while no
    /// drive is mounted where it would be (the stick is not plugged in, or is mounted elsewhere
    /// on this computer): then the folder it names is an empty mount point, or nothing at all.
    public static func driveNotMounted(for path: String, roots: [String], mounts: [Mount] = MountTable.current()) -> Bool {
        let real = realPath(path)
        let resolvedRoots = roots.map(realPath)
        guard resolvedRoots.contains(where: { MountTable.contains($0, real) }) else { return false }
        guard let holding = MountTable.mount(holding: real, in: mounts) else { return true }
        return !resolvedRoots.contains { MountTable.contains($0, holding.mountPoint) && holding.mountPoint != $0 }
    }

    /// `real` (under `mountPoint`) as a path from the file system's own root.
    static func pathInside(_ real: String, mountPoint: String, root: String) -> String {
        let rest = mountPoint == "/" ? real : String(real.dropFirst(mountPoint.count))
        let joined = (root == "/" ? "" : root) + (rest.hasPrefix("/") ? rest : "/" + rest)
        return joined == "/" || joined.isEmpty ? "/" : joined
    }

    /// Whether `other` is on the same file system: the same device, or (a FUSE driver gives each
    /// mount a device of its own) the same block device mounted twice with the same driver.
    public func isSameFileSystem(as other: DriveLocation) -> Bool {
        if device == other.device { return true }
        guard let mine = mount, let theirs = other.mount, mine.source.hasPrefix("/dev/") else { return false }
        return mine.source == theirs.source && mine.fsType == theirs.fsType
    }
}

/// Whether a backup may be written to a destination: never onto the drive that holds the vault
/// (a backup there is lost with the drive: pulled out, broken, left on a bus). A pure decision
/// over two `DriveLocation`s; `BackupFolder` asks it before anything is written.
public enum BackupDestinationRule {
    public enum Verdict: Equatable, Sendable {
        case allowed
        /// The destination is on the drive that holds the vault (mounted at `drive`).
        case vaultsOwnDrive(drive: String)
    }

    /// A vault on a drive may not be backed up onto the same file system, by whatever path it is
    /// reached (another mount path, a bind mount, a symbolic link). A vault on the computer's own
    /// disk may still be backed up into a folder there (it guards against a damaged or deleted
    /// file, not a lost disk): that is the person's choice, as with restic or a plain copy.
    public static func decide(vault: DriveLocation?, destination: DriveLocation?) -> Verdict {
        guard let vault, let destination, vault.isDrive || destination.isDrive else { return .allowed }
        guard vault.isSameFileSystem(as: destination) else { return .allowed }
        return .vaultsOwnDrive(drive: vault.mount?.mountPoint ?? destination.mount?.mountPoint ?? "")
    }
}
