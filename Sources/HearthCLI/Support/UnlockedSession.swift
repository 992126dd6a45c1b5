import Foundation
import HearthCrypto
import HearthMessages
import HearthSession
import HearthVault

/// The CLI's side of `hearth unlock`: finding the agent of a vault and using its key.
enum UnlockedSession {
    /// The session's key as a credential, when an agent holds this vault and its key still fits
    /// the header (`SessionAgentLink.fit`). Otherwise nil, so that the caller asks for the
    /// passphrase, after saying what became of the session. A header altered at the session's
    /// own keys is 65 (`FailureReport`).
    static func credential(forVaultAt path: String) throws -> VaultCredential? {
        guard let (header, _) = try? Vault.readHeader(at: path) else { return nil }
        switch try SessionClient(directory: .current(environment: Environment.all), vaultID: header.vaultID).fit(header) {
        case .fits(let session): return .session(session)
        case .agentEnded: Console.message(.sessionEndedKeysChanged)
        case .otherCopy: Console.message(.sessionNotForThisCopy)
        case .notUsed: Console.message(.sessionKeyNotUsed)
        case .unavailable: break
        }
        return nil
    }

    /// The status of the agent holding this vault, if any. A stale agent (another key epoch)
    /// is told to lock and reported as locked.
    static func status(for header: VaultHeader) -> SessionStatus? {
        let client = SessionClient(directory: .current(environment: Environment.all), vaultID: header.vaultID)
        guard let status = client.status() else { return nil }
        if status.epoch != header.keyEpoch {
            client.report(epochSeen: header.keyEpoch)
            return nil
        }
        return status
    }
}
