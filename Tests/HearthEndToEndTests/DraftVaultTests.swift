import Foundation
import HearthTestSupport
import HearthRunContext
import Testing

/// A kept draft is saved only into the vault it was written for: given another vault (a stick,
/// another shell's HEARTH_VAULT) it is refused before anything is written, that vault stays as it
/// was and the draft stays where it is; into its own vault it saves and is wiped. In process.
@Suite(.ownThreads) struct DraftVaultTests {
    /// A second vault beside the harness's own, with the same passphrase.
    static func stick(_ h: PracticeHarness) throws -> String {
        let path = h.folder + "/stick.hearth"
        let made = try h.run(["init", "--vault", path, "--kdf", "minimum", "--new-passphrase-file", h.passphraseFile])
        #expect(made.status == 0, "\(made.err)")
        return path
    }

    static func bytes(_ path: String) -> Data? { FileManager.default.contents(atPath: path) }

    /// The draft's path a failure names ("kept at PATH,").
    static func kept(_ run: PracticeHarness.Result) throws -> String {
        try #require(run.err.components(separatedBy: "kept at ").last?.components(separatedBy: ",").first)
    }

    /// A body check-in written in the editor with an activation out of range: kept as a draft.
    static func keptBodyDraft(_ h: PracticeHarness, _ arguments: [String]) throws -> String {
        let broken = try h.script("broken.sh", "sed -i 's/^activation: .*/activation: 12/; s/^state: .*/state: frozen/' \"$1\"\n")
        let failed = try h.run(arguments, env: ["EDITOR": broken])
        #expect(failed.status == 65 && failed.err.contains("Your draft is kept at"), "\(failed.err)")
        let path = try kept(failed)
        _ = try h.runProgram("/bin/sed", ["-i", "s/^activation: .*/activation: 3/", path])
        return path
    }

    @Test func anAddDraftIsRefusedByAnotherVaultAndSavedIntoItsOwn() throws {
        let h = try PracticeHarness(mode: .inProcess)
        let stick = try Self.stick(h)
        let draft = try Self.keptBodyDraft(h, ["body", "add", "--edit"])
        let before = Self.bytes(stick)

        let refused = try h.run(["body", "add", "--draft", draft], env: ["HEARTH_VAULT": stick])
        #expect(refused.status == 64, "\(refused.err)")
        #expect(refused.err.contains("This draft was written for another vault: the one at \(h.vault) when it was written. Nothing was changed"),
                "\(refused.err)")
        #expect(refused.err.contains("`hearth body add --draft \(draft) --into-this-vault`") && refused.lines.isEmpty, "\(refused.err)")
        #expect(Self.bytes(stick) == before, "the other vault is untouched")
        #expect(FileManager.default.fileExists(atPath: draft), "the draft stays where it is")
        // status names what waits in memory, so that no draft is forgotten.
        let waiting = try h.run(["status", "--json"])
        let kept = try #require(try JSONSerialization.jsonObject(with: Data(waiting.out.utf8)) as? [String: Any])["kept_drafts"] as? [String]
        #expect(kept == [draft], "\(waiting.out)")
        #expect(try h.run(["status"]).out.contains("Kept draft:   \(draft)"))

        let saved = try h.run(["body", "add", "--draft", draft])
        #expect(saved.status == 0 && saved.lines.count == 1, "\(saved.err)")
        #expect(try h.show("body", saved.lines[0])["state"] as? String == "frozen")
        #expect(!FileManager.default.fileExists(atPath: draft), "the draft is wiped once saved")
        #expect(!(try h.run(["status"]).out.contains("Kept draft")))
    }

    /// An edit draft saved after its record changed elsewhere (another edit, a merge) writes over
    /// nothing: both versions are kept, as when a record changes while it is being edited.
    @Test func anEditDraftOfARecordChangedSinceKeepsBothVersions() throws {
        let h = try PracticeHarness(mode: .inProcess)
        let id = try h.add("body", json: #"{"state": "settled", "activation": 2}"#)
        let draft = try Self.keptBodyDraft(h, ["body", "edit", id])
        #expect(try String(contentsOfFile: draft, encoding: .utf8).contains("# record_version: "))
        let meanwhile = try h.script("meanwhile.sh", "sed -i 's/^state: .*/state: mixed/' \"$1\"\n")
        // Times are kept to the second: the other edit comes a minute later.
        let later = HearthRun.run(["body", "edit", id], environment: h.environment(["EDITOR": meanwhile]), mode: .inProcess,
                                  clock: HearthClock.fixed(Date().addingTimeInterval(60)))
        #expect(later.status == 0, "\(later.err)")

        let saved = try h.run(["body", "edit", "--draft", draft])
        #expect(saved.status == 0, "\(saved.err)")
        #expect(try h.show("body", id)["state"] as? String == "mixed", "the newer version stays")
        let conflicts = try #require(try JSONSerialization.jsonObject(with: Data(try h.run(["conflicts", "--json"]).out.utf8)) as? [[String: Any]])
        let copy = try #require(conflicts.first?["copy_id"] as? String, "\(conflicts)")
        #expect(conflicts.count == 1 && conflicts.first?["original_id"] as? String == id)
        #expect(try h.show("body", copy)["state"] as? String == "frozen", "the draft's version is kept beside it")
        #expect(!FileManager.default.fileExists(atPath: draft))
    }

    @Test func intoThisVaultSavesItWhereThePersonSays() throws {
        let h = try PracticeHarness(mode: .inProcess)
        let stick = try Self.stick(h)
        let draft = try Self.keptBodyDraft(h, ["body", "add", "--edit"])
        let saved = try h.run(["body", "add", "--draft", draft, "--into-this-vault"], env: ["HEARTH_VAULT": stick])
        #expect(saved.status == 0 && saved.lines.count == 1, "\(saved.err)")
        #expect(try h.run(["body", "show", saved.lines[0], "--vault", stick]).status == 0)
        #expect(try h.list("body").isEmpty, "nothing went into the vault it was written for")
        #expect(try h.run(["body", "add", "--into-this-vault"]).status == 64, "the option goes with --draft only")
    }

    @Test func anEditDraftIsRefusedByAnotherVaultAndAnotherRecordAndSavedIntoItsRecord() throws {
        let h = try PracticeHarness(mode: .inProcess)
        let stick = try Self.stick(h)
        let id = try h.add("body", json: #"{"state": "settled", "activation": 2}"#)
        let other = try h.add("body", json: #"{"state": "mixed", "activation": 5}"#)
        let draft = try Self.keptBodyDraft(h, ["body", "edit", id])
        let before = Self.bytes(stick)

        let elsewhere = try h.run(["body", "edit", id, "--draft", draft], env: ["HEARTH_VAULT": stick])
        #expect(elsewhere.status == 64 && elsewhere.err.contains("This draft was written for another vault"), "\(elsewhere.err)")
        #expect(Self.bytes(stick) == before)
        let wrongRecord = try h.run(["body", "edit", other, "--draft", draft])
        #expect(wrongRecord.status == 64, "\(wrongRecord.err)")
        #expect(wrongRecord.err.contains("This draft changes another body check-in (id \(id)), not \(other). Nothing was changed."), "\(wrongRecord.err)")
        #expect(wrongRecord.err.contains("`hearth body edit \(id) --draft \(draft)`"), "\(wrongRecord.err)")
        #expect(try h.show("body", other)["state"] as? String == "mixed")
        #expect(FileManager.default.fileExists(atPath: draft))

        // Without an id, the draft names its record.
        let saved = try h.run(["body", "edit", "--draft", draft])
        #expect(saved.status == 0, "\(saved.err)")
        #expect(try h.show("body", id)["state"] as? String == "frozen" && h.show("body", other)["state"] as? String == "mixed")
        #expect(!FileManager.default.fileExists(atPath: draft))
    }

    /// Drafts from before drafts named their vault (and files of the person's own) save as they did.
    @Test func draftsThatNameNoVaultSaveIntoTheVaultGiven() throws {
        let h = try PracticeHarness(mode: .inProcess)
        let stick = try Self.stick(h)
        let own = h.folder + "/older-draft.txt"
        try "---\n# id: 6f1c0d1e\nstate: settled\nactivation: 3\n---\n".write(toFile: own, atomically: true, encoding: .utf8)
        let saved = try h.run(["body", "add", "--draft", own], env: ["HEARTH_VAULT": stick])
        #expect(saved.status == 0 && saved.lines.count == 1, "\(saved.err)")
        let practice = h.folder + "/practice.json"
        try #"{"format": "hearth practice draft", "version": 1, "practice": "notice", "changes": [{"key": "notice", "change": "add", "record": {"kind": "script", "script": "went quiet"}}]}"#
            .write(toFile: practice, atomically: true, encoding: .utf8)
        let stored = try h.run(["practice", "--draft", practice], env: ["HEARTH_VAULT": stick])
        #expect(stored.status == 0, "\(stored.err)")
        #expect(try h.run(["script", "list", "--json", "--vault", stick]).out.contains("\"kind\""))
    }
}

/// The same for a practice's answers kept when the vault was busy (a pseudo-terminal, in process).
@Suite(.ownThreads, .enabled(if: FileManager.default.fileExists(atPath: "/dev/ptmx"))) struct PracticeDraftVaultTests {
    @Test func aPracticeDraftIsRefusedByAnotherVaultAndSavedIntoItsOwn() throws {
        let h = try PracticeHarness(mode: .inProcess)
        let stick = try DraftVaultTests.stick(h)
        let run = try PracticeDraftEndToEndTests.whileBusy(h, ["practice", "notice"], answers: ["keep-fired", "keep-urge", "keep-instead"])
        let draft = try PracticeDraftEndToEndTests.keptDraft(run, h)
        let before = DraftVaultTests.bytes(stick)

        let refused = try h.run(["practice", "--draft", draft], env: ["HEARTH_VAULT": stick])
        #expect(refused.status == 64 && refused.err.contains("This draft was written for another vault: the one at \(h.vault)"), "\(refused.err)")
        #expect(refused.err.contains("`hearth practice --draft \(draft) --into-this-vault`"), "\(refused.err)")
        #expect(DraftVaultTests.bytes(stick) == before && FileManager.default.fileExists(atPath: draft))

        let saved = try h.run(["practice", "--draft", draft])
        #expect(saved.status == 0 && saved.err.contains("its draft is wiped"), "\(saved.err)")
        #expect(try h.list("script", ["--full"]).first?["script"] as? String == "keep-fired")
        #expect(!FileManager.default.fileExists(atPath: draft))
    }
}
