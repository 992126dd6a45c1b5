import Foundation
import HearthBackup
import HearthTestSupport
import Testing

/// Backups onto real FAT32 and exFAT file systems (loop devices through FUSE), a drive pulled
/// out mid-write, and finding drives when no destination is given. Serialized: loop devices
/// and mounts are machine-wide.
@Suite(.serialized, .ownThreads) struct RemovableDriveTests {
    @Test(arguments: [FUSEDrive.Kind.fat32, .exfat])
    func backupOntoARealDrive(_ kind: FUSEDrive.Kind) throws {
        if let reason = FUSEDrive.unavailableReason(kind) {
            try Test.cancel("\(reason)")
        }
        let box = try Sandbox(mode: .inProcess)
        try box.makeVault(entries: ["On the stick.", "And another."])
        let drive = try FUSEDrive(kind, megabytes: 40, in: box.root)
        defer { drive.close() }

        let made = try box.run(["backup", drive.mountPoint, "--passphrase-file", box.passphraseFile])
        #expect(made.status == 0, "\(made.stderr)")
        #expect(made.stderr.contains("no file permissions"))
        let path = made.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(names(in: drive.mountPoint + "/Hearth") == [(path as NSString).lastPathComponent])
        #expect(try box.entryIDs(vault: path) == (try box.entryIDs()))
        let verified = try box.run(["verify", path, "--passphrase-file", box.passphraseFile])
        #expect(verified.status == 0, "\(verified.stderr)")
        #expect(!verified.stdout.contains("PROBLEM"), "modes mean nothing on \(kind.rawValue)")

        // A second backup with --keep 1 replaces the first; the list shows one.
        try box.add("A third.")
        let second = try box.run(["backup", drive.mountPoint, "--keep", "1", "--passphrase-file", box.passphraseFile])
        #expect(second.status == 0, "\(second.stderr)")
        let listed = try box.run(["backup", "list", drive.mountPoint, "--json"])
        let entries = try #require(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]])
        #expect(entries.count == 1)
        #expect(entries.first?["generation"] as? Int == 3)
    }

    @Test func drivePulledOutMidWriteThenCleanedUpNextTime() throws {
        if let reason = FUSEDrive.unavailableReason(.fat32) {
            try Test.cancel("\(reason)")
        }
        let box = try Sandbox(mode: .inProcess)
        try box.makeVault(entries: [])
        // About 8 MB: FAT through FUSE writes some 14 MB/s, long enough to pull the drive.
        var text = ""
        var i = 0
        while text.utf8.count < 8 << 20 {
            text += "Line \(i) of a long entry, written so the vault is large enough to interrupt.\n"
            i += 1
        }
        try box.addInEntries(text)  // one record holds at most 1 MiB
        let drive = try FUSEDrive(.fat32, megabytes: 64, in: box.root)
        defer { drive.close() }

        let log = box.path("backup.stderr")
        let backup = try box.start(["backup", drive.mountPoint, "--passphrase-file", box.passphraseFile], stderr: log)
        let deadline = Date().addingTimeInterval(20)
        while !names(in: drive.mountPoint + "/Hearth").contains(where: { $0.contains(".tmp-") }) {
            guard backup.isRunning, Date() < deadline else { break }
            usleep(2_000)
        }
        try #require(backup.isRunning, "the backup finished before the drive could be pulled out")
        drive.pullOut()
        backup.waitUntilExit()
        let message = String(decoding: readFile(log), as: UTF8.self)
        #expect(backup.terminationStatus == 74, "\(message)")
        #expect(message.contains("stopped answering") && message.contains("it clears any unfinished file"))
        #expect(try box.run(["verify", "--passphrase-file", box.passphraseFile]).status == 0, "the vault is untouched")

        // Plugged in again: the next backup removes the leftover and succeeds.
        drive.close()
        try drive.mount()
        let leftovers = names(in: drive.mountPoint + "/Hearth").filter { $0.contains(".tmp-") }
        let again = try box.run(["backup", drive.mountPoint, "--passphrase-file", box.passphraseFile])
        #expect(again.status == 0, "\(again.stderr)")
        if !leftovers.isEmpty { #expect(again.stderr.contains("Removed \(leftovers.count) unfinished")) }
        let left = names(in: drive.mountPoint + "/Hearth")
        #expect(left.count == 1 && !left[0].contains(".tmp-"), "\(left)")
    }

    @Test func drivesAreFoundWhenNoDestinationIsGiven() throws {
        let box = try Sandbox(mode: .inProcess)
        try box.makeVault(entries: ["One."])
        let emptyRoot = box.path("no-drives")
        try FileManager.default.createDirectory(atPath: emptyRoot, withIntermediateDirectories: true)
        if DriveDiscovery.find(environment: ["HEARTH_DRIVE_ROOTS": emptyRoot]).isEmpty {
            let none = try box.run(["backup", "--passphrase-file", box.passphraseFile], extra: ["HEARTH_DRIVE_ROOTS": emptyRoot])
            #expect(none.status == 66)
            #expect(none.stderr.contains("No removable drive was found"))
        } else {
            print("skipped the no-drive case: this machine has a removable drive mounted")
        }

        if let reason = FUSEDrive.unavailableReason(.exfat) {
            try Test.cancel("\(reason)")
        }
        let media = box.path("media")
        try FileManager.default.createDirectory(atPath: media, withIntermediateDirectories: true)
        let first = try FUSEDrive(.exfat, megabytes: 8, in: media)
        defer { first.close() }
        let second = try FUSEDrive(.fat32, megabytes: 40, in: media)
        defer { second.close() }
        let found = try box.run(["backup", "--passphrase-file", box.passphraseFile], extra: ["HEARTH_DRIVE_ROOTS": media])
        #expect(found.status == 64, "\(found.stderr)")
        #expect(found.stderr.contains(first.mountPoint) && found.stderr.contains(second.mountPoint))
        #expect(names(in: first.mountPoint).isEmpty && names(in: second.mountPoint).isEmpty, "nothing written")
        let listed = try box.run(["backup", "list", "--json"], extra: ["HEARTH_DRIVE_ROOTS": media])
        #expect(listed.status == 0)
        let entries = try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [Any]
        #expect(entries?.isEmpty == true, "both drives are listed, neither holds backups")
    }
}
