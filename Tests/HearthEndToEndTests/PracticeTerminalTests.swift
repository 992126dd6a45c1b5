import Foundation
import HearthTestSupport
import HearthVault
import Testing

/// `hearth practice` on a real pseudo-terminal: Ctrl-C and Ctrl-D leave a flow keeping what was
/// written, any key stops the breathing guide, and the terminal's modes are as they were on
/// every way out. Without a terminal, practices say so (64).
@Suite(.ownThreads) struct PracticeTerminalTests {
    /// Runs `hearth ARGS` on a terminal, the terminal's modes saved before and after.
    static func terminal(_ h: PracticeHarness, _ arguments: [String]) throws -> KeysTerminal {
        var env = h.environment()
        env["HEARTH_NO_TTY"] = nil
        env["SHELL"] = "/bin/bash"
        let command = "stty -g > '\(h.folder)/before'; " + KeysTerminal.quoted([PracticeHarness.binary] + arguments)
            + "; echo \"status $?\"; stty -g > '\(h.folder)/after'"
        return try KeysTerminal(shellCommand: command, environment: env)
    }

    static func modesRestored(_ h: PracticeHarness) throws -> Bool {
        let before = try String(contentsOfFile: h.folder + "/before", encoding: .utf8)
        return try String(contentsOfFile: h.folder + "/after", encoding: .utf8) == before
    }

    @Test func withoutATerminalPracticesSaySoAndNameTheScriptedWay() throws {
        let h = try PracticeHarness(mode: .inProcess)
        let run = try h.run(["practice", "notice"])
        #expect(run.status == 64 && run.err.contains("Practices are for a terminal") && run.err.contains("add --json"), "\(run.err)")
    }

    @Test(.enabled(if: KeysTerminal.available)) func ctrlCInTheMiddleKeepsWhatWasWritten() throws {
        let h = try PracticeHarness(mode: .inProcess)
        let t = try Self.terminal(h, ["practice", "notice"])
        try t.answer("What fired?", with: "go quiet")
        try t.waitFor("The urge:")
        try t.waitUntilReading()
        t.send("disappear, half typed")
        t.send("\u{03}")
        let told = try t.waitFor("status ")
        #expect(told.contains("Stopped with Ctrl-C; what you wrote so far is saved."), "\(t.transcript)")
        #expect(try t.finish() == 0 && t.transcript.contains("status 130"), "\(t.transcript)")
        #expect(try Self.modesRestored(h))
        let script = try #require(try h.list("script", ["--full"]).first)
        #expect(script["script"] as? String == "go quiet", "\(script)")
    }

    @Test(.enabled(if: KeysTerminal.available)) func ctrlDLeavesSavingAndSaysHowToGoOn() throws {
        let h = try PracticeHarness(mode: .inProcess)
        let t = try Self.terminal(h, ["practice", "share"])
        try t.answer("The small thing you would like to share", with: "that I was scared")
        try t.answer("How big does it feel?", with: "2")
        try t.waitFor("How activated are you right now?")
        try t.waitUntilReading()
        t.send("7\u{04}")
        let told = try t.waitFor("status ")
        #expect(told.contains("what you wrote so far is saved") && told.contains("hearth practice share --after"), "\(t.transcript)")
        #expect(!told.contains("breathing first"), "Ctrl-D leaves: nothing more is asked")
        #expect(try t.finish() == 0 && t.transcript.contains("status 0"), "\(t.transcript)")
        let c = try #require(try h.list("connect", ["--full"]).first)
        #expect(c["shared"] as? String == "that I was scared" && c["share_depth"] as? Int == 2 && c["activation_before"] as? Int == 7, "\(c)")
    }

    @Test(.enabled(if: KeysTerminal.available)) func anyKeyStopsTheBreathingGuideAndTheTerminalIsAsItWas() throws {
        let h = try PracticeHarness(mode: .inProcess)
        let t = try Self.terminal(h, ["practice", "breathe", "--minutes", "5"])
        try t.answer("Note your activation before and after", with: "")
        try t.waitFor("breathe in")
        try t.waitUntilReading(.keys)
        t.send("x")
        try t.waitFor("Welcome back.")
        #expect(try t.finish() == 0 && t.transcript.contains("status 0"), "\(t.transcript)")
        #expect(try Self.modesRestored(h))
        #expect(try h.list("body").isEmpty)

        // Ctrl-C in the guide: the terminal is given back too, and the check-in noted before is kept.
        let c = try Self.terminal(h, ["practice", "breathe"])
        try c.answer("Note your activation before and after", with: "y")
        try c.answer("How is your body right now", with: "activated")
        try c.answer("How activated are you right now?", with: "8")
        try c.waitFor("breathe in")
        try c.waitUntilReading(.keys)
        c.send("\u{03}")
        let told = try c.waitFor("status ")
        #expect(told.contains("Stopped with Ctrl-C; what you wrote so far is saved."), "\(c.transcript)")
        #expect(try c.finish() == 0 && c.transcript.contains("status 130"), "\(c.transcript)")
        #expect(try Self.modesRestored(h))
        let body = try #require(try h.list("body", ["--full"]).first)
        #expect(body["activation"] as? Int == 8 && (body["helped"] as? [[String: Any]])?.first?["strategy"] as? String == "breathing", "\(body)")
    }

    /// Ctrl-Z and `fg` (a shell with job control): the terminal is as it was while Hearth is
    /// stopped, and the practice comes back where it was: the same question, or the guide.
    @Test(.enabled(if: KeysTerminal.available)) func ctrlZSuspendsAndFgComesBackWhereItWas() throws {
        let h = try PracticeHarness(mode: .inProcess)
        var env = h.environment()
        env["HEARTH_NO_TTY"] = nil
        env["SHELL"] = "/bin/bash"
        func suspended(_ arguments: [String]) throws -> KeysTerminal {
            let command = "set -m; stty -g > '\(h.folder)/before'; " + KeysTerminal.quoted([PracticeHarness.binary] + arguments)
                + "; stty -g > '\(h.folder)/stopped'; echo suspended; fg; echo \"status $?\"; stty -g > '\(h.folder)/after'"
            return try KeysTerminal(shellCommand: command, environment: env)
        }
        let before = { try String(contentsOfFile: h.folder + "/before", encoding: .utf8) }
        let t = try suspended(["practice", "notice"])
        try t.answer("What fired?", with: "go quiet")
        try t.waitFor("The urge:")
        try t.waitUntilReading()
        t.send("\u{1A}")
        try t.waitFor("suspended")
        try t.answer("The urge:", with: "disappear")
        try t.answer("What you would like to do instead:", with: "")
        try t.waitFor("Saved.")
        #expect(try t.finish() == 0 && t.transcript.contains("status 0"), "\(t.transcript)")
        #expect(try h.list("script", ["--full"]).first?["urge"] as? String == "disappear")

        let b = try suspended(["practice", "breathe", "--minutes", "5"])
        try b.answer("Note your activation before and after", with: "")
        try b.waitFor("breathe")
        try b.waitUntilReading(.keys)
        b.send("\u{1A}")
        try b.waitFor("suspended")
        #expect(try String(contentsOfFile: h.folder + "/stopped", encoding: .utf8) == before(), "the terminal is given back while stopped")
        try b.waitFor("breathe")
        try b.waitUntilReading(.keys)
        b.send("x")
        try b.waitFor("Welcome back.")
        #expect(try b.finish() == 0 && b.transcript.contains("status 0"), "\(b.transcript)")
        #expect(try String(contentsOfFile: h.folder + "/after", encoding: .utf8) == before())
    }

    /// `practice` alone shows the choices first and asks for the passphrase once one is chosen,
    /// before the flow's first question (a wrong passphrase never costs an answer).
    @Test(.enabled(if: KeysTerminal.available)) func theMenuComesBeforeThePassphrase() throws {
        let h = try PracticeHarness(mode: .inProcess)
        var env = h.environment()
        env["HEARTH_NO_TTY"] = nil
        env["HEARTH_PASSPHRASE"] = nil
        let t = try KeysTerminal(arguments: ["practice"], environment: env)
        try t.answer("Which would you like?", with: "notice")
        try t.answer("Passphrase (or recovery key) for", with: PracticeHarness.passphrase)
        try t.answer("What fired?", with: "go quiet")
        try t.answer("The urge:", with: "")
        try t.answer("What you would like to do instead:", with: "")
        try t.waitFor("Saved.")
        #expect(try t.finish() == 0, "\(t.transcript)")
        let menu = try #require(t.transcript.range(of: "1. reflect"))
        let asked = try #require(t.transcript.range(of: "Passphrase (or recovery key)"))
        #expect(menu.lowerBound < asked.lowerBound, "\(t.transcript)")
        #expect(try h.list("script", ["--full"]).first?["script"] as? String == "go quiet")
    }

    /// When the save at the end has to wait for another writer, Ctrl-C ends the wait at once:
    /// what was written is kept as a private practice draft, the message says how to save it,
    /// Hearth ends with 130, and the draft saves later.
    @Test(.enabled(if: KeysTerminal.available)) func ctrlCWhileWaitingToSaveKeepsAPracticeDraft() throws {
        let h = try PracticeHarness(mode: .inProcess)
        let lockPath = try WriterLock.lockPath(for: h.vault, environment: h.environment())
        let lock = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        #expect(lock >= 0 && flock(lock, LOCK_EX) == 0)
        var env = h.environment(["HEARTH_LOCK_TIMEOUT": "30"])
        env["HEARTH_NO_TTY"] = nil
        let t = try KeysTerminal(arguments: ["practice", "notice"], environment: env)
        try t.answer("What fired?", with: "kept-canary go quiet")
        try t.answer("The urge:", with: "")
        try t.answer("What you would like to do instead:", with: "")
        try t.waitFor("Waiting for another Hearth to finish saving")
        let asked = Date()
        t.send("\u{03}")
        try t.waitFor("saves it")
        #expect(try t.finish() == 130, "\(t.transcript)")
        #expect(Date().timeIntervalSince(asked) < 10, "the wait ended at Ctrl-C, not at the lock's time-out")
        #expect(t.transcript.contains("Stopped with Ctrl-C while waiting for another Hearth"), "\(t.transcript)")
        close(lock)
        let kept = try #require(t.transcript.components(separatedBy: "hearth practice --draft ").last?.components(separatedBy: "`").first)
        #expect(kept.hasPrefix(h.runtime) && kept.hasSuffix("practice.json"), "\(t.transcript)")
        #expect(try h.list("script").isEmpty)
        let saved = try h.run(["practice", "--draft", kept])
        #expect(saved.status == 0, "\(saved.err)")
        #expect(try h.list("script", ["--full"]).first?["script"] as? String == "kept-canary go quiet")
    }
}
