import Foundation

/// Numbers and counts in plain words, the same in every output.
public enum Wording {
    /// What a withheld figure says.
    public static let tooFew = "too few to tell yet"

    /// One decimal, without a trailing `.0`: 2, 1.5, 0.3.
    public static func number(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        if rounded == rounded.rounded() { return String(Int(rounded)) }
        return String(format: "%.1f", rounded)
    }

    /// With a sign: +1.5, -2, 0.
    public static func signed(_ value: Double) -> String {
        let text = number(value)
        if text == "0" { return "0" }
        return value > 0 ? "+" + text : text
    }

    /// "1 time", "7 times"; "1 rupture", "3 ruptures".
    public static func count(_ n: Int, _ singular: String, _ plural: String? = nil) -> String {
        "\(n) " + (n == 1 ? singular : plural ?? singular + "s")
    }

    /// "every day", "every 14 days": a check-in rhythm.
    public static func every(days: Int) -> String {
        days == 1 ? "every day" : "every \(days) days"
    }

    /// "2 points", "1 point", "1.5 points".
    public static func points(_ value: Double) -> String {
        let text = number(value)
        return text == "1" ? "1 point" : "\(text) points"
    }

    /// "1 day", "2.5 days", "under a day".
    public static func days(_ value: Double) -> String {
        if value < 0.05 { return "under an hour" }
        if value < 1 {
            let hours = Int((value * 24).rounded())
            return hours <= 1 ? "about an hour" : "about \(hours) hours"
        }
        let text = number(value)
        return text == "1" ? "1 day" : "\(text) days"
    }

    /// A record's text shortened to its first line and `maxLength` characters.
    public static func excerpt(_ text: String, maxLength: Int = 48) -> String {
        let line = text.split(whereSeparator: \.isNewline).first { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
            .map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        if line.count <= maxLength { return line }
        return String(line.prefix(maxLength - 3)) + "..."
    }

    /// Support words as people say them: `practical_help` → "practical help".
    public static func supportWord(_ word: String) -> String {
        // `co_regulation` reads as one word with its hyphen.
        let spaced = word.hasPrefix("co_") ? "co-" + word.dropFirst(3) : word
        return spaced.replacingOccurrences(of: "_", with: " ")
    }
}
