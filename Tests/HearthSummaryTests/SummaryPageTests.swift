import Foundation
import HearthInsights
import HearthRecords
import Testing

@testable import HearthSummary

/// The page itself: hostile record text stays text, only chosen sections and picked entries
/// appear, nothing can load, and empty data reads kindly.
@Suite struct SummaryPageTests {
    @Test func hostileRecordTextNeverBecomesMarkup() throws {
        let html = HTMLPage.render(try SummaryFixture.page())
        let lower = html.lowercased()
        for tag in ["<script", "<img", "<iframe", "<style>*", "</title><style"] {
            #expect(!lower.contains(tag), "\(tag) reached the page as markup")
        }
        // Exactly one stylesheet (ours), and every chart closes where it opened.
        #expect(lower.components(separatedBy: "<style>").count == 2)
        let charts = lower.components(separatedBy: "<svg ").count - 1
        #expect(charts >= 5)
        #expect(lower.components(separatedBy: "</svg>").count - 1 == charts)
        // The text is there, escaped, where the person wrote it.
        #expect(html.contains("&lt;/svg&gt;&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains("&quot;&gt;&lt;img src=x onerror=alert(2)&gt;"))
        #expect(html.contains("&lt;iframe src=&quot;https://example.invalid/&quot;&gt;&lt;/iframe&gt; &amp; ![x]"))
    }

    @Test func nothingOnThePageCanLoadOrRun() throws {
        let html = HTMLPage.render(try SummaryFixture.page())
        let lower = html.lowercased()
        #expect(html.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';"))
        for word in ["<script", "<link", "<img", "<iframe", "<object", "<embed", "@import", "url(", " src=\"", " href=", "@font-face"] {
            #expect(!lower.contains(word), "\(word) on the page")
        }
        // The only address in an attribute is the SVG namespace, which names and never loads
        // (the entry's own text holds addresses, as text).
        let attributes = try NSRegularExpression(pattern: #"\s[a-z:-]+\s*=\s*["']?\s*[a-z]+:"#)
            .matches(in: lower, range: NSRange(lower.startIndex..., in: lower)).map { String(lower[Range($0.range, in: lower)!]) }
        #expect(Set(attributes) == [" xmlns=\"http:"], "\(Set(attributes))")
        #expect(lower.contains("https://example.invalid/"))
        #expect(html.contains("name=\"viewport\""))
        #expect(html.contains("@media print"))
    }

    @Test func chartsCarryTheirValuesInWords() throws {
        let page = try SummaryFixture.page(sections: [.beliefs])
        let html = HTMLPage.render(page)
        let chart = try #require(page.parts.first?.charts.first)
        #expect(chart.textEquivalent == ["Old belief: 80, 65, 50, 40", "Its answer: 20, 35, 55, 60"])
        #expect(html.contains("role=\"img\" aria-labelledby=\"chart-1-title chart-1-desc\""))
        #expect(html.contains("<desc id=\"chart-1-desc\">Old belief: 80, 65, 50, 40; Its answer: 20, 35, 55, 60</desc>"))
        #expect(html.contains("<polyline class=\"series-0\""))
    }

    @Test func onlyTheChosenSectionsAppear() throws {
        let page = try SummaryFixture.page(sections: [.body, .beliefs], entryIDs: [])
        #expect(page.parts.map(\.section) == [.body, .beliefs])
        for render in [HTMLPage.render(page), MarkdownPage.render(page)] {
            #expect(render.contains("What helps your body") && render.contains("Beliefs"))
            for left in [SummarySection.withWhom, .sharing, .ruptureRepair, .feelings] {
                #expect(!render.contains(left.title), "\(left) was not chosen")
            }
            #expect(!render.contains("Entries I chose"))
        }
    }

    @Test func onlyThePickedEntriesAppear() throws {
        let page = try SummaryFixture.page(sections: [], entryIDs: ["journal-picked"])
        #expect(page.entries.count == 1)
        for render in [HTMLPage.render(page), MarkdownPage.render(page)] {
            #expect(render.contains("Today I said it out loud."))
            #expect(!render.contains(SummaryFixture.otherText))
        }
        // A journal entry's beginning will do; another record's whole id does too.
        let records = try RecordStore(database: try SummaryFixture.database()).read {
            try SummaryEntries.records(["journal-p", "belief-1", "journal-p"], in: $0)
        }
        #expect(records.map(\.id) == ["journal-picked", "belief-1"])
        #expect(SummaryEntries.ids(" a, ,b,a ") == ["a", "b"])
    }

    @Test func emptyDataReadsKindly() throws {
        let database = try SummaryFixture.database([])
        let insights = try Insights.compute(in: database)
        #expect(SummarySection.withData(in: insights).isEmpty)
        let none = SummaryPage.make(insights: insights, sections: [], entries: [], madeAt: SummaryFixture.time(1))
        #expect(none.isEmpty && none.reading == nil)
        #expect(HTMLPage.render(none).contains(SummaryPage.emptyPage))
        let chosen = SummaryPage.make(insights: insights, sections: [.withWhom, .beliefs], entries: [], madeAt: SummaryFixture.time(1))
        let html = HTMLPage.render(chosen), markdown = MarkdownPage.render(chosen)
        #expect(html.components(separatedBy: SummaryPage.nothingYet).count == 3)
        #expect(markdown.components(separatedBy: SummaryPage.nothingYet).count == 3)
        #expect(!html.contains("<svg"))
        // About one person, beliefs (which link nobody) are left out, and the page says why.
        let sam = try Insights.compute(in: try SummaryFixture.database(), scope: InsightsScope(personID: SummaryFixture.samID))
        let aboutSam = SummaryPage.make(insights: sam, sections: [.beliefs], entries: [], madeAt: SummaryFixture.time(1))
        #expect(MarkdownPage.render(aboutSam).contains(SummaryPage.beliefsLinkNobody))
    }

    @Test func sectionListsParse() throws {
        #expect(try SummarySection.parse("beliefs, with_whom") == [.withWhom, .beliefs])
        #expect(try SummarySection.parse("rupture-repair,ALL") == SummarySection.allCases)
        #expect(try SummarySection.parse("") == [])
        #expect(throws: SummarySection.UnknownWord(position: 2)) { try SummarySection.parse("body,when") }
    }
}

/// The Markdown page reads as plain text, and a Markdown renderer shows the person's text as
/// written: nothing in it can start a link, an image, raw HTML, a heading, a list or code.
@Suite struct MarkdownPageTests {
    @Test func recordTextStaysText() throws {
        let markdown = MarkdownPage.render(try SummaryFixture.page())
        // Every `<`, `[`, `*`, `_`, `|` and backtick is escaped; so is every entity's `&`.
        for special in ["<", "[", "]", "*", "_", "`", "|", "&"] {
            var rest = Substring(markdown)
            while let range = rest.range(of: special) {
                #expect(range.lowerBound > rest.startIndex && rest[rest.index(before: range.lowerBound)] == "\\",
                        "unescaped \(special) near: \(rest[range.lowerBound...].prefix(30))")
                rest = rest[range.upperBound...]
            }
        }
        // Lines only start with our own headings and list marks.
        for line in markdown.split(separator: "\n") {
            if line.hasPrefix("#") { #expect(line.hasPrefix("# ") || line.hasPrefix("## ") || line.hasPrefix("### ")) }
            #expect(!line.hasPrefix(" "), "an indented line would be code: \(line)")
            #expect(line.range(of: #"^\d+[.)]"#, options: .regularExpression) == nil)
        }
        #expect(markdown.contains("\\# not a heading\n\\- not a list\n1\\. not a list either\nnot code"))
        #expect(markdown.contains("\\<iframe src=\"https://example.invalid/\"\\>\\</iframe\\> \\& !\\[x\\](https://example.invalid/x.png)"))
    }

    @Test func chartsBecomeListsOfTheirValues() throws {
        let markdown = MarkdownPage.render(try SummaryFixture.page(sections: [.sharing], entryIDs: []))
        #expect(markdown.contains("Shares met with attunement, by person, in percent:\n\n- \\<"))
        #expect(markdown.contains(": 7 of 9 shares\n"))
        #expect(!markdown.contains("<svg"))
    }

    @Test func escapingKeepsPlainWordsAsTheyAre() {
        #expect(Escaping.markdown("After time with Sam (4 times), it helped.") == "After time with Sam (4 times), it helped.")
        #expect(Escaping.markdown("a\r\nb\rc") == "a\nb\nc")
        #expect(Escaping.markdown("2.5 points\n3. three\n4) four\n5.") == "2.5 points\n3\\. three\n4\\) four\n5\\.")
        #expect(Escaping.html("a\u{0}b\u{1B}c") == "a\u{FFFD}b\u{FFFD}c")
    }
}
