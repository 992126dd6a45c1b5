import Foundation
import HearthCrypto
import HearthTestSupport
import Testing

/// `hearth unlock` on a format-1 vault: a version-1 header can only be checked with the epoch
/// key, which re-MACs any slot table of its epoch, so unlock upgrades the file first (a
/// header-only write) and hands the agent the payload key and one table's MAC key, never the
/// epoch key. Before, it handed out the epoch key, also on a format-1 copy put back later.
@Suite(.serialized, .ownThreads) struct SessionUpgradeTests {
    @Test func unlockUpgradesAFormatOneVaultAndNeverHandsOutTheEpochKey() throws {
        let data = try Data(contentsOf: VectorEndToEndTests.folder.appendingPathComponent("journal-v1-interactive.json"))
        let vector = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let passphrase = try #require(vector["passphrase"] as? String)
        let box = try SessionSandbox()
        defer { box.cleanUp() }
        try? FileManager.default.removeItem(atPath: box.vault)
        try FileManager.default.copyItem(
            atPath: VectorEndToEndTests.folder.appendingPathComponent(try #require(vector["file"] as? String)).path,
            toPath: box.vault)
        let before = [UInt8](try Data(contentsOf: URL(fileURLWithPath: box.vault)))
        #expect(before[8] == 1)

        let unlocked = box.run(["unlock"], env: ["HEARTH_PASSPHRASE": passphrase])
        #expect(unlocked.status == 0, "\(unlocked.err)")
        #expect(unlocked.err.contains("newer file format (version 2, before: 1)"), "\(unlocked.err)")
        let after = [UInt8](try Data(contentsOf: URL(fileURLWithPath: box.vault)))
        #expect(after[8] == 2, "upgraded before the agent started")
        #expect(Array(after[2048...]) == Array(before[2048...]), "a header-only write: the payload is copied")
        #expect(Array(after[64..<1088]) == Array(before[64..<1088]), "the slots are kept as they were")

        // What the agent hands out: form 2 (payload key and one table's MAC key), not form 1.
        let socket = try #require(box.sockets.first)
        let reply = try #require(RawAgentClient.exchange(socket, RawAgentClient.request(1, try RawAgentClient.vaultID(of: box.vault))))
        #expect(reply.count == 123 && reply[10] == 2, "form \(reply.count > 10 ? reply[10] : 0)")
        let listed = box.run(["journal", "list"])
        #expect(listed.status == 0, "\(listed.err)")
        #expect(box.run(["lock"]).status == 0)
    }
}
