import ArgumentParser
import HearthCommandJSON
import HearthMessages
import HearthRecords

/// What a command prints for scripts (Docs/JSON.md) goes to stdout only, whole; messages stay on stderr.
extension Console {
    /// One JSON document (`--json`).
    static func json(_ object: Any) throws { try write(JSONText.encode(object) + "\n") }

    /// A listing: one array (`--json`), or one object a line (`--jsonl`).
    static func listing(_ items: [Any], lines: Bool) throws { try write(JSONText.listing(items, lines: lines)) }

    /// Records as a listing.
    static func listing(_ values: [JSONValue], lines: Bool) throws {
        try write(lines ? values.map { JSONWriter.compact($0) + "\n" }.joined() : JSONWriter.pretty(.array(values)) + "\n")
    }
}

/// `--json` and `--jsonl` of a listing (`list`, `search`, `conflicts`, `key list`, `backup list`).
struct ListingOutput: ParsableArguments {
    @Flag(help: "Print a JSON array.")
    var json = false

    @Flag(help: "Print one JSON object a line (JSON Lines).")
    var jsonl = false

    func validate() throws {
        if json && jsonl { throw Message.jsonOrJSONLines.usageError }
    }

    /// Either form was asked for.
    var any: Bool { json || jsonl }
}
