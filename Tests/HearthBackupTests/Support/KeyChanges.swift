import Foundation
import HearthCrypto
import HearthRecords
import HearthVault

/// What `hearth passwd` and `hearth rekey` do to a vault file, done in process so that these
/// tests do not depend on the key commands: a new passphrase in slot 0, or a new master key
/// and key epoch.
enum KeyChanges {
    static func secret(_ text: String) -> SecretBytes { try! SecretBytes(copying: Array(text.utf8)) }

    /// Replaces slot 0's passphrase (same master key, same epoch: the payload stays).
    static func changePassphrase(vault path: String, from old: String, to new: String) throws {
        try rewrite(vault: path, passphrase: old) { header, keys in
            var template = header
            template.slots[0] = try KeySlot.make(
                index: 0, type: .passphrase, secret: secret(new), kdf: .interactive, masterKey: keys.masterKey!,
                vaultID: header.vaultID)
            return (template, keys.epoch)
        }
    }

    /// A new master key and key epoch; slot 0 re-wrapped with `passphrase`.
    static func rekey(vault path: String, passphrase: String) throws {
        try rewrite(vault: path, passphrase: passphrase) { header, keys in
            let master = try SecretBytes(randomCount: 32)
            let metadata = try SlotMetadataTable.open(from: header, masterKey: keys.masterKey!)
            var template = header
            template.keyEpoch += 1
            template.slots = Array(repeating: nil, count: VaultHeader.slotCount)
            template.slots[0] = try KeySlot.make(
                index: 0, type: .passphrase, secret: secret(passphrase), kdf: .interactive, masterKey: master,
                vaultID: header.vaultID)
            var kept = SlotMetadataTable()
            kept.entries[0] = metadata.entries[0]
            try kept.seal(into: &template, masterKey: master)
            return (template, try EpochKeys(masterKey: master, epoch: template.keyEpoch))
        }
    }

    private static func rewrite(
        vault path: String, passphrase: String, _ change: (VaultHeader, UnlockedKeys) throws -> (VaultHeader, EpochKeys)
    ) throws {
        let lock = try WriterLock(vaultPath: path, timeout: 5)
        defer { withExtendedLifetime(lock) {} }
        let header = try Vault.readHeader(at: path).header
        let keys = try Vault.unlock(header, with: .passphrase(secret(passphrase)))
        let records = try RecordVault.open(at: path, credential: .epochKey(keys.epoch.epochKey))
        var (template, epochKeys) = try change(header, keys)
        template.generation += 1
        _ = try records.database.withSerializedImage { image in
            try Vault.write(template, keys: epochKeys, payload: image, to: path)
        }
    }
}
