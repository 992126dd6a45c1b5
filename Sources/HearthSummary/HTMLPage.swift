/// The summary as one self-contained HTML file: inline SVG charts, one inline stylesheet, no
/// script and nothing that loads (no fonts, images or links), and a Content-Security-Policy
/// that forbids loading anything should a viewer find something. Reads on a phone (viewport,
/// fluid layout) and prints on A4 or Letter (print styles, sections kept whole).
public enum HTMLPage {
    /// Nothing may load, run or be sent; only the inline stylesheet applies.
    public static let contentSecurityPolicy =
        "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; font-src 'none'; base-uri 'none'; form-action 'none'"

    public static func render(_ page: SummaryPage) -> String {
        var body = "<header>\n<h1>\(Escaping.html(page.title))</h1>\n"
        body += "<p class=\"coverage\">\(Escaping.html(page.coverage)) Made with Hearth on \(Escaping.html(page.madeOn)).</p>\n"
        if let reading = page.reading { body += "<p class=\"reading\">\(Escaping.html(reading))</p>\n" }
        body += "</header>\n<main>\n"
        if page.isEmpty { body += "<p class=\"empty\">\(Escaping.html(SummaryPage.emptyPage))</p>\n" }
        var chartNumber = 0
        for part in page.parts {
            body += "<section>\n<h2>\(Escaping.html(part.section.title))</h2>\n"
            if part.isEmpty { body += "<p class=\"empty\">\(Escaping.html(part.emptyNote))</p>\n" }
            body += part.sentences.map { "<p>\(Escaping.html($0))</p>\n" }.joined()
            for chart in part.charts {
                chartNumber += 1
                body += "<figure>\n" + SVGChart.svg(chart, id: "chart-\(chartNumber)") + "\n"
                body += "<figcaption>\(Escaping.html(chart.title))</figcaption>\n</figure>\n"
            }
            body += "</section>\n"
        }
        if !page.entries.isEmpty {
            body += "<section class=\"entries\">\n<h2>Entries I chose to share</h2>\n"
            for entry in page.entries {
                body += "<article>\n<h3>\(Escaping.html(entry.heading))</h3>\n"
                if !entry.fields.isEmpty {
                    body += "<ul class=\"fields\">" + entry.fields.map { "<li>\(Escaping.html($0))</li>" }.joined() + "</ul>\n"
                }
                if !entry.text.isEmpty { body += "<div class=\"text\">\(Escaping.html(entry.text))</div>\n" }
                body += "</article>\n"
            }
            body += "</section>\n"
        }
        body += "</main>\n"
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta http-equiv="Content-Security-Policy" content="\(contentSecurityPolicy)">
            <meta name="referrer" content="no-referrer">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="color-scheme" content="light">
            <title>\(Escaping.html(page.title))</title>
            <style>
            \(stylesheet)</style>
            </head>
            <body>
            \(body)</body>
            </html>

            """
    }

    /// System fonts only (nothing to load); colours that print in grey as well as in colour.
    static let stylesheet = """
        html { -webkit-text-size-adjust: 100%; }
        body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
          line-height: 1.5; color: #1d2430; background: #fff; margin: 0 auto; padding: 1rem; max-width: 46rem; }
        h1 { font-size: 1.6rem; margin: 0.5rem 0; }
        h2 { font-size: 1.25rem; margin: 1.75rem 0 0.5rem; border-bottom: 1px solid #d5dae1; }
        h3 { font-size: 1rem; margin: 1rem 0 0.25rem; }
        .coverage, .reading, figcaption { color: #4a5566; font-size: 0.9rem; }
        .empty { font-style: italic; color: #4a5566; }
        figure { margin: 0.75rem 0; }
        svg.chart { width: 100%; height: auto; max-width: 36rem; display: block; }
        svg text { font-family: inherit; font-size: 14px; fill: #1d2430; }
        svg .tick, svg .legend { fill: #4a5566; }
        .track { fill: #eef1f5; }
        .bar { fill: #2f6f9f; }
        .axis { stroke: #1d2430; stroke-width: 1.5; }
        .track-line, .grid { stroke: #d5dae1; stroke-width: 1; }
        .change { stroke: #2f6f9f; stroke-width: 3; }
        .dot-before { fill: #fff; stroke: #2f6f9f; stroke-width: 2; }
        .dot-after { fill: #2f6f9f; }
        polyline.series-0 { fill: none; stroke: #b4542f; stroke-width: 2.5; }
        polyline.series-1 { fill: none; stroke: #2f6f9f; stroke-width: 2.5; stroke-dasharray: 6 3; }
        circle.series-0 { fill: #b4542f; }
        circle.series-1 { fill: #2f6f9f; }
        .fields { list-style: none; padding: 0; margin: 0 0 0.5rem; color: #4a5566; font-size: 0.9rem; }
        .text { white-space: pre-wrap; overflow-wrap: anywhere; }
        @media (max-width: 30rem) { body { padding: 0.75rem; } h1 { font-size: 1.35rem; } }
        @page { margin: 16mm 14mm; }
        @media print {
          body { max-width: none; padding: 0; font-size: 11pt; }
          h2 { break-after: avoid; }
          figure, article, p { break-inside: avoid; }
          svg.chart { max-width: 15cm; }
          * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
        }

        """
}
