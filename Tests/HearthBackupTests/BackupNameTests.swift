import Foundation
@testable import HearthBackup
import Testing

@Suite struct BackupNameTests {
    @Test func namesAreFATSafeAndParseBack() throws {
        let date = Date(timeIntervalSince1970: 1_795_555_800)  // 2026-11-24T21:30:00Z
        let name = BackupName.make(date: date, generation: 42)
        #expect(name == "hearth-20261124T213000Z-g42.hearth")
        #expect(!name.contains(":"))
        #expect(name.allSatisfy { $0.isASCII })
        let parsed = try #require(BackupName.parse(name))
        #expect(parsed.date == date)
        #expect(parsed.generation == 42)
        #expect(BackupName.make(date: date, generation: 42, attempt: 3) == "hearth-20261124T213000Z-g42-3.hearth")
        #expect(BackupName.parse("hearth-20261124T213000Z-g42-3.hearth")?.generation == 42)
        // FAT may hand names back in another case.
        #expect(BackupName.parse("HEARTH-20261124T213000Z-G42.HEARTH")?.generation == 42)
        #expect(BackupName.parse("vault.hearth") == nil)
    }

    /// Only times Hearth could have written: timegm would turn month 99 into another date.
    @Test func impossibleTimesAreNotBackupNames() {
        for name in ["hearth-20269924T213000Z-g1.hearth", "hearth-20261132T213000Z-g1.hearth",
                     "hearth-20261124T253000Z-g1.hearth", "hearth-20261124T216100Z-g1.hearth",
                     "hearth-20260230T000000Z-g1.hearth", "hearth-99999999999999999999-g1.hearth"] {
            #expect(BackupName.parse(name) == nil, "\(name)")
        }
        #expect(BackupName.parse("hearth-20240229T235959Z-g1.hearth") != nil, "a leap day")
    }

    @Test func temporariesAreRecognisedAndNothingElse() {
        #expect(BackupName.isTemporary(".hearth-20261124T213000Z-g42.hearth.tmp-0123456789abcdef"))
        #expect(!BackupName.isTemporary("hearth-20261124T213000Z-g42.hearth"))
        #expect(!BackupName.isTemporary(".hearth-notes.txt"))
        #expect(!BackupName.isTemporary(".vault.hearth.tmp-0123456789abcdef"))
    }

    @Test func folderLocation() {
        #expect(BackupFolder.location(for: "/media/stick") == "/media/stick/Hearth")
        #expect(BackupFolder.location(for: "/media/stick/") == "/media/stick/Hearth")
        #expect(BackupFolder.location(for: "/media/stick/Hearth") == "/media/stick/Hearth")
        #expect(BackupFolder.location(for: "/media/stick/HEARTH/") == "/media/stick/HEARTH")
    }
}

@Suite struct MountTableTests {
    static let sample = """
        27 1 254:0 / / rw,relatime - ext4 /dev/vda rw,discard
        25 24 0:23 / /dev/shm rw,relatime - tmpfs tmpfs rw,size=24684096k
        28 27 0:25 / /mnt/sandboxing/tools ro,nosuid,nodev,relatime - tmpfs tools ro,size=4k
        42 27 0:39 / /tmp/x/fat rw,nosuid,nodev,relatime - fuse.fusefat fusefat rw,user_id=0,group_id=0
        43 27 7:1 / /media/me/MY\\040STICK rw,nosuid,nodev,relatime shared:1 - fuseblk /dev/loop1 rw,user_id=0
        44 27 8:17 / /run/media/me/DISK rw,relatime - vfat /dev/sdb1 rw,fmask=0022
        45 27 8:33 / /srv/usb rw,relatime - exfat /dev/sdc1 rw
        46 27 8:49 / /srv/internal rw,relatime - ext4 /dev/sdd1 rw
        47 27 0:50 / /mnt/nas rw,relatime - nfs4 server:/export rw
        """

    @Test func parsesFieldsAndEscapes() throws {
        let mounts = MountTable.parse(Self.sample)
        #expect(mounts.count == 9)
        let stick = try #require(mounts.first { $0.device == "7:1" })
        #expect(stick.mountPoint == "/media/me/MY STICK")
        #expect(stick.fsType == "fuseblk")
        #expect(stick.source == "/dev/loop1")
        #expect(mounts.first { $0.fsType == "fuse.fusefat" }?.isFAT == true)
        #expect(mounts.first { $0.fsType == "vfat" }?.isFAT == true)
        #expect(mounts.first { $0.fsType == "exfat" }?.isFAT == false)
        #expect(mounts.first { $0.mountPoint == "/mnt/sandboxing/tools" }?.readOnly == true)
    }

    @Test func discoveryKeepsDrivesOnly() {
        let mounts = MountTable.parse(Self.sample)
        let removable: Set<String> = ["8:17", "8:33"]
        let facts = DeviceFacts(
            isRemovable: { removable.contains($0) }, blockDevice: { _ in nil }, fileSystem: { _ in nil }, isUserName: { _ in false },
            userID: 0, userName: "me")
        let drives = DriveDiscovery.select(from: mounts, roots: ["/media", "/run/media", "/mnt"], facts: facts)
        #expect(drives.map(\.mountPoint) == ["/media/me/MY STICK", "/run/media/me/DISK", "/srv/usb"], "never a network mount")
    }
}
