import Foundation
import HearthRecords

/// Hearth's own front matter: what `export --format markdown` writes at the top of each
/// record's file, so that `import --format markdown` gives the same record back.
///
///     ---
///     id: "0b5e…"
///     kind: "journal"
///     at: "2026-11-20T21:30:00+01:00"
///     created_at: "2026-11-20T21:31:05+01:00"
///     updated_at: "2026-11-20T21:31:05+01:00"
///     tags: ["walk"]
///     starred: false
///     feelings: ["calm"]
///     people: [{"id":"4c1d…","name":"Sam"}]
///     ---
///     The entry's text, exactly as it is.
///
/// Every value is one line of JSON (also valid YAML, so Obsidian shows them as properties):
/// the fields `show --json` prints, with people as `{id, name}`. A journal entry's text is the
/// body; other kinds keep every field in the front matter, and their body is for reading.
public enum RecordFrontMatter {
    static let leadingKeys = ["id", "kind", "at", "created_at", "updated_at", "tags", "starred"]

    /// The front matter block (from `---` to `---`, ending in a newline).
    public static func text(for record: AnyRecord, names: [String: String]) -> String {
        let object = RecordJSON.object(for: record)
        var ordered = leadingKeys.compactMap { key in object[key].map { (key, $0) } }
        for member in object.members where !leadingKeys.contains(member.key) {
            if case .journal = record, member.key == "text" { continue }
            ordered.append((member.key, member.value))
        }
        var out = "---\n"
        for (key, value) in ordered {
            var shown = value
            if key == "people", case .array(let ids) = value {
                shown = .array(ids.map { id in
                    guard case .string(let id) = id else { return id }
                    var person = JSONObject(["id": .string(id)])
                    if let name = names[id] { person["name"] = .string(name) }
                    return .object(person)
                })
            }
            out += "\(key): \(JSONWriter.compact(shown))\n"
        }
        return out + "---\n"
    }

    /// True when the front matter is Hearth's own (an id, a kind Hearth knows, and both times).
    public static func isRecord(_ fields: JSONObject) -> Bool {
        guard case .string(let kind)? = fields["kind"], RecordKind(word: kind) != nil else { return false }
        return fields["id"]?.stringValue != nil && fields["created_at"] != nil && fields["updated_at"] != nil
    }

    /// The record a file of Hearth's export holds: the front matter's fields (others, such as
    /// properties Obsidian added, are left aside), people read back to their ids, and for a
    /// journal entry the body as its text. Errors name the file's line and the field.
    public static func record(_ fields: JSONObject, body: Substring, now: RecordTime) throws(RecordsError) -> AnyRecord {
        guard case .string(let word)? = fields["kind"], let kind = RecordKind(word: word) else {
            throw .invalidInput("line \(fields.line(of: "kind")): `kind` is not a record kind")
        }
        let known = RecordJSON.fieldNames(of: kind)
        var object = JSONObject(line: fields.line)
        for member in fields.members where known.contains(member.key) && !(kind == .journal && member.key == "text") {
            var value = member.value
            if member.key == "people", case .array(let people) = value {
                value = .array(people.map { person in person.objectValue?["id"] ?? person })
            }
            object.members.append(.init(key: member.key, value: value, line: member.line))
        }
        if kind == .journal { object["text"] = .string(String(body)) }
        return try RecordJSON.record(from: object, kind: kind, now: now)
    }
}
