import Foundation
import HearthRecords
import HearthRunContext

extension HearthClock {
    /// Now as a record keeps it: whole seconds, with this clock's UTC offset.
    public func recordNow() -> RecordTime {
        let date = now()
        return RecordTime(date: Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down)),
                          offsetSeconds: timeZone.secondsFromGMT(for: date))
    }

    /// The clock of the run in progress.
    static var current: HearthClock { HearthContext.current.clock }
}
