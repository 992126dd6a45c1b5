import Foundation
import HearthRecords

/// The one form of a date in Hearth's JSON: ISO 8601 to the second with the offset of the time
/// zone given (`2026-11-24T21:30:00+01:00`, `Z` at UTC), as record times are printed.
public enum JSONDate {
    /// `date` at its offset in `zone`; nil for a time Hearth cannot print (outside years 1-9999).
    public static func string(_ date: Date, in zone: TimeZone) -> String? {
        let offset = RecordTime.wholeMinutes(zone.secondsFromGMT(for: date))
        guard let time = RecordTime(validating: date, offsetSeconds: offset) else { return nil }
        return time.iso8601
    }

    /// The same, or JSON null.
    public static func value(_ date: Date?, in zone: TimeZone) -> Any {
        date.flatMap { string($0, in: zone) } ?? NSNull()
    }
}
