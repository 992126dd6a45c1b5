import Foundation
import HearthTestSupport
import Testing

/// Private text stays off the screen unless asked for: an export to a terminal asks first, and
/// words given on the command line (possibly record text) are never repeated in an error.
@Suite("Private text on the screen", .ownThreads)
struct PrivateScreenTests {
    static let canary = "Walked with Sam by the old mill"

    @Test func wordsOnTheCommandLineAreNeverRepeated() {
        let sandbox = Sandbox(mode: .inProcess)
        sandbox.initVault()
        for arguments in [["journal", "add", Self.canary], ["journal", "add", "Walked", "with Sam by the old mill"],
                          ["people", "add", Self.canary]] {
            let result = sandbox.run(arguments + sandbox.unlocking())
            #expect(result.status == 64, "\(arguments): \(result.err)")
            #expect(!result.err.contains("Walked") && !result.err.contains("old mill"), "\(result.err)")
            #expect(result.err.contains("never goes on the command line") && result.err.contains("history"))
        }
        #expect(sandbox.ids().isEmpty)
    }

    @Test(.enabled(if: KeysTerminal.available)) func anExportToATerminalAsksFirst() throws {
        let sandbox = Sandbox(mode: .inProcess)
        sandbox.initVault()
        sandbox.add(Self.canary)
        var env = sandbox.environment
        env["HEARTH_NO_TTY"] = nil
        let declined = try KeysTerminal(arguments: ["export", "--format", "markdown"] + sandbox.unlocking(), environment: env)
        try declined.answer("This shows every record on screen. Show it? [y/N]", with: "")
        #expect(try declined.finish() == 1)
        #expect(!declined.transcript.contains(Self.canary), "\(declined.transcript)")

        let accepted = try KeysTerminal(arguments: ["export", "--format", "markdown"] + sandbox.unlocking(), environment: env)
        try accepted.answer("Show it?", with: "y")
        #expect(try accepted.finish() == 0)
        #expect(accepted.transcript.contains(Self.canary))

        // Into a pipe the export is data, and flows without a question.
        let piped = sandbox.run(["export", "--format", "json"] + sandbox.unlocking())
        #expect(piped.status == 0 && piped.out.contains(Self.canary))
    }
}
