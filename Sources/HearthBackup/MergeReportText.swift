import Foundation
import HearthRecords

/// A merge's report as `hearth merge` prints it: lines for people, an object for `--json`.
extension MergeReport {
    /// What `hearth merge` prints, a line per record that came over, or was kept or not applied.
    public var lines: [String] {
        let report = self
        func row(_ action: String, _ kind: RecordKind, _ id: String, _ note: String = "") -> String {
            let padded = action.padding(toLength: 9, withPad: " ", startingAt: 0)
            let kindText = kind.rawValue.padding(toLength: 11, withPad: " ", startingAt: 0)
            return "\(padded) \(kindText) \(id)" + (note.isEmpty ? "" : "  " + note)
        }
        var lines: [String] = []
        lines += report.added.map { row("added", $0.kind, $0.id) }
        lines += report.updated.map { row("updated", $0.kind, $0.id) }
        lines += report.deleted.map { row("deleted", $0.kind, $0.id) }
        let notReplaced = Set(report.notReplaced.map(\.id)), unknownTime = Set(report.unknownTime.map(\.id))
        lines += report.conflicts.map {
            let note = notReplaced.contains($0.original)
                ? "changed on the other copy: kept beside yours as \($0.copy), not replacing it (only adding from it)"
                : unknownTime.contains($0.original)
                    ? "deleted here; the other copy's change is dated more than a day ahead: kept as \($0.copy)"
                    : $0.originalDeleted
                        ? "deleted here, changed there later: the other version kept as \($0.copy)"
                        : "changed on both sides: the other version kept as \($0.copy)"
            return row("conflict", $0.kind, $0.original, note)
        }
        lines += report.keptChangedAfterDeletion.map { row("kept", $0.kind, $0.id, "changed here after the other copy deleted it") }
        lines += report.stayedDeleted.map { row("deleted", $0.kind, $0.id, "stays deleted: deleted here after the other copy's change") }
        lines += report.notDeleted.map { row("kept", $0.kind, $0.id, "deleted on the other copy; not applied (only adding from it)") }
        lines += report.notBroughtBack.map {
            row("deleted", $0.kind, $0.id, "stays deleted: deleted here, still on the other copy (only adding from it)")
        }
        lines += report.fromUntrustedCopy.map { row("untrusted", $0.kind, $0.id, "came in from the other copy: tagged \(RecordMerge.untrustedTag)") }
        lines += report.datedNow.map { row("dated", $0.kind, $0.id, "its time was more than a day ahead: stored dated now") }
        let copied = Set(report.conflicts.map(\.original))
        lines += report.unknownTime.filter { !copied.contains($0.id) }.map {
            row("kept", $0.kind, $0.id, "deleted on the other copy at a time more than a day in the future: not applied")
        }
        return lines
    }

    /// `merge --json` (and each copy's `merge` of `merge --conflicts --json`).
    public func object(dryRun: Bool) -> [String: Any] {
        let report = self
        func entries(_ list: [MergeReport.Entry]) -> [[String: String]] { list.map { ["kind": $0.kind.rawValue, "id": $0.id] } }
        return [
            "added": entries(report.added), "updated": entries(report.updated), "deleted": entries(report.deleted),
            "conflicts": report.conflicts.map {
                ["kind": $0.kind.rawValue, "original_id": $0.original, "copy_id": $0.copy, "original_exists": !$0.originalDeleted] as [String: Any]
            },
            "kept_changed_after_deletion": entries(report.keptChangedAfterDeletion),
            "stayed_deleted": entries(report.stayedDeleted), "dropped_links": entries(report.droppedLinks),
            "tombstones_noted": report.tombstonesNoted, "unchanged": report.unchanged,
            "saved": report.changedSomething && !dryRun, "dry_run": dryRun,
            "only_added": report.onlyAdded, "not_replaced": entries(report.notReplaced),
            "not_deleted": entries(report.notDeleted), "unknown_time": entries(report.unknownTime),
            "not_brought_back": entries(report.notBroughtBack), "from_untrusted_copy": entries(report.fromUntrustedCopy),
            "dated_now": entries(report.datedNow),
        ]
    }
}
