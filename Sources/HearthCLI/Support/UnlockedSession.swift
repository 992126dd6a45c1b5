import Foundation
import HearthCrypto
import HearthMessages
import HearthSession
import HearthVault

/// The CLI's side of `hearth unlock`: finding the agent of a vault and using its key.
enum UnlockedSession {
    /// The session's key as a credential, when an agent holds this vault and its key still fits
    /// the header. Otherwise nil, so that the caller asks for the passphrase:
    /// - a vault at another key epoch is reported to the agent, which locks after a rekey (a
    ///   newer epoch) and stays for its own vault when this file is an older copy (a backup);
    /// - a vault whose slot table is not the one unlocked (a passphrase or key changed since,
    ///   or an earlier slot table put back) is not used; the agent checks its own vault and
    ///   locks when it is that one.
    /// At the session's own epoch a header that does not authenticate was altered or damaged:
    /// that is 65, and the agent is told to lock.
    static func credential(forVaultAt path: String) throws -> VaultCredential? {
        guard let (header, _) = try? Vault.readHeader(at: path) else { return nil }
        let client = SessionClient(directory: .current(environment: Environment.all), vaultID: header.vaultID)
        let session: SessionKey
        switch client.key() {
        case .key(let key):
            session = key
        case .ended(.lockingOtherEpoch):
            Console.message(.sessionEndedKeysChanged)
            return nil
        case .ended(.lockingKeysChanged):
            Console.message(.sessionEndedKeysChanged)
            return nil
        case .ended, .none:
            return nil
        }
        do {
            _ = try Vault.unlock(header, with: .session(session))
            return .session(session)
        } catch .sessionForOtherEpoch(_, let vaultEpoch) {
            if client.report(epochSeen: vaultEpoch) {
                Console.message(.sessionEndedKeysChanged)
            } else {
                Console.message(.sessionNotForThisCopy)
            }
            return nil
        } catch .sessionSlotTableChanged {
            let ended = client.report(epochSeen: header.keyEpoch)
            Console.message(ended ? .sessionEndedKeysChanged : .sessionKeyNotUsed)
            return nil
        } catch .damaged {
            client.lock()
            throw CLIFailure(.invalidData, .sessionHeaderAltered)
        } catch {
            return nil
        }
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
