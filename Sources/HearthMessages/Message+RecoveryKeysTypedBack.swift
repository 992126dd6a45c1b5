import Foundation
import HearthVault

// The catalogue (Message.swift): recovery keys typed back, or typed at the unlock prompt.

extension Message {
    public static func typeWholeKeyBack(slot: Int?) -> Message {
        Message("Type the whole recovery key\(slot.map { " for slot \($0)" } ?? "") back from your paper, or press Enter to cancel: ")
    }

    /// The whole key was typed back and some groups differ from the one shown.
    public static func typedBackDiffers(groups: [Int]) -> Message {
        let which = groups.count == 1 ? "Group \(groups[0]) is" : "Groups " + groups.map(String.init).joined(separator: ", ") + " are"
        return Message("\(which) not the same as the key shown. Please compare \(groups.count == 1 ? "it" : "them") and type the key again.")
    }

    public enum KeyTypo: Sendable {
        case groups([Int]), length(Int), character(group: Int)
    }

    /// A typo found by a group's own check, or the wrong length, said for the type-back.
    public static func typedBackTypo(_ typo: KeyTypo) -> Message {
        switch typo {
        case .groups(let groups) where groups.count == 1:
            Message("Group \(groups[0]) has a mistyped character. Please compare it and type the key again.")
        case .groups(let groups):
            Message("Groups \(groups.map(String.init).joined(separator: ", ")) have a mistyped character. Please compare them and type the key again.")
        case .length(let count):
            Message("That has \(count) characters; the whole key has \(RecoveryKey.canonicalLength) (\(RecoveryKey.groupCount) groups of \(RecoveryKey.groupLength)). Please type all of it.")
        case .character(let group):
            Message("Group \(group) has a character recovery keys never use. Please compare it and type the key again.")
        }
    }

    /// The line between tries at the unlock prompt, when what was typed has a recovery key's shape.
    public static func mistypedRecoveryKeyTryAgain(_ typo: KeyTypo) -> Message {
        let what = switch typo {
        case .groups(let groups) where groups.count == 1: "group \(groups[0]) has a mistyped character"
        case .groups(let groups): "groups \(groups.map(String.init).joined(separator: ", ")) have a mistyped character"
        case .length(let count): "it has \(count) characters instead of \(RecoveryKey.canonicalLength)"
        case .character(let group): "group \(group) has a character recovery keys never use"
        }
        return Message("That did not open the vault. If it was the recovery key, \(what); please compare it and try again.")
    }

    public static var anotherSlotDidNotOpenEither: Message {
        Message("That does not open any other slot of this vault either.")
    }
}
