import Foundation
import HearthTestSupport
import Testing

/// Small words that read wrong: "every 1 days", "0 person", a short id answered with "does not exist".
@Suite("Small wording", .ownThreads)
struct SmallWordingTests {
    @Test func countsAndRhythmsReadAsSentences() throws {
        let sandbox = Sandbox(mode: .inProcess)
        sandbox.initVault()
        let added = sandbox.run(["people", "add", "--json"] + sandbox.unlocking(), stdin: #"{"name": "Ana", "check_in_days": 1}"#)
        let id = try #require(added.outLines.first, "\(added.err)")
        let shown = sandbox.run(["people", "show", id] + sandbox.unlocking())
        #expect(shown.out.contains("every day") && !shown.out.contains("every 1 days"), "\(shown.out)")
        let status = sandbox.run(["status"] + sandbox.unlocking())
        #expect(status.out.contains("0 journal entries") && status.out.contains("1 person") && status.out.contains("0 body check-ins"),
                "\(status.out)")
    }

    @Test func aTooShortIdSaysSo() {
        let sandbox = Sandbox(mode: .inProcess)
        sandbox.initVault()
        sandbox.add("One entry.")
        let result = sandbox.run(["journal", "show", "ab"] + sandbox.unlocking())
        #expect(result.status == 64 && result.err.contains("at least 4 characters"), "\(result.status) \(result.err)")
    }
}
