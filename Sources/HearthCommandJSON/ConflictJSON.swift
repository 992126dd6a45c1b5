import Foundation
import HearthBackup
import HearthRecords

/// Conflicts (a record kept twice) as `conflicts --json` lists them, and conflict copies (files
/// a sync tool left beside the vault) as `merge --conflicts --json` reports them.
public enum ConflictJSON {
    /// One element of `conflicts --json`. `kind` is null when neither version can be read;
    /// `original_exists` is false when the original was deleted here (or cannot be read).
    public static func entry(_ link: ConflictLink, kind: RecordKind?, originalExists: Bool) -> [String: Any] {
        [
            "copy_id": link.copyID, "original_id": link.originalID, "origin": link.origin.rawValue,
            "noted_at": link.notedAt, "kind": kind?.rawValue ?? NSNull(), "original_exists": originalExists,
        ]
    }

    /// One conflict copy that opened and was merged: its path, whether it was removed, why it
    /// was kept otherwise, and its merge (as `merge --json` reports one).
    public static func mergedCopy(
        _ copy: ConflictCopy, removed: Bool, keptBecause: String?, merge: MergeReport, dryRun: Bool
    ) -> [String: Any] {
        var entry: [String: Any] = [
            "path": copy.path, "tool": copy.tool.rawValue, "merged": true, "removed": removed,
            "merge": merge.object(dryRun: dryRun),
        ]
        if let keptBecause { entry["kept_because"] = keptBecause }
        return entry
    }

    /// A conflict copy left as it was because it did not open (or was damaged).
    public static func leftCopy(_ copy: ConflictCopy) -> [String: Any] {
        ["path": copy.path, "tool": copy.tool.rawValue, "merged": false, "removed": false, "kept_because": "did_not_open"]
    }

    /// `merge --conflicts --json`: every copy, whether the vault was saved, whether it was a dry run.
    public static func mergeConflicts(copies: [[String: Any]], saved: Bool, dryRun: Bool) -> [String: Any] {
        ["copies": copies, "saved": saved, "dry_run": dryRun]
    }
}
