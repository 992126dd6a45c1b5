import Foundation
import HearthTestSupport
import HearthVault
import Testing

/// `$EDITOR` on private memory-only drafts, kept drafts, conflicts, and terminal prompts.
@Suite(.ownThreads) struct EditingTests {
    static let canary = "Marigold4Canary whispered"

    @Test func editingLeavesNoPlaintextAnywhere() throws {
        let h = try PracticeHarness(mode: .inProcess)
        // The canary is typed by the editor (split here, so not even this script holds it).
        let writer = try h.script("write.sh", """
            sed -i 's/^feelings: .*/feelings: tender/' "$1"
            printf '%s%s %s\\n' Marigold4 Canary whispered >> "$1"
            """)
        let added = try h.run(["journal", "add", "--edit"], env: ["EDITOR": writer])
        #expect(added.status == 0, "\(added.err)")
        let id = try #require(added.lines.first)
        #expect(try h.show("journal", id)["text"] as? String == Self.canary)
        #expect(try h.show("journal", id)["feelings"] as? [String] == ["tender"])

        let editor = try h.script("edit.sh", "sed -i 's/whispered/said out loud/' \"$1\"\n")
        #expect(try h.run(["journal", "edit", id], env: ["EDITOR": editor]).status == 0)
        #expect(try h.show("journal", id)["text"] as? String == "Marigold4Canary said out loud")

        #expect(PracticeHarness.files(under: h.runtime).isEmpty, "the draft folder is wiped")
        #expect(!PracticeHarness.anyFile(under: h.runtime, contains: "Marigold4Canary"))
        #expect(!PracticeHarness.anyFile(under: h.folder, contains: "Marigold4Canary"), "nothing readable in the vault's folder")
    }

    /// Closing the editor on a new template without writing anything means "nothing to save":
    /// before, `connect` stored an empty connection and the others kept a draft holding
    /// everyone's names (65).
    @Test func closingTheTemplateUnchangedSavesNothingAndWipesIt() throws {
        let h = try PracticeHarness(mode: .inProcess)
        for kind in ["journal", "connect", "people", "body", "belief", "script"] {
            let closed = try h.run([kind, "add", "--edit"], env: ["EDITOR": "/bin/true"])
            #expect(closed.status == 0, "\(kind): \(closed.err)")
            #expect(closed.err.contains("closed without changes") && closed.lines.isEmpty, "\(kind): \(closed.err)")
            #expect(try h.list(kind).isEmpty, "\(kind)")
        }
        #expect(PracticeHarness.files(under: h.runtime).isEmpty, "no draft is left")
    }

    @Test func theEditorGetsAScrubbedEnvironment() throws {
        let h = try PracticeHarness(mode: .inProcess)
        let spy = try h.script("spy.sh", """
            env > "\(h.folder)/editor-env"
            printf 'Just a line\\n' >> "$1"
            """)
        #expect(try h.run(["journal", "add", "--edit"], env: ["EDITOR": spy, "HEARTH_SECRET_THING": "x"]).status == 0)
        let seen = try String(contentsOfFile: h.folder + "/editor-env", encoding: .utf8)
        #expect(!seen.contains("HEARTH_") && !seen.contains(PracticeHarness.passphrase))
    }

    @Test func anInvalidDraftIsKeptAndCanBeSavedLater() throws {
        let h = try PracticeHarness(mode: .inProcess)
        let broken = try h.script("broken.sh", "sed -i 's/^activation: .*/activation: 12/; s/^state: .*/state: settled/' \"$1\"\n")
        let failed = try h.run(["body", "add", "--edit"], env: ["EDITOR": broken])
        #expect(failed.status == 65 && failed.err.contains("`activation`") && failed.err.contains("Your draft is kept at"), "\(failed.err)")
        let kept = try #require(failed.err.components(separatedBy: "kept at ").last?.components(separatedBy: ",").first)
        #expect(kept.hasPrefix(h.runtime) && FileManager.default.fileExists(atPath: kept))
        #expect(try h.list("body").isEmpty)

        // Fixed by hand (here: by sed), then saved from the draft; the draft is wiped.
        _ = try h.runProgram("/bin/sed", ["-i", "s/^activation: .*/activation: 3/", kept])
        let saved = try h.run(["body", "add", "--draft", kept])
        #expect(saved.status == 0, "\(saved.err)")
        #expect(try h.list("body").count == 1)
        #expect(!FileManager.default.fileExists(atPath: kept))
        #expect(PracticeHarness.files(under: h.runtime).isEmpty)
    }

    @Test func aFailedSaveKeepsTheDraftAndSaysWhere() throws {
        // Through the binary: RecordVault's writer lock reads the process environment.
        let h = try PracticeHarness()
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/flock") else { try Test.cancel("needs util-linux `flock`") }
        // While "editing", someone else holds the vault's writer lock for a while.
        let busy = try h.script("busy.sh", """
            /usr/bin/flock "\(try WriterLock.lockPath(for: h.vault, environment: h.environment()))" sleep 3 &
            sleep 0.5
            printf 'Kept through a busy vault\\n' >> "$1"
            """)
        let failed = try h.run(["journal", "add", "--edit"], env: ["EDITOR": busy, "HEARTH_LOCK_TIMEOUT": "0.2"])
        #expect(failed.status == 75 && failed.err.contains("Your draft is kept at"), "\(failed.err)")
        let kept = try #require(failed.err.components(separatedBy: "kept at ").last?.components(separatedBy: ",").first)
        #expect(try String(contentsOfFile: kept, encoding: .utf8).contains("Kept through a busy vault"))
        // Once the other holder lets go of the lock (no fixed sleep: asked until it is free).
        let deadline = Date().addingTimeInterval(10)
        while try h.runProgram("/usr/bin/flock", ["-n", h.vault + ".lock", "true"]).status != 0, Date() < deadline {
            usleep(50_000)
        }
        let saved = try h.run(["journal", "add", "--draft", kept])
        #expect(saved.status == 0, "\(saved.err)")
        #expect(try h.show("journal", saved.lines[0])["text"] as? String == "Kept through a busy vault")
        #expect(PracticeHarness.files(under: h.runtime).isEmpty)
    }

    @Test func aConflictOnTheSameRecordKeepsBothAndOtherChangesStay() throws {
        let h = try PracticeHarness(mode: .inProcess)
        let id = try h.add("journal", json: #"{"text": "First words", "created_at": "2026-01-01T00:00:00Z"}"#)
        let hearth = PracticeHarness.binary
        let auth = "--vault '\(h.vault)' --passphrase-file '\(h.passphraseFile)'"
        // While the editor is open (and the vault not locked), another Hearth changes the same
        // entry and adds a new one.
        let racing = try h.script("race.sh", """
            printf '{"text": "Changed elsewhere"}' | '\(hearth)' journal edit \(id) --json \(auth) || exit 1
            printf 'Added meanwhile' | '\(hearth)' journal add \(auth) >/dev/null || exit 1
            sed -i 's/First words/My own words/' "$1"
            """)
        let saved = try h.run(["journal", "edit", id], env: ["EDITOR": racing])
        #expect(saved.status == 0 && saved.err.contains("Both versions are kept"), "\(saved.err)")
        let entries = try h.list("journal", ["--full"])
        #expect(Set(entries.compactMap { $0["text"] as? String }) == ["Changed elsewhere", "My own words", "Added meanwhile"])
        let mine = try #require(entries.first { $0["text"] as? String == "My own words" })
        #expect(mine["tags"] as? [String] == ["edit-conflict"] && mine["id"] as? String != id)

        // Deleted meanwhile: the edited version is saved as a new entry.
        let deleting = try h.script("delete.sh", """
            '\(hearth)' journal delete \(id) \(auth) 2>/dev/null || exit 1
            sed -i 's/Changed elsewhere/Still mine/' "$1"
            """)
        let kept = try h.run(["journal", "edit", id], env: ["EDITOR": deleting])
        #expect(kept.status == 0 && kept.err.contains("was deleted while you were editing"), "\(kept.err)")
        #expect(try h.list("journal", ["--full"]).contains { $0["text"] as? String == "Still mine" })
    }

    @Test func aGuidedPromptOnATerminal() throws {
        let h = try PracticeHarness(mode: .inProcess)
        let sam = try h.add("people", json: #"{"name": "Sam"}"#)
        // state, activation, two sensations, what helped, activation after, who (1 = Sam), feelings, context, notes.
        let answers = "activated\n7\nchest, tight, 6\nthroat, lump\n\nlong exhale, +2\n\n4\n1\nanxious, tender\nat my desk\n.\n.\n"
        guard let result = try h.runOnTerminal(["body", "add"], input: answers) else { try Test.cancel("needs util-linux `script` for a pseudo-terminal") }
        #expect(result.status == 0, "\(result.out)")
        let added = try #require(try h.list("body", ["--full"]).first)
        #expect(added["state"] as? String == "activated" && added["activation"] as? Int == 7 && added["activation_after"] as? Int == 4)
        #expect((added["sensations"] as? [[String: Any]])?.count == 2)
        #expect(added["people"] as? [String] == [sam] && added["feelings"] as? [String] == ["anxious", "tender"])
        #expect(added["context"] as? String == "at my desk")

        // Ctrl-D at the empty entry: it says what is needed, and nothing is saved.
        guard let stopped = try h.runOnTerminal(["journal", "add"], input: "\u{04}") else { try Test.cancel("needs util-linux `script` for a pseudo-terminal") }
        #expect(stopped.status == 0 && stopped.out.contains("nothing was saved"))
        #expect(try h.list("journal").isEmpty)
    }

    @Test func deleteAsksOnATerminalOnly() throws {
        let h = try PracticeHarness(mode: .inProcess)
        let id = try h.add("journal", json: #"{"text": "Keep or not"}"#)
        guard let declined = try h.runOnTerminal(["journal", "delete", id], input: "n\n") else { try Test.cancel("needs util-linux `script` for a pseudo-terminal") }
        #expect(declined.status == 0 && declined.out.contains("Kept"))
        #expect(try h.list("journal").count == 1)
        guard let accepted = try h.runOnTerminal(["journal", "delete", id], input: "y\n") else { try Test.cancel("needs util-linux `script` for a pseudo-terminal") }
        #expect(accepted.status == 0 && accepted.out.contains("Deleted"))
        #expect(try h.list("journal").isEmpty)
        // Without a terminal it just deletes.
        let other = try h.add("journal", json: #"{"text": "Another"}"#)
        #expect(try h.run(["journal", "delete", other]).status == 0)
    }
}
