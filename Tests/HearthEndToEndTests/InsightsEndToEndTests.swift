import Foundation
import HearthTestSupport
import Testing

/// `hearth insights` and `hearth people due/snooze` through the binary, on records added with
/// `add --json` (JSON Lines on stdin: no record text on argv).
@Suite(.ownThreads) struct InsightsEndToEndTests {
    /// An ISO 8601 time `days` ago (UTC, as the harness runs with TZ=UTC), at `hour`.
    static func ago(_ days: Int, hour: Int = 18) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let day = calendar.startOfDay(for: Date().addingTimeInterval(-Double(days) * 86_400))
        let formatter = ISO8601DateFormatter()
        return formatter.string(from: day.addingTimeInterval(Double(hour) * 3600))
    }

    /// Sam: four connections, activation 2 lower each time; Ana: two (too few to tell);
    /// Kai: a rhythm and nothing written down for 40 days. Returns the ids by name.
    static func practice(_ h: PracticeHarness) throws -> [String: String] {
        let people = try h.run(["people", "add", "--json"], stdin: """
            {"name": "Sam", "roles": ["friend"], "check_in_days": 7, "at": "\(ago(60))"}
            {"name": "Ana", "roles": ["therapist"], "check_in_days": 30, "at": "\(ago(60))"}
            {"name": "Kai", "check_in_days": 14, "at": "\(ago(40))"}
            {"name": "Lee", "at": "\(ago(60))"}
            """)
        try #require(people.status == 0, "\(people.err)")
        let ids = Dictionary(uniqueKeysWithValues: zip(["Sam", "Ana", "Kai", "Lee"], people.lines))
        var connections: [String] = []
        for (i, days) in [30, 24, 17, 10].enumerated() {
            connections.append("""
                {"people": ["\(ids["Sam"]!)"], "at": "\(ago(days))", "safety": 2, "activation_before": \(6 + i % 2), \
                "activation_after": \(4 + i % 2), "state_after": "settled", "share_depth": \(1 + i), "response": "attuned", \
                "support_received": ["listening"], "shared": "a small true thing"}
                """)
        }
        for days in [5, 3] {
            connections.append("""
                {"people": ["\(ids["Ana"]!)"], "at": "\(ago(days))", "activation_before": 8, "activation_after": 3, "support_given": ["company"]}
                """)
        }
        try #require(try h.run(["connect", "add", "--json"], stdin: connections.joined(separator: "\n")).status == 0)
        let body = (0..<4).map { day in
            """
            {"state": "activated", "activation": 7, "activation_after": 4, "at": "\(ago(day + 1, hour: 20))", \
            "helped": [{"strategy": "long exhale", "effect": 2}], "feelings": ["tense"]}
            """
        }.joined(separator: "\n")
        try #require(try h.run(["body", "add", "--json"], stdin: body).status == 0)
        let belief = """
            {"belief": "I'll be a burden", "counter_belief": "People who care want to know", "ratings": [\
            {"at": "\(ago(30))", "believability": 80, "counter_believability": 20}, \
            {"at": "\(ago(20))", "believability": 60, "counter_believability": 40}, \
            {"at": "\(ago(10))", "believability": 40, "counter_believability": 60}]}
            """
        try #require(try h.run(["belief", "add", "--json"], stdin: belief).status == 0)
        return ids
    }

    @Test func insightsJSONFindsWhatWasWrittenAndWithholdsTooFew() throws {
        let h = try PracticeHarness(mode: .inProcess)
        let ids = try Self.practice(h)
        let result = try h.run(["insights", "--json"])
        #expect(result.status == 0, "\(result.err)")
        let json = try #require(try result.json() as? [String: Any])
        let withWhom = try #require(json["with_whom"] as? [[String: Any]])
        let sam = try #require(withWhom.first { $0["name"] as? String == "Sam" })
        #expect(sam["person_id"] as? String == ids["Sam"])
        #expect(sam["n"] as? Int == 4)
        #expect(sam["activation_change"] as? Double == -2)
        let ana = try #require(withWhom.first { $0["name"] as? String == "Ana" })
        #expect(ana["n"] as? Int == 2)
        #expect(ana["activation_change"] is NSNull)
        #expect(ana["activation_change_n"] as? Int == 2)
        #expect(withWhom.count == 2)
        let beliefs = try #require(json["beliefs"] as? [[String: Any]])
        #expect(beliefs.first?["believability_change"] as? Double == -40)
        let body = try #require(json["body"] as? [[String: Any]])
        #expect(body.first?["strategy"] as? String == "long exhale" && body.first?["activation_change"] as? Double == -3)
    }

    @Test func insightsOnTheTerminalSpeakPlainly() throws {
        let h = try PracticeHarness(mode: .inProcess)
        let ids = try Self.practice(h)
        let text = try h.run(["insights"])
        #expect(text.status == 0, "\(text.err)")
        #expect(text.out.contains("After time with Sam your activation was on average 2 points lower (4 times)."))
        #expect(text.out.contains("With Ana, how your body feels afterwards: too few to tell yet (2 times)."))
        #expect(text.out.contains("\"I'll be a burden\" has softened: from 80 to 40 over 3 ratings."))
        // Not a terminal: no colour codes. --ascii: nothing but ASCII (the names here are ASCII too).
        #expect(!text.out.contains("\u{1B}["))
        let ascii = try h.run(["insights", "--ascii"])
        #expect(ascii.status == 0 && ascii.out.utf8.allSatisfy { $0 < 0x80 })
        #expect(ascii.out.contains("#"))
        // One person: only what involves them.
        let one = try h.run(["insights", "--person", String(ids["Sam"]!.prefix(6)), "--json"])
        let json = try #require(try one.json() as? [String: Any])
        #expect((json["with_whom"] as? [[String: Any]])?.compactMap { $0["name"] as? String } == ["Sam"])
        #expect((json["beliefs"] as? [Any])?.isEmpty == true)
        // A window that ends before it begins is a usage error; one with nothing in it says so.
        #expect(try h.run(["insights", "--since", "2d", "--until", "3d"]).status == 64)
        let later = try h.run(["insights", "--since", Self.ago(-3)])
        #expect(later.status == 0 && later.out.contains("Nothing in this time or for this person yet."))
        // Someone who is not there.
        #expect(try h.run(["insights", "--person", "nobody-at-all"]).status == 66)
    }

    @Test func colourOnlyOnATerminalWithoutNoColor() throws {
        let h = try PracticeHarness(mode: .inProcess)
        _ = try Self.practice(h)
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/script") else {
            try Test.cancel("util-linux `script` is missing, so there is no terminal to test on")
        }
        let command = "'\(PracticeHarness.binary)' insights"
        // Compared as bytes: the terminal ends lines with CR LF, which String treats as one character.
        func has(_ output: String, _ needle: String) -> Bool { Array(output.utf8).firstRange(of: Array(needle.utf8)) != nil }
        let onTerminal = try h.runProgram("/usr/bin/script", ["-qec", command, "/dev/null"], env: ["TERM": "xterm"], removing: ["HEARTH_NO_TTY"])
        #expect(onTerminal.status == 0, "\(onTerminal.err)")
        #expect(has(onTerminal.out, "\u{1B}[1mWith whom you settle"))
        // A name with a terminal escape in it is shown, not obeyed, even among the colours.
        let eve = try h.add("people", json: #"{"name": "Eve\u001b]0;owned\u0007"}"#)
        try #require(try h.run(["connect", "add", "--json"], stdin: #"{"people": ["\#(eve)"], "activation_before": 5, "activation_after": 5}"#).status == 0)
        let named = try h.runProgram("/usr/bin/script", ["-qec", command, "/dev/null"], env: ["TERM": "xterm"], removing: ["HEARTH_NO_TTY"])
        #expect(has(named.out, "Eve^[]0;owned^G") && !has(named.out, "\u{1B}]0;"))
        for value in ["1", ""] {
            let plain = try h.runProgram(
                "/usr/bin/script", ["-qec", command, "/dev/null"], env: ["TERM": "xterm", "NO_COLOR": value], removing: ["HEARTH_NO_TTY"])
            #expect(has(plain.out, "With whom you settle") && !has(plain.out, "\u{1B}["), "NO_COLOR=\(value)")
        }
    }

    @Test func peopleDueIsAnInvitationThatCanRest() throws {
        let h = try PracticeHarness(mode: .inProcess)
        let ids = try Self.practice(h)
        // Sam: last connection 10 days ago, rhythm 7 → due. Ana: 3 days ago, rhythm 30 → not.
        // Kai: added 40 days ago, rhythm 14, never met → due. Lee: no rhythm → never listed.
        // Whole days since 18:00 UTC ten days ago: 10 after 18:00 UTC, 9 before (the test must not
        // depend on the hour it runs at).
        let tenDaysAgo = try #require(ISO8601DateFormatter().date(from: Self.ago(10)))
        let days = Int(Date().timeIntervalSince(tenDaysAgo) / 86_400)
        let due = try h.run(["people", "due", "--json"])
        #expect(due.status == 0, "\(due.err)")
        let list = try #require(try due.json() as? [[String: Any]])
        #expect(list.compactMap { $0["name"] as? String } == ["Kai", "Sam"])
        let sam = try #require(list.first { $0["name"] as? String == "Sam" })
        #expect(sam["person_id"] as? String == ids["Sam"])
        #expect(sam["check_in_days"] as? Int == 7)
        #expect(sam["days_since_contact"] as? Int == days && (9...10).contains(days))
        #expect(list.first?["last_contact"] is NSNull)
        let text = try h.run(["people", "due"])
        #expect(text.out.contains("You might like to reach out to:"))
        #expect(text.out.contains("last connected \(days) days ago"))
        #expect(text.out.contains("no connection written down yet"))
        for word in ["overdue", "missed", "late", "behind"] { #expect(!(text.out + text.err).lowercased().contains(word)) }
        // `people list --due` agrees.
        #expect(try h.list("people", ["--due"]).compactMap { $0["id"] as? String }.sorted() == [ids["Kai"]!, ids["Sam"]!].sorted())

        // Snoozing lets an invitation rest; 0s ends the rest.
        let snooze = try h.run(["people", "snooze", String(ids["Sam"]!.prefix(8)), "2d"])
        #expect(snooze.status == 0, "\(snooze.err)")
        #expect(!snooze.err.contains("Sam"))
        #expect(try (h.run(["people", "due", "--json"]).json() as? [[String: Any]])?.compactMap { $0["name"] as? String } == ["Kai"])
        #expect(try h.show("people", ids["Sam"]!)["snoozed_until"] is String)
        #expect(try h.run(["people", "snooze", ids["Sam"]!, "0s"]).status == 0)
        #expect(try (h.run(["people", "due", "--json"]).json() as? [[String: Any]])?.count == 2)
        // Durations as CLI.md writes them; anything else is a usage error.
        #expect(try h.run(["people", "snooze", ids["Kai"]!, "2w"]).status == 64)
        #expect(try h.run(["people", "snooze", ids["Lee"]!, "90s"]).status == 0)
        #expect(try h.run(["people", "snooze", "nobody-at-all", "1d"]).status == 66)
    }
}
