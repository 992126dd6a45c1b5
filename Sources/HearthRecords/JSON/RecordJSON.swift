import Foundation

/// Records as JSON, with the field names of Docs/CLI.md: what `show --json` prints,
/// what `add --json` and `import` read, and what `export` writes. Lossless: a record written
/// and read back is equal.
public enum RecordJSON {
    // MARK: Writing

    /// The whole record. Computed fields (`last_contact`, `check_in_due`, `repaired_by`, the latest
    /// `believability`) are included for reading and ignored on input.
    public static func object(for record: AnyRecord) -> JSONObject {
        let c = record.common
        var o = JSONObject([
            "id": .string(c.id), "kind": .string(record.kind.rawValue), "at": .string(c.at.iso8601),
            "created_at": .string(c.createdAt.iso8601), "updated_at": .string(c.updatedAt.iso8601),
            "tags": .strings(c.tags), "starred": .bool(c.starred),
        ])
        func time(_ t: RecordTime?) -> JSONValue { t.map { .string($0.iso8601) } ?? .null }
        switch record {
        case .journal(let r):
            o["text"] = .string(r.text)
            o["feelings"] = .strings(r.feelings)
            o["people"] = .strings(r.people)
        case .person(let r):
            o["name"] = .string(r.name)
            o["roles"] = .strings(r.roles)
            o["steadiness"] = .optionalInteger(r.steadiness)
            o["steadiness_history"] = .array(r.steadinessHistory.map {
                .object(JSONObject(["at": .string($0.at.iso8601), "steadiness": .integer(Int64($0.steadiness))]))
            })
            o["boundaries"] = .string(r.boundaries)
            o["notes"] = .string(r.notes)
            o["check_in_days"] = .optionalInteger(r.checkInDays)
            o["snoozed_until"] = time(r.snoozedUntil)
            o["reach_when_struggling"] = .bool(r.reachWhenStruggling)
            o["last_contact"] = time(r.lastContact)
            o["check_in_due"] = r.checkInDue.map { .string(RecordTime(date: $0, offsetSeconds: c.at.offsetSeconds).iso8601) } ?? .null
        case .connection(let r):
            o["people"] = .strings(r.people)
            o["channel"] = .optionalString(r.channel?.rawValue)
            o["initiated_by"] = .optionalString(r.initiatedBy?.rawValue)
            o["safety"] = .optionalInteger(r.safety)
            o["state_before"] = .optionalString(r.stateBefore?.rawValue)
            o["state_after"] = .optionalString(r.stateAfter?.rawValue)
            o["activation_before"] = .optionalInteger(r.activationBefore)
            o["activation_after"] = .optionalInteger(r.activationAfter)
            o["share_depth"] = .optionalInteger(r.shareDepth)
            o["shared"] = .string(r.shared)
            o["response"] = .optionalString(r.response?.rawValue)
            o["support_received"] = .strings(r.supportReceived)
            o["support_given"] = .strings(r.supportGiven)
            o["rupture"] = .bool(r.rupture)
            o["repair_of"] = .optionalString(r.repairOf)
            o["repaired_by"] = .strings(r.repairedBy)
            o["feelings"] = .strings(r.feelings)
            o["notes"] = .string(r.notes)
        case .body(let r):
            o["state"] = .string(r.state.rawValue)
            o["activation"] = .integer(Int64(r.activation))
            o["activation_after"] = .optionalInteger(r.activationAfter)
            o["sensations"] = .array(r.sensations.map {
                .object(JSONObject(["region": .string($0.region), "quality": .string($0.quality), "intensity": .optionalInteger($0.intensity)]))
            })
            o["helped"] = .array(r.helped.map {
                .object(JSONObject(["strategy": .string($0.strategy), "effect": .optionalInteger($0.effect)]))
            })
            o["context"] = .string(r.context)
            o["people"] = .strings(r.people)
            o["feelings"] = .strings(r.feelings)
            o["notes"] = .string(r.notes)
        case .belief(let r):
            o["belief"] = .string(r.belief)
            o["counter_belief"] = .string(r.counterBelief)
            o["status"] = .string(r.status.rawValue)
            o["believability"] = .optionalInteger(r.believability)
            o["counter_believability"] = .optionalInteger(r.counterBelievability)
            o["ratings"] = .array(r.ratings.map {
                .object(JSONObject([
                    "at": .string($0.at.iso8601), "believability": .optionalInteger($0.believability),
                    "counter_believability": .optionalInteger($0.counterBelievability),
                ]))
            })
        case .script(let r):
            o["script"] = .string(r.script)
            o["trigger"] = .string(r.trigger)
            o["urge"] = .string(r.urge)
            o["instead"] = .string(r.instead)
            o["people"] = .strings(r.people)
            o["feelings"] = .strings(r.feelings)
            o["notes"] = .string(r.notes)
        }
        return o
    }

    /// Fields that hold a person's own words: left out of listings, which show a `preview`.
    public static let textFields: Set<String> = [
        "text", "name", "boundaries", "notes", "shared", "context", "sensations", "helped", "belief",
        "counter_belief", "script", "trigger", "urge", "instead", "steadiness_history", "ratings",
    ]

    /// What `list --json` prints: every field except the free text, plus a short `preview`.
    public static func previewObject(for record: AnyRecord) -> JSONObject {
        var o = object(for: record)
        o.members.removeAll { textFields.contains($0.key) }
        o["preview"] = .string(record.preview())
        return o
    }

    // MARK: Reading

    /// Reads a record strictly. `kind`, when given, is what the command expects (a `kind`
    /// field must then agree). Missing times default to `now`; a missing id is made.
    public static func record(from object: JSONObject, kind expected: RecordKind?, now: RecordTime) throws(RecordsError) -> AnyRecord {
        var f = FieldReader(object, now: now)
        let kindWord = try f.string("kind")
        var kind = expected
        if let kindWord {
            guard let named = RecordKind(word: kindWord) else {
                throw f.fail("kind", "must be one of: \(RecordKind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            if let expected, named != expected { throw f.fail("kind", "says \(named.rawValue), but this command adds \(expected.plural)") }
            kind = named
        }
        guard let kind else { throw .invalidInput(FieldReader.located(line: object.line, "a record needs a `kind`")) }
        let id = try f.string("id") ?? RecordID.make()
        guard RecordID.isValid(id) else { throw f.fail("id", "must be 1 to 64 letters, digits, '-', '_' or '.'") }
        let at = try f.time("at") ?? now
        let created = try f.time("created_at") ?? now
        let updated = try f.time("updated_at") ?? created
        let common = RecordCommon(id: id, at: at, createdAt: created, updatedAt: updated, tags: try f.strings("tags"),
                                  starred: try f.bool("starred") ?? false)
        let record: AnyRecord
        switch kind {
        case .journal:
            record = .journal(JournalEntry(
                common: common, text: try f.requiredText("text"), feelings: try f.strings("feelings"), people: try f.strings("people")))
        case .person:
            record = .person(try person(&f, common: common))
        case .connection:
            record = .connection(try connection(&f, common: common))
        case .body:
            record = .body(try body(&f, common: common))
        case .belief:
            record = .belief(try belief(&f, common: common))
        case .script:
            record = .script(Script(
                common: common, script: try f.requiredText("script"), trigger: try f.text("trigger"), urge: try f.text("urge"),
                instead: try f.text("instead"), people: try f.strings("people"), feelings: try f.strings("feelings"),
                notes: try f.text("notes")))
        }
        try f.finish()
        let normalized = RecordNormalizer.normalize(record)
        do throws(RecordsError) {
            try RecordRules.validate(normalized)
        } catch {
            if case .invalidInput(let why) = error { throw .invalidInput(FieldReader.located(line: object.line, why)) }
            throw error
        }
        return normalized
    }

    /// Checks one field of a new record by exactly the rules `record(from:)` applies to a whole
    /// record (types, ranges, word lists, lengths), so that a prompt can ask again at the field
    /// itself instead of refusing the whole record at the end. The other required fields are
    /// filled with neutral values that always pass; a broken rule is `invalidInput`.
    public static func check(field name: String, value: JSONValue, kind: RecordKind) throws(RecordsError) {
        var object = JSONObject()
        object[name] = value
        for (key, neutral) in neutralRequiredFields(kind) where key != name { object[key] = neutral }
        _ = try record(from: object, kind: kind, now: .now())
    }

    /// Every field name a record of `kind` prints and reads (computed ones included): what a
    /// reader of notes keeps from a note's properties, leaving the app's own ones aside.
    public static func fieldNames(of kind: RecordKind) -> Set<String> {
        var object = JSONObject()
        for (key, neutral) in neutralRequiredFields(kind) { object[key] = neutral }
        guard let record = try? record(from: object, kind: kind, now: .now()) else { return [] }
        return Set(self.object(for: record).keys)
    }

    /// A value for each required field that passes every rule.
    private static func neutralRequiredFields(_ kind: RecordKind) -> [(String, JSONValue)] {
        switch kind {
        case .journal: [("text", .string("-"))]
        case .person: [("name", .string("-"))]
        case .connection: []
        case .body: [("state", .string(NervousSystemState.settled.rawValue)), ("activation", .integer(Int64(BodyCheckIn.activationRange.lowerBound)))]
        case .belief: [("belief", .string("-"))]
        case .script: [("script", .string("-"))]
        }
    }

    /// Words from `PersonRole`'s list or a person's own (`PersonRole.problem` says which are kept).
    private static func roles(_ f: inout FieldReader) throws(RecordsError) -> [String] {
        let roles = try f.strings("roles")
        for word in roles { if let why = PersonRole.problem(with: word) { throw f.fail("roles", why) } }
        return roles
    }

    private static func person(_ f: inout FieldReader, common: RecordCommon) throws(RecordsError) -> Person {
        let name = try f.requiredText("name")
        if name.contains(where: \.isNewline) { throw f.fail("name", "must be one line") }
        let roles = try roles(&f)
        let latest = try f.integer("steadiness", in: Person.steadinessRange)
        var history: [Person.SteadinessRating] = try f.objects("steadiness_history") { (r) throws(RecordsError) -> Person.SteadinessRating in
            let at = try r.time("at") ?? common.at
            guard let steadiness = try r.integer("steadiness", in: Person.steadinessRange) else {
                throw r.fail("steadiness", "is required in each entry")
            }
            return Person.SteadinessRating(at: at, steadiness: steadiness)
        } ?? []
        if history.isEmpty, let latest { history = [.init(at: common.at, steadiness: latest)] }
        f.ignore("last_contact")
        f.ignore("check_in_due")
        return Person(
            common: common, name: name, roles: roles, steadinessHistory: history, boundaries: try f.text("boundaries"),
            notes: try f.text("notes"), checkInDays: try f.integer("check_in_days", in: Person.checkInDaysRange),
            snoozedUntil: try f.time("snoozed_until"), reachWhenStruggling: try f.bool("reach_when_struggling") ?? false)
    }

    private static func connection(_ f: inout FieldReader, common: RecordCommon) throws(RecordsError) -> Connection {
        f.ignore("repaired_by")
        return Connection(
            common: common, people: try f.strings("people"), channel: try f.word("channel", ConnectionChannel.self),
            initiatedBy: try f.word("initiated_by", ReachedOut.self), safety: try f.integer("safety", in: Connection.safetyRange),
            stateBefore: try f.word("state_before", NervousSystemState.self),
            stateAfter: try f.word("state_after", NervousSystemState.self),
            activationBefore: try f.integer("activation_before", in: Connection.activationRange),
            activationAfter: try f.integer("activation_after", in: Connection.activationRange),
            shareDepth: try f.integer("share_depth", in: Connection.shareDepthRange), shared: try f.text("shared"),
            response: try f.word("response", ShareResponse.self), supportReceived: try f.strings("support_received"),
            supportGiven: try f.strings("support_given"), rupture: try f.bool("rupture") ?? false,
            repairOf: try f.string("repair_of").flatMap { $0.isEmpty ? nil : $0 }, feelings: try f.strings("feelings"),
            notes: try f.text("notes"))
    }

    private static func body(_ f: inout FieldReader, common: RecordCommon) throws(RecordsError) -> BodyCheckIn {
        guard let state = try f.word("state", NervousSystemState.self) else { throw f.fail("state", "is required") }
        guard let activation = try f.integer("activation", in: BodyCheckIn.activationRange) else {
            throw f.fail("activation", "is required (0 to 10)")
        }
        let sensations = try f.objects("sensations") { (r) throws(RecordsError) in
            BodyCheckIn.Sensation(
                region: try r.text("region"), quality: try r.text("quality"),
                intensity: try r.integer("intensity", in: BodyCheckIn.intensityRange))
        } ?? []
        let helped = try f.objects("helped") { (r) throws(RecordsError) in
            BodyCheckIn.Helped(strategy: try r.requiredText("strategy"), effect: try r.integer("effect", in: BodyCheckIn.effectRange))
        } ?? []
        return BodyCheckIn(
            common: common, state: state, activation: activation,
            activationAfter: try f.integer("activation_after", in: BodyCheckIn.activationRange), sensations: sensations,
            helped: helped, context: try f.text("context"), people: try f.strings("people"), feelings: try f.strings("feelings"),
            notes: try f.text("notes"))
    }

    private static func belief(_ f: inout FieldReader, common: RecordCommon) throws(RecordsError) -> Belief {
        let text = try f.requiredText("belief")
        let counter = try f.text("counter_belief")
        let status = try f.word("status", BeliefStatus.self) ?? .active
        let believability = try f.integer("believability", in: Belief.believabilityRange)
        let counterBelievability = try f.integer("counter_believability", in: Belief.believabilityRange)
        var ratings = try f.objects("ratings") { (r) throws(RecordsError) in
            Belief.Rating(
                at: try r.time("at") ?? common.at, believability: try r.integer("believability", in: Belief.believabilityRange),
                counterBelievability: try r.integer("counter_believability", in: Belief.believabilityRange))
        } ?? []
        if ratings.isEmpty, believability != nil || counterBelievability != nil {
            ratings = [.init(at: common.at, believability: believability, counterBelievability: counterBelievability)]
        }
        return Belief(common: common, belief: text, counterBelief: counter, status: status, ratings: ratings)
    }
}
