import Foundation
import HearthTestSupport
import Testing

/// Output that fits the terminal: short ids and whole lines into a pipe, lines fitted to the
/// terminal's width on one (a real pseudo-terminal, `script`, sized with `stty`), bold only
/// without NO_COLOR, and `-q` leaving out notes but never output or errors.
@Suite(.serialized) struct TerminalFitTests {
    static let long = "日記 — a long walk by the river with 😀 and 👩‍👧, talking about the week and the weather and what comes next"

    private func vault() throws -> (KeysCLI, String) {
        let cli = try KeysCLI(mode: .inProcess)
        let passphrase = try cli.secretFile("a passphrase for fitting lines")
        _ = try cli.makeVault(passphraseFile: passphrase, entry: Self.long)
        return (cli, passphrase)
    }

    @Test func pipedListingsHaveShortIdsAndWholeLines() throws {
        let (cli, passphrase) = try vault()
        let id = try #require(cli.journalIDs(["--passphrase-file", passphrase]).ids.first)
        let listed = try cli.run(["journal", "list", "--passphrase-file", passphrase])
        #expect(listed.status == 0)
        let line = listed.stdout.trimmingCharacters(in: .newlines)
        #expect(line.hasPrefix(String(id.prefix(8)) + "  "), "\(line)")
        #expect(!line.contains(id), "a listing shows the short id: \(line)")
        #expect(line.count > 70, "piped lines are not fitted to a width: \(line)")
        // The short id is accepted back, and --json keeps the whole id.
        let shown = try cli.run(["journal", "show", String(id.prefix(8)), "--json", "--passphrase-file", passphrase])
        #expect(shown.status == 0 && shown.stdout.contains(id), "\(shown.stdout)")
    }

    @Test func onATerminalLinesFitItsWidthAndBoldFollowsNoColor() throws {
        guard KeysTerminal.available else { try Test.cancel("needs util-linux `script` for a pseudo-terminal") }
        let (cli, passphrase) = try vault()
        var environment = cli.terminalEnvironment
        environment["TERM"] = "xterm"
        environment["NO_COLOR"] = nil
        func onTerminal(_ arguments: [String], _ environment: [String: String], columns: Int = 40, until: String = "river") throws -> String {
            let command = "stty cols \(columns) && " + KeysTerminal.quoted([KeysCLI.binary] + arguments + ["--passphrase-file", passphrase])
            let t = try KeysTerminal(shellCommand: command, environment: environment)
            defer { if let pid = t.commandPID { kill(pid, SIGKILL) } }
            try t.waitFor(until)  // all of the output read before the end is taken
            #expect(try t.finish() == 0, "\(t.transcript)")
            return t.transcript
        }
        let listed = try onTerminal(["journal", "list", "--vault", cli.vault], environment, until: "…")
        let shown = try #require(listed.split(separator: "\r\n").first { $0.contains("日記") }, "\(listed.debugDescription)")
        // What the progress line drew before it on the same terminal line is not part of it.
        let line = shown.split(separator: "\u{1B}[K").last.map(String.init) ?? String(shown)
        #expect(line.hasSuffix("…"), "\(line.debugDescription)")
        // 40 columns: CJK and emoji count two each.
        let columns = String(line).reduce(0) { $0 + (($1.unicodeScalars.first!.value >= 0x2E80) ? 2 : 1) }
        #expect(columns <= 40 && columns >= 36, "\(line.debugDescription): \(columns)")

        let bold = try onTerminal(["search", "river", "--vault", cli.vault], environment, columns: 200)
        #expect(bold.contains("\u{1B}[1mriver\u{1B}[0m"), "\(bold.debugDescription)")
        environment["NO_COLOR"] = "1"
        let plain = try onTerminal(["search", "river", "--vault", cli.vault], environment, columns: 200)
        #expect(plain.contains("river") && !plain.contains("\u{1B}["), "\(plain.debugDescription)")

        // Prose (insights) is broken between words at the terminal's width, not cut.
        let prose = try onTerminal(["insights", "--vault", cli.vault], environment, until: "appear here")
        // What the progress line drew before the first line (and cleared with \r) is not part of it.
        let lines = prose.split(separator: "\r\n").map { $0.split(separator: "\r").last.map(String.init) ?? String($0) }
        #expect(lines.contains { $0.hasPrefix("Nothing to show yet.") }, "\(prose.debugDescription)")
        #expect(lines.allSatisfy { $0.count <= 40 }, "\(lines)")
        #expect(prose.contains("patterns appear here.") && !prose.contains("…"), "\(prose.debugDescription)")
    }

    @Test func quietLeavesOutNotesButNeverOutputOrErrors() throws {
        let sandbox = Sandbox(mode: .inProcess)
        sandbox.initVault()
        let added = sandbox.run(["journal", "add", "-q"] + sandbox.unlocking(), stdin: "A quiet entry.")
        #expect(added.status == 0)
        #expect(added.out.trimmingCharacters(in: .newlines).count == 36, "the new id is output: \(added.out)")
        #expect(added.err.isEmpty, "no note: \(added.err)")
        let noisy = sandbox.run(["journal", "add"] + sandbox.unlocking(), stdin: "A second entry.")
        #expect(!noisy.err.isEmpty, "without -q the note is there")
        let missing = sandbox.run(["journal", "show", "0badc0de", "--quiet"] + sandbox.unlocking())
        #expect(missing.status == 66 && !missing.err.isEmpty, "errors still show: \(missing.err)")
        let usage = sandbox.run(["journal", "list", "-q", "--no-such-option"] + sandbox.unlocking())
        #expect(usage.status == 64 && !usage.err.isEmpty)
        let lock = sandbox.run(["lock", "-q", "--vault", sandbox.vault])
        #expect(lock.status == 0 && lock.err.isEmpty, "\(lock.err)")
    }

    /// A warning is not a note: a weak key slot, and an older copy put in the vault's place, are
    /// said under -q too (a script asked for quiet, not for risks to go unsaid).
    @Test func quietStillSaysWarnings() throws {
        let sandbox = Sandbox(mode: .inProcess)
        sandbox.initVault()
        // The test vault's slot has the minimum cost: below the recommended one.
        let keys = sandbox.run(["key", "list", "-q"] + sandbox.unlocking())
        #expect(keys.status == 0)
        #expect(keys.err.contains("a low unlocking cost"), "\(keys.err)")
        #expect(!keys.err.contains("* the slot you unlocked with"), "the legend is a note: \(keys.err)")

        let older = sandbox.bytes()
        sandbox.add("a newer entry")
        _ = sandbox.run(["journal", "list"] + sandbox.unlocking())
        sandbox.write(older, to: sandbox.vault)
        let listed = sandbox.run(["journal", "list", "-q"] + sandbox.unlocking())
        #expect(listed.status == 0)
        #expect(listed.err.contains("older copy"), "\(listed.err)")

        // Plaintext written is a risk too.
        let exported = sandbox.run(["export", "-q", "--format", "json"] + sandbox.unlocking())
        #expect(exported.status == 0 && exported.err.contains("not encrypted"), "\(exported.err)")
    }
}
