import Foundation
@testable import HearthBackup
import HearthTestSupport
import Testing

/// Never a backup onto the drive that holds the vault, a row per case, in process; and where a
/// path lies inside its drive, whatever the drive is mounted at.
@Suite struct BackupDestinationRuleTests {
    static func mount(_ point: String, device: String = "0:40", source: String = "fusefat", type: String = "fuse.fusefat", root: String = "/") -> Mount {
        Mount(mountPoint: point, source: source, fsType: type, readOnly: false, device: device, root: root)
    }

    static let stick = mount("/media/alice/STICK")
    static let stickAgain = mount("/mnt/usb")
    static let other = mount("/media/alice/OTHER", device: "0:41")
    static let home = mount("/", device: "254:0", source: "/dev/vda", type: "ext4")
    static let exfat = mount("/media/alice/EX", device: "0:50", source: "/dev/sdb1", type: "fuseblk")
    static let exfatTwice = mount("/mnt/ex", device: "0:51", source: "/dev/sdb1", type: "fuseblk")

    static func at(_ mount: Mount, device: UInt64, isDrive: Bool = true, _ inside: String = "/vault.hearth") -> DriveLocation {
        DriveLocation(device: device, mount: mount, isDrive: isDrive, pathOnDrive: inside)
    }

    struct Row: Sendable, CustomTestStringConvertible {
        let name: String
        let vault: DriveLocation?
        let destination: DriveLocation?
        let verdict: BackupDestinationRule.Verdict
        var testDescription: String { name }
    }

    static let rows: [Row] = [
        Row(name: "the vault's own stick, at its mount point",
            vault: at(stick, device: 40), destination: at(stick, device: 40, "/"),
            verdict: .vaultsOwnDrive(drive: "/media/alice/STICK")),
        Row(name: "the same stick through another mount path (a bind mount, the same device)",
            vault: at(stick, device: 40), destination: at(stickAgain, device: 40, isDrive: false, "/"),
            verdict: .vaultsOwnDrive(drive: "/media/alice/STICK")),
        Row(name: "a vault reached through a link elsewhere, backed up to its drive under /media",
            vault: at(stickAgain, device: 40, isDrive: false), destination: at(stick, device: 40, "/Backups"),
            verdict: .vaultsOwnDrive(drive: "/mnt/usb")),
        Row(name: "one block device mounted twice through FUSE (two device numbers)",
            vault: at(exfat, device: 50), destination: at(exfatTwice, device: 51, "/"),
            verdict: .vaultsOwnDrive(drive: "/media/alice/EX")),
        Row(name: "another stick",
            vault: at(stick, device: 40), destination: at(other, device: 41, "/"), verdict: .allowed),
        Row(name: "a stick's vault backed up onto the computer's disk",
            vault: at(stick, device: 40), destination: at(home, device: 2, isDrive: false, "/home/alice/backups"), verdict: .allowed),
        Row(name: "a vault on the computer's disk backed up onto a stick",
            vault: at(home, device: 2, isDrive: false), destination: at(stick, device: 40, "/"), verdict: .allowed),
        Row(name: "a vault on the computer's disk backed up into a folder of that disk (the person's choice)",
            vault: at(home, device: 2, isDrive: false), destination: at(home, device: 2, isDrive: false, "/home/alice/backups"),
            verdict: .allowed),
        Row(name: "two FUSE mounts that are not block devices are told apart by device",
            vault: at(stick, device: 40), destination: at(mount("/media/alice/B", device: "0:42"), device: 42, "/"), verdict: .allowed),
        Row(name: "a destination that cannot be reached is left to the folder's own checks",
            vault: at(stick, device: 40), destination: nil, verdict: .allowed),
    ]

    @Test(arguments: rows)
    func decide(_ row: Row) {
        #expect(BackupDestinationRule.decide(vault: row.vault, destination: row.destination) == row.verdict)
    }

    @Test func thePathInsideADriveDoesNotDependOnWhereItIsMounted() {
        #expect(DriveLocation.pathInside("/media/alice/STICK/vault.hearth", mountPoint: "/media/alice/STICK", root: "/") == "/vault.hearth")
        #expect(DriveLocation.pathInside("/run/media/alice/STICK/vault.hearth", mountPoint: "/run/media/alice/STICK", root: "/") == "/vault.hearth")
        #expect(DriveLocation.pathInside("/mnt/j/vault.hearth", mountPoint: "/mnt/j", root: "/Journal") == "/Journal/vault.hearth",
                "a bind mount of a folder of the drive")
        #expect(DriveLocation.pathInside("/media/alice/STICK", mountPoint: "/media/alice/STICK", root: "/") == "/")
        #expect(DriveLocation.pathInside("/home/a/v.hearth", mountPoint: "/", root: "/") == "/home/a/v.hearth")
    }

    @Test func aVaultPathOnADriveThatIsNotMounted() {
        let mounts = [Self.home, Self.stick]
        let roots = ["/media", "/mnt"]
        #expect(DriveLocation.driveNotMounted(for: "/media/alice/OTHER/vault.hearth", roots: roots, mounts: mounts),
                "under the drive folders, held by the computer's own disk: the stick is not in")
        #expect(!DriveLocation.driveNotMounted(for: "/media/alice/STICK/gone.hearth", roots: roots, mounts: mounts),
                "the drive is there; the file is not")
        #expect(!DriveLocation.driveNotMounted(for: "/home/alice/vault.hearth", roots: roots, mounts: mounts))
    }

    @Test func mountinfoKeepsTheRootOfABindMount() {
        let line = "47 30 0:40 /Journal /mnt/j rw,relatime - fuse.fusefat fusefat rw,user_id=0"
        #expect(MountTable.parse(line).first?.root == "/Journal")
    }

    /// A real directory on this machine: the location of a path and of its folder agree, and
    /// a path that is not there has none.
    @Test func locationOfRealPaths() throws {
        let folder = try makeTemporaryFolder("drive-location", in: TestFolder.memoryBase)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let file = folder + "/vault.hearth"
        try writeFile([1, 2, 3], to: file)
        let here = try #require(DriveLocation.of(file, roots: []))
        let there = try #require(DriveLocation.of(folder, roots: []))
        #expect(here.isSameFileSystem(as: there) && !here.isDrive, "a memory file system is never a drive")
        #expect(DriveLocation.of(folder + "/missing", roots: []) == nil)
    }
}
