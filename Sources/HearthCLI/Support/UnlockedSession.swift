import Foundation
import HearthCrypto
import HearthSession
import HearthVault

/// The CLI's side of `hearth unlock`: finding the agent of a vault and using its key.
enum UnlockedSession {
    /// The session's epoch key as a credential, when an agent holds this vault and its key
    /// still fits the header. Otherwise nil, so that the caller asks for the passphrase: a
    /// vault at another key epoch is reported to the agent, which locks after a rekey (a newer
    /// epoch) and stays for its own vault when this file is an older copy, such as a backup.
    static func credential(forVaultAt path: String) -> VaultCredential? {
        guard let (header, _) = try? Vault.readHeader(at: path) else { return nil }
        let client = SessionClient(vaultID: header.vaultID)
        guard let (epoch, key) = client.key() else { return nil }
        if epoch == header.keyEpoch {
            if (try? Vault.unlock(header, with: .epochKey(key))) != nil { return .epochKey(key) }
            Console.message("The unlocked session's key does not fit this file, so the passphrase is needed for it.")
            return nil
        }
        if client.report(epochSeen: header.keyEpoch) {
            Console.message("The unlocked session for this vault has ended, because the vault's keys changed. Nothing was lost; please give the passphrase.")
        } else {
            Console.message("This copy of the vault has other keys than the unlocked session (it is older), so the passphrase is needed for it.")
        }
        return nil
    }

    /// The status of the agent holding this vault, if any. A stale agent (another key epoch)
    /// is told to lock and reported as locked.
    static func status(for header: VaultHeader) -> SessionStatus? {
        let client = SessionClient(vaultID: header.vaultID)
        guard let status = client.status() else { return nil }
        if status.epoch != header.keyEpoch {
            client.report(epochSeen: header.keyEpoch)
            return nil
        }
        return status
    }
}
