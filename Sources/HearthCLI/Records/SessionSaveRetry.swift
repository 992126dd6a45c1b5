import Foundation
import HearthMessages
import HearthRecords
import HearthSession
import HearthVault

/// What happens when a save through an unlocked session finds that the session's key no longer
/// fits the vault on disk (a rekey, or a passphrase or key changed, while the person was
/// writing). The change is kept in memory, never half-saved:
/// - on a terminal, the passphrase is asked (up to three times) and the vault read again with
///   it, so that the caller applies the same change to the vault as it is now;
/// - without a terminal, 77 with a message; the caller keeps an editor's draft and says where
///   (text given on stdin stays with whoever gave it).
/// A header that no longer authenticates at the session's own key epoch is damage (65): the
/// agent is told to lock and nothing is saved.
enum SessionSaveRetry {
    static func reopen(_ vault: RecordVault, after error: VaultError) throws {
        let client = SessionClient(directory: .current(environment: Environment.all), vaultID: vault.opened.header.vaultID)
        switch error {
        case .sessionForOtherEpoch(_, let vaultEpoch):
            client.report(epochSeen: vaultEpoch)
        case .sessionSlotTableChanged:
            client.report(epochSeen: vault.opened.header.keyEpoch)
        case .damaged:
            client.lock()
            let failure = FailureReport.failure(for: error)
            throw CLIFailure(failure.status, failure.message.then(.sessionLockedToBeSafe))
        default:
            throw error
        }
        guard Console.hasTerminal else { throw CLIFailure(.wrongSecret, .sessionCannotSave) }
        Console.message(.sessionSaveAskPassphrase)
        let path = vault.opened.path
        do {
            try SecretTries.run(
                source: {
                    // An empty line here means "stop": what was written is kept as a draft.
                    guard let typed = try Terminal.readSecret(prompt: .passphrasePrompt(path: path)), typed.count > 0 else {
                        throw CLIFailure(.wrongSecret, .nothingTypedToSave)
                    }
                    return .typed(typed)
                },
                reading: { try RecoveryKeyInput.credential(typedAtPrompt: $0, vaultPath: path) },
                again: .doesNotOpenTryAgain,
                { try vault.reopen(with: $0) })
        } catch where SecretTries.isWrongSecret(error) {
            throw CLIFailure(.wrongSecret, .notSavedCouldNotOpen)
        }
    }
}
