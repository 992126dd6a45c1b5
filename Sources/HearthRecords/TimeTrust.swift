import Foundation

/// Times written by another copy or an import file (`updated_at`, `deleted_at`) decide what
/// replaces or deletes what only when they are plausible: more than a day ahead of this clock
/// they are "unknown" (a wrong clock, or a file written to win every comparison), and then both
/// versions are kept rather than one replacing or deleting the other. A day covers time zones
/// and clocks that are somewhat off.
public enum TimeTrust {
    public static let futureTolerance: TimeInterval = 24 * 60 * 60

    /// `time` when it is no more than a day ahead of `now`; nil when it is further ahead or absent.
    public static func known(_ time: Date?, now: Date) -> Date? {
        guard let time, time.timeIntervalSince(now) <= futureTolerance else { return nil }
        return time
    }

    /// The same for a stored ISO 8601 text (nil when it does not parse either).
    public static func known(_ text: String, now: Date) -> Date? {
        known(RecordTime(iso8601: text)?.date, now: now)
    }

    /// `record` with a `created_at` or `updated_at` more than a day ahead of `now` set to `now`
    /// (its own offset kept), and whether anything was changed. A record kept from another copy
    /// or an import file must not carry a time that would count as "later" in every comparison
    /// to come.
    public static func clamped(_ record: AnyRecord, now: Date) -> (record: AnyRecord, changed: Bool) {
        var record = record
        var changed = false
        func fix(_ time: inout RecordTime) {
            guard known(time.date, now: now) == nil else { return }
            time = RecordTime(date: now, offsetSeconds: time.offsetSeconds)
            changed = true
        }
        fix(&record.common.createdAt)
        fix(&record.common.updatedAt)
        return (record, changed)
    }
}
