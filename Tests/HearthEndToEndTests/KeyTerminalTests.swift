import Foundation
import HearthTestSupport
import Testing

/// The key commands' questions on a real terminal (a pseudo-terminal made by `script`).
@Suite("Key commands on a terminal", .ownThreads, .enabled(if: KeysTerminal.available))
struct KeyTerminalTests {
    static func recoveryKey(in text: String) -> String? {
        text.firstMatch(of: /[0-9A-HJKMNP-TV-Z]{5}(-[0-9A-HJKMNP-TV-Z]{5}){6}/).map { String($0.output.0) }
    }

    private func terminalEnvironment(_ cli: KeysCLI) -> [String: String] { cli.terminalEnvironment }

    @Test func initOffersARecoveryKeyAndItOpens() throws {
        let cli = try KeysCLI(mode: .inProcess)
        let t = try KeysTerminal(arguments: ["init", "--vault", cli.vault], environment: terminalEnvironment(cli))
        let intro = try t.answer("New passphrase:", with: "a passphrase for init")
        #expect(intro.contains("forgotten") && intro.contains("recover"))
        try t.answer("The same passphrase again:", with: "a passphrase for init")
        let offer = try t.answer("Make a recovery key now?", with: "y")
        #expect(offer.contains("forgotten"))
        let shown = try t.waitFor("back from your paper")
        let key = try #require(Self.recoveryKey(in: shown))
        // Typed back with one character wrong in group 2: the check names the group.
        var wrong = Array(key)
        wrong[7] = wrong[7] == "A" ? "B" : "A"
        try t.type(String(wrong))
        try t.waitFor("Group 2 has a mistyped character")
        try t.answer("back from your paper", with: key.lowercased())
        try t.waitFor("The recovery key is active")
        #expect(try t.finish() == 0)
        #expect(try cli.journalIDs(["--recovery-key-file", try cli.secretFile(key)]).status == 0)
        #expect(try cli.journalIDs(["--passphrase-file", try cli.secretFile("a passphrase for init")]).status == 0)
    }

    /// Two new passphrases that differ are asked again (before: exit 64, start over).
    @Test func aMismatchedConfirmationIsAskedAgain() throws {
        let cli = try KeysCLI(mode: .inProcess)
        let t = try KeysTerminal(arguments: ["init", "--vault", cli.vault], environment: terminalEnvironment(cli))
        try t.answer("New passphrase:", with: "a passphrase typed once")
        try t.answer("The same passphrase again:", with: "a passphrase typed twice")
        try t.answer("please type it again", with: "")
        try t.answer("empty", with: "the passphrase at last")
        try t.answer("The same passphrase again:", with: "the passphrase at last")
        try t.answer("Make a recovery key now?", with: "n")
        #expect(try t.finish() == 0)
        #expect(try cli.journalIDs(["--passphrase-file", try cli.secretFile("the passphrase at last")]).status == 0)
    }

    /// A wrong passphrase at the terminal is asked again, three tries in all (before: 77 at once).
    @Test func aWrongPassphraseAtTheTerminalIsAskedAgain() throws {
        let cli = try KeysCLI(mode: .inProcess)
        _ = try cli.makeVault(passphraseFile: try cli.secretFile("the right words"))
        let t = try KeysTerminal(arguments: ["journal", "list", "--vault", cli.vault], environment: terminalEnvironment(cli))
        try t.answer("Passphrase (or recovery key)", with: "the wrong words")
        try t.answer("Please try again", with: "the right words")
        #expect(try t.finish() == 0)
        #expect(t.transcript.contains("A first entry"))

        let three = try KeysTerminal(arguments: ["journal", "list", "--vault", cli.vault], environment: terminalEnvironment(cli))
        try three.answer("Passphrase (or recovery key)", with: "wrong one")
        try three.answer("Please try again", with: "wrong two")
        try three.answer("Please try again", with: "wrong three")
        #expect(try three.finish() == 77)
    }

    @Test func aRecoveryKeyTypedAtThePassphrasePromptOpens() throws {
        let cli = try KeysCLI(mode: .inProcess)
        let p1 = try cli.secretFile("one")
        let entry = try cli.makeVault(passphraseFile: p1)
        let made = try cli.run(["key", "add", "--recovery", "--kdf", "minimum", "--passphrase-file", p1])
        let key = try #require(Self.recoveryKey(in: made.stdout))
        let t = try KeysTerminal(arguments: ["journal", "list", "--vault", cli.vault], environment: terminalEnvironment(cli))
        try t.answer("Passphrase (or recovery key)", with: key.replacingOccurrences(of: "-", with: " "))
        try t.waitFor(String(entry.prefix(8)))  // listings show short ids
        #expect(try t.finish() == 0)

        var typo = Array(key)
        typo[13] = typo[13] == "A" ? "B" : "A"
        let u = try KeysTerminal(arguments: ["journal", "list", "--vault", cli.vault], environment: terminalEnvironment(cli))
        // A typo is named by its group and asked again (before: 77 at once); three in all end it.
        try u.answer("Passphrase (or recovery key)", with: String(typo))
        try u.waitFor("If it was the recovery key, group 3 has a mistyped character")
        try u.answer("Passphrase (or recovery key)", with: String(typo).lowercased())
        try u.waitFor("group 3 has a mistyped character")
        try u.answer("Passphrase (or recovery key)", with: String(typo).replacingOccurrences(of: "-", with: " "))
        try u.waitFor("mistyped in group 3")
        #expect(try u.finish() == 77)
        let w = try KeysTerminal(arguments: ["journal", "list", "--vault", cli.vault], environment: terminalEnvironment(cli))
        try w.answer("Passphrase (or recovery key)", with: String(typo))
        try w.waitFor("group 3 has a mistyped character")
        try w.answer("Passphrase (or recovery key)", with: key)
        try w.waitFor(String(entry.prefix(8)))  // listings show short ids
        #expect(try w.finish() == 0)
    }

    /// Seven five-letter words joined by `-` look like a recovery key but are a fine passphrase.
    @Test func aPassphraseShapedLikeARecoveryKeyStillOpensAtThePrompt() throws {
        let cli = try KeysCLI(mode: .inProcess)
        let words = "horse-apple-stone-river-cloud-light-dream"
        let entry = try cli.makeVault(passphraseFile: try cli.secretFile(words))
        let t = try KeysTerminal(arguments: ["journal", "list", "--vault", cli.vault], environment: terminalEnvironment(cli))
        try t.answer("Passphrase (or recovery key)", with: words)
        try t.waitFor(String(entry.prefix(8)))  // listings show short ids
        #expect(try t.finish() == 0)
        let u = try KeysTerminal(arguments: ["journal", "list", "--vault", cli.vault], environment: terminalEnvironment(cli))
        try u.answer("Passphrase (or recovery key)", with: "horse-apple-stone-river-cloud-light-dreak")
        try u.waitFor("If it was the recovery key")
        try u.answer("Passphrase (or recovery key)", with: words)
        try u.waitFor(String(entry.prefix(8)))  // listings show short ids
        #expect(try u.finish() == 0)
    }

    @Test func removingTheSlotYouUnlockedWithNeedsAnotherKeyFirst() throws {
        let cli = try KeysCLI(mode: .inProcess)
        let p1 = try cli.secretFile("first")
        let p2 = try cli.secretFile("second")
        _ = try cli.makeVault(passphraseFile: p1)
        #expect(try cli.run(["key", "add", "--kdf", "minimum", "--passphrase-file", p1, "--new-passphrase-file", p2]).status == 0)
        let t = try KeysTerminal(
            arguments: ["key", "remove", "1", "--passphrase-file", p2, "--vault", cli.vault], environment: terminalEnvironment(cli))
        try t.answer("Another passphrase or recovery key", with: "not a key of this vault")
        try t.answer("does not open", with: "first")
        try t.answer("Remove slot 1", with: "y")
        try t.waitFor("It still opens old backups and copies")
        #expect(try t.finish() == 0)
        #expect(try cli.journalIDs(["--passphrase-file", p2]).status == 77)
        #expect(try cli.journalIDs(["--passphrase-file", p1]).status == 0)
    }

    /// Keys to keep are typed in any order and tried on every slot; unconfirmed recovery keys
    /// may be replaced; the slots to be removed are listed with their details, confirmed once.
    @Test func rekeyAsksForTheKeysToKeep() throws {
        let cli = try KeysCLI(mode: .inProcess)
        let p1 = try cli.secretFile("first")
        let p2 = try cli.secretFile("second")
        let p3 = try cli.secretFile("third")
        let entry = try cli.makeVault(passphraseFile: p1)
        for (p, label) in [(p2, "laptop"), (p3, "laptop")] {
            #expect(try cli.run(["key", "add", "--label", label, "--kdf", "minimum", "--passphrase-file", p1,
                                 "--new-passphrase-file", p]).status == 0)
        }
        let made = try cli.run(["key", "add", "--recovery", "--kdf", "minimum", "--passphrase-file", p1])
        let oldKey = try cli.secretFile(made.stdout)
        let t = try KeysTerminal(arguments: ["rekey", "--passphrase-file", p1, "--vault", cli.vault], environment: terminalEnvironment(cli))
        let intro = try t.answer("Passphrase or recovery key to keep", with: "wrong")
        #expect(intro.contains("slot 1  passphrase  \"laptop\"  made 20") && intro.contains("slot 3  recovery"))
        try t.waitFor("does not open any slot")
        // Slot 2's passphrase first: every entry is tried on every slot, whatever its label.
        try t.answer("Passphrase or recovery key to keep", with: "third")
        try t.waitFor("Kept: slot 2")
        try t.answer("Passphrase or recovery key to keep", with: "first")
        try t.waitFor("kept already")
        try t.answer("Passphrase or recovery key to keep", with: "")
        try t.waitFor("Slot 3 (recovery, \"recovery key made ")
        try t.answer("was not confirmed. Replace it", with: "y")
        let removal = try t.answer("Remove it and rekey?", with: "y")
        #expect(removal.contains("slot 1  passphrase  \"laptop\""))
        #expect(!removal.contains("slot 2  passphrase") && !removal.contains("slot 3"))
        let shown = try t.waitFor("back from your paper")
        let newKey = try #require(Self.recoveryKey(in: shown))
        try t.type(newKey)
        try t.waitFor("The recovery key is active")
        #expect(try t.finish() == 0)
        #expect(t.transcript.contains("Note the new key epoch, 2,"))
        #expect(try cli.journalIDs(["--passphrase-file", p1]).ids == [entry])
        #expect(try cli.journalIDs(["--passphrase-file", p3]).ids == [entry])
        #expect(try cli.journalIDs(["--passphrase-file", p2]).status == 77)
        #expect(try cli.journalIDs(["--recovery-key-file", oldKey]).status == 77)
        #expect(try cli.journalIDs(["--recovery-key-file", try cli.secretFile(newKey)]).ids == [entry])
    }

    /// Three wrong entries stop rekey (77); declining the removal list changes nothing either.
    @Test func rekeyWrongEntriesAndADeclinedRemovalChangeNothing() throws {
        let cli = try KeysCLI(mode: .inProcess)
        let p1 = try cli.secretFile("first")
        _ = try cli.makeVault(passphraseFile: p1)
        #expect(try cli.run(["key", "add", "--kdf", "minimum", "--passphrase-file", p1,
                             "--new-passphrase-file", try cli.secretFile("yes")]).status == 0)
        let before = try cli.vaultBytes()
        let t = try KeysTerminal(arguments: ["rekey", "--passphrase-file", p1, "--vault", cli.vault], environment: terminalEnvironment(cli))
        try t.answer("Passphrase or recovery key to keep", with: "no")
        // Shaped like a recovery key with a typo: named as such.
        try t.answer("Passphrase or recovery key to keep", with: "01230-4567M-89AB9-CDEFS-GHJKJ-MNPQ6-RSTVW")
        try t.waitFor("mistyped in group 7")
        try t.answer("Passphrase or recovery key to keep", with: "maybe")
        try t.waitFor("Three entries did not open")
        #expect(try t.finish() == 77)
        #expect(try cli.vaultBytes() == before)

        let u = try KeysTerminal(arguments: ["rekey", "--passphrase-file", p1, "--vault", cli.vault], environment: terminalEnvironment(cli))
        try u.answer("Passphrase or recovery key to keep", with: "")
        try u.answer("Remove it and rekey?", with: "n")
        try u.waitFor("Nothing was changed")
        #expect(try u.finish() == 1)
        #expect(try cli.vaultBytes() == before)

        // A passphrase that is literally "yes" is a key typed, never an answer.
        let v = try KeysTerminal(arguments: ["rekey", "--passphrase-file", p1, "--vault", cli.vault], environment: terminalEnvironment(cli))
        try v.answer("Passphrase or recovery key to keep", with: "yes")
        try v.waitFor("Kept: slot 1")
        #expect(try v.finish() == 0)
        #expect(try cli.status()["slots"] as? Int == 2)
        #expect(try cli.status()["key_epoch"] as? Int == 2)
    }
}
