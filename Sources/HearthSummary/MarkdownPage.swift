/// The summary as Markdown that reads as plain text too: headings, sentences, each chart as a
/// list of its values in words, and the entries picked. Record text is escaped
/// (`Escaping.markdown`), so a renderer shows it as written and never as links, images or HTML.
public enum MarkdownPage {
    public static func render(_ page: SummaryPage) -> String {
        var out = "# \(Escaping.markdown(page.title))\n\n"
        out += Escaping.markdown(page.coverage + " Made with Hearth on \(page.madeOn).") + "\n"
        if let reading = page.reading { out += "\n" + Escaping.markdown(reading) + "\n" }
        if page.isEmpty { out += "\n" + Escaping.markdown(SummaryPage.emptyPage) + "\n" }
        for part in page.parts {
            out += "\n## \(Escaping.markdown(part.section.title))\n\n"
            if part.isEmpty { out += Escaping.markdown(part.emptyNote) + "\n" }
            out += part.sentences.map { Escaping.markdown($0) + "\n\n" }.joined()
            for chart in part.charts {
                out += Escaping.markdown(chart.title) + ":\n\n"
                out += chart.textEquivalent.map { "- " + Escaping.markdown($0) + "\n" }.joined() + "\n"
            }
            while out.hasSuffix("\n\n") { out.removeLast() }
        }
        if !page.entries.isEmpty {
            out += "\n## Entries I chose to share\n"
            for entry in page.entries {
                out += "\n### \(Escaping.markdown(entry.heading))\n\n"
                if !entry.fields.isEmpty { out += entry.fields.map { "- " + Escaping.markdown($0) + "\n" }.joined() + "\n" }
                if !entry.text.isEmpty { out += Escaping.markdown(entry.text) + "\n" }
            }
        }
        return out
    }
}
