import Foundation
import HearthTestSupport
import Testing

/// `hearth merge` and `hearth conflicts` through the command line in process.
@Suite(.ownThreads) struct MergeCommandTests {
    static func json(_ finished: Finished) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(finished.stdout.utf8)) as? [String: Any])
    }

    static func ids(_ list: Any?) -> [String] {
        ((list as? [[String: Any]]) ?? []).compactMap { $0["id"] as? String }.sorted()
    }

    func edit(_ box: Sandbox, _ id: String, _ text: String, vault: String) throws {
        let edited = try box.run(
            ["journal", "edit", id, "--json", "--vault", vault, "--passphrase-file", box.passphraseFile],
            input: "{\"text\": \"\(text)\"}")
        try #require(edited.status == 0, "edit failed: \(edited.stderr)")
    }

    func delete(_ box: Sandbox, _ id: String, vault: String) throws {
        let deleted = try box.run(["journal", "delete", id, "--vault", vault, "--passphrase-file", box.passphraseFile])
        try #require(deleted.status == 0, "delete failed: \(deleted.stderr)")
    }

    func texts(_ box: Sandbox, vault: String) throws -> [String: String] {
        let listed = try box.run(["export", "--format", "json", "--vault", vault, "--passphrase-file", box.passphraseFile])
        try #require(listed.status == 0, "\(listed.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [String: Any])
        let records = document["records"] as? [[String: Any]] ?? []
        return Dictionary(uniqueKeysWithValues: records.map { ($0["id"] as! String, $0["text"] as? String ?? "") })
    }

    @Test func divergedCopiesMergeRecordByRecordAndOnlyOnce() throws {
        // A clock moved by hand: the changes are a second after the deletions without a sleep.
        let clock = SteppedClock()
        let box = try Sandbox(mode: .inProcess, clock: clock.clock)
        try box.makeVault(entries: [])
        let a = box.vault
        var e: [String] = []
        for i in 1...8 { e.append(try box.add("Entry \(i).")) }
        let b = box.path("stick.hearth")  // the copy carried to another machine
        try writeFile(readFile(a), to: b)

        // Deletions first, then (a second later) changes, so that times tell them apart.
        try delete(box, e[3], vault: b)  // deleted on the stick only
        try delete(box, e[6], vault: b)  // deleted on the stick, changed here later
        try delete(box, e[7], vault: a)  // deleted here, changed on the stick later
        clock.advance(seconds: 1)
        try edit(box, e[0], "One, changed here.", vault: a)
        try edit(box, e[1], "Two, changed on the stick.", vault: b)
        try edit(box, e[2], "Three, changed here.", vault: a)
        try edit(box, e[2], "Three, changed on the stick.", vault: b)
        try edit(box, e[6], "Seven, changed here after the stick deleted it.", vault: a)
        try edit(box, e[7], "Eight, changed on the stick after it was deleted here.", vault: b)
        let five = try box.add("Five, new on the stick.", vault: b)
        let six = try box.add("Six, new here.")
        let stickBytes = readFile(b)

        let merged = try box.run(["merge", b, "--json", "--passphrase-file", box.passphraseFile])
        #expect(merged.status == 0, "\(merged.stderr)")
        let report = try Self.json(merged)
        #expect(Self.ids(report["added"]) == [five])
        #expect(Self.ids(report["updated"]) == [e[1]])
        #expect(Self.ids(report["deleted"]) == [e[3]])
        #expect(Self.ids(report["kept_changed_after_deletion"]) == [e[6]])
        let conflicts = report["conflicts"] as? [[String: Any]] ?? []
        #expect(conflicts.count == 2)
        let both = try #require(conflicts.first { $0["original_id"] as? String == e[2] })
        #expect(both["original_exists"] as? Bool == true)
        let revived = try #require(conflicts.first { $0["original_id"] as? String == e[7] })
        #expect(revived["original_exists"] as? Bool == false)
        let intact1 = unchanged(b, stickBytes)
        #expect(intact1, "the other copy is never changed")

        let texts = try self.texts(box, vault: a)
        #expect(texts[e[0]] == "One, changed here.")
        #expect(texts[e[1]] == "Two, changed on the stick.")
        #expect(texts[e[2]] == "Three, changed here.")
        #expect(texts[both["copy_id"] as! String] == "Three, changed on the stick.")
        #expect(texts[e[3]] == nil)
        #expect(texts[e[6]] == "Seven, changed here after the stick deleted it.")
        #expect(texts[e[7]] == nil)
        #expect(texts[revived["copy_id"] as! String] == "Eight, changed on the stick after it was deleted here.")
        #expect(texts[five] == "Five, new on the stick." && texts[six] == "Six, new here.")
        #expect(texts.count == 10)

        // Listed as conflicts, linked to their originals.
        let listed = try box.run(["conflicts", "--json", "--passphrase-file", box.passphraseFile])
        let links = try #require(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]])
        #expect(Set(links.compactMap { $0["copy_id"] as? String }) == [both["copy_id"] as! String, revived["copy_id"] as! String])

        // Merging the same copy again changes nothing, not even the file.
        let vaultBytes = readFile(a)
        let again = try box.run(["merge", b, "--passphrase-file", box.passphraseFile])
        #expect(again.status == 0)
        #expect(again.stderr.contains("Nothing to bring over"))
        let intact2 = unchanged(a, vaultBytes)
        #expect(intact2)

        // The other way round, twice: the stick ends up with everything, and then stays put.
        let back = try box.run(["merge", a, "--vault", b, "--passphrase-file", box.passphraseFile])
        #expect(back.status == 0, "\(back.stderr)")
        let stickTexts = try self.texts(box, vault: b)
        #expect(Set(stickTexts.values) == Set(texts.values), "both copies hold every version")
        let stickAfter = readFile(b)
        #expect(try box.run(["merge", a, "--vault", b, "--passphrase-file", box.passphraseFile]).status == 0)
        let intact3 = unchanged(b, stickAfter)
        #expect(intact3)
    }

    func conflictCopies(_ box: Sandbox) throws -> [String] {
        let listed = try box.run(["conflicts", "--json", "--passphrase-file", box.passphraseFile])
        let links = try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]] ?? []
        return links.compactMap { $0["copy_id"] as? String }
    }

    @Test func conflictsAreResolvedByThePersonAndStayResolved() throws {
        let box = try Sandbox(mode: .inProcess)
        try box.makeVault(entries: [])
        let id = try box.add("The original words.")
        let other = box.path("other.hearth")
        try writeFile(readFile(box.vault), to: other)
        try edit(box, id, "Changed here.", vault: box.vault)
        try edit(box, id, "Changed there.", vault: other)
        #expect(try box.run(["merge", other, "--passphrase-file", box.passphraseFile]).status == 0)
        let first = try #require(try conflictCopies(box).first)

        // Keep the original: the copy goes, and merging the other copy again does not bring it back.
        let kept = try box.run(["conflicts", "resolve", first, "--keep", "original", "--passphrase-file", box.passphraseFile])
        #expect(kept.status == 0, "\(kept.stderr)")
        #expect(try self.texts(box, vault: box.vault) == [id: "Changed here."])
        let again = try box.run(["merge", other, "--passphrase-file", box.passphraseFile])
        #expect(again.status == 0)
        #expect(try conflictCopies(box).isEmpty)
        #expect(try self.texts(box, vault: box.vault) == [id: "Changed here."])

        // A new change on the other copy, and one here: keep the copy's version this time.
        try edit(box, id, "Changed here again.", vault: box.vault)
        try edit(box, id, "Changed there again.", vault: other)
        #expect(try box.run(["merge", other, "--passphrase-file", box.passphraseFile]).status == 0)
        let second = try #require(try conflictCopies(box).first)
        // The listing for a person names the copy by its short id, which resolve takes back.
        let listed = try box.run(["conflicts", "--passphrase-file", box.passphraseFile])
        let shown = try #require(listed.stdout.split(separator: "\n").first { $0.contains("other copy:") }, "\(listed.stdout)")
        let short = String(try #require(shown.split(separator: " ").dropFirst(2).first))
        #expect(short.count == 8 && second.hasPrefix(short) && !listed.stdout.contains(second), "\(listed.stdout)")
        let took = try box.run(["conflicts", "resolve", short, "--keep", "copy", "--passphrase-file", box.passphraseFile])
        #expect(took.status == 0, "\(took.stderr)")
        #expect(try self.texts(box, vault: box.vault) == [id: "Changed there again."])
        let none = try box.run(["conflicts", "--passphrase-file", box.passphraseFile])
        #expect(none.stderr.contains("No conflicts"))
        #expect(try box.run(["conflicts", "resolve", second, "--keep", "both", "--passphrase-file", box.passphraseFile]).status == 66)
    }

    @Test func anotherVaultOrAnotherPassphrase() throws {
        let box = try Sandbox(mode: .inProcess)
        try box.makeVault(entries: ["Mine."])
        let stranger = box.path("stranger.hearth")
        let made = try box.run(["init", "--vault", stranger, "--new-passphrase-file", box.passphraseFile])
        try #require(made.status == 0)
        let theirs = try box.add("Theirs.", vault: stranger)
        let before = readFile(box.vault)
        let refused = try box.run(["merge", stranger, "--passphrase-file", box.passphraseFile])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("--import"))
        let intact4 = unchanged(box.vault, before)
        #expect(intact4)
        let imported = try box.run(["merge", stranger, "--import", "--passphrase-file", box.passphraseFile])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(try box.entryIDs().contains(theirs))

        // A copy whose passphrase was changed: its own is needed, and asked for by name.
        let copy = box.path("copy.hearth")
        try writeFile(readFile(box.vault), to: copy)
        let other = try box.secretFile("other", "the other passphrase")
        let changed = try box.run(["passwd", "--vault", copy, "--passphrase-file", box.passphraseFile, "--new-passphrase-file", other])
        try #require(changed.status == 0)
        try box.add("Only on the copy.", vault: copy, passphraseFile: other)
        let noSecret = try box.run(["merge", copy, "--passphrase-file", box.passphraseFile])
        #expect(noSecret.status == 77)
        #expect(noSecret.stderr.contains("--other-passphrase-file"))
        let withSecret = try box.run(["merge", copy, "--passphrase-file", box.passphraseFile, "--other-passphrase-file", other])
        #expect(withSecret.status == 0, "\(withSecret.stderr)")
        #expect(withSecret.stdout.contains("added"))
        // The merge never takes the other copy's keys: the vault still opens with its own passphrase only.
        #expect(try box.run(["verify", "--passphrase-file", box.passphraseFile]).status == 0)
        #expect(try box.run(["verify", "--passphrase-file", other]).status == 77)
    }

    @Test func linksToAPersonDeletedHereAreLeftOut() throws {
        let box = try Sandbox(mode: .inProcess)
        try box.makeVault(entries: [])
        let added = try box.run(["people", "add", "--json", "--passphrase-file", box.passphraseFile], input: "{\"name\": \"Sam\"}")
        try #require(added.status == 0, "\(added.stderr)")
        let sam = added.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let other = box.path("other.hearth")
        try writeFile(readFile(box.vault), to: other)
        let walk = try box.run(
            ["journal", "add", "--json", "--vault", other, "--passphrase-file", box.passphraseFile],
            input: "{\"text\": \"A walk with Sam.\", \"people\": [\"\(sam)\"]}")
        try #require(walk.status == 0, "\(walk.stderr)")
        let entry = walk.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let removed = try box.run(["people", "delete", sam, "--passphrase-file", box.passphraseFile])
        try #require(removed.status == 0, "\(removed.stderr)")

        let merged = try box.run(["merge", other, "--json", "--passphrase-file", box.passphraseFile])
        #expect(merged.status == 0, "\(merged.stderr)")
        let report = try Self.json(merged)
        #expect(Self.ids(report["added"]) == [entry])
        #expect(Self.ids(report["dropped_links"]) == [entry])
        #expect(Self.ids(report["deleted"]).isEmpty && Self.ids(report["updated"]).isEmpty)
        let shown = try box.run(["journal", "show", entry, "--json", "--passphrase-file", box.passphraseFile])
        #expect(shown.status == 0)
        let object = try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any]
        #expect((object?["people"] as? [String])?.isEmpty == true, "Sam stays deleted here")
        #expect(try box.run(["people", "show", sam, "--passphrase-file", box.passphraseFile]).status == 66)
    }
}
