import Foundation
import HearthTestSupport
import Testing

/// Every record kind through the binary: add (--json), list, show, edit (a scripted $EDITOR),
/// delete.
@Suite(.ownThreads) struct RecordKindsTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let command: String
        let kind: String
        /// JSON for `add --json`; `PERSON` stands for a person's id.
        let json: String
        /// A sed expression the scripted editor applies to the template.
        let edit: String
        /// Field → value expected in `show --json` after the edit.
        let afterEdit: [String: String]
        /// A field that holds free text and must not appear in `list --json`.
        let textField: String
        var testDescription: String { command }
    }

    static let cases: [Case] = [
        Case(command: "journal", kind: "journal",
             json: #"{"text": "Walked with Sam by the river.\nIt helped.", "feelings": ["calm", "left out"], "people": ["__PERSON__"], "tags": ["Walk"], "starred": true, "at": "2026-03-01T09:30:00+01:00", "created_at": "2026-03-01T09:30:00+01:00"}"#,
             edit: "s/^feelings: .*/feelings: hopeful, tender/; s/It helped./It helped a lot./",
             afterEdit: ["feelings": "hopeful,tender", "text": "Walked with Sam by the river.\nIt helped a lot."], textField: "text"),
        Case(command: "people", kind: "person",
             json: #"{"name": "Ana", "roles": ["therapist"], "steadiness": 3, "check_in_days": 7, "boundaries": "Sessions only", "created_at": "2026-03-01T09:30:00Z"}"#,
             edit: "s/^steadiness: .*/steadiness: 5/; s/Sessions only/Sessions, and email for scheduling/",
             afterEdit: ["steadiness": "5", "boundaries": "Sessions, and email for scheduling"], textField: "boundaries"),
        Case(command: "connect", kind: "connection",
             json: #"{"people": ["__PERSON__"], "channel": "call", "safety": -1, "state_before": "activated", "activation_before": 7, "activation_after": 4, "share_depth": 2, "response": "attuned", "shared": "That I was scared", "support_received": ["listening"], "rupture": true, "created_at": "2026-03-01T09:30:00Z"}"#,
             edit: "s/^safety: .*/safety: +2/; s/^state_after: .*/state_after: settled/; s/That I was scared/That I was scared of being too much/",
             afterEdit: ["safety": "2", "state_after": "settled", "shared": "That I was scared of being too much"], textField: "shared"),
        Case(command: "body", kind: "body",
             json: #"{"state": "frozen", "activation": 8, "sensations": [{"region": "throat", "quality": "tight", "intensity": 7}], "helped": [{"strategy": "feet on the floor", "effect": 1}], "context": "after the phone rang", "people": ["__PERSON__"], "created_at": "2026-03-01T09:30:00Z"}"#,
             edit: "s/^activation_after: .*/activation_after: 3/; s/^sensation: .*/sensation: belly, warm, 2/",
             afterEdit: ["activation_after": "3", "context": "after the phone rang"], textField: "context"),
        Case(command: "belief", kind: "belief",
             json: #"{"belief": "Needing people is weak", "counter_belief": "Everyone needs people", "believability": 90, "counter_believability": 10, "created_at": "2026-03-01T09:30:00Z"}"#,
             edit: "s/^believability: .*/believability: 70/; s/^status: .*/status: softening/",
             afterEdit: ["believability": "70", "counter_believability": "10", "status": "softening"], textField: "belief"),
        Case(command: "script", kind: "script",
             json: #"{"script": "Please everyone", "trigger": "a raised voice", "urge": "agree at once", "instead": "took a breath and asked a question", "people": ["__PERSON__"], "feelings": ["tense"], "created_at": "2026-03-01T09:30:00Z"}"#,
             edit: "s/agree at once/agree at once and apologise/",
             afterEdit: ["urge": "agree at once and apologise"], textField: "script"),
    ]

    static func text(_ value: Any?) -> String {
        switch value {
        case let s as String: return s
        case let n as NSNumber: return n.stringValue
        case let a as [Any]: return a.map { text($0) }.joined(separator: ",")
        default: return "\(value ?? "nil")"
        }
    }

    @Test(arguments: cases)
    func addListShowEditDelete(_ c: Case) throws {
        let h = try PracticeHarness(mode: .inProcess)
        let person = try h.add("people", json: #"{"name": "Sam", "roles": ["friend"]}"#)
        let id = try h.add(c.command, json: c.json.replacingOccurrences(of: "__PERSON__", with: person))

        // list: previews only.
        let listed = try h.list(c.command)
        let item = try #require(listed.first { $0["id"] as? String == id })
        #expect(item["kind"] as? String == c.kind)
        #expect(item[c.textField] == nil, "list must not print \(c.textField)")
        #expect(item["preview"] is String)
        let plain = try h.run([c.command, "list"])
        #expect(plain.status == 0 && plain.out.contains(String(id.prefix(8))))  // listings show short ids

        // show: the full record, with the contract's field names.
        let shown = try h.show(c.command, id)
        for key in ["id", "kind", "at", "created_at", "updated_at", "tags"] { #expect(shown[key] != nil, "\(key)") }
        #expect(shown[c.textField] != nil)
        #expect(try h.run([c.command, "show", String(id.prefix(8))]).status == 0, "a unique beginning of the id works")

        // edit in a scripted editor.
        let editor = try h.script("edit.sh", "sed -i '\(c.edit)' \"$1\"\n")
        let edited = try h.run([c.command, "edit", id], env: ["EDITOR": editor])
        #expect(edited.status == 0, "\(edited.err)")
        let after = try h.show(c.command, id)
        for (key, value) in c.afterEdit { #expect(Self.text(after[key]) == value, "\(key)") }
        #expect(Self.text(after["created_at"]) == Self.text(shown["created_at"]))
        #expect(Self.text(after["updated_at"]) > Self.text(shown["updated_at"]), "updated_at moves on edit")
        #expect(PracticeHarness.files(under: h.runtime).isEmpty, "no draft left behind")

        // An editor that changes nothing saves nothing.
        let unchanged = try h.run([c.command, "edit", id], env: ["EDITOR": try h.script("noop.sh", "true\n")])
        #expect(unchanged.status == 0 && unchanged.err.contains("No changes"))

        // delete: gone, a tombstone stays, the message is honest about backups.
        let deleted = try h.run([c.command, "delete", id])
        #expect(deleted.status == 0 && deleted.err.contains("Backups made before now still hold it"))
        #expect(try h.run([c.command, "show", id]).status == 66)
        #expect(try h.list(c.command).allSatisfy { $0["id"] as? String != id })
        let export = try h.run(["export", "--format", "json"])
        let archive = try #require(try export.json() as? [String: Any])
        let tombstones = try #require(archive["tombstones"] as? [[String: Any]])
        #expect(tombstones.contains { $0["id"] as? String == id && $0["kind"] as? String == c.kind && $0["text"] == nil })
    }

    @Test func beliefRatingsAndSteadinessKeepTheirHistory() throws {
        let h = try PracticeHarness(mode: .inProcess)
        let belief = try h.add("belief", json: #"{"belief": "I am too much", "believability": 85, "counter_believability": 15}"#)
        #expect(try h.run(["belief", "rate", belief, "--belief", "60", "--counter", "40"]).status == 0)
        #expect(try h.run(["belief", "rate", belief, "--counter", "55"]).status == 0)
        let shown = try h.show("belief", belief)
        #expect(shown["believability"] as? Int == 60 && shown["counter_believability"] as? Int == 55)
        #expect((shown["ratings"] as? [Any])?.count == 3)
        #expect(try h.run(["belief", "rate", belief, "--belief", "101"]).status == 64)

        let person = try h.add("people", json: #"{"name": "Rae", "steadiness": 2}"#)
        #expect(try h.run(["people", "rate", person, "--steadiness", "4"]).status == 0)
        let p = try h.show("people", person)
        #expect(p["steadiness"] as? Int == 4 && (p["steadiness_history"] as? [Any])?.count == 2)
    }

    @Test func lastContactAndRepairAreComputed() throws {
        let h = try PracticeHarness(mode: .inProcess)
        let person = try h.add("people", json: #"{"name": "Sam", "check_in_days": 10}"#)
        let rupture = try h.add("connect", json: #"{"people": ["\#(person)"], "rupture": true, "at": "2026-03-01T10:00:00Z"}"#)
        let repair = try h.run(["connect", "add", "--person", person, "--repair-of", String(rupture.prefix(8)), "--safety", "2", "--at", "2026-03-04T18:00:00Z"])
        #expect(repair.status == 0, "\(repair.err)")
        let shown = try h.show("connect", rupture)
        #expect(shown["repaired_by"] as? [String] == [repair.lines[0]])
        let p = try h.show("people", person)
        #expect(p["last_contact"] as? String == "2026-03-04T18:00:00Z")
        #expect(p["check_in_due"] as? String == "2026-03-14T18:00:00Z")
        #expect(try h.list("people", ["--due"]).count == 1, "the rhythm has passed (2026)")
        #expect(try h.run(["connect", "add", "--safety", "3"]).status == 65, "out of range")
        #expect(try h.run(["connect", "add", "--person", "no-such-person"]).status == 66)
    }

    @Test func addJSONIsAllOrNothingAndNamesTheLine() throws {
        let h = try PracticeHarness(mode: .inProcess)
        let lines = """
            {"state": "settled", "activation": 2}
            {"state": "activated", "activation": 6, "mood": "x"}
            {"state": "frozen", "activation": 9}
            """
        let bad = try h.run(["body", "add", "--json"], stdin: lines)
        #expect(bad.status == 65 && bad.err.contains("line 2") && bad.err.contains("`mood`"))
        let range = try h.run(["body", "add", "--json"], stdin: #"{"state": "settled", "activation": 11}"#)
        #expect(range.status == 65 && range.err.contains("`activation`"))
        #expect(try h.list("body").isEmpty, "nothing added")
        let good = try h.run(["body", "add", "--json"], stdin: lines.replacingOccurrences(of: #", "mood": "x""#, with: ""))
        #expect(good.status == 0 && good.lines.count == 3)
        #expect(try h.list("body").map { $0["id"] as? String } == good.lines.map(Optional.init))
        #expect(try h.run(["journal", "add", "--json", "--tag", "x"], stdin: "{}").status == 64)
    }

    @Test func plainStdinFillsTheMainTextAndFlagsTheRest() throws {
        let h = try PracticeHarness(mode: .inProcess)
        let added = try h.run(["people", "add", "--role", "peer", "--steadiness", "4", "--reach-when-struggling"], stdin: "Jo\n")
        #expect(added.status == 0, "\(added.err)")
        let p = try h.show("people", added.lines[0])
        #expect(p["name"] as? String == "Jo" && p["reach_when_struggling"] as? Bool == true && p["roles"] as? [String] == ["peer"])
        let body = try h.run(["body", "add", "--state", "shut-down", "--activation", "2"])
        #expect(body.status == 0)
        #expect(try h.show("body", body.lines[0])["state"] as? String == "shut_down")
        #expect(try h.run(["body", "add", "--state", "calmish", "--activation", "2"]).status == 65)
        #expect(try h.run(["journal", "add"], stdin: "   \n").err.contains("empty"))
    }
}
