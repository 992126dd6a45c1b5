import Foundation
import HearthTestSupport
import Testing

/// The wait that stands where fixed sleeps stood before typing on a pseudo-terminal
/// (`KeysTerminal.waitUntilReading`): it returns once something reads the terminal, in the modes
/// asked for, and fails (with the transcript) when nothing does.
@Suite(.ownThreads, .enabled(if: KeysTerminal.available)) struct TerminalReadingTests {
    static func terminal(_ command: String) throws -> KeysTerminal {
        try KeysTerminal(shellCommand: command, environment: ProcessInfo.processInfo.environment)
    }

    @Test func nothingReadingTimesOutWithTheTranscript() throws {
        let t = try Self.terminal("echo nothing-reads-here; exec sleep 30")
        defer { if let pid = t.commandPID { kill(pid, SIGKILL) } }
        try t.waitFor("nothing-reads-here")
        let started = Date()
        #expect {
            try t.waitUntilReading(timeout: 1)
        } throws: { error in
            "\(error)".contains("not ready for input") && "\(error)".contains("nothing-reads-here")
        }
        #expect(Date().timeIntervalSince(started) < 10)
    }

    @Test func aReadOnTheTerminalIsSeenAndALineIsTaken() throws {
        let t = try Self.terminal("read line; echo \"got $line\"; read again; echo \"then $again\"")
        #expect(try t.waitUntilReading().echo)
        try t.type("first")
        try t.waitFor("got first")
        try t.type("second")
        try t.waitFor("then second")
        #expect(try t.finish() == 0)
    }

    /// The read the input ended does not count: after the one line it reads, the program
    /// sleeps instead of reading again, so the wait fails.
    @Test func theReadTheInputEndedDoesNotCount() throws {
        let t = try Self.terminal("read line; exec sleep 30")
        defer { if let pid = t.commandPID { kill(pid, SIGKILL) } }
        try t.type("only line")
        #expect(throws: KeysTerminalError.self) { try t.waitUntilReading(timeout: 1) }
    }

    /// Modes: echo on is not "echo off"; poll (here Python's) counts as reading, and so does
    /// /dev/tty opened by the program.
    @Test func theModesAskedForAreWaitedFor() throws {
        let plain = try Self.terminal("exec head -n 1")
        defer { if let pid = plain.commandPID { kill(pid, SIGKILL) } }
        #expect(throws: KeysTerminalError.self) { try plain.waitUntilReading(.echoOff, timeout: 1) }

        let hidden = try Self.terminal("stty -echo; exec head -n 1")
        #expect(try hidden.waitUntilReading(.echoOff).echo == false)
        #expect(throws: KeysTerminalError.self) { try hidden.waitUntilReading(.keys, timeout: 1) }
        try hidden.type("x")
        #expect(try hidden.finish() == 0)

        let polled = try Self.terminal("stty -echo -icanon; exec python3 -c " + KeysTerminal.quoted([
            "import os, select; fd = os.open('/dev/tty', os.O_RDWR | os.O_NOCTTY); p = select.poll(); "
                + "p.register(fd, select.POLLIN); p.poll(); print('key', os.read(fd, 1))",
        ]))
        try polled.waitUntilReading(.keys)
        polled.send("k")
        try polled.waitFor("key b'k'")
        #expect(try polled.finish() == 0)
    }
}
