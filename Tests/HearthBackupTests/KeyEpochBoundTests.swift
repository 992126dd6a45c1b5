import Foundation
import HearthCrypto
import HearthRecords
import HearthVault
import HearthTestSupport
import Testing

/// key_epoch is bounded (Docs/FORMAT.md: 1 ≤ key_epoch ≤ 2^32): beyond it the header is damage
/// (65), and rekey at the bound refuses (1) instead of going past it.
@Suite(.ownThreads) struct KeyEpochBoundTests {
    /// Rewrites the vault at `path` as its next save at key epoch `epoch`, under the same master
    /// key (what only a holder of the keys could write).
    static func rewrite(_ path: String, passphrase: String, epoch: UInt64) throws {
        let credential = VaultCredential.passphrase(KeyChanges.secret(passphrase))
        let header = try Vault.readHeader(at: path).header
        let master = try #require(try Vault.unlock(header, with: credential).masterKey)
        let opened = try RecordVault.open(at: path, credential: credential)
        var template = header
        template.keyEpoch = epoch
        template.generation += 1
        try rebindSlotZero(&template, secret: KeyChanges.secret(passphrase), master: master)
        let keys = try EpochKeys(masterKey: master, epoch: epoch)
        _ = try opened.database.withSerializedImage { image in try Vault.write(template, keys: keys, payload: image, to: path) }
    }

    @Test func rekeyAtTheBoundRefusesAndAboveItIsDamage() throws {
        let box = try Sandbox(mode: .inProcess)
        try box.makeVault(entries: ["One."])
        try Self.rewrite(box.vault, passphrase: "first passphrase", epoch: VaultHeader.maximumKeyEpoch)
        let status = try box.run(["status", "--json", "--passphrase-file", box.passphraseFile])
        #expect(status.status == 0, "\(status.stderr)")
        #expect(status.stdout.contains("\"key_epoch\" : 4294967296") || status.stdout.contains("\"key_epoch\":4294967296"))

        let before = readFile(box.vault)
        let rekeyed = try box.run(["rekey", "--passphrase-file", box.passphraseFile])
        #expect(rekeyed.status == 1, "\(rekeyed.stderr)")
        #expect(rekeyed.stderr.contains("cannot be given a new master key again") && rekeyed.stderr.contains("Nothing was changed"))
        #expect(unchanged(box.vault, before))

        // 2^32 + 1 with a correct checksum: damaged (65), before any passphrase is tried.
        var bytes = before
        withUnsafeBytes(of: (VaultHeader.maximumKeyEpoch + 1).littleEndian) { bytes.replaceSubrange(32..<40, with: $0) }
        let checksum = bytes[0..<2016].withUnsafeBytes { GenericHash.hash($0) }
        bytes.replaceSubrange(2016..<2048, with: checksum)
        try writeFile(bytes, to: box.vault)
        let damaged = try box.run(["status"])
        #expect(damaged.status == 65, "\(damaged.stderr)")
        #expect(damaged.stderr.contains("key epoch is impossibly large"))
        #expect(try box.run(["journal", "list", "--passphrase-file", box.passphraseFile]).status == 65)
    }
}
