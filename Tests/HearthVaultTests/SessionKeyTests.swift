import Foundation
import HearthCrypto
@testable import HearthVault
import Testing

/// Unlocking with an unlocked session's key (`VaultCredential.session`): epochs compared first,
/// then the key table the session was unlocked for, then the MAC (Docs/FORMAT.md step 7).
@Suite struct SessionKeyTests {
    func sessionKey(_ vault: MadeVault, epoch: UInt64? = nil, digest: [UInt8]? = nil) -> SessionKey {
        SessionKey(
            epoch: epoch ?? vault.header.keyEpoch, key: try! vault.opened.keys.epoch.sessionMaterial(for: vault.header),
            slotTableDigest: digest ?? vault.header.keyTableDigest)
    }

    @Test func theSessionKeyOpensItsOwnVault() throws {
        let scratch = Scratch()
        let vault = try MadeVault.create(at: scratch.file("v.hearth"), payload: Array(repeating: 7, count: 1000))
        let keys = try Vault.unlock(vault.header, with: .session(sessionKey(vault)))
        #expect(keys.masterKey == nil && keys.session != nil)
        // The ledger's digest is the one inside the sealed metadata's associated data; the
        // session's is T, over the slot table, the metadata nonce and the sealed metadata.
        let table = Array(vault.bytes[64..<1088])
        #expect(vault.header.slotTableDigest == table.withUnsafeBytes { GenericHash.hash($0) })
        let keyTable = table + Array(vault.bytes[1136..<1816])
        #expect(vault.header.keyTableDigest == keyTable.withUnsafeBytes { GenericHash.hash($0) })
        // A version-2 session holds the payload key and one table's MAC key, not the epoch key.
        #expect(keys.epoch.epochKey == nil && !sessionKey(vault).holdsEpochKey)
    }

    @Test func anotherEpochIsToldApartFromAnAlteredHeader() throws {
        let scratch = Scratch()
        let vault = try MadeVault.create(at: scratch.file("v.hearth"), payload: [1, 2, 3])
        // Another epoch: the key does not fit (77), whatever the MAC says.
        #expect(throws: VaultError.sessionForOtherEpoch(session: 2, vault: 1)) {
            try Vault.unlock(vault.header, with: .session(sessionKey(vault, epoch: 2)))
        }
        // The right epoch and a header changed without the key: damage (65), not "unlock again".
        var bytes = vault.bytes
        bytes[VaultHeader.payloadIDOffset] ^= 1
        let altered = try VaultHeader.parse(withRecomputedChecksum(bytes), path: "altered")
        #expect(throws: VaultError.damaged(detail: "the header does not authenticate with the unlocked session's key (it was altered)")) {
            try Vault.unlock(altered, with: .session(sessionKey(vault)))
        }
    }

    @Test func anotherSlotTableIsRefusedEvenWithAValidMAC() throws {
        let scratch = Scratch()
        let vault = try MadeVault.create(at: scratch.file("v.hearth"), payload: [1, 2, 3])
        var digest = vault.header.keyTableDigest
        digest[0] ^= 0x80
        #expect(throws: VaultError.sessionSlotTableChanged) {
            try Vault.unlock(vault.header, with: .session(sessionKey(vault, digest: digest)))
        }
    }
}
