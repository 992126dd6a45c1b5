import Foundation
import HearthTestSupport
import Testing

/// Passphrases as people expect, on a real terminal (a pseudo-terminal made by `script`):
/// three tries at every prompt for a secret, a secret given by descriptor or file never shown
/// as it is typed, advice (not refusal) for a weak new passphrase, recovery keys told apart by
/// their labels, and no failure reported for a secret not given.
@Suite("Passphrase prompts on a terminal", .ownThreads, .enabled(if: KeysTerminal.available))
struct PassphrasePromptTests {
    private func terminalEnvironment(_ cli: KeysCLI) -> [String: String] { cli.terminalEnvironment }

    /// Every command that asks for the vault's passphrase gives three tries, through one
    /// mechanism (before: only record commands did; the others ended with 77 at the first slip).
    @Test func everyCommandThatAsksGivesThreeTries() throws {
        let cli = try KeysCLI(mode: .inProcess)
        let right = "the right words for every command"
        let file = try cli.secretFile(right)
        _ = try cli.makeVault(passphraseFile: file)
        let drive = cli.folder + "/drive"
        try FileManager.default.createDirectory(atPath: drive, withIntermediateDirectories: true)
        let commands: [[String]] = [
            ["key", "list"], ["key", "check"], ["verify"], ["backup", drive],
            ["unlock", "--timeout", "90s"],  // last: the session it starts would answer the others
        ]
        for command in commands {
            let t = try KeysTerminal(arguments: command + ["--vault", cli.vault], environment: terminalEnvironment(cli))
            try t.answer("Passphrase (or recovery key)", with: "not the words")
            try t.waitFor("That did not open the vault. Please try again.")
            try t.answer("Passphrase (or recovery key)", with: right)
            #expect(try t.finish() == 0, "\(command): \(t.transcript)")
        }
        _ = try cli.run(["lock"])

        // passwd: the current passphrase asked again, then the new one.
        let p = try KeysTerminal(arguments: ["passwd", "--vault", cli.vault], environment: terminalEnvironment(cli))
        try p.answer("Passphrase (or recovery key)", with: "not the words")
        try p.waitFor("Please try again")
        try p.answer("Passphrase (or recovery key)", with: right)
        try p.answer("New passphrase:", with: "a new and longer passphrase for passwd")
        try p.answer("The same passphrase again:", with: "a new and longer passphrase for passwd")
        #expect(try p.finish() == 0, "\(p.transcript)")
        #expect(try cli.journalIDs(["--passphrase-file", try cli.secretFile("a new and longer passphrase for passwd")]).status == 0)

        // Three wrong tries end with 77; an empty line and the same wrong secret again are
        // answered at once (no key derivation for a secret known not to fit), and count.
        let v = try KeysTerminal(arguments: ["verify", "--vault", cli.vault], environment: terminalEnvironment(cli))
        try v.answer("Passphrase (or recovery key)", with: "wrong once")
        try v.waitFor("Please try again")
        try v.answer("Passphrase (or recovery key)", with: "wrong once")
        try v.waitFor("That is the same as a try before")
        try v.answer("Passphrase (or recovery key)", with: "")
        try v.waitFor("Nothing was typed")
        #expect(try v.finish() == 77)
    }

    /// A secret given by a file stays a script's secret: a wrong one is 77 at once, even on a
    /// terminal, and nothing is asked.
    @Test func aGivenSecretIsNeverAskedAgain() throws {
        let cli = try KeysCLI(mode: .inProcess)
        _ = try cli.makeVault(passphraseFile: try cli.secretFile("the right words"))
        let wrong = try cli.secretFile("not the words")
        let t = try KeysTerminal(
            arguments: ["key", "list", "--passphrase-file", wrong, "--vault", cli.vault], environment: terminalEnvironment(cli))
        #expect(try t.finish() == 77)
        #expect(!t.transcript.contains("That did not open the vault") && !t.transcript.contains("Passphrase (or recovery key)"))
    }

    /// The other copy's secret (merge) and a backup's on a fresh machine (restore) get the same
    /// three tries; the fresh machine's prompt does not say a passphrase failed before one was
    /// typed (before: "The backup does not open with that passphrase" came first).
    @Test func aSecondCopysSecretGetsThreeTriesAndNoFailureBeforeOneIsTyped() throws {
        let cli = try KeysCLI(mode: .inProcess)
        let mine = try cli.secretFile("the words of my vault")
        _ = try cli.makeVault(passphraseFile: mine)
        // `home` keeps the vault's passphrase; the vault (`copy`) gets another one.
        let home = cli.folder + "/home.hearth"
        try FileManager.default.copyItem(atPath: cli.vault, toPath: home)
        let copy = cli.vault
        let theirs = "the words of the other copy"
        #expect(try cli.run(["passwd", "--kdf", "minimum", "--passphrase-file", mine,
                             "--new-passphrase-file", try cli.secretFile(theirs)]).status == 0)

        // `home` has the slot table the passwd replaced: merging into it needs its exact keys accepted,
        // as the refusal names them.
        let refused = try KeysTerminal(
            arguments: ["merge", copy, "--passphrase-file", mine, "--vault", home], environment: terminalEnvironment(cli))
        #expect(try refused.finish() == 1, "\(refused.transcript)")
        let acceptance = try #require(
            refused.transcript.range(of: #"--accept-keys [0-9]+:[0-9a-f]{8}"#, options: .regularExpression)
                .map { String(refused.transcript[$0]) },
            "\(refused.transcript)")
        let m = try KeysTerminal(
            arguments: ["merge", copy] + acceptance.split(separator: " ").map(String.init)
                + ["--passphrase-file", mine, "--vault", home], environment: terminalEnvironment(cli))
        try m.waitFor("does not open with the vault's passphrase")
        try m.answer("of the other copy", with: "not the words")
        try m.waitFor("That did not open the other copy. Please try again.")
        try m.answer("of the other copy", with: theirs)
        #expect(try m.finish() == 0, "\(m.transcript)")

        let fresh = cli.folder + "/fresh/vault.hearth"
        let r = try KeysTerminal(arguments: ["restore", copy, "--vault", fresh], environment: terminalEnvironment(cli))
        let asked = try r.answer("Passphrase (or recovery key) of the backup", with: "not the words")
        #expect(!asked.contains("does not open"), "\(asked)")
        try r.waitFor("That did not open the backup. Please try again.")
        try r.answer("of the backup", with: theirs)
        #expect(try r.finish() == 0, "\(r.transcript)")
        #expect(FileManager.default.fileExists(atPath: fresh))

        // A drive on a fresh machine: the same, for the backups there.
        let drive = cli.folder + "/drive"
        try FileManager.default.createDirectory(atPath: drive, withIntermediateDirectories: true)
        #expect(try cli.run(["backup", drive, "--passphrase-file", try cli.secretFile(theirs)]).status == 0)
        let d = try KeysTerminal(
            arguments: ["restore", drive, "--vault", cli.folder + "/fresh3/vault.hearth"], environment: terminalEnvironment(cli))
        let prompt = try d.answer("Passphrase (or recovery key) of the backups in", with: "not the words")
        #expect(!prompt.contains("does not open"), "\(prompt)")
        try d.waitFor("That did not open any backup there. Please try again.")
        try d.answer("of the backups in", with: theirs)
        try d.answer("Restore this backup?", with: "y")
        #expect(try d.finish() == 0, "\(d.transcript)")

        // Without a terminal, the message names what is missing, not a failure.
        let scripted = try KeysTerminal(
            arguments: ["restore", copy, "--vault", cli.folder + "/fresh2/vault.hearth"], environment: cli.environment)
        #expect(try scripted.finish() == 77)
        #expect(!scripted.transcript.contains("does not open"), "\(scripted.transcript)")
        #expect(scripted.transcript.contains("needs its passphrase"), "\(scripted.transcript)")
    }

    /// A secret read from a descriptor or a file that is the terminal is read with echo off,
    /// after a short question (before: `--passphrase-fd 3 3</dev/tty` showed it as typed).
    @Test func aSecretFromATerminalDescriptorOrFileIsNotShown() throws {
        let cli = try KeysCLI(mode: .inProcess)
        let secret = "words nobody should see"
        _ = try cli.makeVault(passphraseFile: try cli.secretFile(secret))
        let binary = KeysTerminal.quoted([KeysCLI.binary, "key", "check", "--vault", cli.vault])
        for option in ["--passphrase-fd 3 3</dev/tty", "--passphrase-file /dev/tty"] {
            let t = try KeysTerminal(shellCommand: binary + " " + option, environment: terminalEnvironment(cli))
            try t.answer("Passphrase (typing is not shown)", with: secret)
            try t.waitFor("opens slot 0")
            #expect(try t.finish() == 0)
            #expect(!t.transcript.contains(secret), "\(option): \(t.transcript)")
        }
    }

    /// A weak new passphrase gets one calm line and the choice; it is never refused. From a
    /// file it is not questioned.
    @Test func aWeakNewPassphraseGetsAdviceAndAChoice() throws {
        let cli = try KeysCLI(mode: .inProcess)
        let t = try KeysTerminal(arguments: ["init", "--vault", cli.vault], environment: terminalEnvironment(cli))
        try t.answer("New passphrase:", with: "Password123!")
        try t.waitFor("a common one")
        // Typing the passphrase again here by habit is a "no", and it does not show.
        try t.answer("Use it anyway? (y or n, not shown) [y/N]", with: "Password123!")
        try t.answer("Then please choose another.", with: "amber tide")
        try t.waitFor("short")
        try t.answer("Use it anyway? (y or n, not shown) [y/N]", with: "y")
        try t.answer("The same passphrase again:", with: "amber tide")
        try t.answer("Make a recovery key now?", with: "n")
        #expect(try t.finish() == 0, "\(t.transcript)")
        #expect(!t.transcript.contains("Password123!") && !t.transcript.contains("amber tide"), "\(t.transcript)")
        #expect(try cli.journalIDs(["--passphrase-file", try cli.secretFile("amber tide")]).status == 0)

        let other = try KeysCLI(mode: .inProcess)
        let scripted = try other.run(["init", "--kdf", "minimum", "--new-passphrase-file", try other.secretFile("password")])
        #expect(scripted.status == 0)
        #expect(!scripted.stderr.contains("common") && !scripted.stderr.contains("short"), "\(scripted.stderr)")
    }

    /// Rekey's keys to keep: an entry that opened nothing, typed again, is not derived again.
    @Test func rekeyDoesNotTryTheSameWrongEntryTwice() throws {
        let cli = try KeysCLI(mode: .inProcess)
        let file = try cli.secretFile("the words for rekey")
        _ = try cli.makeVault(passphraseFile: file)
        #expect(try cli.run(["key", "add", "--kdf", "minimum", "--passphrase-file", file,
                             "--new-passphrase-file", try cli.secretFile("another way in")]).status == 0)
        let t = try KeysTerminal(arguments: ["rekey", "--passphrase-file", file, "--vault", cli.vault], environment: terminalEnvironment(cli))
        try t.answer("Passphrase or recovery key to keep", with: "not a key")
        try t.waitFor("does not open any slot")
        try t.answer("Passphrase or recovery key to keep", with: "not a key")
        try t.waitFor("That is the same as a try before")
        try t.answer("Passphrase or recovery key to keep", with: "another way in")
        try t.waitFor("Kept: slot 1")
        #expect(try t.finish() == 0, "\(t.transcript)")
    }

    /// Recovery keys carry a label that tells them apart: the day each was made, or one given.
    @Test func recoveryKeysAreLabelledInKeyList() throws {
        let cli = try KeysCLI(mode: .inProcess)
        let file = try cli.secretFile("the words for labels")
        _ = try cli.makeVault(passphraseFile: file)
        #expect(try cli.run(["key", "add", "--recovery", "--kdf", "minimum", "--passphrase-file", file]).status == 0)
        #expect(try cli.run(["key", "add", "--recovery", "--kdf", "minimum", "--label", "paper in the drawer",
                             "--passphrase-file", file]).status == 0)
        let listed = try cli.run(["key", "list", "--json", "--passphrase-file", file])
        let slots = try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]] ?? []
        let labels = slots.filter { $0["type"] as? String == "recovery" }.compactMap { $0["label"] as? String }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "d MMM yyyy"
        #expect(labels == ["recovery key made " + formatter.string(from: Date()), "paper in the drawer"])
        let table = try cli.run(["key", "list", "--passphrase-file", file])
        #expect(table.stdout.contains("recovery key made ") && table.stdout.contains("paper in the drawer"))
    }
}
