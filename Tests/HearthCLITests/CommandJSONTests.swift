import Foundation
import HearthCommandJSON
import Testing

/// The one date form and the two listing forms of Docs/JSON.md.
@Suite struct CommandJSONTests {
    @Test func datesCarryTheOffsetOfTheZoneGiven() throws {
        let date = Date(timeIntervalSince1970: 1_780_000_000)  // 2026-05-28T20:26:40Z
        #expect(JSONDate.string(date, in: try #require(TimeZone(identifier: "UTC"))) == "2026-05-28T20:26:40Z")
        #expect(JSONDate.string(date, in: try #require(TimeZone(identifier: "Europe/Berlin"))) == "2026-05-28T22:26:40+02:00")
        #expect(JSONDate.string(date, in: try #require(TimeZone(identifier: "America/St_Johns"))) == "2026-05-28T17:56:40-02:30")
        // A time Hearth cannot print is null, never a made-up word.
        #expect(JSONDate.value(Date(timeIntervalSince1970: -1e14), in: .current) is NSNull)
        #expect(JSONDate.value(nil, in: .current) is NSNull)
    }

    @Test func aListingIsOneArrayOrOneObjectALine() throws {
        let items: [Any] = [["slot": 0, "type": "passphrase"], ["slot": 1, "type": "recovery"]]
        let lines = try JSONText.listing(items, lines: true)
        #expect(lines == #"{"slot":0,"type":"passphrase"}"# + "\n" + #"{"slot":1,"type":"recovery"}"# + "\n")
        let array = try JSONText.listing(items, lines: false)
        #expect(array.hasPrefix("[") && array.hasSuffix("]\n") && array.contains("\"slot\" : 1"))
        #expect(try JSONText.listing([], lines: true) == "")
        #expect(try JSONText.listing([], lines: false) == "[\n\n]\n")
    }
}
