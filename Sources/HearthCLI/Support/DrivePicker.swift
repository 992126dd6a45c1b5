import Foundation
import HearthBackup
import HearthMessages

/// Chooses where a backup goes when no destination is given: the mounted drives
/// (`DriveDiscovery`), confirmed or chosen on the terminal.
enum DrivePicker {
    /// One drive: confirmed on a terminal. Several: chosen on a terminal. Without a terminal:
    /// exit 64 listing them. None: exit 66 saying so.
    /// `notHolding`: a vault whose own drive is left out (a backup there is lost with it).
    static func choose(purpose: String, notHolding vaultPath: String? = nil) throws -> String {
        let found = DriveDiscovery.find(environment: Environment.all)
        let own = vaultPath.flatMap { DriveDiscovery.drive(holding: $0, among: found) }
        let drives = found.filter { $0 != own }
        if drives.isEmpty, let own { throw CLIFailure(.notFound, .onlyDriveHoldsVault(drive: own.mountPoint)) }
        guard !drives.isEmpty else {
            throw CLIFailure(.notFound, .noDriveFound(
                roots: DriveDiscovery.roots(environment: Environment.all).joined(separator: ", "), purpose: purpose))
        }
        guard Console.hasTerminal else {
            throw CLIFailure(.usage, .drivesNoTerminal(count: drives.count, purpose: purpose, list: list(drives)))
        }
        if drives.count == 1 {
            let drive = drives[0]
            guard Console.confirm(.backUpTo(describe(drive)), defaultYes: true) else {
                throw CLIFailure(.refused, .nothingWritten)
            }
            return drive.mountPoint
        }
        Console.message(.drivesFound(list(drives)))
        guard let answer = Terminal.readLine(prompt: .whichDrive(count: drives.count)),
              let number = Int(answer.trimmingCharacters(in: .whitespaces)), (1...drives.count).contains(number)
        else {
            throw CLIFailure(.refused, .noDriveChosen)
        }
        return drives[number - 1].mountPoint
    }

    static func list(_ drives: [Mount]) -> String {
        drives.enumerated().map { "  \($0.offset + 1). \(describe($0.element))" }.joined(separator: "\n")
    }

    static func describe(_ drive: Mount) -> String {
        var text = drive.mountPoint
        var facts = [fileSystemName(drive)]
        var info = statvfs()
        if statvfs(drive.mountPoint, &info) == 0 {
            let free = UInt64(info.f_bavail) * UInt64(info.f_frsize)
            facts.append("\(BackupFailures.megabytes(free)) free")
        }
        text += " (" + facts.joined(separator: ", ") + ")"
        return text
    }

    static func fileSystemName(_ drive: Mount) -> String {
        if drive.isFAT { return "FAT" }
        if drive.fsType.contains("exfat") { return "exFAT" }
        if drive.fsType == "fuseblk" { return drive.source }
        return drive.fsType
    }
}
