import Foundation
import HearthTestSupport
import HearthVault
import Testing

/// Work that takes time shows it on a terminal, never in a pipe; Ctrl-C during an import says
/// what was kept and keeps the vault as it was. On a real pseudo-terminal (`script`).
@Suite(.serialized, .ownThreads) struct ProgressTerminalTests {
    private func terminalEnvironment(_ cli: KeysCLI) -> [String: String] {
        var env = cli.terminalEnvironment
        env["TERM"] = "xterm"
        env["NO_COLOR"] = nil
        return env
    }

    /// A Hearth export holding `count` journal entries (no names, plain words).
    private func exportFile(_ cli: KeysCLI, count: Int) throws -> String {
        let records = (0..<count).map { i -> [String: Any] in
            ["kind": "journal", "id": UUID().uuidString.lowercased(), "at": "2026-11-20T10:00:00+00:00",
             "created_at": "2026-11-20T10:00:00+00:00", "updated_at": "2026-11-20T10:00:00+00:00",
             "tags": [], "text": "Entry \(i).", "feelings": [], "people": [], "starred": false]
        }
        let document: [String: Any] = ["format": "hearth-export", "version": 1, "exported_at": "2026-11-21T10:00:00Z",
                                       "records": records, "tombstones": []]
        let path = cli.folder + "/export.json"
        try JSONSerialization.data(withJSONObject: document).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func openingTheVaultShowsOnATerminalAndNeverInAPipe() throws {
        guard KeysTerminal.available else { try Test.cancel("needs util-linux `script` for a pseudo-terminal") }
        let cli = try KeysCLI(mode: .inProcess)
        let passphrase = try cli.secretFile("a passphrase for the progress line")
        _ = try cli.makeVault(passphraseFile: passphrase)

        let t = try KeysTerminal(arguments: ["journal", "list", "--vault", cli.vault, "--passphrase-file", passphrase],
                                 environment: terminalEnvironment(cli))
        defer { if let command = t.commandPID { kill(command, SIGKILL) } }
        try t.waitFor("Opening the vault...")
        #expect(try t.finish() == 0)
        // Drawn over with "\r" and erased before the list is printed.
        #expect(t.transcript.contains("\r\u{1B}[KOpening the vault...\r\u{1B}[K"), "\(t.transcript.debugDescription)")

        // stderr into a pipe or a file: no progress, no control characters.
        let piped = try cli.run(["journal", "list", "--passphrase-file", passphrase])
        #expect(piped.status == 0)
        #expect(!piped.stderr.contains("Opening"), "\(piped.stderr)")
        #expect(!piped.stderr.contains("\r") && !piped.stderr.contains("\u{1B}"), "\(piped.stderr.debugDescription)")

        // HEARTH_PROGRESS=0 turns it off on a terminal too (screen readers read every redraw).
        var quiet = terminalEnvironment(cli)
        quiet["HEARTH_PROGRESS"] = "0"
        let q = try KeysTerminal(arguments: ["journal", "list", "--vault", cli.vault, "--passphrase-file", passphrase],
                                 environment: quiet)
        defer { if let command = q.commandPID { kill(command, SIGKILL) } }
        #expect(try q.finish() == 0)
        #expect(!q.transcript.contains("Opening the vault"), "\(q.transcript.debugDescription)")

        // TERM=dumb obeys no escape sequences: the line is written over with spaces instead.
        var dumb = terminalEnvironment(cli)
        dumb["TERM"] = "dumb"
        let d = try KeysTerminal(arguments: ["journal", "list", "--vault", cli.vault, "--passphrase-file", passphrase],
                                 environment: dumb)
        defer { if let command = d.commandPID { kill(command, SIGKILL) } }
        #expect(try d.finish() == 0)
        #expect(d.transcript.contains("\rOpening the vault...\r" + String(repeating: " ", count: 20) + "\r"),
                "\(d.transcript.debugDescription)")
        #expect(!d.transcript.contains("\u{1B}"), "\(d.transcript.debugDescription)")
    }

    @Test func anImportCountsItsRecordsOnATerminal() throws {
        guard KeysTerminal.available else { try Test.cancel("needs util-linux `script` for a pseudo-terminal") }
        let cli = try KeysCLI(mode: .inProcess)
        let passphrase = try cli.secretFile("a passphrase for the progress line")
        _ = try cli.makeVault(passphraseFile: passphrase)
        let file = try exportFile(cli, count: 40)

        let t = try KeysTerminal(arguments: ["import", "--format", "json", file, "--vault", cli.vault, "--passphrase-file", passphrase],
                                 environment: terminalEnvironment(cli))
        defer { if let command = t.commandPID { kill(command, SIGKILL) } }
        try t.waitFor("Importing records: 0 of 40")
        try t.waitFor("Imported: 40 new.")
        #expect(try t.finish() == 0)
        // Counts only: never the text of a record.
        #expect(!t.transcript.contains("Entry "), "\(t.transcript.debugDescription)")
        #expect(try cli.journalIDs(["--passphrase-file", passphrase]).ids.count == 41)
    }

    /// The import waits for the writer lock (held here throughout), showing that it waits; Ctrl-C
    /// ends the wait at once (not after the 30 s timeout) and stops the import before anything
    /// is saved, and it says so. (The stop between records is tested in process: ExchangeTests.)
    @Test func ctrlCDuringAnImportSavesNothingAndSaysSo() throws {
        try stopWhileWaitingForTheLock(
            { cli, passphrase in
                KeysTerminal.quoted([KeysCLI.binary, "import", "--format", "json", try exportFile(cli, count: 40),
                                     "--vault", cli.vault, "--passphrase-file", passphrase])
            },
            says: "Stopped. Nothing from this import was saved; the vault is as it was.")
    }

    @Test func ctrlCDuringAddJSONSavesNothingAndSaysSo() throws {
        try stopWhileWaitingForTheLock(
            { cli, passphrase in
                let input = try cli.secretFile(#"{"text": "One."}"# + "\n" + #"{"text": "Two."}"#, name: "lines.jsonl")
                return KeysTerminal.quoted([KeysCLI.binary, "journal", "add", "--json", "--vault", cli.vault,
                                            "--passphrase-file", passphrase]) + " < " + KeysTerminal.quoted([input])
            },
            says: "Stopped. None of these records were saved; the vault is as it was.")
    }

    /// Work that cannot stop halfway (a rekey, a passphrase change, a restore) still ends at once
    /// on Ctrl-C, and says what it left: here, stopped while it waited for the writer lock,
    /// nothing was changed, and the old passphrase still opens the vault.
    @Test func ctrlCDuringARekeySaysNothingWasChanged() throws {
        try stopWhileWaitingForTheLock(
            { cli, passphrase in
                KeysTerminal.quoted([KeysCLI.binary, "rekey", "--vault", cli.vault, "--passphrase-file", passphrase])
            },
            says: "Stopped. Nothing was changed: the vault keeps its keys and opens as before.")
    }

    @Test func ctrlCDuringAPassphraseChangeSaysNothingWasChanged() throws {
        try stopWhileWaitingForTheLock(
            { cli, passphrase in
                let new = try cli.secretFile("another passphrase for the progress line", name: "new")
                return KeysTerminal.quoted([KeysCLI.binary, "passwd", "--vault", cli.vault, "--passphrase-file", passphrase,
                                            "--new-passphrase-file", new, "--kdf", "minimum"])
            },
            says: "Stopped. Nothing was changed: the vault opens as before.")
    }

    /// A signal that ends the process while the line shows (Ctrl-\\ here, left at its default)
    /// ends the line first; on a terminal that takes no escape sequences, with a line break.
    @Test func aSignalOnADumbTerminalEndsTheLineWithoutEscapes() throws {
        guard KeysTerminal.available else { try Test.cancel("needs util-linux `script` for a pseudo-terminal") }
        let cli = try KeysCLI(mode: .inProcess)
        let passphrase = try cli.secretFile("a passphrase for the progress line")
        _ = try cli.makeVault(passphraseFile: passphrase)
        let lock = open(try WriterLock.lockPath(for: cli.vault, environment: cli.environment), O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        try #require(lock >= 0)
        defer { close(lock) }
        try #require(flock(lock, LOCK_EX) == 0)
        var env = terminalEnvironment(cli)
        env["TERM"] = "dumb"
        env["HEARTH_LOCK_TIMEOUT"] = "30"
        let t = try KeysTerminal(
            shellCommand: "exec " + KeysTerminal.quoted([KeysCLI.binary, "rekey", "--vault", cli.vault, "--passphrase-file", passphrase]),
            environment: env)
        defer { if let command = t.commandPID { kill(command, SIGKILL) } }
        try t.waitFor("Waiting for another Hearth to finish saving...")
        t.send("\u{1C}")
        _ = try? t.finish()
        // The line ends with a line break (the terminal echoes ^\\ first), then the stop note.
        #expect(t.transcript.contains("\r\nStopped. Nothing was changed"), "\(t.transcript.debugDescription)")
        #expect(!t.transcript.contains("\u{1B}"), "\(t.transcript.debugDescription)")
    }

    private func stopWhileWaitingForTheLock(_ command: (KeysCLI, String) throws -> String, says message: String) throws {
        guard KeysTerminal.available else { try Test.cancel("needs util-linux `script` for a pseudo-terminal") }
        let cli = try KeysCLI(mode: .inProcess)
        let passphrase = try cli.secretFile("a passphrase for the progress line")
        _ = try cli.makeVault(passphraseFile: passphrase)
        let line = try command(cli, passphrase)
        let before = try cli.vaultBytes()

        let lock = open(try WriterLock.lockPath(for: cli.vault, environment: cli.environment), O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        try #require(lock >= 0)
        defer { close(lock) }
        try #require(flock(lock, LOCK_EX) == 0)
        var env = terminalEnvironment(cli)
        env["HEARTH_LOCK_TIMEOUT"] = "30"
        let t = try KeysTerminal(shellCommand: "exec " + line, environment: env)
        defer { if let command = t.commandPID { kill(command, SIGKILL) } }
        try t.waitFor("Waiting for another Hearth to finish saving...")
        let pressed = Date()
        t.send("\u{03}")
        try t.waitFor(message, timeout: 20)
        #expect(Date().timeIntervalSince(pressed) < 10, "Ctrl-C must not wait for the lock's timeout")
        #expect(try t.finish() == 130)
        #expect(try cli.vaultBytes() == before)
        #expect(try cli.journalIDs(["--passphrase-file", passphrase]).ids.count == 1)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: cli.folder).filter { $0.contains(".tmp-") }
        #expect(leftovers.isEmpty, "\(leftovers)")
    }

    /// `add --json` with many lines counts them; `backup` shows its steps; stdout (the ids, the
    /// backup's path) stays clean of the line.
    @Test func addJSONAndBackupShowTheirWorkOnATerminal() throws {
        guard KeysTerminal.available else { try Test.cancel("needs util-linux `script` for a pseudo-terminal") }
        let cli = try KeysCLI(mode: .inProcess)
        let passphrase = try cli.secretFile("a passphrase for the progress line")
        _ = try cli.makeVault(passphraseFile: passphrase)
        let lines = (0..<30).map { #"{"text": "Line \#($0)."}"# }.joined(separator: "\n")
        let input = try cli.secretFile(lines, name: "lines.jsonl")
        let ids = cli.folder + "/ids.txt"
        let add = try KeysTerminal(
            shellCommand: KeysTerminal.quoted([KeysCLI.binary, "journal", "add", "--json", "--vault", cli.vault,
                                               "--passphrase-file", passphrase]) + " < " + KeysTerminal.quoted([input])
                + " > " + KeysTerminal.quoted([ids]),
            environment: terminalEnvironment(cli))
        defer { if let command = add.commandPID { kill(command, SIGKILL) } }
        try add.waitFor("Adding journal entries: 0 of 30")
        try add.waitFor("Saved 30 journal entries.")
        #expect(try add.finish() == 0)
        let written = try String(contentsOfFile: ids, encoding: .utf8)
        #expect(written.split(separator: "\n").count == 30 && !written.contains("\u{1B}") && !written.contains("\r"))

        let folder = cli.folder + "/backups"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
        let backup = try KeysTerminal(arguments: ["backup", folder, "--vault", cli.vault, "--passphrase-file", passphrase],
                                      environment: terminalEnvironment(cli))
        defer { if let command = backup.commandPID { kill(command, SIGKILL) } }
        try backup.waitFor("Writing the backup: 0%")
        try backup.waitFor("Reading the backup back to check it...")
        #expect(try backup.finish() == 0)
        #expect((FileManager.default.subpaths(atPath: folder) ?? []).contains { $0.hasSuffix(".hearth") })

        // Checking a vault shows its step (a percentage too when it takes longer than a tenth of
        // a second; the counting itself is tested in process, OpenProgressTests).
        let verify = try KeysTerminal(arguments: ["verify", "--vault", cli.vault, "--passphrase-file", passphrase],
                                      environment: terminalEnvironment(cli))
        defer { if let command = verify.commandPID { kill(command, SIGKILL) } }
        try verify.waitFor("Opening and checking the vault...")
        #expect(try verify.finish() == 0, "\(verify.transcript)")
    }
}
