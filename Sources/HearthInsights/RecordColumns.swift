import Foundation
import GRDB
import HearthRecords

/// What insights need to know of every record, by its local row number (`seq`): its time in UTC and on the local calendar it was written in, the people it links, and whether it
/// is in scope. Built from one scan of `record` and one of `record_person`, so each section can
/// scan its own table once and join by `seq` here, instead of one B-tree lookup per row
/// (SQLite's only way to join, and most of the cost at 100k records).
struct RecordColumns {
    /// `seq` → position in the columns (seq values are dense unless many records were deleted).
    private let positions: SeqPositions
    let atUTC: [Int64]
    let offset: [Int32]
    let month: [Int32]
    let hour: [UInt8]
    /// Monday = 0.
    let weekday: [UInt8]
    /// The first and second linked person's seq (0: none); more in `morePeople`.
    private let firstPerson: [Int64]
    private let secondPerson: [Int64]
    private let morePeople: [Int: [Int64]]
    /// In the time window, not a person record, and linking the scope's person (if any).
    let inScope: [Bool]
    /// The months of the records in scope (`MonthKey`), or an empty range.
    let months: Range<Int32>
    /// The scope's person, when there is one.
    let personSeq: Int64?

    init(_ db: Database, scope: InsightsScope) throws {
        if let id = scope.personID {
            guard let seq = try Int64.fetchOne(db, sql: "SELECT seq FROM record WHERE id = ? AND kind = 'person'", arguments: [id])
            else { throw RecordsError.recordNotFound(id: id) }
            personSeq = seq
        } else {
            personSeq = nil
        }
        // Three queries, each answered without a scan (together they would need one).
        let low = try Int64.fetchOne(db, sql: "SELECT min(seq) FROM record") ?? 1
        let high = try Int64.fetchOne(db, sql: "SELECT max(seq) FROM record") ?? 0
        let count = try Int.fetchOne(db, sql: "SELECT count(*) FROM record") ?? 0
        var positions = SeqPositions(low: low, high: high, count: count)
        let size = positions.size
        if !positions.isDense {
            for (i, seq) in try Int64.fetchAll(db, sql: "SELECT seq FROM record ORDER BY seq").enumerated() { positions.sparse[seq] = i }
        }
        self.positions = positions
        // People are not records of the practice: they are never in scope.
        var isPerson = [Bool](repeating: false, count: size)
        var people = try RowScan(db, "SELECT seq FROM person")
        while try people.next() {
            if let i = positions[people.int(0)] { isPerson[i] = true }
        }
        let window = scope.window
        var atUTC = [Int64](repeating: 0, count: size)
        var offset = [Int32](repeating: 0, count: size)
        var month = [Int32](repeating: 0, count: size)
        var hour = [UInt8](repeating: 0, count: size)
        var weekday = [UInt8](repeating: 0, count: size)
        var inScope = [Bool](repeating: false, count: size)
        var records = try RowScan(db, "SELECT seq, at_utc, at FROM record")
        while try records.next() {
            guard let i = positions[records.int(0)] else { continue }
            let utc = records.int(1)
            atUTC[i] = utc
            let local = Self.localTime(records.bytes(2), utc: utc)
            offset[i] = local.offset
            month[i] = local.month
            hour[i] = local.hour
            weekday[i] = local.weekday
            inScope[i] = !isPerson[i] && window.contains(utc: utc, dayKey: local.dayKey)
        }
        // Most records link one or two people; a third and more go in a table.
        var firstPerson = [Int64](repeating: 0, count: size)
        var secondPerson = [Int64](repeating: 0, count: size)
        var morePeople: [Int: [Int64]] = [:]
        var links = try RowScan(db, "SELECT record_seq, person_seq FROM record_person")
        while try links.next() {
            guard let i = positions[links.int(0)] else { continue }
            let person = links.int(1)
            if firstPerson[i] == 0 {
                firstPerson[i] = person
            } else if secondPerson[i] == 0 {
                secondPerson[i] = person
            } else {
                morePeople[i, default: []].append(person)
            }
        }
        var lowMonth = Int32.max, highMonth = Int32.min
        for i in 0..<size where inScope[i] {
            if let personSeq, firstPerson[i] != personSeq, secondPerson[i] != personSeq, morePeople[i]?.contains(personSeq) != true {
                inScope[i] = false
                continue
            }
            lowMonth = min(lowMonth, month[i])
            highMonth = max(highMonth, month[i])
        }
        months = lowMonth <= highMonth ? lowMonth..<(highMonth + 1) : 0..<0
        self.atUTC = atUTC
        self.offset = offset
        self.month = month
        self.hour = hour
        self.weekday = weekday
        self.firstPerson = firstPerson
        self.secondPerson = secondPerson
        self.morePeople = morePeople
        self.inScope = inScope
    }

    /// The position of `seq`, or nil when there is no such record.
    func position(_ seq: Int64) -> Int? { positions[seq] }

    /// Calls `body` with each person the record at `i` links.
    func forEachPerson(_ i: Int, _ body: (Int64) -> Void) {
        guard firstPerson[i] != 0 else { return }
        body(firstPerson[i])
        guard secondPerson[i] != 0 else { return }
        body(secondPerson[i])
        if let more = morePeople[i] { more.forEach(body) }
    }

    /// True when insights are about one person and `person` is someone else.
    func excludes(person: Int64) -> Bool {
        if let personSeq { return person != personSeq }
        return false
    }

    /// The time of the record at `i`, as written.
    func time(_ i: Int) -> RecordTime {
        RecordTime(date: Date(timeIntervalSince1970: TimeInterval(atUTC[i])), offsetSeconds: Int(offset[i]))
    }

    /// The local calendar fields of an ISO 8601 time (`dayKey`: the day it is shown on, as
    /// `CalendarDay.key`) as `RecordTime.iso8601` writes it
    /// (`2026-03-01T09:30:00+01:00`), read from its bytes; anything else goes the slow way.
    static func localTime(_ b: UnsafeBufferPointer<UInt8>, utc: Int64) -> (offset: Int32, month: Int32, hour: UInt8, weekday: UInt8, dayKey: Int) {
        func digits(_ range: Range<Int>) -> Int? {
            var value = 0
            for i in range {
                let d = Int(b[i]) - 48
                guard d >= 0, d <= 9 else { return nil }
                value = value * 10 + d
            }
            return value
        }
        var local: (year: Int, month: Int, day: Int, hour: Int, offset: Int)?
        if b.count == 20 || b.count == 25, b[10] == UInt8(ascii: "T"),
           let year = digits(0..<4), let month = digits(5..<7), let day = digits(8..<10), let hour = digits(11..<13) {
            var offset = 0
            if b.count == 25, let h = digits(20..<22), let m = digits(23..<25) {
                offset = (h * 3600 + m * 60) * (b[19] == UInt8(ascii: "-") ? -1 : 1)
            }
            local = (year, month, day, hour, offset)
        }
        if local == nil {
            // Not the canonical shape (never written by Hearth, but be lenient): use the UTC
            // offset the text names, and the calendar from UTC seconds.
            let text = String(decoding: b, as: UTF8.self)
            let offset = RecordTime.offset(in: text) ?? 0
            var seconds = time_t(utc) &+ time_t(offset)  // a stored value is untrusted: wrap, never trap
            var parts = tm()
            gmtime_r(&seconds, &parts)
            local = (Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday), Int(parts.tm_hour), offset)
        }
        let l = local!
        let days = daysFromCivil(year: l.year, month: l.month, day: l.day)
        // 1970-01-01 was a Thursday: Monday = 0 puts it at 3.
        let weekday = ((days % 7) + 7 + 3) % 7
        return (Int32(l.offset), MonthKey.make(year: l.year, month: l.month), UInt8(clamping: l.hour), UInt8(weekday),
                l.year * 10_000 + l.month * 100 + l.day)
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}

/// Where a `seq` sits in the columns: `seq - low` when the numbers are dense enough, else a
/// lookup table (a vault with many deleted records, or rows numbered by hand).
struct SeqPositions {
    let low: Int64
    let count: Int
    let isDense: Bool
    var sparse: [Int64: Int] = [:]

    init(low: Int64, high: Int64, count: Int) {
        self.low = low
        self.count = count
        let span = high >= low ? high - low + 1 : 0
        isDense = span <= Int64(count) * 4 + 65_536
        denseSize = isDense ? Int(span) : count
    }

    private let denseSize: Int
    var size: Int { denseSize }

    subscript(seq: Int64) -> Int? {
        if isDense {
            let i = seq - low
            return i >= 0 && i < Int64(denseSize) ? Int(i) : nil
        }
        return sparse[seq]
    }
}
