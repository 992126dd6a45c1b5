import Foundation
import HearthTestSupport
import Testing

/// Naming someone by name where a person is asked for: an editor draft's `people:` line, the
/// guided prompt and `--person -` take a name or its beginning; the command line itself takes
/// ids only (names there are visible to every user, and kept in shell history). Several people
/// fitting a name are chosen from on a terminal, listed (64) without one; messages never
/// repeat what was typed.
@Suite(.ownThreads) struct PersonNamesTests {
    /// A vault with Sam, Samira Okafor and Zoë; their ids.
    static func people(_ h: PracticeHarness) throws -> (sam: String, samira: String, zoe: String) {
        (try h.add("people", json: #"{"name": "Sam"}"#),
         try h.add("people", json: #"{"name": "Samira Okafor"}"#),
         try h.add("people", json: #"{"name": "Zoë"}"#))
    }

    /// An `$EDITOR` that writes `people` into the draft's front matter and a line of text.
    static func editor(_ h: PracticeHarness, people: String, text: String = "A walk by the river") throws -> String {
        try h.script("people-\(UUID().uuidString.prefix(8)).sh", """
            sed -i 's/^people: .*/people: \(people)/' "$1"
            printf '%s\\n' '\(text)' >> "$1"
            """)
    }

    @Test func aDraftsPeopleLineTakesNamesAndTheirBeginnings() throws {
        let h = try PracticeHarness(mode: .inProcess)
        let (sam, samira, zoe) = try Self.people(h)
        // Exact name beats a beginning (Sam, not Samira); case and accents as a keyboard types them.
        let added = try h.run(["journal", "add", "--edit"], env: ["EDITOR": try Self.editor(h, people: "SAM, zoe, samira o")])
        #expect(added.status == 0, "\(added.err)")
        let id = try #require(added.lines.first)
        #expect(try h.show("journal", id)["people"] as? [String] == [sam, zoe, samira])
        // The same from a kept draft saved with `--draft`, and ids still work there.
        let connect = try h.run(["connect", "add", "--edit"], env: ["EDITOR": try Self.editor(h, people: "\(sam.prefix(6)), Zo")])
        #expect(connect.status == 0, "\(connect.err)")
        #expect(try h.show("connect", try #require(connect.lines.first))["people"] as? [String] == [sam, zoe])
    }

    @Test func severalFittingWithoutATerminalAreListedAnd64() throws {
        let h = try PracticeHarness(mode: .inProcess)
        let (sam, samira, _) = try Self.people(h)
        let failed = try h.run(["journal", "add", "--edit"], env: ["EDITOR": try Self.editor(h, people: "Zoë, sa", text: "river-canary")])
        #expect(failed.status == 64, "\(failed.err)")
        #expect(failed.err.contains("2nd name in `people` could mean several people"), "\(failed.err)")
        #expect(failed.err.contains("\(sam)  Sam") && failed.err.contains("\(samira)  Samira Okafor"), "\(failed.err)")
        #expect(!failed.err.contains("river-canary"))
        // The draft is kept; naming one of them saves it.
        let kept = try #require(failed.err.components(separatedBy: "kept at ").last?.components(separatedBy: ",").first)
        var draft = try String(contentsOfFile: kept, encoding: .utf8)
        draft = draft.replacingOccurrences(of: "people: Zoë, sa", with: "people: Zoë, samira")
        try draft.write(toFile: kept, atomically: false, encoding: .utf8)
        let saved = try h.run(["journal", "add", "--draft", kept])
        #expect(saved.status == 0, "\(saved.err)")
        #expect(try h.list("journal", ["--person", samira]).count == 1)
    }

    @Test func aNameThatFitsNoOneIsNotRepeated() throws {
        let h = try PracticeHarness(mode: .inProcess)
        _ = try Self.people(h)
        let failed = try h.run(["journal", "add", "--edit"], env: ["EDITOR": try Self.editor(h, people: "Quillon7")])
        #expect(failed.status == 65, "\(failed.err)")
        #expect(failed.err.contains("matches no one here") && failed.err.contains("hearth people list"), "\(failed.err)")
        #expect(!failed.err.lowercased().contains("quillon7"), "\(failed.err)")
    }

    /// A name on the command line is refused without being repeated, and nothing is added;
    /// ids and their beginnings work as before.
    @Test func theCommandLineTakesIdsOnly() throws {
        let h = try PracticeHarness(mode: .inProcess)
        let (sam, _, _) = try Self.people(h)
        #expect(try h.run(["journal", "add", "--person", sam.prefix(5).description], stdin: "With an id").status == 0)
        for command in [["journal", "list", "--person", "Samira"], ["insights", "--person", "Samira"],
                        ["journal", "add", "--person", "Samira"], ["people", "show", "Samira"]] {
            let refused = try h.run(command, stdin: "text-canary")
            #expect(refused.status == 66, "\(command): \(refused.err)")
            #expect(!refused.err.contains("Samira") && !refused.err.contains("text-canary"), "\(command): \(refused.err)")
            #expect(refused.err.contains("`-` in place of the id") && refused.err.contains("hearth people list"), "\(command): \(refused.err)")
        }
        // A short name reads as a too-short id (64), still not repeated.
        let short = try h.run(["journal", "list", "--person", "Sam"])
        #expect(short.status == 64 && !short.err.contains("Sam") && short.err.contains("`-` in place of the id"), "\(short.err)")
        #expect(try h.list("journal").count == 1, "nothing was added with a name")
        #expect(try h.list("journal", ["--person", sam]).count == 1)
        // `-` asks on the terminal; without one it says so (64).
        let noTerminal = try h.run(["journal", "list", "--person", "-"])
        #expect(noTerminal.status == 64 && noTerminal.err.contains("asks on the terminal"), "\(noTerminal.err)")
    }

    /// On a terminal, several people fitting a draft's name are offered as a numbered choice.
    @Test(.enabled(if: KeysTerminal.available)) func aTerminalChoosesAmongSeveral() throws {
        let h = try PracticeHarness(mode: .inProcess)
        let (_, samira, _) = try Self.people(h)
        var env = h.environment(["EDITOR": try Self.editor(h, people: "sa")])
        env["HEARTH_NO_TTY"] = nil
        let t = try KeysTerminal(arguments: ["journal", "add", "--edit"], environment: env)
        let shown = try t.waitFor("Which one?")
        #expect(shown.contains("1. Sam") && shown.contains("2. Samira Okafor"), "\(shown)")
        try t.type("2")
        try t.waitFor("Saved.")
        #expect(try t.finish() == 0, "\(t.transcript)")
        #expect(try h.list("journal", ["--person", samira]).count == 1)
        #expect(PracticeHarness.files(under: h.runtime).isEmpty, "no draft is left")
    }

    /// Ctrl-C at the choice stops calmly: nothing saved, the new draft wiped.
    @Test(.enabled(if: KeysTerminal.available)) func ctrlCAtTheChoiceStopsCalmly() throws {
        let h = try PracticeHarness(mode: .inProcess)
        _ = try Self.people(h)
        var env = h.environment(["EDITOR": try Self.editor(h, people: "sa")])
        env["HEARTH_NO_TTY"] = nil
        let t = try KeysTerminal(arguments: ["journal", "add", "--edit"], environment: env)
        try t.waitFor("Which one?")
        try t.waitUntilReading()
        t.send("\u{03}")
        try t.waitFor("Nothing was saved")
        #expect(try t.finish() == 130, "\(t.transcript)")
        #expect(try h.list("journal").isEmpty)
        #expect(PracticeHarness.files(under: h.runtime).isEmpty, "no draft is left")
    }

    /// `people show` without an id: chosen by number or name; Ctrl-C at the choice says only that
    /// nothing was saved (there was no draft).
    @Test(.enabled(if: KeysTerminal.available)) func peopleShowChoosesByName() throws {
        let h = try PracticeHarness(mode: .inProcess)
        _ = try Self.people(h)
        var env = h.environment()
        env["HEARTH_NO_TTY"] = nil
        let shown = try KeysTerminal(arguments: ["people", "show"], environment: env)
        try shown.answer("Which one? (number or name", with: "zoe")
        #expect(try shown.finish() == 0, "\(shown.transcript)")
        #expect(shown.transcript.contains("Name:") && shown.transcript.contains("Zoë"), "\(shown.transcript)")

        let stopped = try KeysTerminal(arguments: ["people", "show"], environment: env)
        try stopped.answer("Which one? (number or name", with: "sa")
        try stopped.waitFor("Which one? (number;")
        try stopped.waitUntilReading()
        stopped.send("\u{03}")
        let told = try stopped.waitFor("Nothing was saved.")
        #expect(!told.contains("draft"), "\(told)")
        #expect(try stopped.finish() == 130, "\(stopped.transcript)")
    }

    /// `--person -`: the name is typed at the terminal, never on the command line.
    @Test(.enabled(if: KeysTerminal.available)) func personDashAsksForANameOnTheTerminal() throws {
        let h = try PracticeHarness(mode: .inProcess)
        let (sam, _, zoe) = try Self.people(h)
        #expect(try h.run(["journal", "add", "--person", zoe], stdin: "Tea with Zoë").status == 0)
        #expect(try h.run(["journal", "add", "--person", sam], stdin: "A call with Sam").status == 0)
        var env = h.environment()
        env["HEARTH_NO_TTY"] = nil
        let t = try KeysTerminal(arguments: ["journal", "list", "--person", "-"], environment: env)
        try t.answer("Who?", with: "Nobody-canary")
        let retold = try t.waitFor("Who?")
        // Only the terminal's own echo of the typing shows it; the message does not repeat it.
        #expect(retold.contains("No one here goes by that name"), "\(retold)")
        #expect(retold.components(separatedBy: "Nobody-canary").count == 2, "\(retold)")
        try t.type("zoe")
        #expect(try t.finish() == 0, "\(t.transcript)")
        #expect(t.transcript.contains("Tea with Zoë") && !t.transcript.contains("A call with Sam"), "\(t.transcript)")
    }

    /// The guided prompt takes names too: one that fits no one is asked again (not repeated),
    /// several are chosen from.
    @Test(.enabled(if: KeysTerminal.available)) func theGuidedPromptTakesNames() throws {
        let h = try PracticeHarness(mode: .inProcess)
        let (sam, _, zoe) = try Self.people(h)
        _ = try h.add("people", json: #"{"name": "Zoey"}"#)
        var env = h.environment()
        env["HEARTH_NO_TTY"] = nil
        let t = try KeysTerminal(arguments: ["journal", "add"], environment: env)
        try t.answer("a line with only . goes on", with: "Lunch outside")
        try t.type(".")
        try t.answer("Feelings", with: "")
        try t.answer("numbers or names, comma-separated:", with: "Quillon7, sam")
        let retold = try t.waitFor("numbers or names, comma-separated:")
        #expect(retold.contains("The 1st name in `people` matches no one"), "\(retold)")
        #expect(retold.components(separatedBy: "Quillon7").count == 2, "only the terminal's echo: \(retold)")
        try t.type("sam, zo")
        let offered = try t.waitFor("Which one?")
        // In the order of the list (by name).
        #expect(offered.contains("1. Zoey") && offered.contains("2. Zoë"), "\(offered)")
        try t.type("2")
        try t.answer("Starred", with: "")
        try t.waitFor("Saved.")
        #expect(try t.finish() == 0, "\(t.transcript)")
        let entry = try #require(try h.list("journal", ["--full"]).first)
        #expect(entry["people"] as? [String] == [sam, zoe])
    }
}
