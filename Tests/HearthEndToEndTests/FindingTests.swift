import Foundation
import HearthTestSupport
import Testing

/// Listing with filters, and full-text search, through the binary.
@Suite(.ownThreads) struct FindingTests {
    /// A small practice: two people, six journal entries over six days, body check-ins.
    static func practice() throws -> (PracticeHarness, sam: String, ana: String, entries: [String]) {
        let h = try PracticeHarness(mode: .inProcess)
        let sam = try h.add("people", json: #"{"name": "Sam"}"#)
        let ana = try h.add("people", json: #"{"name": "Ana"}"#)
        var lines: [String] = []
        for day in 1...6 {
            let who = day % 2 == 0 ? sam : ana
            let feeling = day <= 3 ? "calm" : "lonely"
            let tag = day % 3 == 0 ? "work" : "home"
            let text = day == 5 ? "Day \(day): the lighthouse walk, safe with them" : "Day \(day): an ordinary evening at home"
            lines.append(#"{"text": "\#(text)", "feelings": ["\#(feeling)"], "people": ["\#(who)"], "tags": ["\#(tag)"], "starred": \#(day == 2 || day == 5), "at": "2026-04-0\#(day)T20:00:00+02:00"}"#)
        }
        let added = try h.run(["journal", "add", "--json"], stdin: lines.joined(separator: "\n"))
        guard added.status == 0 else { throw PracticeHarness.HarnessError.failed(added.err) }
        let body = [
            #"{"state": "activated", "activation": 7, "context": "before the lighthouse meeting", "at": "2026-04-02T09:00:00+02:00"}"#,
            #"{"state": "settled", "activation": 2, "at": "2026-04-03T09:00:00+02:00"}"#,
        ]
        _ = try h.run(["body", "add", "--json"], stdin: body.joined(separator: "\n"))
        _ = try h.add("belief", json: #"{"belief": "I will be a burden to them", "counter_belief": "They asked me to call"}"#)
        return (h, sam, ana, added.lines)
    }

    static func texts(_ items: [[String: Any]]) -> [String] {
        items.compactMap { ($0["preview"] as? String)?.components(separatedBy: ":").first }
    }

    @Test func filtersCombineWithAnd() throws {
        let (h, sam, _, _) = try Self.practice()
        #expect(Self.texts(try h.list("journal")) == (1...6).map { "Day \($0)" })
        #expect(Self.texts(try h.list("journal", ["-n", "2"])) == ["Day 5", "Day 6"])
        #expect(Self.texts(try h.list("journal", ["--since", "2026-04-03", "--until", "2026-04-04"])) == ["Day 3", "Day 4"])
        #expect(Self.texts(try h.list("journal", ["--on", "2026-04-05"])) == ["Day 5"])
        #expect(Self.texts(try h.list("journal", ["--person", String(sam.prefix(6))])) == ["Day 2", "Day 4", "Day 6"])
        #expect(Self.texts(try h.list("journal", ["--person", sam, "--feeling", "lonely"])) == ["Day 4", "Day 6"])
        #expect(Self.texts(try h.list("journal", ["--tag", "WORK"])) == ["Day 3", "Day 6"])
        #expect(Self.texts(try h.list("journal", ["--starred", "--feeling", "lonely"])) == ["Day 5"])
        #expect(try h.list("body", ["--state", "activated"]).count == 1)
        #expect(try h.list("people").compactMap { $0["preview"] as? String } == ["Ana", "Sam"])
        #expect(try h.run(["journal", "list", "--state", "settled"]).status == 64)
        #expect(try h.run(["people", "list", "--person", sam]).status == 64)
        #expect(try h.run(["journal", "list", "--since", "someday"]).status == 64)
        let plain = try h.run(["journal", "list", "-n", "1"])
        #expect(plain.lines.count == 1 && plain.out.contains("2026-04-06 20:00") && !plain.out.contains("ordinary evening at home\n\n"))
    }

    @Test func searchRanksFiltersAndReadsStdin() throws {
        let (h, _, _, entries) = try Self.practice()
        let hits = try #require(try h.run(["search", "lighthouse", "--json"]).json() as? [[String: Any]])
        #expect(Set(hits.compactMap { $0["kind"] as? String }) == ["journal", "body"])
        #expect(hits.allSatisfy { ($0["id"] as? String) != nil && ($0["snippet"] as? String)?.contains("lighthouse") == true })
        let fromStdin = try #require(try h.run(["search", "--json", "--kind", "journal"], stdin: "\"safe with them\"\n").json() as? [[String: Any]])
        #expect(fromStdin.map { $0["id"] as? String } == [entries[4]])
        let prefix = try #require(try h.run(["search", "burd*", "--json"]).json() as? [[String: Any]])
        #expect(prefix.map { $0["kind"] as? String } == ["belief"])
        let not = try #require(try h.run(["search", "lighthouse NOT meeting", "--json"]).json() as? [[String: Any]])
        #expect(not.map { $0["kind"] as? String } == ["journal"])
        let or = try #require(try h.run(["search", "burden OR lighthouse", "--json", "--since", "2026-04-03"]).json() as? [[String: Any]])
        #expect(Set(or.compactMap { $0["kind"] as? String }) == ["journal", "belief"])
        #expect(try h.run(["search", "\"unclosed"]).status == 64)
        let text = try h.run(["search", "ordinary", "-n", "2"])
        #expect(text.status == 0 && text.lines.count == 2)
    }

    /// A day given to --on, --since or --until is the day each record shows (its own written
    /// date), whatever zone this machine is in now: in Asia/Kolkata, an entry written at
    /// 21:30 in Paris on 24 Nov (20:30 UTC, 02:00 on 25 Nov in Kolkata) is shown as 24 Nov and
    /// is found on 24 Nov, not 25 Nov. Listing, search and insights agree.
    @Test func dayFiltersUseTheDayEachRecordShows() throws {
        let h = try PracticeHarness(mode: .inProcess)
        let lines = [
            #"{"text": "Paris evening by the river", "at": "2026-11-24T21:30:00+01:00"}"#,
            #"{"text": "Kolkata morning by the river", "at": "2026-11-25T08:00:00+05:30"}"#,
        ]
        let added = try h.run(["journal", "add", "--json"], stdin: lines.joined(separator: "\n"))
        #expect(added.status == 0)
        let kolkata = ["TZ": "Asia/Kolkata"]
        func listed(_ args: [String]) throws -> [String] {
            let result = try h.run(["journal", "list", "--json"] + args, env: kolkata)
            let items = try #require(try result.json() as? [[String: Any]])
            return items.compactMap { ($0["preview"] as? String)?.components(separatedBy: " ").first }
        }
        #expect(try listed(["--on", "2026-11-24"]) == ["Paris"])
        #expect(try listed(["--on", "2026-11-25"]) == ["Kolkata"])
        #expect(try listed(["--since", "2026-11-25"]) == ["Kolkata"])
        #expect(try listed(["--until", "2026-11-24"]) == ["Paris"])
        #expect(try listed(["--since", "2026-11-24", "--until", "2026-11-25"]) == ["Paris", "Kolkata"])
        // A time with hours is an instant: 01:00 on 25 Nov in Kolkata is 19:30 UTC on the 24th.
        #expect(try listed(["--since", "2026-11-25T01:00"]) == ["Paris", "Kolkata"])
        // The listing shows the day the filter used.
        let shown = try h.run(["journal", "list", "--on", "2026-11-24"], env: kolkata)
        #expect(shown.status == 0 && shown.out.contains("2026-11-24 21:30") && !shown.out.contains("Kolkata"))
        let found = try #require(try h.run(["search", "river", "--json", "--until", "2026-11-24"], env: kolkata).json() as? [[String: Any]])
        #expect(found.count == 1 && (found.first?["snippet"] as? String)?.contains("Paris") == true)
        let insights = try #require(try h.run(["insights", "--json", "--since", "2026-11-25"], env: kolkata).json() as? [String: Any])
        #expect(insights["records"] as? Int == 1 && insights["since"] as? String == "2026-11-25")
        #expect(try h.run(["insights", "--since", "2026-11-25", "--until", "2026-11-24"], env: kolkata).status == 64)
    }
}
