import HearthVault

/// What a command needs of the agent holding a vault: `SessionClient`, or a table of answers in
/// tests.
public protocol SessionAgentLink {
    func key() -> SessionClient.KeyAnswer
    @discardableResult func report(epochSeen epoch: UInt64) -> Bool
    @discardableResult func lock() -> Bool
}

extension SessionClient: SessionAgentLink {}

/// Whether the agent's key may open a vault file whose header is at hand, and what happened to
/// the agent on the way; the command line says it and otherwise asks for a passphrase.
public enum SessionKeyFit {
    /// The key fits the header: use it.
    case fits(SessionKey)
    /// The agent ended, or is ending now, because the vault's keys changed (a rekey, a key change).
    case agentEnded
    /// The file is at another key epoch the agent does not take for newer (an older copy, a
    /// backup): the agent stays for its own vault.
    case otherCopy
    /// The file's slot table is not the one unlocked, and the agent stays (not its vault's).
    case notUsed
    /// No agent, or one that ended for another reason, or a key that opens nothing.
    case unavailable
}

/// At the session's own epoch and slot table, a header that does not authenticate was altered
/// or damaged: 65, and the agent has been told to lock.
public struct SessionHeaderAltered: Error, Equatable, Sendable {}

extension SessionAgentLink {
    /// Asks the agent for its key and checks it against `header`:
    /// - a vault at another key epoch is reported to the agent, which locks after a rekey (a
    ///   newer epoch) and stays for its own vault when this file is an older copy;
    /// - a slot table that is not the one unlocked (a key changed since, or an earlier table put
    ///   back) is not used; the agent checks its own vault and locks when it is that one;
    /// - at the session's own epoch and table, a header that does not authenticate is an alteration.
    public func fit(_ header: VaultHeader) throws(SessionHeaderAltered) -> SessionKeyFit {
        let session: SessionKey
        switch key() {
        case .key(let key): session = key
        case .ended(.lockingOtherEpoch), .ended(.lockingKeysChanged): return .agentEnded
        case .ended, .none: return .unavailable
        }
        do {
            _ = try Vault.unlock(header, with: .session(session))
            return .fits(session)
        } catch .sessionForOtherEpoch(_, let vaultEpoch) {
            return report(epochSeen: vaultEpoch) ? .agentEnded : .otherCopy
        } catch .sessionSlotTableChanged {
            return report(epochSeen: header.keyEpoch) ? .agentEnded : .notUsed
        } catch .damaged {
            lock()
            throw SessionHeaderAltered()
        } catch {
            return .unavailable
        }
    }
}
