import Foundation
import HearthCLI
import HearthRunContext
import HearthTestSupport
import Testing

/// The command line run inside the test process (`Hearth.run(arguments:context:)`): each run
/// sees only its own console, environment and clock, and returns the exit status the binary
/// would end with.
struct InProcessRunTests {
    final class Folder: Sendable {
        let root: String
        init() throws { root = try TestFolder.make("hearth-in-process") }
        deinit { try? FileManager.default.removeItem(atPath: root) }

        var environment: [String: String] {
            [
                "HOME": root, "XDG_RUNTIME_DIR": root, "XDG_STATE_HOME": root + "/state", "HEARTH_NO_TTY": "1",
                "HEARTH_VAULT": root + "/vault.hearth", "HEARTH_PASSPHRASE": "an in-process passphrase",
                "HEARTH_NEW_PASSPHRASE": "an in-process passphrase", "HEARTH_KDF": "minimum", "HEARTH_LOCK_TIMEOUT": "5",
            ]
        }

        func run(_ arguments: [String], stdin: String? = nil, env: [String: String] = [:], clock: HearthClock? = nil,
                 stdoutTarget: StdoutTarget = .capture) -> ProcessResult {
            InProcessHearth.run(
                arguments, stdin: stdin.map { Array($0.utf8) }, environment: environment.merging(env) { $1 }, clock: clock,
                stdoutTarget: stdoutTarget)
        }
    }

    @Test func aWholeRoundTripRunsInProcessWithTheContractsExitCodes() throws {
        let folder = try Folder()
        #expect(folder.run(["init"]).status == 0)
        #expect(folder.run(["init"]).status == 73, "never overwrites")
        let added = folder.run(["journal", "add"], stdin: "Walked by the river.")
        #expect(added.status == 0, "\(added.err)")
        let id = try #require(added.outLines.first)
        let shown = folder.run(["journal", "show", id, "--json"])
        #expect(shown.status == 0 && shown.out.contains("Walked by the river."))
        let wrong = folder.run(["journal", "list"], env: ["HEARTH_PASSPHRASE": "not the passphrase"])
        #expect(wrong.status == 77 && wrong.stdout.isEmpty && !wrong.stderr.isEmpty)
        #expect(folder.run(["journal", "frobnicate"]).status == 64)
        #expect(folder.run(["journal", "list"], env: ["HEARTH_VAULT": folder.root + "/none.hearth"]).status == 66)
    }

    /// Stdout whose reader went away: in process the run returns 141 (128 + SIGPIPE) and the
    /// test process lives on; the binary ends by the signal itself (ExitCodeTests).
    @Test func aClosedStdoutReturnsTheSignalsStatusWithoutRaisingIt() throws {
        let folder = try Folder()
        #expect(folder.run(["init"]).status == 0)
        #expect(folder.run(["journal", "add"], stdin: "An entry to print.").status == 0)
        let result = folder.run(["journal", "list"], stdoutTarget: .closedPipe)
        #expect(result.status == 128 + SIGPIPE, "\(result.err)")
        #expect(result.stderr.isEmpty, "quiet, as cat is")
    }

    /// Runs side by side never see each other's environment, console or `--verbose`.
    @Test func parallelRunsEachSeeTheirOwnContext() async throws {
        let folders = try (0..<6).map { _ in try Folder() }
        for folder in folders { #expect(folder.run(["init"]).status == 0) }
        let results = await withTaskGroup(of: (Int, ProcessResult, ProcessResult).self) { group in
            for (n, folder) in folders.enumerated() {
                group.addTask {
                    let added = folder.run(["journal", "add"] + (n % 2 == 0 ? ["--verbose"] : []), stdin: "Entry of run \(n).")
                    return (n, added, folder.run(["journal", "list", "--json"]))
                }
            }
            var all: [(Int, ProcessResult, ProcessResult)] = []
            for await result in group { all.append(result) }
            return all
        }
        #expect(results.count == folders.count)
        for (n, added, listed) in results {
            #expect(added.status == 0 && listed.status == 0, "\(added.err) \(listed.err)")
            #expect(listed.out.contains("Entry of run \(n).") && listed.out.components(separatedBy: "Entry of run").count == 2)
        }
        // `--verbose` of one run is not another's: a wrong passphrase says its key only with it.
        let quiet = folders[0].run(["journal", "list"], env: ["HEARTH_PASSPHRASE": "wrong"])
        let verbose = folders[1].run(["journal", "list", "--verbose"], env: ["HEARTH_PASSPHRASE": "wrong"])
        #expect(!quiet.err.contains("(wrongSecret)") && verbose.err.contains("(wrongSecret)"), "\(quiet.err) | \(verbose.err)")
    }

    /// The clock a run is given is the one records are dated by (no sleeps, no hour of the day).
    @Test func recordsAreDatedByTheRunsClock() throws {
        let folder = try Folder()
        let clock = SteppedClock(Date(timeIntervalSince1970: 1_700_000_000))  // 2023-11-14T22:13:20Z
        #expect(folder.run(["init"], clock: clock.clock).status == 0)
        let added = folder.run(["journal", "add"], stdin: "Dated by the test's clock.", clock: clock.clock)
        let id = try #require(added.outLines.first)
        clock.advance(seconds: 3600)
        let edited = folder.run(["journal", "edit", id, "--json"], stdin: #"{"text": "Changed an hour later."}"#, clock: clock.clock)
        #expect(edited.status == 0, "\(edited.err)")
        let shown = folder.run(["journal", "show", id, "--json"], clock: clock.clock)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(shown.stdout)) as? [String: Any])
        #expect(object["created_at"] as? String == "2023-11-14T22:13:20Z", "\(object)")
        #expect(object["updated_at"] as? String == "2023-11-14T23:13:20Z", "\(object)")
    }
}
