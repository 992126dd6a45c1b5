import Foundation
import HearthTestSupport
import HearthCrypto
import Testing

/// When an unlocked session's key fits a vault, and what happens when it does not: another key
/// epoch (77), the same epoch but a header that does not authenticate (65, and the agent locks),
/// and a slot table other than the one unlocked (77, and the agent locks).
@Suite(.serialized, .ownThreads) struct SessionKeyFitTests {
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

    /// What a thief of a version-2 session's key can do with an earlier slot table: nothing. The
    /// agent hands out the payload key and the MAC key of one key table T (never the epoch key);
    /// the slot table from before a passwd, MACed with it, is refused by the session (77, the
    /// agent locks) and is damage for the passphrase that passwd replaced (65, FORMAT.md item 1
    /// of "Version 2"); the newer passphrase has no slot in it (77).
    @Test func aSlotTablePutBackWithTheSessionsKeyIsRefusedAndLocks() async throws {
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

        // The session's keys, taken from the agent as any process of this user can: form 2,
        // payload key, then the MAC key of the key table it was unlocked at.
        let socket = try #require(box.sockets.first)
        let reply = try #require(RawAgentClient.exchange(socket, RawAgentClient.request(1, try RawAgentClient.vaultID(of: box.vault))))
        #expect(reply.count == 123 && reply[10] == 2)
        let macKey = try SecretBytes(copying: Array(reply[43..<75]))
        // The slot table, metadata nonce and sealed metadata of the earlier header, re-MACed.
        try Self.rewriteHeader(box.vault, at: 64, with: Array(before[64..<1088]), macKey: macKey)
        try Self.rewriteHeader(box.vault, at: 1136, with: Array(before[1136..<1816]), macKey: macKey)

        let listed = box.run(["journal", "list"])
        #expect(listed.status == 77, "\(listed.err)")
        #expect(listed.err.contains("keys changed since it was unlocked"), "\(listed.err)")
        #expect(!listed.out.contains("entry-canary-splice"))
        #expect(await ProcessState.exited(pid, seconds: 3), "the agent locks")
        // Version 2: the file is not valid under the master key either. The passphrase that
        // passwd replaced opens a slot of that table, and then the MAC fails: damage.
        let old = box.run(["journal", "list", "--passphrase-file", box.passphraseFile])
        #expect(old.status == 65, "\(old.err)")
        #expect(!old.out.contains("entry-canary-splice"))
        #expect(box.run(["journal", "list"], env: ["HEARTH_PASSPHRASE": newer]).status == 77)
    }
}
