import Foundation
import HearthTestSupport
import Testing

/// `hearth merge` from a copy whose keys are older than the vault's (made before a rekey, so
/// whoever holds the retired keys could have written it) only adds; `--dry-run` writes nothing.
@Suite(.ownThreads) struct MergeOlderKeysTests {
    static func json(_ finished: Finished) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(finished.stdout.utf8)) as? [String: Any])
    }

    static func ids(_ list: Any?) -> [String] {
        ((list as? [[String: Any]]) ?? []).compactMap { $0["id"] as? String }.sorted()
    }

    static func texts(_ box: Sandbox) throws -> [String: String] {
        let listed = try box.run(["export", "--format", "json", "--passphrase-file", box.passphraseFile])
        try #require(listed.status == 0, "\(listed.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [String: Any])
        let records = document["records"] as? [[String: Any]] ?? []
        return Dictionary(uniqueKeysWithValues: records.map { ($0["id"] as! String, $0["text"] as? String ?? "") })
    }

    @Test func aCopyFromBeforeARekeyOnlyAdds() throws {
        let box = try Sandbox(mode: .inProcess)
        try box.makeVault(entries: [])
        let e = [try box.add("One."), try box.add("Two."), try box.add("Three.")]
        let old = box.path("old.hearth")
        try writeFile(readFile(box.vault), to: old)
        // What someone holding the old keys could write into the old copy.
        let edited = try box.run(
            ["journal", "edit", e[0], "--json", "--vault", old, "--passphrase-file", box.passphraseFile],
            input: "{\"text\": \"One, rewritten.\"}")
        try #require(edited.status == 0, "\(edited.stderr)")
        let deleted = try box.run(["journal", "delete", e[1], "--vault", old, "--passphrase-file", box.passphraseFile])
        try #require(deleted.status == 0, "\(deleted.stderr)")
        let planted = try box.add("Planted.", vault: old)
        let rekeyed = try box.run(["rekey", "--passphrase-file", box.passphraseFile])
        try #require(rekeyed.status == 0, "\(rekeyed.stderr)")

        // A dry run first: the report, and not a byte written.
        let before = readFile(box.vault)
        let dry = try box.run(["merge", old, "--dry-run", "--json", "--passphrase-file", box.passphraseFile])
        #expect(dry.status == 0, "\(dry.stderr)")
        let dryReport = try Self.json(dry)
        #expect(dryReport["dry_run"] as? Bool == true && dryReport["saved"] as? Bool == false)
        #expect(Self.ids(dryReport["added"]) == [planted])
        #expect(dry.stderr.contains("Dry run, nothing was changed"))
        #expect(unchanged(box.vault, before))

        let merged = try box.run(["merge", old, "--json", "--passphrase-file", box.passphraseFile])
        #expect(merged.status == 0, "\(merged.stderr)")
        let report = try Self.json(merged)
        #expect(report["only_added"] as? Bool == true)
        #expect(Self.ids(report["added"]) == [planted])
        #expect(Self.ids(report["updated"]).isEmpty && Self.ids(report["deleted"]).isEmpty)
        #expect(Self.ids(report["not_replaced"]) == [e[0]])
        #expect(Self.ids(report["not_deleted"]) == [e[1]])
        #expect(merged.stderr.contains("older keys than your vault (key epoch 1; your vault is at 2)"), "\(merged.stderr)")
        #expect(merged.stderr.contains("its changes did not replace records here"))

        let texts = try Self.texts(box)
        #expect(texts[e[0]] == "One." && texts[e[1]] == "Two." && texts[planted] == "Planted.")
        let copy = try #require((report["conflicts"] as? [[String: Any]])?.first?["copy_id"] as? String)
        #expect(texts[copy] == "One, rewritten.")
    }

    @Test func dryRunOfAnOrdinaryMergeWritesNothing() throws {
        let box = try Sandbox(mode: .inProcess)
        try box.makeVault(entries: [])
        let e = [try box.add("One."), try box.add("Two.")]
        let stick = box.path("stick.hearth")
        try writeFile(readFile(box.vault), to: stick)
        let deleted = try box.run(["journal", "delete", e[1], "--vault", stick, "--passphrase-file", box.passphraseFile])
        try #require(deleted.status == 0)
        let before = readFile(box.vault)
        let dry = try box.run(["merge", stick, "--dry-run", "--passphrase-file", box.passphraseFile])
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stdout.contains("deleted") && dry.stdout.contains(e[1]))
        #expect(dry.stderr.contains("Dry run, nothing was changed") && dry.stderr.contains("1 would be deleted"))
        #expect(!dry.stderr.contains("Only added"))
        #expect(unchanged(box.vault, before))
        // The real merge does what the dry run said.
        let merged = try box.run(["merge", stick, "--json", "--passphrase-file", box.passphraseFile])
        #expect(Self.ids(try Self.json(merged)["deleted"]) == [e[1]])
        #expect(try Self.json(merged)["only_added"] as? Bool == false)
    }

    /// `merge --import` of another vault (not one this account knows as its own) only adds, and
    /// tags what comes in; `import --dry-run` reports and writes nothing.
    @Test func mergeImportOfAnotherVaultOnlyAddsAndImportDryRunWritesNothing() throws {
        let box = try Sandbox(mode: .inProcess)
        try box.makeVault(entries: ["Mine."])
        let other = try Sandbox(mode: .inProcess)
        try other.makeVault(entries: [])
        let theirs = try other.add("Theirs.")
        let merged = try box.run(["merge", other.vault, "--import", "--json", "--passphrase-file", box.passphraseFile],
                                 extra: ["HEARTH_OTHER_PASSPHRASE": "first passphrase"])
        #expect(merged.status == 0, "\(merged.stderr)")
        let report = try Self.json(merged)
        #expect(report["only_added"] as? Bool == true)
        #expect(Self.ids(report["from_untrusted_copy"]) == [theirs])
        #expect(merged.stderr.contains("It is another vault (--import)"), "\(merged.stderr)")
        let shown = try box.run(["journal", "show", theirs, "--json", "--passphrase-file", box.passphraseFile])
        #expect(shown.stdout.contains("from-untrusted-copy"), "\(shown.stdout)")

        let before = readFile(box.vault)
        let third = try Sandbox(mode: .inProcess)
        try third.makeVault(entries: ["Elsewhere."])
        let document = try third.run(["export", "--format", "json", "--passphrase-file", third.passphraseFile])
        try #require(document.status == 0, "\(document.stderr)")
        let input = try box.secretFile("export.json", document.stdout)
        let dry = try box.run(["import", "--format", "json", input, "--dry-run", "--passphrase-file", box.passphraseFile])
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stderr.contains("Dry run, nothing was changed. An import would bring: 1 new"), "\(dry.stderr)")
        #expect(unchanged(box.vault, before))
    }
}
