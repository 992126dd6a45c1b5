import Foundation
import HearthRecords

/// `import --json`: what an import did (or, with `--dry-run`, would do), one count per outcome.
public enum ImportJSON {
    /// `skipped`: each part of the source left out, by its place (`line 12`, a file's path) and
    /// why; never its text.
    public static func report(_ report: ImportReport, dryRun: Bool, skipped: [(place: String, reason: String)] = []) -> [String: Any] {
        [
            "added": report.added, "unchanged": report.unchanged, "updated": report.updated,
            "kept_newer": report.keptNewer, "skipped_deleted": report.skippedDeleted, "tombstones": report.tombstones,
            "unknown_time": report.unknownTime, "dated_now": report.datedNow, "unreadable_here": report.unreadableHere,
            "dry_run": dryRun,
            "skipped": skipped.map { ["place": $0.place, "reason": $0.reason] },
        ]
    }
}
