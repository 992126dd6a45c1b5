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
            if evidence.scope == InsightsScope() {
                out.append("No small shares or ruptures written down yet.")
                out.append("A connection that notes a small share (its size, 1 to 5) is counted here.")
            } else {
                out.append("No small shares or ruptures in this time or with this person.")
            }
            return out
        }
        out.append(style.quiet("From your own records: the connections that note a small share or a rupture."))
        out.append("")
        out += evidence.sentences.map { "  " + $0 }
        return out
    }
}
