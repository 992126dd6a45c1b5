import Foundation

/// The one encoder of what commands print for scripts (Docs/JSON.md): keys sorted, slashes
/// unescaped, so that the same facts always print as the same bytes.
public enum JSONText {
    /// One JSON document, indented for people and `jq` alike (`--json`).
    public static func encode(_ object: Any) throws -> String {
        let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }

    /// One value on one line, without a newline of its own (a line of `--jsonl`).
    public static func line(_ object: Any) throws -> String {
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }

    /// A listing as `--json` prints it (one array) or as `--jsonl` prints it (one object a
    /// line, nothing at all for an empty listing), with a final newline either way.
    public static func listing(_ items: [Any], lines: Bool) throws -> String {
        guard lines else { return try encode(items) + "\n" }
        return try items.map { try line($0) + "\n" }.joined()
    }
}

/// How a listing is printed for scripts: one array, or one object a line.
public enum ListingForm: Sendable, Equatable {
    /// `--json`: one array, printed when the listing is complete.
    case array
    /// `--jsonl`: one object a line (JSON Lines), for listings too long to hold or to parse whole.
    case lines
}
