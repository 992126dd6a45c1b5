import Foundation
import Testing

/// A real FAT32 or exFAT file system on a loop device, mounted through FUSE (the vfat module
/// is missing on these machines). `close()` always unmounts and
/// detaches; call it in a `defer`.
final class FUSEDrive {
    enum Kind: String { case fat32, exfat }

    let kind: Kind
    let image: String
    private(set) var mountPoint: String
    private(set) var loopDevice: String?
    /// The FUSE daemon, run in the foreground as our child so that a test can kill it
    /// (a drive pulled out).
    private(set) var daemon: Process?

    /// Why such drives cannot be made here, or nil when they can.
    static func unavailableReason(_ kind: Kind) -> String? {
        if geteuid() != 0 { return "not running as root (loop devices need it)" }
        if access("/dev/fuse", R_OK | W_OK) != 0 { return "/dev/fuse is missing" }
        if access("/dev/loop-control", R_OK | W_OK) != 0 { return "no loop devices" }
        let tools = kind == .fat32 ? ["/usr/sbin/mkfs.vfat", "/usr/bin/fusefat"] : ["/usr/sbin/mkfs.exfat", "/usr/sbin/mount.exfat-fuse"]
        for path in tools + ["/usr/sbin/losetup", "/usr/bin/fusermount"] where access(path, X_OK) != 0 {
            return "\(path) is not installed (apt-get install dosfstools fusefat exfatprogs exfat-fuse)"
        }
        return nil
    }

    /// Makes a `megabytes` image in `folder`, formats it and mounts it at `folder/<kind>`.
    init(_ kind: Kind, megabytes: Int, in folder: String) throws {
        self.kind = kind
        image = folder + "/\(kind.rawValue).img"
        mountPoint = folder + "/\(kind.rawValue)"
        try FileManager.default.createDirectory(atPath: mountPoint, withIntermediateDirectories: true)
        try #require(tool("/usr/bin/truncate", ["-s", "\(megabytes)M", image])?.status == 0)
        let format = kind == .fat32
            ? tool("/usr/sbin/mkfs.vfat", ["-F", "32", image]) : tool("/usr/sbin/mkfs.exfat", [image])
        try #require(format?.status == 0, "mkfs failed: \(format?.stderr ?? "")")
        try mount()
    }

    deinit { close() }

    /// Attaches the image and mounts it (again, after `pullOut`).
    func mount() throws {
        let attached = tool("/usr/sbin/losetup", ["--find", "--show", image])
        try #require(attached?.status == 0, "losetup failed: \(attached?.stderr ?? "")")
        let device = attached!.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        loopDevice = device
        let process = Process()
        switch kind {
        case .fat32:
            process.executableURL = URL(fileURLWithPath: "/usr/bin/fusefat")
            process.arguments = ["-f", "-o", "rw+", device, mountPoint]
        case .exfat:
            // exfat-fuse stays in the foreground only with -d (its debug output goes nowhere).
            // A daemon that forks away would keep Foundation's watch on it open forever.
            process.executableURL = URL(fileURLWithPath: "/usr/sbin/mount.exfat-fuse")
            process.arguments = ["-d", device, mountPoint]
        }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        daemon = process
        let deadline = Date().addingTimeInterval(10)
        while !isMounted {
            guard Date() < deadline, process.isRunning else {
                close()
                Issue.record("the \(kind.rawValue) file system did not mount")
                throw CancellationError()
            }
            usleep(20_000)
        }
    }

    /// Unmounts and mounts the same drive at `folder` (made if needed): the stick plugged into
    /// another computer, which mounts it at another path.
    func remount(at folder: String) throws {
        close()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        mountPoint = folder
        try mount()
    }

    var isMounted: Bool {
        let table = (try? String(contentsOfFile: "/proc/self/mountinfo", encoding: .utf8)) ?? ""
        return table.split(separator: "\n").contains { $0.split(separator: " ").count > 4 && $0.split(separator: " ")[4] == mountPoint }
    }

    /// Kills the FUSE daemon: to Hearth, the drive is gone (ENOTCONN) mid-write.
    func pullOut() {
        if let daemon, daemon.isRunning {
            kill(daemon.processIdentifier, SIGKILL)
            daemon.waitUntilExit()
        }
    }

    /// Unmounts and detaches, whatever state things are in.
    func close() {
        if isMounted { _ = tool("/usr/bin/fusermount", ["-u", "-z", mountPoint]) }
        if let daemon, daemon.isRunning {
            daemon.terminate()
            daemon.waitUntilExit()
        }
        daemon = nil
        if let loopDevice { _ = tool("/usr/sbin/losetup", ["-d", loopDevice]) }
        loopDevice = nil
    }
}
