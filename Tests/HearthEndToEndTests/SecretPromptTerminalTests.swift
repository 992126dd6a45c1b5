import Foundation
import HearthTestSupport
import Testing

/// Secrets and private text stay private on a real terminal (a pseudo-terminal made by `script`):
/// a passphrase prompt survives Ctrl-Z and `fg` without showing what is typed, and
/// `show --clear-after` clears the screen on any key and on Ctrl-C.
@Suite("Secret prompts and cleared screens on a terminal", .ownThreads, .enabled(if: KeysTerminal.available))
struct SecretPromptTerminalTests {
    static let clearing = "\u{1B}[H\u{1B}[2J\u{1B}[3J"

    private func terminalEnvironment(_ cli: KeysCLI) -> [String: String] { cli.terminalEnvironment }

    /// Ctrl-Z at the passphrase prompt stops Hearth (the shell says "Stopped"); `fg` asks again with
    /// echo off, and the passphrase typed then never shows. Run under an interactive shell: job
    /// control (a stop that really stops) needs a parent in the same session.
    @Test func ctrlZAtThePassphrasePromptThenFgKeepsThePassphraseHidden() throws {
        let cli = try KeysCLI(mode: .inProcess)
        let passphrase = "tstp-hidden-passphrase-4821"
        _ = try cli.makeVault(passphraseFile: try cli.secretFile(passphrase))
        var env = terminalEnvironment(cli)
        env["HISTFILE"] = "/dev/null"
        env["TERM"] = "dumb"
        // The shell starts with no signal blocked, as a login shell does (the test runner blocks
        // some, and a blocked SIGTSTP would make Ctrl-Z wait instead of stopping).
        let shell = "import os, signal; signal.pthread_sigmask(signal.SIG_SETMASK, []); "
            + "os.execvp('bash', ['bash', '--norc', '--noprofile', '-i'])"
        let t = try KeysTerminal(shellCommand: "exec python3 -c " + KeysTerminal.quoted([shell]), environment: env)
        defer { if let shell = t.commandPID { kill(shell, SIGKILL) } }  // a failed wait leaves no shell behind
        // Split in two so that the typed line itself does not match the prompt waited for.
        t.send("PS1='hearth-''shell$ '\n")
        try t.waitFor("hearth-shell$ ")
        t.send(KeysTerminal.quoted([KeysCLI.binary, "journal", "list", "--vault", cli.vault]) + "\n")
        try t.waitFor("Passphrase (or recovery key) for")
        try t.waitUntilReading(.echoOff)  // the prompt is printed just before echo goes off
        t.send("\u{1A}")
        try t.waitFor("Stopped", timeout: 10)
        try t.waitFor("hearth-shell$ ")
        t.send("fg\n")
        let askedAgain = (try? t.waitFor("Passphrase (or recovery key) for", timeout: 5)) != nil
        #expect(askedAgain, "after fg the prompt is shown again")
        try t.waitUntilReading(.echoOff)
        t.send(passphrase + "\n")
        try t.waitFor("hearth-shell$ ")
        t.send("echo \"status=$?\"\n")
        try t.waitFor("status=0")
        t.send("exit\n")
        _ = try t.finish()
        #expect(!t.transcript.contains(passphrase), "the passphrase never shows on the terminal")
    }

    /// The same, watched from the job-control side (a small Python stand-in for the shell that
    /// leaves the terminal's modes alone): while Hearth is stopped its terminal has echo on
    /// again; after SIGCONT echo is off, the prompt is shown again, and the passphrase opens.
    @Test func whileStoppedAtThePassphrasePromptTheTerminalHasEchoOn() throws {
        let cli = try KeysCLI(mode: .inProcess)
        let passphrase = "stopped-prompt-passphrase-9150"
        _ = try cli.makeVault(passphraseFile: try cli.secretFile(passphrase))
        let script = try cli.secretFile(Self.jobControl, name: "job-control.py")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, KeysCLI.binary, cli.vault, passphrase]
        process.environment = terminalEnvironment(cli)
        let out = Pipe()
        let input = Pipe()
        process.standardOutput = out
        process.standardError = out
        process.standardInput = input
        try process.run()
        // The script says "ready TERMINAL" where it would type, and goes on at a line from here:
        // once Hearth reads that terminal.
        var report = "", line: [UInt8] = []
        var byte: UInt8 = 0
        while read(out.fileHandleForReading.fileDescriptor, &byte, 1) == 1 {
            guard byte == 0x0A else { line.append(byte); continue }
            let text = String(decoding: line, as: UTF8.self)
            line = []
            report += text + "\n"
            if text.hasPrefix("ready ") {
                do {
                    try TerminalReading.wait(under: process.processIdentifier, terminal: String(text.dropFirst(6)))
                } catch {
                    report += "not ready: \(error)\n"
                }
                input.fileHandleForWriting.write(Data("\n".utf8))
            }
        }
        report += String(decoding: line, as: UTF8.self)
        process.waitUntilExit()
        #expect(!report.contains("not ready"), "\(report)")
        #expect(report.contains("echo-at-prompt=0"), "\(report)")
        #expect(report.contains("stopped=1"), "\(report)")
        #expect(report.contains("echo-while-stopped=1"), "\(report)")
        #expect(report.contains("asked-again=1"), "\(report)")
        #expect(report.contains("echo-after-fg=0"), "\(report)")
        #expect(report.contains("exit=0"), "\(report)")
        #expect(!report.contains(passphrase), "the passphrase never shows: \(report)")
    }

    /// Starts `hearth journal list` on a new pseudo-terminal as a job-control shell would (its own
    /// process group, in the foreground), sends Ctrl-Z, looks at the terminal while it is
    /// stopped, continues it (as `fg`), types the passphrase, and reports what it saw. Where it
    /// looks at the prompt it first asks the test to wait until Hearth reads the terminal.
    static let jobControl = #"""
        import os, sys, time, termios, signal, pty, select
        binary, vault, passphrase = sys.argv[1], sys.argv[2], sys.argv[3]
        master, slave = pty.openpty()
        name = os.ttyname(slave)
        middle = os.fork()
        if middle == 0:
            os.setsid(); os.close(master)
            fd = os.open(name, os.O_RDWR); os.close(slave)
            signal.signal(signal.SIGTTOU, signal.SIG_IGN)
            signal.pthread_sigmask(signal.SIG_SETMASK, [])
            child = os.fork()
            if child == 0:
                os.setpgid(0, 0); os.tcsetpgrp(fd, os.getpid())
                signal.signal(signal.SIGTTOU, signal.SIG_DFL)
                for i in (0, 1, 2): os.dup2(fd, i)
                os.execv(binary, [binary, 'journal', 'list', '--vault', vault])
            os.setpgid(child, child)
            _, st = os.waitpid(child, os.WUNTRACED)
            print("stopped=%d" % os.WIFSTOPPED(st), flush=True)
            if os.WIFSTOPPED(st):
                print("echo-while-stopped=%d" % bool(termios.tcgetattr(fd)[3] & termios.ECHO), flush=True)
                os.tcsetpgrp(fd, child); os.kill(child, signal.SIGCONT)
                _, st = os.waitpid(child, 0)
            print("exit=%d" % os.waitstatus_to_exitcode(st), flush=True)
            os._exit(0)
        os.close(slave)
        def read_until(text, seconds):
            seen, end = b'', time.time() + seconds
            while time.time() < end and text not in seen:
                if select.select([master], [], [], 0.05)[0]:
                    try: seen += os.read(master, 4096)
                    except OSError: break
            return seen
        def when_reading():
            print("ready " + name, flush=True); sys.stdin.readline()
        seen = read_until(b'Passphrase', 20); when_reading()
        print("echo-at-prompt=%d" % bool(termios.tcgetattr(master)[3] & termios.ECHO), flush=True)
        os.write(master, b'\x1a')
        again = read_until(b'Passphrase', 5); when_reading()
        print("asked-again=%d" % (b'Passphrase' in again), flush=True)
        print("echo-after-fg=%d" % bool(termios.tcgetattr(master)[3] & termios.ECHO), flush=True)
        os.write(master, passphrase.encode() + b'\n')
        rest = read_until(b'No journal entries', 10)
        print("terminal:", (seen + again + rest).decode(errors='replace'), flush=True)
        os.waitpid(middle, 0)
        """#

    /// Ctrl-C at the passphrase prompt ends Hearth as Ctrl-C does (130), with the terminal's echo
    /// back on, even under a shell that does not restore the terminal itself (`sh -c`).
    @Test func ctrlCAtThePassphrasePromptLeavesEchoOn() throws {
        let cli = try KeysCLI(mode: .inProcess)
        _ = try cli.makeVault(passphraseFile: try cli.secretFile("ctrl-c passphrase"))
        var env = terminalEnvironment(cli)
        env["HEARTH_TEST_LINE"] = "trap : INT; " + KeysTerminal.quoted([KeysCLI.binary, "journal", "list", "--vault", cli.vault])
            + "; echo \"status=$?\"; stty -a"
        let shell = "import os, signal; signal.pthread_sigmask(signal.SIG_SETMASK, []); "
            + "os.execvp('sh', ['sh', '-c', os.environ['HEARTH_TEST_LINE']])"
        let t = try KeysTerminal(shellCommand: "exec python3 -c " + KeysTerminal.quoted([shell]), environment: env)
        defer { if let shell = t.commandPID { kill(shell, SIGKILL) } }
        try t.waitFor("Passphrase (or recovery key) for")
        try t.waitUntilReading(.echoOff)
        t.send("\u{03}")
        try t.waitFor("status=130", timeout: 10)
        _ = try t.finish()
        let modes = t.transcript.components(separatedBy: "status=130").last ?? ""
        #expect(modes.contains(" echo "), "stty shows echo on after Ctrl-C: \(modes)")
    }

    private func showWithClearAfter() throws -> (KeysCLI, KeysTerminal) {
        let cli = try KeysCLI(mode: .inProcess)
        let passphrase = try cli.secretFile("clear-after passphrase")
        let id = try cli.makeVault(passphraseFile: passphrase, entry: "Private words on a shared screen.")
        let t = try KeysTerminal(arguments: ["journal", "show", id, "--clear-after", "--vault", cli.vault,
                                             "--passphrase-file", passphrase],
                                 environment: terminalEnvironment(cli))
        try t.waitFor("Private words on a shared screen.")
        try t.waitFor("to clear the screen.")
        try t.waitUntilReading(.keys)  // the hint is printed just before the terminal starts reading single keys
        return (cli, t)
    }

    @Test func clearAfterClearsOnAnyKey() throws {
        let (cli, t) = try showWithClearAfter()
        defer { if let command = t.commandPID { kill(command, SIGKILL) } }  // a failed wait leaves nothing behind
        t.send("q")
        try t.waitFor(Self.clearing, timeout: 10)
        #expect(try t.finish() == 0)
        withExtendedLifetime(cli) {}
    }

    @Test func clearAfterClearsOnCtrlCAndEndsAsInterrupted() throws {
        let (cli, t) = try showWithClearAfter()
        defer { if let command = t.commandPID { kill(command, SIGKILL) } }  // a failed wait leaves nothing behind
        t.send("\u{03}")
        try t.waitFor(Self.clearing, timeout: 10)
        #expect(try t.finish() == 130)
        withExtendedLifetime(cli) {}
    }
}
