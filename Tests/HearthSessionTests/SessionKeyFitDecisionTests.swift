import Foundation
import HearthCrypto
import HearthVault
import Testing

@testable import HearthSession

/// Whether an agent's key may open a vault file, and what the agent is told: every answer an
/// agent can give, against a real header, with a table of answers instead of a socket.
/// (SessionKeyFitTests and UnlockSessionTests run the same through a real agent.)
struct SessionKeyFitDecisionTests {
    /// An agent that answers `answer`, says it locks on `report` when `locksOnReport`, and
    /// remembers what it was told.
    final class Agent: SessionAgentLink {
        let answer: SessionClient.KeyAnswer
        let locksOnReport: Bool
        var reported: [UInt64] = []
        var locked = false
        init(_ answer: SessionClient.KeyAnswer, locksOnReport: Bool = false) {
            self.answer = answer
            self.locksOnReport = locksOnReport
        }
        func key() -> SessionClient.KeyAnswer { answer }
        func report(epochSeen epoch: UInt64) -> Bool {
            reported.append(epoch)
            return locksOnReport
        }
        func lock() -> Bool {
            locked = true
            return true
        }
    }

    /// A fresh vault's header (the cheapest cost).
    static func header() throws -> VaultHeader {
        let folder = NSTemporaryDirectory() + "hearth-fit-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/v.hearth"
        let fast = Argon2idParameters(opsLimit: Argon2idParameters.minimumOps, memLimitBytes: Argon2idParameters.minimumMemory)
        _ = try [UInt8]("x".utf8).withUnsafeBytes { raw in
            try Vault.create(at: path, secret: try SecretBytes(copying: Array("p".utf8)), kdf: fast, payload: raw)
        }
        return try Vault.readHeader(at: path).header
    }

    /// A key of the right length that opens nothing, at `epoch`, for `digest`.
    static func key(epoch: UInt64, digest: [UInt8]) throws -> SessionKey {
        var material = Random.bytes(SessionKey.materialLength)
        material[0] = 2
        return SessionKey(epoch: epoch, key: try SecretBytes(copying: material), slotTableDigest: digest)
    }

    @Test(arguments: [
        (ReplyStatus.lockingOtherEpoch, true), (.lockingKeysChanged, true), (.locking, false), (.refused, false),
    ])
    func anAgentThatEndedIsNotUsed(_ status: ReplyStatus, _ becauseKeysChanged: Bool) throws {
        let fit = try Agent(.ended(status)).fit(try Self.header())
        if becauseKeysChanged {
            guard case .agentEnded = fit else { Issue.record("\(fit)"); return }
        } else {
            guard case .unavailable = fit else { Issue.record("\(fit)"); return }
        }
    }

    @Test func noAgentNoSession() throws {
        guard case .unavailable = try Agent(.none).fit(try Self.header()) else { Issue.record("no agent"); return }
    }

    /// Another epoch is reported: the agent locks after a rekey (newer), stays for an older copy.
    @Test(arguments: [true, false])
    func anotherEpochIsReported(agentLocks: Bool) throws {
        let header = try Self.header()
        // Every rekey writes every slot anew: another epoch comes with another key table.
        let other = header.keyTableDigest.map { $0 ^ 1 }
        let agent = Agent(.key(try Self.key(epoch: header.keyEpoch + 1, digest: other)), locksOnReport: agentLocks)
        let fit = try agent.fit(header)
        #expect(agent.reported == [header.keyEpoch] && !agent.locked)
        switch (fit, agentLocks) {
        case (.agentEnded, true), (.otherCopy, false): break
        default: Issue.record("\(fit) for an agent that locks: \(agentLocks)")
        }
    }

    /// Another slot table at the same epoch: never used; the agent decides whether it is its vault.
    @Test(arguments: [true, false])
    func anotherSlotTableIsNotUsed(agentLocks: Bool) throws {
        let header = try Self.header()
        let other = header.keyTableDigest.map { $0 ^ 1 }
        let agent = Agent(.key(try Self.key(epoch: header.keyEpoch, digest: other)), locksOnReport: agentLocks)
        let fit = try agent.fit(header)
        #expect(agent.reported == [header.keyEpoch])
        switch (fit, agentLocks) {
        case (.agentEnded, true), (.notUsed, false): break
        default: Issue.record("\(fit) for an agent that locks: \(agentLocks)")
        }
    }

    /// The session's own epoch and table, and the header does not authenticate: altered (65),
    /// and the agent is told to lock.
    /// The session's own key table under another epoch number: the epoch was altered, also 65.
    @Test(arguments: [0, 1] as [UInt64])
    func aHeaderThatDoesNotAuthenticateLocksTheAgent(epochShift: UInt64) throws {
        let header = try Self.header()
        let agent = Agent(.key(try Self.key(epoch: header.keyEpoch + epochShift, digest: header.keyTableDigest)))
        #expect(throws: SessionHeaderAltered()) { try agent.fit(header) }
        #expect(agent.locked && agent.reported.isEmpty)
    }
}
