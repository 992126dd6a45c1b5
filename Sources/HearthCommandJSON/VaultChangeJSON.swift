import Foundation
import HearthBackup
import HearthVault

/// What `init`, `rekey` and `restore` print with `--json`: the vault as the command left it.
public enum VaultChangeJSON {
    /// `init --json`: the new vault and its one passphrase slot.
    public static func created(path: String, header: VaultHeader, slot: KeySlot) -> [String: Any] {
        [
            "path": path, "format_version": Int(header.version), "key_epoch": Int(clamping: header.keyEpoch),
            "slot": KeySlotJSON.written(slot, slots: header.slots.compactMap { $0 }.count),
        ]
    }

    /// `rekey --json`: the new key epoch, the slots kept and the slots removed.
    public static func rekeyed(
        path: String, from before: UInt64, header: VaultHeader, removedSlots: [Int], sessionLocked: Bool
    ) -> [String: Any] {
        [
            "path": path, "key_epoch": Int(clamping: header.keyEpoch), "previous_key_epoch": Int(clamping: before),
            "kept_slots": header.slots.compactMap { $0?.index }, "removed_slots": removedSlots.sorted(),
            "session_locked": sessionLocked,
        ]
    }

    /// `restore --json`: what was restored from where, and the safety copy of the vault as it was.
    public static func restored(
        source: String, vaultPath: String, report: VaultCheckReport, usedBackupKeys: Bool, safetyCopy: String?
    ) -> [String: Any] {
        [
            "path": vaultPath, "source": source, "generation": Int(clamping: report.header.generation),
            "key_epoch": Int(clamping: report.header.keyEpoch), "used_backup_keys": usedBackupKeys,
            "safety_copy": safetyCopy ?? NSNull(), "records": report.recordCounts,
        ]
    }
}
