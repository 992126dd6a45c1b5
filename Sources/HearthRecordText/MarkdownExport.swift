import Foundation
import HearthInterchange
import HearthRecords

/// Records as Markdown a person can read: one file with a section per kind, or a folder per
/// kind with one file per record.
public enum MarkdownExport {
    public static func single(records: [AnyRecord], names: [String: String], exportedAt: RecordTime) -> String {
        var out = "# Hearth export\n\nExported \(RecordPrinter.dateText(exportedAt)). This file is not encrypted.\n"
        for kind in RecordKind.exportOrder {
            let ofKind = records.filter { $0.kind == kind }
            guard !ofKind.isEmpty else { continue }
            out += "\n## \(kind.plural.capitalizedFirst)\n"
            for record in ofKind {
                out += "\n### \(title(record))\n\n" + body(record, names: names, headingLevel: 4) + "\n"
            }
        }
        return out
    }

    /// Each file starts with the record's front matter (`RecordFrontMatter`), so that
    /// `import --format markdown` of the folder gives the same records back. A journal entry's
    /// file then holds its text exactly; other kinds' files a readable page of their fields.
    public static func folder(records: [AnyRecord], names: [String: String], exportedAt: RecordTime) -> [(path: String, text: String)] {
        records.map { record in
            let day = RecordPrinter.dayText(record.common.at)
            let path = "\(record.kind.commandName)/\(day)-\(record.id.prefix(8)).md"
            let front = RecordFrontMatter.text(for: record, names: names)
            if case .journal(let entry) = record { return (path, front + entry.text) }
            return (path, front + "# \(title(record))\n\n" + body(record, names: names, headingLevel: 2) + "\n")
        }
    }

    private static func title(_ record: AnyRecord) -> String {
        if case .person(let p) = record { return p.name.replacingOccurrences(of: "\n", with: " ") }
        return RecordPrinter.dateText(record.common.at) + " · " + record.kind.singular
    }

    /// The record's fields as `**Label:** value` lines, then its text sections.
    private static func body(_ record: AnyRecord, names: [String: String], headingLevel: Int) -> String {
        let lines = RecordPrinter.full(record, names: names).split(separator: "\n", omittingEmptySubsequences: false).dropFirst()
        let heading = String(repeating: "#", count: headingLevel) + " "
        var out: [String] = []
        var inText = false
        for line in lines {
            if line.hasPrefix("## ") {
                inText = true
                out.append(heading + line.dropFirst(3))
                continue
            }
            if !inText, let colon = line.firstIndex(of: ":"), line.distance(from: line.startIndex, to: colon) < 19, !line.hasPrefix(" ") {
                let label = line[..<colon]
                let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                out.append("- **\(label):** \(value)")
                continue
            }
            if line.isEmpty, !inText, case .journal = record { inText = true }
            out.append(String(line))
        }
        return out.joined(separator: "\n")
    }
}
