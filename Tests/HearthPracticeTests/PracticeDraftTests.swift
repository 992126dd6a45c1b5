import Foundation
import HearthDraftOrigin
import HearthPractice
import HearthRecords
import Testing

/// A practice's answers kept as a draft when they cannot be saved at once: the document reads
/// back as exactly what was gathered, anything else is refused without repeating its words, and
/// storing it later keeps changes made meanwhile, stores nothing twice and hands back what
/// belongs to records deleted meanwhile.
@Suite struct PracticeDraftTests {
    /// Reflect for two people and a share with its after, gathered but not stored.
    static func gathered(_ f: PracticeFixture) throws -> (sam: String, zoe: String, changes: PracticeChanges) {
        let sam = try f.person("Sam", steadiness: 3)
        let zoe = try f.person("Zoë")
        var changes = try f.run(.reflect, [
            (.reflectWhom, .line("")),
            (.listensWithoutFixing(name: "Sam"), .line("keep-sam-listens")),
            (.validatesWithoutProof(name: "Sam"), .line("")),
            (.noticeWithThem(name: "Sam"), .line("keep-sam-shoulders")),
            (.steadiness(name: "Sam", current: 3), .line("4")),
            (.listensWithoutFixing(name: "Zoë"), .line("keep-zoe-listens")),
            (.validatesWithoutProof(name: "Zoë"), .line("")),
            (.noticeWithThem(name: "Zoë"), .line("")),
            (.steadiness(name: "Zoë", current: nil), .line("2")),
            (.aLittleSafer, .line("Zoë")),
        ], store: false).changes
        let share = try f.run(.share, [
            (.shareWithWhom, .line("Sam")), (.shareWhat, .line("keep-shared")), (.shareSize, .line("2")),
            (.activationNow, .line("")), (.stateNow, .line("")), (.shareHappenedYet, .line("")),
        ], store: false).changes
        for (key, change) in share.entries { changes.set(key, change) }
        return (sam, zoe, changes)
    }

    static func read(_ text: String) throws -> PracticeDraft {
        try PracticeDraft(reading: Array(text.utf8), now: RecordTime(date: Date(timeIntervalSince1970: 1_780_000_000), offsetSeconds: 0))
    }

    @Test func aDraftReadsBackAsExactlyWhatWasGathered() throws {
        let f = try PracticeFixture()
        let (sam, _, changes) = try Self.gathered(f)
        var all = changes
        all.set("belief", .beliefRating(beliefID: "b-1", rating: .init(at: f.now, believability: 70, counterBelievability: nil)))
        all.set("after", .shareMet(connectionID: "c-1", response: .attuned, stateAfter: .settled, activationAfter: 3, note: "keep-after"))
        all.set("note", .personNote(personID: sam, line: nil, tag: "a-little-safer"))
        let draft = PracticeDraft(practice: .reflect, changes: all)
        let back = try Self.read(draft.text)
        #expect(back == draft)
        #expect(back.changes.changes.count == 9, "\(back.changes.changes.count)")
        #expect(try Self.read(back.text).text == draft.text)
    }

    @Test(arguments: [
        ("not json at all", "not JSON"),
        (#"{"format": "something else", "version": 1, "changes": []}"#, "not a practice draft"),
        (#"{"format": "hearth practice draft", "version": 9, "changes": []}"#, "newer Hearth"),
        (#"{"format": "hearth practice draft", "version": 1, "changes": [{"key": "k", "change": "steadiness", "person_id": "p", "at": "2026-05-28T10:00:00Z", "steadiness": 9}]}"#, "from 1 to 5"),
        (#"{"format": "hearth practice draft", "version": 1, "changes": [{"key": "k", "change": "person_note", "person_id": "p", "line": "secret-words", "mood": "secret-words"}]}"#, "no field"),
        (#"{"format": "hearth practice draft", "version": 1, "changes": [{"key": "k", "change": "share_met", "connection_id": "c", "response": "secret-words"}]}"#, "attuned"),
        (#"{"format": "hearth practice draft", "version": 1, "changes": [{"key": "k", "change": "add", "record": {"kind": "script", "script": "secret-words", "urge": 4}}]}"#, "change 1"),
        (#"{"format": "hearth practice draft", "version": 1, "changes": [{"key": "k", "change": "person_note", "person_id": "p", "tag": "t"}, {"key": "k", "change": "person_note", "person_id": "p", "tag": "u"}]}"#, "used twice"),
    ])
    func whatIsNotADraftIsRefusedWithoutRepeatingItsWords(text: String, reason: String) throws {
        #expect {
            _ = try Self.read(text)
        } throws: { error in
            guard case RecordsError.invalidInput(let why) = error else { return false }
            return why.contains(reason) && !why.contains("secret-words")
        }
    }

    @Test func storingADraftKeepsChangesMadeMeanwhileAndStoresNothingTwice() throws {
        let f = try PracticeFixture()
        let (sam, _, changes) = try Self.gathered(f)
        let draft = try Self.read(PracticeDraft(practice: .reflect, changes: changes).text)
        // Meanwhile, in another terminal: a new line in Sam's notes.
        try f.store.write { r in
            guard case .person(var p)? = try r.record(id: sam) else { return }
            p.notes += "\nkeep-meanwhile"
            try r.update(.person(p))
        }
        let stored = try f.store.write { try draft.changes.apply(to: $0, now: f.now) }
        #expect(stored.isComplete && stored.missing.isEmpty)
        let once = try f.everything()
        for typed in ["keep-sam-listens", "keep-sam-shoulders", "keep-zoe-listens", "keep-shared", "keep-meanwhile"] {
            #expect(once.contains(typed), "\(typed) is missing")
        }
        let people = try f.people()
        #expect(people.first { $0.id == sam }?.steadinessHistory.map(\.steadiness) == [3, 4])
        #expect(people.first { $0.name == "Zoë" }?.tags == [PracticeSession.saferTag])
        #expect(try f.connections().first?.people == [sam])

        f.clock.advance(60)
        let again = try f.store.write { try draft.changes.apply(to: $0, now: f.now) }
        #expect(again.isComplete)
        #expect(try f.everything() == once, "a second save of the same draft changed nothing")
    }

    @Test func whatBelongsToARecordDeletedMeanwhileIsHandedBackAndTheRestStored() throws {
        let f = try PracticeFixture()
        let (sam, zoe, changes) = try Self.gathered(f)
        _ = try f.store.write { try $0.delete(id: sam) }
        let stored = try f.store.write { try changes.apply(to: $0, now: f.now) }
        #expect(stored.missing == [sam])
        #expect(stored.leftOut.changes.count == 2, "Sam's note and rating: \(stored.leftOut.changes)")
        #expect(stored.leftOut.changes.allSatisfy {
            switch $0 {
            case .steadiness(let id, _), .personNote(let id, _, _): id == sam
            default: false
            }
        })
        let everything = try f.everything()
        #expect(everything.contains("keep-zoe-listens") && everything.contains("keep-shared") && !everything.contains("keep-sam-listens"))
        #expect(try f.people().first?.id == zoe && f.people().first?.steadinessHistory.map(\.steadiness) == [2])
        #expect(try f.connections().first?.people == [], "the share is stored without the link to someone deleted")
        #expect(!stored.storedNothing)
        let again = try f.store.write { try stored.leftOut.apply(to: $0, now: f.now) }
        #expect(again.storedNothing && again.leftOut == stored.leftOut && again.missing == [sam])
        // What was handed back reads back from its own draft.
        #expect(try Self.read(PracticeDraft(practice: .reflect, changes: stored.leftOut).text).changes == stored.leftOut)
    }
}

/// A practice draft names the vault the practice ran on; an earlier Hearth's draft (version 1)
/// names none and still reads, so it is saved into the vault given, as before.
@Suite struct PracticeDraftOriginTests {
    @Test func theVaultReadsBackAndAnOlderDraftNamesNone() throws {
        let origin = DraftOrigin(vaultID: Array(0..<16), vaultPath: "/media/stick/vault.hearth")
        let draft = PracticeDraft(practice: .notice, changes: PracticeChanges(), origin: origin)
        #expect(draft.text.contains("000102030405060708090a0b0c0d0e0f") && draft.text.contains("/media/stick/vault.hearth"))
        let back = try PracticeDraftTests.read(draft.text)
        #expect(back == draft && back.origin == origin)
        let older = try PracticeDraftTests.read(#"{"format": "hearth practice draft", "version": 1, "practice": "notice", "changes": []}"#)
        #expect(older.origin == nil)
        #expect(DraftPlacement.decide(older.origin, vaultID: Array(100..<116)) == .unmarked)
    }

    @Test(arguments: [
        (#"{"format": "hearth practice draft", "version": 1, "vault_id": "000102030405060708090a0b0c0d0e0f", "changes": []}"#, "no field `vault_id`"),
        (#"{"format": "hearth practice draft", "version": 2, "vault_id": "secret-words", "changes": []}"#, "`vault_id` must be"),
        (#"{"format": "hearth practice draft", "version": 2, "vault_id": 7, "changes": []}"#, "`vault_id` must be"),
        (#"{"format": "hearth practice draft", "version": 3, "changes": []}"#, "newer Hearth"),
    ])
    func aVaultIDThatIsNotOneIsRefused(text: String, reason: String) {
        #expect {
            _ = try PracticeDraftTests.read(text)
        } throws: { error in
            guard case RecordsError.invalidInput(let why) = error else { return false }
            return why.contains(reason) && !why.contains("secret-words")
        }
    }
}
