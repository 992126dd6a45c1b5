import HearthRecords

/// `search --json`: one element per matching record, best first.
public enum SearchJSON {
    /// The record's id, kind and time, and a snippet of its text around the match.
    public static func hit(_ hit: SearchHit) -> JSONValue {
        .object(JSONObject(["id": .string(hit.id), "kind": .string(hit.kind.rawValue), "at": .string(hit.at.iso8601), "snippet": .string(hit.snippet)]))
    }
}
