import Foundation
import HearthRunContext
import Testing

/// The run's environment as a dictionary never holds a secret variable: those are read only
/// through `takeSecret`, into secret memory.
@Suite struct EnvironmentValuesTests {
    @Test func allLeavesOutTheSecretVariables() {
        let given = [
            "HEARTH_PASSPHRASE": "a", "HEARTH_NEW_PASSPHRASE": "b", "HEARTH_BACKUP_PASSPHRASE": "c",
            "HEARTH_OTHER_PASSPHRASE": "d", "HEARTH_VAULT": "/v", "HOME": "/h",
        ]
        let environment = EnvironmentValues.fixed(given)
        #expect(environment.all == ["HEARTH_VAULT": "/v", "HOME": "/h"])
        #expect(environment.value("HEARTH_PASSPHRASE") == "a")
    }

    /// From the process, read from `environ` itself: every other variable is there, with its value
    /// whole (one holding `=` too).
    @Test func theProcessEnvironmentIsReadWhole() {
        let process = EnvironmentValues.process.all
        let foundation = ProcessInfo.processInfo.environment.filter { !EnvironmentValues.secretNames.contains($0.key) }
        #expect(process == foundation)
        #expect(process["PATH"] == String(cString: getenv("PATH")))
    }
}
