import Foundation
import HearthRecords

/// What storing a practice's changes did with the ones whose record is no longer in the vault
/// (deleted in another terminal, or on another device and merged, while the person was writing).
/// Nothing is dropped quietly: a rating or a line for someone gone is handed back, to be kept
/// for the person to read; a new record that named them is stored without that link.
public struct PracticeStored: Equatable, Sendable {
    /// The changes not stored, in their order, with their keys.
    public var leftOut = PracticeChanges()
    /// The ids of the records no longer in the vault, each once, in the order met.
    public private(set) var missing: [String] = []

    public init() {}

    /// True when every change was stored (some maybe without a link to someone gone).
    public var isComplete: Bool { leftOut.isEmpty }
    /// True when none was: every change belonged to a record no longer in the vault.
    public internal(set) var storedNothing = false

    mutating func leaveOut(_ key: String, _ change: PracticeChange, missing id: String) {
        leftOut.set(key, change)
        note(missing: [id])
    }

    mutating func note(missing ids: [String]) {
        for id in ids where !missing.contains(id) { missing.append(id) }
    }
}
