import Foundation
import HearthRecords

/// Reads Day One's JSON export (the `Journal.json` inside the zip Day One writes):
///
///     {"metadata": {"version": "1.0"},
///      "entries": [{"uuid": "1546F373…", "creationDate": "2017-06-28T15:38:37Z",
///                   "modifiedDate": "2017-06-29T08:00:00Z", "timeZone": "Asia/Taipei",
///                   "text": "…", "tags": ["sea"], "starred": true, "photos": […], …}]}
///
/// Each entry with text becomes a journal entry, dated at its `creationDate` with the offset its
/// `timeZone` had then (the importing zone when it names none Hearth knows). Its id is derived
/// from Day One's `uuid`, and `modifiedDate` is its `updated_at`: importing a later export
/// brings entries changed in Day One since (newer replaces older), and adds nothing else twice.
/// Photos, audio, places and weather are not brought in. An entry without text or a date is
/// skipped and named by its line.
public enum DayOneImport {
    public static func read(_ bytes: [UInt8], timeZone: TimeZone) throws(RecordsError) -> ParsedImport {
        let value: JSONValue
        do {
            value = try JSONReader.parse(bytes)
        } catch {
            throw .invalidInput("line \(error.line): \(error.reason)")
        }
        guard case .object(let top) = value, case .array(let list)? = top["entries"] else {
            throw .invalidInput("line 1: this does not look like a Day One JSON export (no \"entries\" list)")
        }
        var parsed = ParsedImport()
        let zones = ZoneNames()
        for element in list {
            guard case .object(let object) = element else {
                parsed.skipped.append(.init(place: "line \(top.line(of: "entries"))", reason: "an entry that is not a JSON object"))
                continue
            }
            switch entry(object, timeZone: timeZone, zones: zones) {
            case .success(let entry): parsed.entries.append(entry)
            case .failure(let skipped): parsed.skipped.append(skipped)
            }
        }
        return parsed
    }

    private static func entry(_ object: JSONObject, timeZone: TimeZone, zones: ZoneNames) -> Result<ForeignEntry, SkippedInput> {
        let place = "line \(object.line)"
        func skip(_ reason: String) -> Result<ForeignEntry, SkippedInput> { .failure(.init(place: place, reason: reason)) }
        guard let created = object["creationDate"]?.stringValue, let createdUTC = RecordTime(iso8601: created) else {
            return skip("no `creationDate` Hearth reads")
        }
        guard case .string(let text)? = object["text"], !RecordRules.isBlank(text) else {
            return skip("no text (photos, audio and places are not brought in)")
        }
        let zone = object["timeZone"]?.stringValue.flatMap(zones.zone) ?? timeZone
        func local(_ t: RecordTime) -> RecordTime? {
            RecordTime(validating: t.date, offsetSeconds: RecordTime.wholeMinutes(zone.secondsFromGMT(for: t.date)))
        }
        guard let at = local(createdUTC) else { return skip("a `creationDate` outside the years Hearth keeps") }
        let modified = object["modifiedDate"]?.stringValue.flatMap(RecordTime.init(iso8601:)).flatMap(local)
        let tags = object["tags"]?.arrayValue?.compactMap(\.stringValue) ?? []
        let starred = object["starred"] == .bool(true)
        let identity: String
        let versioned: Bool
        if let uuid = object["uuid"]?.stringValue, !uuid.isEmpty, uuid.utf8.count <= 64 {
            identity = "dayone\n" + uuid.uppercased()
            versioned = true
        } else {
            identity = "dayone-content\n\(created)\n\(text)"
            versioned = false
        }
        let entry = ForeignEntry(identity: identity, versioned: versioned, text: text, at: at,
                                 updatedAt: modified.map { max($0, at) }, tags: tags, starred: starred, line: object.line)
        if let why = EntryCheck.problem(entry) { return skip(why) }
        return .success(entry)
    }
}

/// Time zones by name, each looked up once (an export names the same few thousands of times).
final class ZoneNames {
    private var known: [String: TimeZone?] = [:]

    func zone(_ name: String) -> TimeZone? {
        guard name.utf8.count <= 64 else { return nil }
        if let found = known[name] { return found }
        let zone = TimeZone(identifier: name)
        known[name] = zone
        return zone
    }
}

/// The rules an imported entry must pass before it is offered to the vault, so that one entry
/// that breaks them (an over-long tag, a text past the size limit) is skipped and named, and
/// the rest come in.
enum EntryCheck {
    static func problem(_ entry: ForeignEntry) -> String? {
        let record = RecordNormalizer.normalize(entry.record(id: "check"))
        do throws(RecordsError) {
            try RecordRules.validate(record)
            return nil
        } catch {
            if case .invalidInput(let why) = error { return why }
            return "it does not fit a journal entry's rules"
        }
    }
}

extension SkippedInput: Error {}
