import Foundation

// The catalogue (Message.swift): file format.

extension Message {
    public static func formatUpgraded(from: UInt16, to: UInt16) -> Message {
        Message("""
            The vault file was saved in Hearth's newer file format (version \(to), before: \(from)). Nothing else changed.
            Older Hearth programs cannot open it; backups made before keep the old format.
            """, detail: "Version 2 ties each key slot to its key epoch and an unlocked session's key to the vault's current keys.")
    }
}
