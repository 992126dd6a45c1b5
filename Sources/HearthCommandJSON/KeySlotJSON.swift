import Foundation
import HearthCrypto
import HearthVault

/// Key slots as `key list`, `key add`, `key remove`, `passwd` and `init` print them with
/// `--json`: a slot is named by its number (an integer), its type by the word `key list` shows.
public enum KeySlotJSON {
    /// The cost of a slot's key derivation.
    public static func kdf(_ parameters: Argon2idParameters) -> [String: Any] {
        [
            "algorithm": "argon2id", "preset": parameters.presetName,
            "ops_limit": Int(parameters.opsLimit), "mem_limit_bytes": Int(parameters.memLimitBytes),
        ]
    }

    /// One element of `key list --json`. `id` is the slot number as a string, kept from the
    /// first contract; `slot` is the same number as everywhere else.
    public static func entry(_ slot: KeySlot, details: SlotMetadata?, unlockedSlot: Int, in zone: TimeZone) -> [String: Any] {
        [
            "slot": slot.index, "id": String(slot.index), "type": slot.type.name, "label": details?.label ?? "",
            "created_at": JSONDate.value(details?.createdAt, in: zone), "changed_at": JSONDate.value(details?.changedAt, in: zone),
            "kdf": kdf(slot.kdf), "below_recommended": slot.isBelowRecommended, "unlocked_with": slot.index == unlockedSlot,
        ]
    }

    /// What a key change made (`key add`, `passwd`, `init`): the slot written, its type and
    /// cost, and how many slots the vault has now.
    public static func written(_ slot: KeySlot, slots: Int) -> [String: Any] {
        ["slot": slot.index, "type": slot.type.name, "kdf": kdf(slot.kdf), "below_recommended": slot.isBelowRecommended, "slots": slots]
    }

    /// What `key remove` removed, and how many slots are left.
    public static func removed(_ slot: KeySlot, slots: Int) -> [String: Any] {
        ["slot": slot.index, "type": slot.type.name, "slots": slots]
    }
}
