import Foundation
@testable import HearthBackup
import HearthCrypto
@testable import HearthVault

/// Headers and backup entries made up in memory for the planners' table tests: nothing on disk,
/// no key derivation.
enum PlannerFixtures {
    static let vaultA = [UInt8](repeating: 0xA, count: 16)
    static let vaultB = [UInt8](repeating: 0xB, count: 16)

    /// A header with these numbers; `payload` names the save's contents, `slot` the key slot
    /// table (0: none).
    static func header(
        vault: [UInt8] = vaultA, epoch: UInt64 = 1, save: UInt64 = 1, payload: UInt8 = 1, slot: UInt8 = 0
    ) -> VaultHeader {
        var slots = [KeySlot?](repeating: nil, count: VaultHeader.slotCount)
        if slot != 0 {
            slots[0] = KeySlot(
                index: 0, type: .passphrase, kdf: .interactive, salt: [UInt8](repeating: slot, count: 16),
                nonce: [UInt8](repeating: slot, count: 24), wrappedKey: [UInt8](repeating: slot, count: 48))
        }
        return VaultHeader(
            vaultID: vault, keyEpoch: epoch, generation: save, slots: slots, payloadID: [UInt8](repeating: payload, count: 16),
            streamHeader: [UInt8](repeating: 0, count: 24), payloadLength: 0)
    }

    /// A backup in a folder, as `BackupCatalog` would list it after judging it.
    static func entry(
        _ name: String, _ header: VaultHeader?, standing: BackupStanding = .unchecked, date: Date? = nil
    ) -> BackupEntry {
        BackupEntry(
            path: "/drive/Hearth/\(name)", name: name, date: date, size: 4096, header: header, problem: header == nil ? "damaged" : nil,
            identity: nil, keyState: .unknown, standing: standing)
    }

    /// Epoch keys from a random epoch key (no key derivation).
    static func epochKeys(epoch: UInt64) throws -> EpochKeys {
        try EpochKeys(epochKey: try SecretBytes(randomCount: 32), epoch: epoch)
    }
}
