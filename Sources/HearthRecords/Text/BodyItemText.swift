import Foundation

/// A sensation, or something that helped, written the way people write it: `throat lump 5`,
/// `tight chest 6`, `walked outside +2`, or with commas (`chest, tight, 6`, `long exhale, +2`).
/// The number at the end is the strength (0–10) or how much it helped (−2…+2), within the same
/// ranges as `add --json`. What the words cannot tell (where in the body; whether a number is
/// part of what was done) is returned as a question to ask, never guessed and stored as a name.
public enum BodyItemText {
    public enum Reading: Equatable, Sendable {
        case item(JSONValue)
        /// The words do not say where in the body: ask, then `sensation(region:quality:intensity:)`.
        case askWhere(quality: String, intensity: Int?)
        /// A number outside −2…+2 after what was done ("box breathing 4"): ask whether it is part
        /// of what was done (then `helped(strategy:effect:)` with the whole text).
        case askNumber(whole: String)
        /// Cannot be used as written: the message says what is expected.
        case problem(String)
    }

    public static let sensationHint = "where in the body, what it is like, then its strength 0 to 10 (for example: throat lump 5)"
    public static let helpedHint = "what you did, then how much it helped from -2 to +2 (for example: walked outside +2)"

    /// Reads one sensation.
    public static func sensation(_ text: String) -> Reading {
        let (rest, number, _) = trailingNumber(text)
        if let number, !BodyCheckIn.intensityRange.contains(number) {
            return .problem("the strength is a whole number from \(BodyCheckIn.intensityRange.lowerBound) to \(BodyCheckIn.intensityRange.upperBound)")
        }
        guard !rest.isEmpty else { return .problem("please write " + sensationHint) }
        if text.contains(",") {
            let parts = rest.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count <= 2, parts.contains(where: { !$0.isEmpty }) else { return .problem("please write " + sensationHint) }
            return .item(sensation(region: parts[0], quality: parts.count > 1 ? parts[1] : "", intensity: number))
        }
        if let (region, quality) = splitRegion(rest) {
            return .item(sensation(region: region, quality: quality, intensity: number))
        }
        return .askWhere(quality: rest, intensity: number)
    }

    /// Reads one thing that helped.
    public static func helped(_ text: String) -> Reading {
        let (rest, number, signed) = trailingNumber(text)
        guard !rest.isEmpty else { return .problem("please write " + helpedHint) }
        guard let number else { return .item(helped(strategy: rest, effect: nil)) }
        if BodyCheckIn.effectRange.contains(number) { return .item(helped(strategy: rest, effect: number)) }
        if signed { return .problem("how much it helped is a whole number from -2 to +2") }
        return .askNumber(whole: text.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: ",")))
    }

    public static func sensation(region: String, quality: String, intensity: Int?) -> JSONValue {
        .object(JSONObject([
            "region": .string(region), "quality": .string(quality), "intensity": intensity.map { .integer(Int64($0)) } ?? .null,
        ]))
    }

    public static func helped(strategy: String, effect: Int?) -> JSONValue {
        .object(JSONObject(["strategy": .string(strategy), "effect": effect.map { .integer(Int64($0)) } ?? .null]))
    }

    /// The text without a whole number at its end (after a space or a comma), that number, and
    /// whether it had a sign. A text ending in a comma has no number: the comma says so.
    public static func trailingNumber(_ text: String) -> (rest: String, number: Int?, signed: Bool) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        func clean(_ s: Substring) -> String {
            var s = s.trimmingCharacters(in: .whitespaces)
            while s.hasSuffix(",") { s = String(s.dropLast()).trimmingCharacters(in: .whitespaces) }
            return s
        }
        if trimmed.hasSuffix(",") { return (clean(Substring(trimmed)), nil, false) }
        let start = trimmed.lastIndex(where: { $0 == " " || $0 == "," || $0 == "\t" }).map { trimmed.index(after: $0) } ?? trimmed.startIndex
        var token = String(trimmed[start...]).replacingOccurrences(of: "\u{2212}", with: "-")
        let signed = token.hasPrefix("+") || token.hasPrefix("-")
        if token.hasPrefix("+") { token.removeFirst() }
        guard token.count <= 7, let number = Int(token), token.last?.isNumber == true else { return (trimmed, nil, false) }
        return (clean(trimmed[..<start]), number, signed)
    }

    /// Where a known part of the body begins or ends the phrase: (region, the rest as quality).
    /// The longest match wins ("lower back ache" is the lower back, not the back).
    public static func splitRegion(_ phrase: String) -> (String, String)? {
        let words = phrase.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        let lower = words.map { $0.lowercased() }
        let regions = Set(BodyRegionSuggestions.words)
        for length in stride(from: min(3, words.count), through: 1, by: -1) {
            if regions.contains(lower[0..<length].joined(separator: " ")) {
                return (words[0..<length].joined(separator: " "), words[length...].joined(separator: " "))
            }
            if regions.contains(lower[(words.count - length)...].joined(separator: " ")) {
                var quality = Array(words[..<(words.count - length)])
                // "butterflies in my stomach": the little words before the place go with it.
                while let last = quality.last?.lowercased(), ["in", "my", "the", "on", "at", "of", "around"].contains(last) {
                    quality.removeLast()
                }
                return (words[(words.count - length)...].joined(separator: " "), quality.joined(separator: " "))
            }
        }
        return nil
    }
}
