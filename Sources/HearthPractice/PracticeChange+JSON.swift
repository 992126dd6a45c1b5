import Foundation
import HearthRecords

// One pending change of a practice as a practice draft keeps it (Docs/FORMAT.md, "Practice
// drafts"): `change` names what it is, the other fields are those of the records it belongs
// to, with the snake_case names `show --json` uses. Read back strictly, by the same ranges and
// word lists as `add --json`: a draft that was changed by hand is refused, never half-read.
extension PracticeChange {
    /// This change as a JSON object.
    var jsonObject: JSONObject {
        func time(_ t: RecordTime) -> JSONValue { .string(t.iso8601) }
        switch self {
        case .add(let record):
            return JSONObject(["change": .string("add"), "record": .object(RecordJSON.object(for: record))])
        case .steadiness(let id, let rating):
            return JSONObject([
                "change": .string("steadiness"), "person_id": .string(id), "at": time(rating.at),
                "steadiness": .integer(Int64(rating.steadiness)),
            ])
        case .personNote(let id, let line, let tag):
            return JSONObject([
                "change": .string("person_note"), "person_id": .string(id), "line": .optionalString(line), "tag": .optionalString(tag),
            ])
        case .beliefRating(let id, let rating):
            return JSONObject([
                "change": .string("belief_rating"), "belief_id": .string(id), "at": time(rating.at),
                "believability": .optionalInteger(rating.believability),
                "counter_believability": .optionalInteger(rating.counterBelievability),
            ])
        case .shareMet(let id, let response, let stateAfter, let activationAfter, let note):
            return JSONObject([
                "change": .string("share_met"), "connection_id": .string(id), "response": .optionalString(response?.rawValue),
                "state_after": .optionalString(stateAfter?.rawValue), "activation_after": .optionalInteger(activationAfter),
                "note": .optionalString(note),
            ])
        }
    }

    /// Reads one change; `place` says which one it is in messages ("change 3").
    init(json object: JSONObject, place: String, now: RecordTime) throws(RecordsError) {
        var f = ChangeFields(object, place: place)
        let what = try f.string("change")
        switch what {
        case "add":
            guard case .object(let record)? = f.take("record") else { throw f.fail("record", "must be an object") }
            do throws(RecordsError) {
                self = .add(try RecordJSON.record(from: record, kind: nil, now: now))
            } catch {
                if case .invalidInput(let why) = error { throw .invalidInput("\(place): \(why)") }
                throw error
            }
        case "steadiness":
            let id = try f.id("person_id")
            let at = try f.time("at")
            guard let steadiness = try f.integer("steadiness", Person.steadinessRange) else { throw f.fail("steadiness", "is needed") }
            self = .steadiness(personID: id, rating: .init(at: at, steadiness: steadiness))
        case "person_note":
            let id = try f.id("person_id")
            let line = try f.optionalString("line")
            let tag = try f.optionalString("tag")
            guard line != nil || tag != nil else { throw f.fail("line", "or `tag` is needed") }
            self = .personNote(personID: id, line: line, tag: tag)
        case "belief_rating":
            self = .beliefRating(beliefID: try f.id("belief_id"), rating: .init(
                at: try f.time("at"), believability: try f.integer("believability", Belief.believabilityRange),
                counterBelievability: try f.integer("counter_believability", Belief.believabilityRange)))
        case "share_met":
            self = .shareMet(
                connectionID: try f.id("connection_id"), response: try f.word("response", ShareResponse.self),
                stateAfter: try f.word("state_after", NervousSystemState.self),
                activationAfter: try f.integer("activation_after", Connection.activationRange), note: try f.optionalString("note"))
        default:
            throw f.fail("change", "must be one of: add, steadiness, person_note, belief_rating, share_met")
        }
        try f.finish()
    }
}

/// Reads the fields of one change, strictly: every field known, of the right type and range.
/// Messages name the change and the field, never a value (it may be the person's words).
private struct ChangeFields {
    let object: JSONObject
    let place: String
    private var read: Set<String> = []

    init(_ object: JSONObject, place: String) {
        self.object = object
        self.place = place
    }

    func fail(_ key: String, _ reason: String) -> RecordsError { .invalidInput("\(place): `\(key)` \(reason)") }

    mutating func take(_ key: String) -> JSONValue? {
        read.insert(key)
        if case .null? = object[key] { return nil }
        return object[key]
    }

    mutating func optionalString(_ key: String) throws(RecordsError) -> String? {
        guard let value = take(key) else { return nil }
        guard case .string(let text) = value else { throw fail(key, "must be a string") }
        return text
    }

    mutating func string(_ key: String) throws(RecordsError) -> String {
        guard let text = try optionalString(key) else { throw fail(key, "is needed") }
        return text
    }

    mutating func id(_ key: String) throws(RecordsError) -> String {
        let id = try string(key)
        guard RecordID.isValid(id) else { throw fail(key, "is not a record id") }
        return id
    }

    mutating func time(_ key: String) throws(RecordsError) -> RecordTime {
        guard let time = RecordTime(iso8601: try string(key)), time.isValid else { throw fail(key, "must be a date and time with its offset") }
        return time
    }

    mutating func integer(_ key: String, _ range: ClosedRange<Int>) throws(RecordsError) -> Int? {
        guard let value = take(key) else { return nil }
        guard case .integer(let n) = value, let number = Int(exactly: n), range.contains(number) else {
            throw fail(key, "must be a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }

    mutating func word<W: VocabularyWord>(_ key: String, _: W.Type) throws(RecordsError) -> W? {
        guard let text = try optionalString(key) else { return nil }
        guard let word = W(word: text) else { throw fail(key, "must be one of: \(W.allCases.map(\.rawValue).joined(separator: ", "))") }
        return word
    }

    func finish() throws(RecordsError) {
        if let unknown = object.keys.first(where: { !read.contains($0) }) {
            throw RecordsError.invalidInput("\(place): a practice draft has no field `\(unknown.count > 40 ? String(unknown.prefix(40)) + "…" : unknown)`")
        }
    }
}
