import Foundation

/// Backup file names: `hearth-20261124T213000Z-g42.hearth` (UTC time, the vault's save
/// number). Safe on FAT and exFAT: no `:`, plain ASCII, short. A second backup of the same
/// save in the same second gets `-2`, `-3`, ...
public enum BackupName {
    /// The folder backups go into on a drive.
    public static let folderName = "Hearth"
    public static let fileExtension = ".hearth"

    public static func make(date: Date, generation: UInt64, attempt: Int = 1) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        let stamp = String(
            format: "%04d%02d%02dT%02d%02d%02dZ", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday),
            Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec))
        let suffix = attempt > 1 ? "-\(attempt)" : ""
        return "hearth-\(stamp)-g\(generation)\(suffix)\(fileExtension)"
    }

    /// The time and save number in a backup's name, or nil for another name.
    public static func parse(_ name: String) -> (date: Date, generation: UInt64)? {
        guard let match = name.wholeMatch(
            of: /hearth-(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z-g(\d+)(?:-\d+)?\.hearth/.ignoresCase())
        else { return nil }
        var parts = tm()
        parts.tm_year = Int32(match.1)! - 1900
        parts.tm_mon = Int32(match.2)! - 1
        parts.tm_mday = Int32(match.3)!
        parts.tm_hour = Int32(match.4)!
        parts.tm_min = Int32(match.5)!
        parts.tm_sec = Int32(match.6)!
        guard let generation = UInt64(match.7) else { return nil }
        // A time Hearth could have written: timegm would quietly turn month 99 or 25 o'clock
        // into another date, so the parts must come back unchanged.
        let asked = (parts.tm_year, parts.tm_mon, parts.tm_mday, parts.tm_hour, parts.tm_min, parts.tm_sec)
        let seconds = timegm(&parts)
        guard asked == (parts.tm_year, parts.tm_mon, parts.tm_mday, parts.tm_hour, parts.tm_min, parts.tm_sec) else { return nil }
        return (Date(timeIntervalSince1970: TimeInterval(seconds)), generation)
    }

    /// True for the temporary file of an unfinished backup (AtomicFileWriter's naming:
    /// `.<final name>.tmp-<16 hex digits>`).
    public static func isTemporary(_ name: String) -> Bool {
        name.wholeMatch(of: /\.hearth-.*\.hearth\.tmp-[0-9a-f]{16}/) != nil
    }
}
