import Foundation
import HearthTestSupport
import HearthCrypto
import Testing

/// When an unlocked session's key fits a vault, and what happens when it does not: another key
/// epoch (77), the same epoch but a header that does not authenticate (65, and the agent locks),
/// and a slot table other than the one unlocked (77, and the agent locks).
extension UnlockSessionTests {
    /// Rewrites header bytes `range` of the vault with `bytes`, then the MAC (under `macKey`,
    /// when given: what a holder of the epoch key can do) and the checksum.
    static func rewriteHeader(_ vault: String, at offset: Int, with bytes: [UInt8], macKey: SecretBytes? = nil) throws {
        var file = [UInt8](try Data(contentsOf: URL(fileURLWithPath: vault)))
        file.replaceSubrange(offset..<(offset + bytes.count), with: bytes)
        if let macKey {
            let mac = file[0..<1984].withUnsafeBytes { GenericHash.mac($0, key: macKey) }
            file.replaceSubrange(1984..<2016, with: mac)
        }
        try Data(withRecomputedChecksum(file)).write(to: URL(fileURLWithPath: vault))
    }

    @Test func aHeaderAlteredAtTheSessionsEpochIsDamageAndTheSessionLocks() async throws {
        let box = try SessionSandbox()
        defer { box.cleanUp() }
        box.makeVault(entry: "entry-canary-altered")
        #expect(box.unlock().status == 0)
        let pid = try #require(box.session()).pid
        // One byte of payload_id changed, the checksum recomputed (no key needed for that):
        // the session's epoch is the header's, so a MAC that fails means an altered file.
        let original = [UInt8](try Data(contentsOf: URL(fileURLWithPath: box.vault)))
        try Self.rewriteHeader(box.vault, at: 1088, with: [original[1088] ^ 0x01])
        let listed = box.run(["journal", "list"])
        #expect(listed.status == 65, "\(listed.err)")
        #expect(listed.err.contains("altered or damaged") && listed.err.contains("session was locked"), "\(listed.err)")
        #expect(!listed.out.contains("entry-canary-altered"))
        #expect(await ProcessState.exited(pid, seconds: 2), "the agent was told to lock")
        // The passphrase says the same: damage, not a wrong passphrase.
        #expect(box.run(["journal", "list", "--passphrase-file", box.passphraseFile]).status == 65)
    }

    @Test func aSessionForAnotherEpochSaysSoAndAsksForTheKeyAgain() async throws {
        let box = try SessionSandbox()
        defer { box.cleanUp() }
        box.makeVault(entry: "entry-canary-other-epoch")
        #expect(box.unlock().status == 0)
        let pid = try #require(box.session()).pid
        try box.advanceKeyEpoch()
        let listed = box.run(["journal", "list"])
        #expect(listed.status == 77, "\(listed.err)")
        #expect(listed.err.contains("keys changed since it was unlocked") && listed.err.contains("unlock again"), "\(listed.err)")
        #expect(await ProcessState.exited(pid, seconds: 2))
    }

    @Test func aKeyChangeEndsTheSession() async throws {
        let box = try SessionSandbox()
        defer { box.cleanUp() }
        box.makeVault(entry: "entry-canary-passwd")
        guard box.run(["--help"]).out.split(separator: "\n").contains(where: { $0.hasPrefix("  passwd ") }) else {
            try Test.cancel("this version has no passwd")
        }
        #expect(box.unlock().status == 0)
        let pid = try #require(box.session()).pid
        // passwd keeps the key epoch but writes a new slot: the slot table differs from the one
        // unlocked, so the session ends (the agent checks its vault) and nothing uses its key.
        let changed = box.run(
            ["passwd", "--passphrase-file", box.passphraseFile, "--kdf", "minimum"],
            env: ["HEARTH_NEW_PASSPHRASE": "a-changed-passphrase"])
        #expect(changed.status == 0, "\(changed.err)")
        let listed = box.run(["journal", "list"])
        #expect(listed.status == 77, "\(listed.err)")
        #expect(!listed.out.contains("entry-canary-passwd"))
        #expect(await ProcessState.exited(pid, seconds: 3))
        #expect(box.session() == nil)
        #expect(box.run(["journal", "list"], env: ["HEARTH_PASSPHRASE": "a-changed-passphrase"]).out.contains("entry-canary-passwd"))
    }

    /// What a holder of the epoch key E can do, and what the session does about it: E can
    /// re-MAC a header, so it can put back the slot table of an earlier header of the same
    /// epoch (undoing a passwd). Session commands refuse such a file and the agent locks; the
    /// passphrase the passwd replaced opens it again (the documented limit: only rekey ends it).
    @Test func aSlotTablePutBackWithTheEpochKeyIsRefusedAndLocks() async throws {
        let box = try SessionSandbox()
        defer { box.cleanUp() }
        box.makeVault(entry: "entry-canary-splice")
        guard box.run(["--help"]).out.split(separator: "\n").contains(where: { $0.hasPrefix("  passwd ") }) else {
            try Test.cancel("this version has no passwd")
        }
        let before = [UInt8](try Data(contentsOf: URL(fileURLWithPath: box.vault)))
        let newer = "a-newer-passphrase"
        #expect(box.run(
            ["passwd", "--passphrase-file", box.passphraseFile, "--kdf", "minimum"],
            env: ["HEARTH_NEW_PASSPHRASE": newer]).status == 0)
        #expect(box.run(["unlock"], env: ["HEARTH_PASSPHRASE": newer]).status == 0)
        let pid = try #require(box.session()).pid

        // The epoch key, taken from the agent as any process of this user can.
        let socket = try #require(box.sockets.first)
        let reply = try #require(RawAgentClient.exchange(socket, RawAgentClient.request(1, try RawAgentClient.vaultID(of: box.vault))))
        #expect(reply.count == 74)
        let epochKey = try SecretBytes(copying: Array(reply[10..<42]))
        let macKey = try KeyDerivation.deriveSubkey(from: epochKey, subkeyID: 2, context: "HrthHMac")
        // The slot table, metadata nonce and sealed metadata of the earlier header, re-MACed.
        try Self.rewriteHeader(box.vault, at: 64, with: Array(before[64..<1088]), macKey: macKey)
        try Self.rewriteHeader(box.vault, at: 1136, with: Array(before[1136..<1816]), macKey: macKey)

        let listed = box.run(["journal", "list"])
        #expect(listed.status == 77, "\(listed.err)")
        #expect(listed.err.contains("keys changed since it was unlocked"), "\(listed.err)")
        #expect(!listed.out.contains("entry-canary-splice"))
        #expect(await ProcessState.exited(pid, seconds: 3), "the agent locks")
        // The limit, as documented: the file is valid under the master key, so the passphrase
        // that passwd replaced opens it again, and the newer one does not.
        #expect(box.run(["journal", "list", "--passphrase-file", box.passphraseFile]).out.contains("entry-canary-splice"))
        #expect(box.run(["journal", "list"], env: ["HEARTH_PASSPHRASE": newer]).status == 77)
    }
}
