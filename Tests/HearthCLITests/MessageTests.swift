import Foundation
import HearthMessages
import HearthVault
import Testing

@testable import HearthCLI

/// The catalogue's messages in process: how one is shown with and without --verbose, where
/// --verbose is taken from, and that words a command did not take are never repeated.
struct MessageTests {
    @Test func verboseAddsTheIndentedDetailAndTheKey() {
        let damaged = FailureReport.failure(for: VaultError.damaged(detail: "payload chunk 0 does not authenticate")).message
        #expect(damaged.key == "vaultDamaged")
        #expect(!damaged.text.contains("payload chunk"), "the technical detail is not in the default text")
        #expect(damaged.rendered(verbose: false) == damaged.text)
        let shown = damaged.rendered(verbose: true).split(separator: "\n").map(String.init)
        #expect(shown.last == "  (vaultDamaged)")
        #expect(shown.contains("  What failed: payload chunk 0 does not authenticate."))
        // A message without detail still names itself with --verbose.
        #expect(Message.nothingChanged.rendered(verbose: true) == "Nothing was changed.\n  (nothingChanged)")
    }

    @Test func everyFailureOfTheLayersBelowIsAtMostThreeLines() {
        let errors: [any Error] = [
            VaultError.notFound(path: "/v"), VaultError.damaged(detail: "x"), VaultError.wrongSecret, VaultError.busy,
            VaultError.lastSlot, VaultError.unconfirmedSlots([1, 2]), VaultError.keyEpochExhausted,
            VaultError.io(operation: "write the vault", errno: ENOSPC), VaultError.slotTableFull,
            VaultError.insufficientMemory(neededBytes: 1 << 30, availableBytes: 1 << 28),
            VaultError.tooMuchKeyDerivation(limit: 32 << 30), VaultError.slotCostsOverLimit(total: 40 << 30, limit: 32 << 30),
            RecoveryKeyError.checksumMismatch(groups: [3]), RecoveryKeyError.wrongLength(characters: 30),
        ]
        for error in errors {
            let message = FailureReport.failure(for: error).message
            #expect(message.text.split(separator: "\n").count <= 3, "\(message.key): \(message.text)")
            for jargon in ["authenticate", "salt", "check character", "payload", "chunk"] {
                #expect(!message.text.contains(jargon), "\(message.key) says \(jargon): \(message.text)")
            }
        }
    }

    @Test func verboseIsTakenFromAnywhereBeforeATerminator() {
        #expect(VerboseOption.extract(["journal", "list", "--verbose"]) == (["journal", "list"], true))
        #expect(VerboseOption.extract(["--verbose", "status"]) == (["status"], true))
        #expect(VerboseOption.extract(["search", "--", "--verbose"]) == (["search", "--", "--verbose"], false))
        #expect(VerboseOption.extract(["status"]) == (["status"], false))
        #expect(VerboseOption.fromEnvironment(["HEARTH_VERBOSE": "1"]))
        #expect(!VerboseOption.fromEnvironment(["HEARTH_VERBOSE": "0"]))
        #expect(!VerboseOption.fromEnvironment(["HEARTH_VERBOSE": ""]))
        #expect(!VerboseOption.fromEnvironment([:]))
    }

    @Test func unexpectedWordsAreNeverRepeated() {
        let parser = "Error: Unexpected argument 'Walked with Sam by the old mill'\nUsage: hearth journal add <options>"
        let message = UnexpectedArguments.message(for: parser)
        #expect(message.key == "unexpectedWords")
        #expect(!message.text.contains("Walked") && !message.text.contains("old mill"))
        #expect(message.text.contains("history") && message.text.contains("Usage: hearth journal add"))
        let other = UnexpectedArguments.message(for: "Error: Missing expected argument '<id>'")
        #expect(other.key == "commandLine" && other.text == "Error: Missing expected argument '<id>'")
    }
}
