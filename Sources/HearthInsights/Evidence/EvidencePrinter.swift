import HearthRecords

/// `hearth insights --evidence` as a person reads it: a heading, a line on what it counts,
/// and one sentence per person.
public struct EvidencePrinter {
    public let style: TextStyle

    public init(style: TextStyle) {
        self.style = style
    }

    public func lines(_ evidence: Evidence, personName: String? = nil) -> [String] {
        var out = [style.heading("Evidence you have gathered" + (personName.map { " with \($0)" } ?? ""))]
        guard !evidence.people.isEmpty else {
            out.append("")
            out.append(evidence.scope == InsightsScope()
                ? "No small shares or ruptures written down yet. When a connection notes a small share (its size, 1 to 5) and how it was met, it is counted here."
                : "No small shares or ruptures in this time or with this person.")
            return out
        }
        out.append(style.quiet("From connections that note a small share or a rupture: what you noticed, in your own records."))
        out.append("")
        out += evidence.sentences.map { "  " + $0 }
        return out
    }
}
