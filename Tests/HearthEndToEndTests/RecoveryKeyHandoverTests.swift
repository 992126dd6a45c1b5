import Foundation
import HearthTestSupport
import HearthVault
import Testing

/// A new recovery key becomes active only after it reached the person: written out (checked),
/// typed back on a terminal, then renamed into place. Any failure before that leaves the vault
/// as it was and says the key shown is not valid.
@Suite("New recovery keys are handed over before they become active", .ownThreads)
struct RecoveryKeyHandoverTests {
    private func terminalEnvironment(_ cli: KeysCLI) -> [String: String] { cli.terminalEnvironment }

    /// Temporary files a key change left beside the vault.
    private func temporaries(_ cli: KeysCLI) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: cli.folder).filter { $0.hasPrefix(".vault.hearth.tmp-") }
    }

    /// Runs `hearth ARGS --vault VAULT` with stdout sent to `stdout` (a closed pipe, /dev/full).
    private func run(_ cli: KeysCLI, _ arguments: [String], stdout: Any) throws -> (status: Int32, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: KeysCLI.binary)
        process.arguments = arguments + ["--vault", cli.vault]
        process.environment = cli.environment
        let errors = Pipe()
        process.standardOutput = stdout
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text)
    }

    @Test func aKeyThatCannotBeWrittenOutIsNeverMadeActive() throws {
        let cli = try KeysCLI(mode: .inProcess)
        let p1 = try cli.secretFile("one")
        _ = try cli.makeVault(passphraseFile: p1)
        let before = try cli.vaultBytes()
        let arguments = ["key", "add", "--recovery", "--kdf", "minimum", "--passphrase-file", p1]

        // A reader that went away (`| lpr` failing, a closed terminal): EPIPE.
        let closed = Pipe()
        try closed.fileHandleForReading.close()
        let broken = try run(cli, arguments, stdout: closed)
        #expect(broken.status == 74, "\(broken.stderr)")
        #expect(broken.stderr.contains("NOT valid") && broken.stderr.contains("Nothing was changed"))
        #expect(!broken.stderr.contains("is active"))
        #expect(try cli.vaultBytes() == before)
        #expect(try temporaries(cli).isEmpty)

        // A full disk behind a redirect: ENOSPC.
        let full = try #require(FileHandle(forWritingAtPath: "/dev/full"))
        let noSpace = try run(cli, arguments, stdout: full)
        #expect(noSpace.status == 74, "\(noSpace.stderr)")
        #expect(noSpace.stderr.contains("NOT valid"))
        #expect(try cli.vaultBytes() == before)
        #expect(try temporaries(cli).isEmpty)

        // Written out fine: active, and it opens.
        let made = try cli.run(arguments)
        #expect(made.status == 0, "\(made.stderr)")
        #expect(made.stderr.contains("The recovery key is active"))
        #expect(try cli.journalIDs(["--recovery-key-file", try cli.secretFile(made.stdout)]).status == 0)

        // A second one is another, separate way in; the first keeps working, and that is said.
        let second = try cli.run(arguments)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stderr.contains("already has a recovery key (slot 1") && second.stderr.contains("keeps working"))
        #expect(try cli.journalIDs(["--recovery-key-file", try cli.secretFile(made.stdout)]).status == 0)
        #expect(try cli.journalIDs(["--recovery-key-file", try cli.secretFile(second.stdout)]).status == 0)
    }

    @Test func typedBackThenActiveOrCancelledAndNotValid() throws {
        guard KeysTerminal.available else { try Test.cancel("needs util-linux `script` for a pseudo-terminal") }
        let cli = try KeysCLI(mode: .inProcess)
        let p1 = try cli.secretFile("one")
        let entry = try cli.makeVault(passphraseFile: p1)
        let before = try cli.vaultBytes()
        let arguments = ["key", "add", "--recovery", "--passphrase-file", p1, "--vault", cli.vault]

        // Cancelled at the check: the vault is as it was, and the key shown opens nothing.
        let t = try KeysTerminal(arguments: arguments, environment: terminalEnvironment(cli))
        let shown = try t.waitFor("back from your paper")
        let cancelledKey = try #require(KeyTerminalTests.recoveryKey(in: shown))
        try t.type("")
        try t.waitFor("NOT valid")
        #expect(try t.finish() == 1)
        #expect(try cli.vaultBytes() == before)
        #expect(try temporaries(cli).isEmpty)
        #expect(try cli.journalIDs(["--recovery-key-file", try cli.secretFile(cancelledKey)]).status == 77)

        // Three wrong answers: the same.
        let u = try KeysTerminal(arguments: arguments, environment: terminalEnvironment(cli))
        let other = try #require(KeyTerminalTests.recoveryKey(in: try u.waitFor("back from your paper")))
        var typo = Array(other)
        typo[38] = typo[38] == "A" ? "B" : "A"
        try u.type(String(typo))
        try u.answer("Group 7 has a mistyped character", with: "01230-4567M-89AB9-CDEFS-GHJKJ-MNPQ6-RSTVV")
        try u.answer("not the same as the key shown", with: "01230 RSTVV")
        try u.waitFor("the whole key has 35")
        try u.waitFor("NOT valid")
        #expect(try u.finish() == 1)
        #expect(try cli.vaultBytes() == before)

        // The whole key is asked for: first and last groups are not enough, one group of another
        // key is named, and the whole key with any spacing and case makes it active.
        let v = try KeysTerminal(arguments: arguments, environment: terminalEnvironment(cli))
        let key = try #require(KeyTerminalTests.recoveryKey(in: try v.waitFor("back from your paper")))
        // Not active while the person is still writing it down.
        #expect(try cli.vaultBytes() == before)
        let groups = key.split(separator: "-").map(String.init)
        try v.type("\(groups[0].lowercased()) \(groups[6])")
        try v.waitFor("the whole key has 35")
        var third = groups
        third[2] = third[2] == "89AB9" ? "89AC5" : "89AB9"  // a valid third group of another key
        try v.answer("back from your paper", with: third.joined(separator: "-"))
        try v.waitFor("Group 3 is not the same as the key shown")
        try v.answer("back from your paper", with: groups.map { $0.lowercased() }.joined(separator: "  "))
        try v.waitFor("The recovery key is active")
        #expect(try v.finish() == 0)
        #expect(try cli.journalIDs(["--recovery-key-file", try cli.secretFile(key)]).ids == [entry])
        let check = try cli.run(["key", "check", "--recovery-key-file", try cli.secretFile(key)])
        #expect(check.status == 0 && check.stderr.contains("opens slot 1 (recovery"), "\(check.stderr)")
        #expect(try cli.run(["key", "check", "--recovery-key-file", try cli.secretFile(cancelledKey)]).status == 77)
    }

    /// Killed while the person is writing the new key down: the old vault, the old recovery key
    /// still opens, the new one opens nothing, and the next writer clears the leftover file.
    /// Ctrl-C while the new key is typed back: the new file that key opens is removed before
    /// Hearth ends, and the key is said to be not valid (review finding: it stayed beside the
    /// vault, a full copy the "not active" key opened, until the next save).
    @Test(.enabled(if: KeysTerminal.available)) func ctrlCAtTheTypeBackLeavesNoCopyTheKeyOpens() throws {
        let cli = try KeysCLI(mode: .inProcess)
        let p1 = try cli.secretFile("one")
        _ = try cli.makeVault(passphraseFile: p1)
        for arguments in [["key", "add", "--recovery", "--kdf", "minimum", "--passphrase-file", p1],
                          ["rekey", "--new-recovery-key", "--drop-unconfirmed", "--passphrase-file", p1]] {
            if arguments[0] == "rekey" {
                // A recovery slot for rekey to replace.
                let made = try cli.run(["key", "add", "--recovery", "--kdf", "minimum", "--passphrase-file", p1])
                try #require(made.status == 0, "\(made.stderr)")
            }
            let start = try cli.vaultBytes()
            let t = try KeysTerminal(arguments: arguments + ["--vault", cli.vault], environment: terminalEnvironment(cli))
            let key = try #require(KeyTerminalTests.recoveryKey(in: try t.waitFor("back from your paper")))
            #expect(try temporaries(cli).count == 1, "the new file waits beside the vault")
            t.send("\u{03}")
            try t.waitFor("NOT valid")
            #expect(try t.finish() == 130, "\(t.transcript)")
            #expect(try temporaries(cli).isEmpty, "\(arguments[0]): no copy that the key opens")
            #expect(try cli.vaultBytes() == start)
            #expect(try cli.journalIDs(["--recovery-key-file", try cli.secretFile(key)]).status == 77)
        }
    }

    @Test func killedBeforeTheCheckLeavesTheOldVault() throws {
        guard KeysTerminal.available else { try Test.cancel("needs util-linux `script` for a pseudo-terminal") }
        let cli = try KeysCLI(mode: .inProcess)
        let p1 = try cli.secretFile("one")
        let entry = try cli.makeVault(passphraseFile: p1)
        let made = try cli.run(["key", "add", "--recovery", "--kdf", "minimum", "--passphrase-file", p1])
        let oldKey = try cli.secretFile(made.stdout)
        let before = try cli.vaultBytes()
        let t = try KeysTerminal(
            arguments: ["rekey", "--new-recovery-key", "--passphrase-file", p1, "--vault", cli.vault],
            environment: terminalEnvironment(cli))
        let newKey = try #require(KeyTerminalTests.recoveryKey(in: try t.waitFor("back from your paper")))
        // The re-encrypted vault is complete beside the old one, waiting for the check.
        #expect(try temporaries(cli).count == 1)
        let pid = try #require(t.commandPID)
        kill(pid, SIGKILL)
        _ = try? t.finish()
        #expect(try cli.vaultBytes() == before)
        #expect(try cli.status()["key_epoch"] as? Int == 1)
        #expect(try cli.journalIDs(["--recovery-key-file", try cli.secretFile(newKey)]).status == 77)
        #expect(try cli.journalIDs(["--recovery-key-file", oldKey]).ids == [entry])
        #expect(try cli.run(["journal", "add", "--passphrase-file", p1], stdin: Data("later".utf8)).status == 0)
        #expect(try temporaries(cli).isEmpty)
    }
}
