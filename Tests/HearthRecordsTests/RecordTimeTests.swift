import Foundation
import HearthRecords
import Testing

@Suite struct RecordTimeTests {
    @Test(arguments: [0, 3600, -18000, 19800, 45900])
    func formatsAndParsesWithOffset(offset: Int) throws {
        let time = RecordTime(date: Date(timeIntervalSince1970: 1_764_019_800), offsetSeconds: offset)
        let text = time.iso8601
        let parsed = try #require(RecordTime(iso8601: text))
        #expect(parsed == time)
        // The same instant as Foundation reads it.
        let foundation = ISO8601DateFormatter().date(from: text)
        #expect(foundation == time.date)
    }

    @Test func knownText() {
        let time = RecordTime(date: Date(timeIntervalSince1970: 1_764_019_800), offsetSeconds: 3600)
        #expect(time.iso8601 == "2025-11-24T22:30:00+01:00")
        #expect(RecordTime(iso8601: "2025-11-24T21:30:00Z")?.date == time.date)
        #expect(RecordTime(iso8601: "2025-11-24T21:30:00.250Z") != nil)
        #expect(RecordTime(iso8601: "not a date") == nil)
    }
}

@Suite struct TypedDateTests {
    let now = Date(timeIntervalSince1970: 1_764_019_800)  // 2025-11-24T21:30:00Z
    let berlin = TimeZone(identifier: "Europe/Berlin")!

    @Test func offsetWithoutSecondsKeepsItsOffset() throws {
        let time = try #require(RecordTime.parse("2026-11-25T08:05+01:00", now: now, timeZone: berlin))
        #expect(time.offsetSeconds == 3600)
        #expect(time.iso8601 == "2026-11-25T08:05:00+01:00")
    }

    @Test func localTimesAndWords() throws {
        #expect(RecordTime.parse("2026-11-24T21:30", now: now, timeZone: berlin)?.iso8601 == "2026-11-24T21:30:00+01:00")
        #expect(RecordTime.parse("3d", now: now, timeZone: berlin)?.date == now.addingTimeInterval(-3 * 86400))
        #expect(RecordTime.parse("yesterday", now: now, timeZone: berlin)?.iso8601 == "2025-11-23T00:00:00+01:00")
        #expect(RecordTime.parse("someday", now: now, timeZone: berlin) == nil)
    }
}
