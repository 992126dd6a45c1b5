import Foundation
import HearthInsights
import HearthRecords
import Testing

/// Insights as text, in process: every section's sentences are printed under its heading, with
/// the same words in plain ASCII, and colour is only marks until the command line turns them
/// into escape sequences.
struct InsightsPrinterTests {
    @Test func nothingYetSaysSo() throws {
        let insights = try Insights.compute(in: try PlaintextDatabase.empty())
        let lines = InsightsPrinter(style: TextStyle(ascii: false, colour: false)).lines(insights)
        #expect(lines.first == "Patterns over time")
        #expect(lines.last?.hasPrefix("Nothing to show yet.") == true)
    }

    @Test func everySentenceIsPrintedUnderItsSection() throws {
        let insights = try Insights.compute(in: practice)
        let lines = InsightsPrinter(style: TextStyle(ascii: false, colour: false)).lines(insights)
        #expect(!insights.observations.isEmpty)
        for observation in insights.observations {
            #expect(lines.contains { $0.contains(observation.text) }, "\(observation.text)")
        }
        for heading in ["With whom you settle", "What helps your body", "Beliefs"] { #expect(lines.contains(heading), "\(heading)") }
        // ASCII: the same lines, with no character outside ASCII but those of the records themselves.
        let ascii = InsightsPrinter(style: TextStyle(ascii: true, colour: false)).lines(insights)
        #expect(ascii.count == lines.count)
        #expect(!ascii.joined().contains("█") && !ascii.joined().contains("→"))
        // Without colour, no marks; with colour, marks only, and no escape sequence yet.
        #expect(!lines.joined().unicodeScalars.contains { (0xE000...0xE003).contains($0.value) })
        let coloured = InsightsPrinter(style: TextStyle(ascii: false, colour: true)).lines(insights).joined(separator: "\n")
        #expect(coloured.unicodeScalars.contains { $0.value == 0xE001 } && !coloured.contains("\u{1B}"))
    }

    @Test func colourMarksBecomeEscapeSequencesEndingWithAReset() {
        let style = TextStyle(ascii: false, colour: true)
        #expect(style.colouring(style.heading("Beliefs") + " " + style.quiet("n=3")) == "\u{1B}[1mBeliefs\u{1B}[0m \u{1B}[2mn=3\u{1B}[0m\u{1B}[0m")
        #expect(TextStyle(ascii: false, colour: false).heading("Beliefs") == "Beliefs")
        #expect(style.heading("") == "", "an empty text is not painted")
    }

    @Test func barsAndSparklinesKeepTheirWidth() {
        #expect(Chart.bar(5, maximum: 10, width: 4, ascii: true) == "##  ")
        #expect(Chart.bar(0, maximum: 10, width: 4, ascii: false) == "    ")
        #expect(Chart.bar(0.01, maximum: 10, width: 4, ascii: false) == "▏   ", "a value above zero always shows")
        #expect(Chart.bar(20, maximum: 10, width: 3, ascii: false) == "███")
        #expect(Chart.sparkline([0, nil, 10], lower: 0, upper: 10, ascii: false) == "▁ █")
        #expect(Chart.sparkline([0, 5, 10], lower: 0, upper: 10, ascii: true) == "_=#")
        #expect(Chart.squeeze([1, 3, nil, nil, 5, 7], to: 3) == [2, nil, 6])
        #expect(Chart.squeeze([1, 2], to: 5) == [1, 2])
    }
}
