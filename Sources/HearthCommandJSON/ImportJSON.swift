import Foundation
import HearthRecords

/// `import --json`: what an import did (or, with `--dry-run`, would do), one count per outcome.
public enum ImportJSON {
    public static func report(_ report: ImportReport, dryRun: Bool) -> [String: Any] {
        [
            "added": report.added, "unchanged": report.unchanged, "updated": report.updated,
            "kept_newer": report.keptNewer, "skipped_deleted": report.skippedDeleted, "tombstones": report.tombstones,
            "unknown_time": report.unknownTime, "dated_now": report.datedNow, "unreadable_here": report.unreadableHere,
            "dry_run": dryRun,
        ]
    }
}
