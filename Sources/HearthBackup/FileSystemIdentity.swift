import Foundation

/// The identity a file system carries with it, whatever it is mounted at: the UUID of an ext2/3/4,
/// XFS or btrfs file system, the volume serial of a FAT or exFAT one (`7F64-9DDA`), an NTFS serial, as
/// `/dev/disk/by-uuid` and `blkid` name them. A stick cloned byte for byte keeps it (the same file
/// system); a spare stick, a NAS or another disk has its own.
public enum FileSystemIdentity {
    /// The identity of the file system on the block device `major:minor`: by its link in
    /// `byUUID` (made by udev), else read from the device's first bytes (possible where the
    /// device node is readable: root, or the `disk` group). Nil when neither works.
    public static func of(device: String, byUUID: String = "/dev/disk/by-uuid") -> String? {
        if let names = try? FileManager.default.contentsOfDirectory(atPath: byUUID) {
            for name in names.sorted() {
                var info = stat()
                if stat(byUUID + "/" + name, &info) == 0, (info.st_mode & S_IFMT) == S_IFBLK,
                   deviceName(UInt64(info.st_rdev)) == device
                {
                    return name
                }
            }
        }
        guard let node = node(of: device) else { return nil }
        let fd = open(node, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes = [UInt8](repeating: 0, count: Self.bytesNeeded)
        let count = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress, Self.bytesNeeded, 0) }
        guard count > 0 else { return nil }
        return parse(Array(bytes.prefix(count)))
    }

    /// `/dev/NAME` of the block device `major:minor` (its `uevent` in `/sys`), checked to be that device.
    static func node(of device: String) -> String? {
        guard let text = try? String(contentsOfFile: "/sys/dev/block/\(device)/uevent", encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix("DEVNAME=") })
        else { return nil }
        let path = "/dev/" + line.dropFirst("DEVNAME=".count)
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFBLK, deviceName(UInt64(info.st_rdev)) == device else {
            return nil
        }
        return path
    }

    /// How much of a device `parse` reads: up to the end of btrfs's superblock, which starts at 64 KiB.
    static let bytesNeeded = 0x10000 + 4096

    /// The identity in a file system's first bytes (at least 2 KiB for ext, 68 KiB for btrfs), or
    /// nil when they are none of the file systems known here.
    public static func parse(_ bytes: [UInt8]) -> String? {
        func ascii(_ at: Int, _ count: Int) -> String {
            at + count <= bytes.count ? String(decoding: bytes[at..<(at + count)], as: UTF8.self) : ""
        }
        func little(_ at: Int, _ count: Int) -> UInt64 {
            guard at + count <= bytes.count else { return 0 }
            return (0..<count).reduce(UInt64(0)) { $0 | UInt64(bytes[at + $1]) << (8 * UInt64($1)) }
        }
        func serial(_ value: UInt64) -> String { String(format: "%04X-%04X", Int(value >> 16), Int(value & 0xffff)) }
        func uuid(_ at: Int) -> String? {
            guard at + 16 <= bytes.count else { return nil }
            let hex = bytes[at..<(at + 16)].map { String(format: "%02x", $0) }
            guard hex.contains(where: { $0 != "00" }) else { return nil }
            return [0..<4, 4..<6, 6..<8, 8..<10, 10..<16].map { hex[$0].joined() }.joined(separator: "-")
        }
        if ascii(3, 8) == "EXFAT   " { return serial(little(100, 4)) }
        if ascii(3, 8) == "NTFS    " { return String(format: "%016llX", little(0x48, 8)) }
        if ascii(0, 4) == "XFSB" { return uuid(32) }
        if little(1024 + 0x38, 2) == 0xEF53 { return uuid(1024 + 0x68) }
        // btrfs: the superblock at 64 KiB, its magic at 0x40 and the file system's UUID (fsid) at 0x20.
        if ascii(0x10000 + 0x40, 8) == "_BHRfS_M" { return uuid(0x10000 + 0x20) }
        let bootSignature = little(510, 2) == 0xAA55
        if bootSignature, ascii(0x52, 5) == "FAT32", bytes.count > 0x42, bytes[0x42] == 0x29 { return serial(little(0x43, 4)) }
        if bootSignature, ascii(0x36, 3) == "FAT", bytes.count > 0x26, bytes[0x26] == 0x29 { return serial(little(0x27, 4)) }
        return nil
    }
}
