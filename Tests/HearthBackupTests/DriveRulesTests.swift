import Foundation
@testable import HearthBackup
import Testing

/// What counts as a drive, judged from the kernel's device numbers and who mounted a FUSE file
/// system, never from a source field alone; which drives are offered to this user; and the
/// identity of a file system read from its first bytes. Table tests, in process.
@Suite struct DriveRulesTests {
    /// This user is uid 1000 (`alice`); `bob` is another user. Block device nodes: `/dev/loop3`
    /// is 7:3, `/dev/sdb1` is 8:17 (removable), `/dev/sdc1` 8:33.
    static let facts = DeviceFacts(
        isRemovable: { $0 == "8:17" },
        blockDevice: { ["/dev/loop3": "7:3", "/dev/sdb1": "8:17", "/dev/sdc1": "8:33"][$0] },
        fileSystem: { ["7:3": "7F64-9DDA", "8:17": "0C1E-55A2", "8:33": "1b2c3d4e-0000-4000-8000-00000000beef"][$0] },
        isUserName: { ["alice", "bob", "root"].contains($0) }, userID: 1000, userName: "alice")

    static let table = MountTable.parse("""
        27 1 254:0 / / rw,relatime - ext4 /dev/vda rw
        40 27 0:40 / /media/alice/IMAGE rw,nosuid,nodev - fuse.fusefat /dev/loop3 rw,user_id=1000,group_id=1000
        41 27 0:41 / /media/alice/SPOOF rw,nosuid,nodev - fuse.sshfs /dev/sdb1 rw,user_id=1001,group_id=1001,allow_other
        42 27 0:42 / /mnt/sshfs rw,nosuid,nodev - fuse.sshfs alice@host:/home rw,user_id=1000,group_id=1000
        43 27 0:43 / /mnt/rclone rw,nosuid,nodev - fuse.rclone remote: rw,user_id=1000,group_id=1000
        44 27 0:44 / /mnt/nas rw,relatime - nfs4 server:/export rw
        45 27 8:17 / /media/bob/BOBS\\040STICK rw,relatime - vfat /dev/sdb1 rw
        46 27 8:33 / /mnt rw,relatime - ext4 /dev/sdc1 rw
        47 27 7:3 / /media/alice/EX rw,relatime - fuseblk /dev/sdb1 rw,user_id=1000,group_id=1000
        48 27 0:48 / /media/alice/BTRFS rw,relatime - btrfs /dev/sdc1 rw
        49 27 0:49 / /media/alice/OTHERS rw,nosuid,nodev - fuse.fusefat /dev/loop3 rw,user_id=1001,group_id=1001,allow_other
        """)

    static func mount(_ point: String) -> Mount { table.first { $0.mountPoint == point }! }

    struct Row: Sendable, CustomTestStringConvertible {
        let mountPoint: String
        let blockDevice: String?
        let isDrive: Bool
        let offered: Bool
        let why: String
        var testDescription: String { why }
    }

    static let rows: [Row] = [
        Row(mountPoint: "/media/alice/IMAGE", blockDevice: "7:3", isDrive: true, offered: true,
            why: "this user's FUSE driver on a loop device its source names"),
        Row(mountPoint: "/media/alice/SPOOF", blockDevice: nil, isDrive: false, offered: false,
            why: "another user's FUSE mount calling itself /dev/sdb1"),
        Row(mountPoint: "/mnt/sshfs", blockDevice: nil, isDrive: false, offered: false, why: "a network FUSE file system under /mnt"),
        Row(mountPoint: "/mnt/rclone", blockDevice: nil, isDrive: false, offered: false, why: "a cloud FUSE file system under /mnt"),
        Row(mountPoint: "/mnt/nas", blockDevice: nil, isDrive: false, offered: false, why: "NFS under /mnt"),
        Row(mountPoint: "/media/bob/BOBS STICK", blockDevice: "8:17", isDrive: true, offered: false,
            why: "a stick mounted for another user"),
        Row(mountPoint: "/mnt", blockDevice: "8:33", isDrive: true, offered: true, why: "a disk mounted at /mnt itself"),
        Row(mountPoint: "/media/alice/EX", blockDevice: "7:3", isDrive: true, offered: true,
            why: "fuseblk: the kernel's device number, not its source field"),
        Row(mountPoint: "/media/alice/BTRFS", blockDevice: "8:33", isDrive: true, offered: true,
            why: "a kernel file system without a device number of its own"),
        Row(mountPoint: "/media/alice/OTHERS", blockDevice: nil, isDrive: false, offered: false,
            why: "another user's FUSE mount of a loop device"),
    ]

    @Test(arguments: rows)
    func judge(_ row: Row) {
        let mount = Self.mount(row.mountPoint)
        #expect(DriveDiscovery.blockDevice(of: mount, facts: Self.facts) == row.blockDevice)
        #expect(DriveDiscovery.isDrive(mount, roots: DriveDiscovery.defaultRoots, facts: Self.facts) == row.isDrive)
        let offered = DriveDiscovery.select(from: Self.table, roots: DriveDiscovery.defaultRoots, facts: Self.facts)
        #expect(offered.contains(mount) == row.offered)
    }

    @Test func userIDOfAFUSEMountIsRead() {
        #expect(Self.mount("/media/alice/SPOOF").userID == 1001 && Self.mount("/media/alice/SPOOF").isFUSE)
        #expect(Self.mount("/mnt/nas").userID == nil && !Self.mount("/mnt/nas").isFUSE)
    }

    /// The same file system by the block device under it (a FUSE driver or a btrfs subvolume has
    /// a device number of its own), never by a source field the kernel did not check.
    @Test func sameFileSystemByTheBlockDevice() {
        func at(_ point: String, device: UInt64) -> DriveLocation {
            let mount = Self.mount(point)
            return DriveLocation(
                device: device, mount: mount, isDrive: true, pathOnDrive: "/",
                blockDevice: DriveDiscovery.blockDevice(of: mount, facts: Self.facts))
        }
        #expect(at("/media/alice/IMAGE", device: 40).isSameFileSystem(as: at("/media/alice/EX", device: 0x703)))
        #expect(!at("/media/alice/SPOOF", device: 41).isSameFileSystem(as: at("/media/bob/BOBS STICK", device: 0x811)),
                "a source field set by another user does not make it the stick")
        #expect(at("/mnt", device: 0x821).isSameFileSystem(as: at("/media/alice/BTRFS", device: 48)))
    }

    @Test func aDriveIsItsFileSystemWhereverItIsMounted() throws {
        let folder = NSTemporaryDirectory() + "drive-rules-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder + "/media/alice/IMAGE", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let real = realPath(folder)
        let mounts = [
            Mount(mountPoint: "/", source: "/dev/vda", fsType: "ext4", readOnly: false, device: "254:0"),
            Mount(mountPoint: real + "/media/alice/IMAGE", source: "/dev/loop3", fsType: "fuse.fusefat", readOnly: false,
                  device: "0:40", userID: 1000),
        ]
        let location = try #require(DriveLocation.of(folder + "/media/alice/IMAGE", roots: [folder + "/media"], mounts: mounts, facts: Self.facts))
        #expect(location.placeOnDrive?.fileSystem == "7F64-9DDA" && location.placeOnDrive?.path == "/")
        let off = try #require(DriveLocation.of(folder, roots: [folder + "/media"], mounts: mounts, facts: Self.facts))
        #expect(off.placeOnDrive == nil && !off.isDrive)
        var unreadable = Self.facts
        unreadable.fileSystem = { _ in nil }
        let unknown = DriveLocation.of(folder + "/media/alice/IMAGE", roots: [folder + "/media"], mounts: mounts, facts: unreadable)
        #expect(unknown?.isDrive == true && unknown?.placeOnDrive == nil, "no identity: remembered by its real path")
    }

    @Test func aFileSystemMountedAtADriveFolderItselfIsMountedThere() {
        let mounts = [Mount(mountPoint: "/", source: "/dev/vda", fsType: "ext4", readOnly: false, device: "254:0"),
                      Mount(mountPoint: "/mnt", source: "/dev/sdc1", fsType: "ext4", readOnly: false, device: "8:33")]
        #expect(!DriveLocation.driveNotMounted(for: "/mnt/vault.hearth", roots: ["/mnt"], mounts: mounts))
        #expect(DriveLocation.driveNotMounted(for: "/mnt/vault.hearth", roots: ["/mnt"], mounts: [mounts[0]]))
    }

    // MARK: Identity in the first bytes

    static func image(_ size: Int = 4096, _ fill: (inout [UInt8]) -> Void) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: size)
        fill(&bytes)
        return bytes
    }

    static func put(_ text: String, at offset: Int, in bytes: inout [UInt8]) {
        for (index, byte) in text.utf8.enumerated() { bytes[offset + index] = byte }
    }

    @Test func identityFromTheFirstBytes() {
        let fat32 = Self.image { bytes in
            Self.put("FAT32   ", at: 0x52, in: &bytes)
            bytes[0x42] = 0x29
            bytes[0x43...0x46] = [0xDA, 0x9D, 0x64, 0x7F]
            bytes[510] = 0x55; bytes[511] = 0xAA
        }
        #expect(FileSystemIdentity.parse(fat32) == "7F64-9DDA", "as blkid and /dev/disk/by-uuid name it")
        let fat16 = Self.image { bytes in
            Self.put("FAT16   ", at: 0x36, in: &bytes)
            bytes[0x26] = 0x29
            bytes[0x27...0x2A] = [0x78, 0x56, 0x34, 0x12]
            bytes[510] = 0x55; bytes[511] = 0xAA
        }
        #expect(FileSystemIdentity.parse(fat16) == "1234-5678")
        let exfat = Self.image { bytes in
            Self.put("EXFAT   ", at: 3, in: &bytes)
            bytes[100...103] = [0xF6, 0xD7, 0x5F, 0xEB]
        }
        #expect(FileSystemIdentity.parse(exfat) == "EB5F-D7F6")
        let ext4 = Self.image { bytes in
            bytes[1024 + 0x38] = 0x53; bytes[1024 + 0x39] = 0xEF
            for index in 0..<16 { bytes[1024 + 0x68 + index] = UInt8(index + 1) }
        }
        #expect(FileSystemIdentity.parse(ext4) == "01020304-0506-0708-090a-0b0c0d0e0f10")
        let btrfs = Self.image(0x11000) { bytes in
            Self.put("_BHRfS_M", at: 0x10040, in: &bytes)
            for index in 0..<16 { bytes[0x10020 + index] = UInt8(0xA0 + index) }
        }
        #expect(FileSystemIdentity.parse(btrfs) == "a0a1a2a3-a4a5-a6a7-a8a9-aaabacadaeaf")
        #expect(FileSystemIdentity.parse(Array(btrfs.prefix(0x10040))) == nil, "its superblock cut off")
        #expect(FileSystemIdentity.parse(Self.image { _ in }) == nil, "nothing known: no identity")
        #expect(FileSystemIdentity.parse(Array(fat32.prefix(64))) == nil, "too short")
    }

    /// A real file system of each kind a stick may carry, made by its own tool: the identity read
    /// from its first bytes is the one blkid (and udev's /dev/disk/by-uuid) gives.
    @Test(arguments: [
        ("mkfs.vfat", ["-F", "32"], "40M"), ("mkfs.exfat", [], "40M"), ("mkfs.ext4", ["-q", "-F"], "16M"),
        ("mkfs.btrfs", ["-q", "-f"], "120M"),
    ])
    func identityOfARealImage(maker: String, options: [String], size: String) throws {
        guard access("/usr/sbin/\(maker)", X_OK) == 0, access("/usr/sbin/blkid", X_OK) == 0 else {
            try Test.cancel("\(maker) or blkid is not installed")
        }
        let image = NSTemporaryDirectory() + "identity-\(UUID().uuidString).img"
        defer { unlink(image) }
        #expect(tool("/usr/bin/truncate", ["-s", size, image])?.status == 0)
        #expect(tool("/usr/sbin/\(maker)", options + [image])?.status == 0)
        let blkid = tool("/usr/sbin/blkid", ["-s", "UUID", "-o", "value", image])?.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let first = FileHandle(forReadingAtPath: image).map { Array($0.readData(ofLength: FileSystemIdentity.bytesNeeded)) } ?? []
        #expect(blkid?.isEmpty == false && FileSystemIdentity.parse(first) == blkid, "\(maker): blkid says \(blkid ?? "nothing")")
    }
}
