import Foundation
import HearthTestSupport
import Testing

/// `hearth summary` (the page for a therapist) and `insights --evidence`, on records added with
/// `add --json`.
@Suite(.ownThreads) struct SummaryEndToEndTests {
    static let picked = "Said it out loud </div><script>alert(1)</script>"
    static let other = "Not for the page"

    /// The practice of `InsightsEndToEndTests`, and two journal entries: returns the picked one's id.
    static func practice(_ h: PracticeHarness) throws -> (ids: [String: String], picked: String) {
        let ids = try InsightsEndToEndTests.practice(h)
        let journal = try h.run(["journal", "add", "--json"], stdin: """
            {"text": "\(picked)", "feelings": ["brave"]}
            {"text": "\(other)"}
            """)
        try #require(journal.status == 0, "\(journal.err)")
        return (ids, journal.lines[0])
    }

    @Test func writesOnlyWhatWasChosenWithExportsCare() throws {
        let h = try PracticeHarness(mode: .inProcess)
        let (_, picked) = try Self.practice(h)
        let page = h.runtime + "/page.html"
        let args = ["summary", "--sections", "with_whom,beliefs", "--entries", String(picked.prefix(8)), "--format", "html", "--output", page]
        let made = try h.run(args)
        #expect(made.status == 0, "\(made.err)")
        #expect(made.err.contains("not encrypted") && made.err.contains("The page is in \(page)."))
        let html = try String(contentsOfFile: page, encoding: .utf8)
        #expect(html.contains("With whom you settle") && html.contains("Beliefs") && !html.contains("Sharing a little at a time"))
        #expect(html.contains("Said it out loud &lt;/div&gt;&lt;script&gt;") && !html.contains("<script"))
        #expect(!html.contains(Self.other))
        let mode = try FileManager.default.attributesOfItem(atPath: page)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        // Never over an existing file.
        let again = try h.run(args)
        #expect(again.status == 73)
        #expect(try String(contentsOfFile: page, encoding: .utf8) == html)
    }

    @Test func stdoutEverySectionWithDataAndUsageErrors() throws {
        let h = try PracticeHarness(mode: .inProcess)
        _ = try Self.practice(h)
        let markdown = try h.run(["summary", "--format", "markdown", "--output", "-"])
        #expect(markdown.status == 0, "\(markdown.err)")
        // No terminal and no --sections: every section that has something to show, no entries.
        #expect(markdown.out.hasPrefix("# What I noticed between sessions\n"))
        for title in ["With whom you settle", "Sharing a little at a time", "What helps your body", "Beliefs", "Naming feelings"] {
            #expect(markdown.out.contains("## \(title)\n"), "\(title)")
        }
        #expect(!markdown.out.contains("Rupture and repair") && !markdown.out.contains(Self.other))
        let unknown = try h.run(["summary", "--sections", "body,when", "--format", "html", "--output", "-"])
        #expect(unknown.status == 64 && unknown.err.contains("2nd word of --sections"), "\(unknown.err)")
        #expect(try h.run(["summary", "--entries", ",", "--format", "html", "--output", "-"]).status == 64)
        #expect(try h.run(["summary", "--format", "html"]).status == 64)
    }

    @Test func evidenceOnlyWhenAsked() throws {
        let h = try PracticeHarness(mode: .inProcess)
        let (ids, _) = try Self.practice(h)
        let insights = try h.run(["insights"])
        #expect(insights.status == 0 && !insights.out.contains("small share"))
        let evidence = try h.run(["insights", "--evidence"])
        #expect(evidence.status == 0, "\(evidence.err)")
        #expect(evidence.out.contains("4 of 4 small shares with Sam were met with attunement, the deepest 4 of 5"), "\(evidence.out)")
        let json = try #require(try h.run(["insights", "--evidence", "--json"]).json() as? [String: Any])
        let people = try #require(json["people"] as? [[String: Any]])
        #expect(people.first?["name"] as? String == "Sam" && people.first?["shares"] as? Int == 4)
        let ana = try h.run(["insights", "--evidence", "--person", ids["Ana"]!])
        #expect(ana.out.contains("No small shares or ruptures in this time or with this person."), "\(ana.out)")
    }

    /// On a terminal with no --sections: section by section, then what the page will hold.
    @Test func asksSectionBySectionOnATerminal() throws {
        guard KeysTerminal.available else { try Test.cancel("`script` is needed for a pseudo-terminal") }
        let h = try PracticeHarness(mode: .binary)
        _ = try Self.practice(h)
        let page = h.runtime + "/asked.md"
        var env = h.environment()
        env["HEARTH_NO_TTY"] = nil
        let t = try KeysTerminal(arguments: ["summary", "--format", "markdown", "--output", page], environment: env)
        let first = try t.answer("Include \"With whom you settle\"?", with: "y")
        #expect(first.contains("After time with Sam your activation was on average 2 points lower"))
        try t.answer("Include \"Sharing a little at a time\"?", with: "n")
        let body = try t.answer("Include \"What helps your body\"?", with: "n")
        #expect(body.contains("\"Rupture and repair\": nothing written down for this time yet"))
        try t.answer("Include \"Beliefs\"?", with: "")
        try t.answer("Include \"Naming feelings\"?", with: "no")
        let holds = try t.answer("Write the page?", with: "y")
        #expect(holds.contains("The page will hold: With whom you settle, Beliefs; and no entries."))
        // That it will be plaintext is said before the question, not after the answer.
        #expect(holds.contains("this page is not encrypted"), "\(holds)")
        #expect(try t.finish() == 0, "\(t.transcript)")
        let markdown = try String(contentsOfFile: page, encoding: .utf8)
        #expect(markdown.contains("## With whom you settle") && markdown.contains("## Beliefs"))
        #expect(!markdown.contains("## Sharing") && !markdown.contains("## Naming feelings"))
    }
}
