import Foundation

// The catalogue (Message.swift): `hearth summary`, the page to bring to a therapist, and
// `insights --evidence`. Section titles and entry headings (a date and a kind) only, never
// record text: sentences about the records are shown as a list on the terminal, not as messages.

extension Message {
    public static func unknownSummarySection(position: Int, names: String) -> Message {
        Message("The \(ordinal(position)) word of --sections names no section. Nothing was written.\nSections: \(names), or all.")
    }

    public static var summaryEntriesEmpty: Message {
        Message("--entries needs one or more ids, separated by commas. Nothing was written.")
    }

    public static func includeSection(_ title: String) -> Message { Message("Include \"\(title)\"?") }

    public static func summarySectionEmpty(_ title: String) -> Message {
        Message("\"\(title)\": nothing written down for this time yet, so it is left out.")
    }

    /// `sections`: their titles; `entries`: each entry's date and kind.
    public static func summaryWillInclude(sections: [String], entries: [String]) -> Message {
        let parts = sections.isEmpty ? "no insight sections" : sections.joined(separator: ", ")
        let picked = entries.isEmpty ? "no entries" : plural(entries.count, "entry", "entries") + " (" + entries.joined(separator: "; ") + ")"
        return Message("The page will hold: \(parts); and \(picked).")
    }

    public static var writeSummaryNow: Message { Message("Write the page?") }

    public static var summaryNotWritten: Message { Message("Nothing was written. Your records are unchanged.") }

    public static var summaryShowOnScreen: Message {
        Message("This shows the page on screen, with what it holds from your records. Show it?")
    }

    public static var summaryNotEncrypted: Message {
        Message.warning("""
            Note: this page is not encrypted; anyone who can read it can read what it holds.
            Keep it somewhere safe, and delete it when you are done.
            """, detail: "On a USB stick, deleting a file does not erase its bytes.")
    }

    public static func summaryWritten(to path: String) -> Message { Message("The page is in \(path).") }
}

/// "1st", "2nd", "3rd", "11th".
private func ordinal(_ n: Int) -> String {
    let suffix = (11...13).contains(n % 100) ? "th" : ["th", "st", "nd", "rd", "th", "th", "th", "th", "th", "th"][n % 10]
    return "\(n)\(suffix)"
}
