import Foundation
import HearthRecords
import HearthRecordText
import HearthRunContext
import Testing

/// The editor template in process: every kind reads back as it was written, a draft's problems
/// name their line, and the note about what to fix goes where the person sees it.
struct RecordTemplateTests {
    static let now = RecordTime(iso8601: "2026-03-01T09:30:00+01:00")!

    static func record(_ pairs: KeyValuePairs<String, JSONValue>, kind: RecordKind) throws -> AnyRecord {
        try RecordJSON.record(from: JSONObject(pairs), kind: kind, now: now)
    }

    /// One record of each kind, with most of its fields set (signed numbers, flags, lists, items, sections).
    static func samples() throws -> [AnyRecord] {
        let sam = "0123456789abcdef0123456789abcdef"
        return [
            try record(["text": .string("A walk by the river.\n\nThe light on the water."), "feelings": .strings(["calm", "my own word"]),
                        "people": .strings([sam]), "tags": .strings(["walk"]), "starred": .bool(true)], kind: .journal),
            try record(["name": .string("Sam"), "roles": .strings(["friend"]), "steadiness": .integer(4), "reach_when_struggling": .bool(true),
                        "check_in_days": .integer(14), "boundaries": .string("No calls after 10pm"), "notes": .string("Pottery class")],
                       kind: .person),
            try record(["people": .strings([sam]), "channel": .string("in_person"), "safety": .integer(2),
                        "activation_before": .integer(6), "activation_after": .integer(3), "rupture": .bool(true),
                        "support_received": .strings(["listening"]), "shared": .string("The week was hard"), "notes": .string("By the river")],
                       kind: .connection),
            try record(["state": .string("activated"), "activation": .integer(7), "activation_after": .integer(4),
                        "sensations": .array([.object(JSONObject(["region": .string("chest"), "quality": .string("tight"), "intensity": .integer(6)])),
                                              .object(JSONObject(["region": .string("throat"), "quality": .string("")]))]),
                        "helped": .array([.object(JSONObject(["strategy": .string("long exhale"), "effect": .integer(-1)])),
                                          .object(JSONObject(["strategy": .string("slept 8")]))]),
                        "context": .string("before the meeting")], kind: .body),
            try record(["belief": .string("I am too much"), "counter_belief": .string("I am enough"), "believability": .integer(70),
                        "counter_believability": .integer(40)], kind: .belief),
            try record(["script": .string("Go quiet"), "trigger": .string("A short reply"), "urge": .string("Hide"),
                        "instead": .string("Asked what they meant")], kind: .script),
        ]
    }

    @Test func everyKindReadsBackAsItWasWritten() throws {
        for original in try Self.samples() {
            let values = RecordJSON.object(for: original)
            let template = RecordTemplate.render(kind: original.kind, values: values, people: [], intro: "Editing.")
            let parsed = try RecordTemplate.parse(template, kind: original.kind, clock: .system)
            // What an edit does: the fields the template holds replace those of the record.
            var merged = values
            for member in parsed.members { merged[member.key] = member.value }
            let back = try RecordJSON.record(from: merged, kind: original.kind, now: Self.now)
            #expect(back == original, "\(original.kind):\n\(template)")
        }
    }

    @Test func aJournalDraftWithoutFrontMatterIsAllText() throws {
        let parsed = try RecordTemplate.parse("Just words.\n---\nmore", kind: .journal, clock: .system)
        #expect(parsed["text"] == .string("Just words.\n---\nmore"))
    }

    @Test func problemsNameTheirLine() throws {
        func problem(_ text: String, _ kind: RecordKind) -> String? {
            do throws(RecordsError) {
                _ = try RecordTemplate.parse(text, kind: kind, clock: .system)
                return nil
            } catch {
                if case .invalidInput(let why) = error { return why }
                return "\(error)"
            }
        }
        #expect(problem("\n\nbelief: x", .belief) == "line 3: the draft must start with the `---` line of the template")
        #expect(problem("---\nstate: settled\nno colon here\n---\n", .body) == "line 3: each line above the second `---` is `field: value`")
        #expect(problem("---\nmood: fine\n---\n", .journal) == "line 2: unknown field `mood`")
        // A field name that is not a plain word is not repeated (it may be record text).
        #expect(problem("---\nmy secret thought: x\n---\n", .journal) == "line 2: unknown field (a name that is not a plain word)")
        #expect(problem("---\nstarred: maybe\n---\n", .journal) == "line 2: `starred` must be yes or no")
        #expect(problem("---\nstarred: yes", .journal) == "line 2: the second `---` line is missing")
        // Text above every heading belongs to the first section, unless that has a heading too.
        #expect(problem("---\nstate: settled\n---\nstray words\n## Context\nx\n", .body)
            == "line 4: text above the first `## ` heading; put it under a heading")
        #expect(problem("---\nstate: settled\n---\nstray words\n## Notes\nx\n", .body) == nil)
        #expect(try RecordTemplate.parse("---\nstate: settled\n---\nstray words\n## Notes\nx\n", kind: .body, clock: .system)["context"]
            == .string("stray words"))
    }

    @Test func aRemovedLineLeavesItsFieldAsItWas() throws {
        let parsed = try RecordTemplate.parse("---\nstate: settled\n---\n## Notes\nfine\n", kind: .body, clock: .system)
        #expect(parsed["activation"] == nil && parsed["state"] == .string("settled") && parsed["notes"] == .string("fine"))
        #expect(parsed["context"] == nil, "a section that is not there is left as it was")
    }

    @Test func theNoteAboutWhatToFixGoesBelowTheFirstLineAndReplacesAnEarlierOne() {
        let draft = "---\nstarred: maybe\n---\ntext"
        let once = RecordTemplate.annotated(draft, problem: "line 2: `starred`\nmust be yes or no")
        #expect(once == "---\n# Could not save: line 2: `starred` must be yes or no\nstarred: maybe\n---\ntext")
        let twice = RecordTemplate.annotated(once, problem: "something else")
        #expect(twice == "---\n# Could not save: something else\nstarred: maybe\n---\ntext")
        #expect(RecordTemplate.annotated("plain", problem: "p") == "# Could not save: p\nplain")
    }
}
