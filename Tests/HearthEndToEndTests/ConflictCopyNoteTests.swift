import Foundation
import HearthTestSupport
import Testing

/// The one line any command says, on a terminal only, when a sync tool left conflict copies
/// beside the vault; `status` lists them instead.
@Suite(.ownThreads) struct ConflictCopyNoteTests {
    static let note = "A sync tool left a conflict copy of this vault beside it"

    @Test func saidOnceOnATerminalAndNeverIntoAPipe() throws {
        guard KeysTerminal.available else { return }
        let cli = try KeysCLI()
        let passphrase = try cli.secretFile("a passphrase for the conflict note")
        _ = try cli.makeVault(passphraseFile: passphrase)
        let piped = try cli.run(["journal", "list", "--passphrase-file", passphrase])
        #expect(piped.status == 0 && !piped.stderr.contains("conflict copy"), "no copy yet: \(piped.stderr)")
        try Data(contentsOf: URL(fileURLWithPath: cli.vault))
            .write(to: URL(fileURLWithPath: cli.folder + "/vault.sync-conflict-20261206-101010-ABCDEFG.hearth"))

        let t = try KeysTerminal(
            arguments: ["journal", "list", "--vault", cli.vault, "--passphrase-file", passphrase], environment: cli.terminalEnvironment)
        #expect(try t.finish() == 0, "\(t.transcript)")
        #expect(t.transcript.components(separatedBy: Self.note).count == 2, "said once: \(t.transcript)")
        #expect(t.transcript.contains("hearth merge --conflicts"))

        let again = try cli.run(["journal", "list", "--passphrase-file", passphrase])
        #expect(again.status == 0 && !again.stderr.contains("conflict copy"), "not into a pipe: \(again.stderr)")

        // status lists the copy (on stdout) and says what to do, without the extra line.
        let status = try KeysTerminal(arguments: ["status", "--vault", cli.vault], environment: cli.terminalEnvironment)
        #expect(try status.finish() == 0, "\(status.transcript)")
        #expect(status.transcript.contains("Conflict copy: " + cli.folder + "/vault.sync-conflict-20261206-101010-ABCDEFG.hearth"))
        #expect(!status.transcript.contains(Self.note) && status.transcript.contains("hearth merge --conflicts"))
    }

    @Test func mergeWantsOneOfOtherOrConflicts() throws {
        let cli = try KeysCLI()
        let passphrase = try cli.secretFile("a passphrase for the conflict note")
        _ = try cli.makeVault(passphraseFile: passphrase)
        #expect(try cli.run(["merge", "--passphrase-file", passphrase]).status == 64)
        #expect(try cli.run(["merge", cli.vault, "--conflicts", "--passphrase-file", passphrase]).status == 64)
        let none = try cli.run(["merge", "--conflicts", "--passphrase-file", passphrase])
        #expect(none.status == 0 && none.stderr.contains("No conflict copies"), "\(none.stderr)")
    }
}
