import Foundation
import HearthVault

// The catalogue (Message.swift): init, passwd, unlock, lock, verify.

extension Message {
    public static func creatingVault(at path: String) -> Message {
        Message("""
            Creating a Hearth vault at \(path).
            Your passphrase is the only way in: if it is forgotten, nobody can open the vault.
            Choose one you can remember; a recovery key on paper can be a second way in.
            """, detail: "`hearth key add --recovery` makes a recovery key at any time.")
    }

    public static func vaultReady(cost: String) -> Message {
        Message("Your vault is ready. Write your first entry with `hearth journal add`.",
                detail: "Key derivation: \(cost).")
    }

    public static var recoveryKeyOffer: Message {
        Message("""

            A recovery key is a long code you write on paper; it opens the vault if the passphrase is forgotten.
            """)
    }

    public static var makeRecoveryKeyNow: Message { Message("Make a recovery key now?") }

    public static var noRecoveryKeyMade: Message {
        Message("No recovery key was made. `hearth key add --recovery` makes one later.")
    }

    public static var vaultReadyWithPassphrase: Message {
        Message("Your vault itself is ready and opens with your passphrase.")
    }

    public static var recoveryKeyLater: Message {
        Message("`hearth key add --recovery` makes a recovery key later.")
    }

    public static var slotNumberRange: Message {
        Message("Slots are numbered 0 to \(VaultHeader.slotCount - 1); `hearth key list` shows them.")
    }

    public static var samePassphrase: Message {
        Message("""
            The new passphrase is the same as the current one, so nothing was changed.
            To only raise its key-derivation cost, use `hearth key upgrade`.
            """)
    }

    /// `passwd` done. Its protecting fact in plain words: old copies still open with the old passphrase.
    public static func passphraseAdded(slot: Int, cost: String) -> Message {
        Message("Added a passphrase in slot \(slot). It opens this vault from now on.", detail: "Key derivation: \(cost).")
    }

    public static func passphraseChanged(slot: Int, cost: String, recoveryKeptName: String?) -> Message {
        Message("""
            Changed the passphrase in slot \(slot). The old one no longer opens this vault\(recoveryKeptName == nil ? "" : "; your recovery key keeps working").
            Backups and older copies still open with the old passphrase.
            If someone may know it: run `hearth rekey`, make a fresh backup, then destroy the old backups.
            """, detail: """
                Key derivation: \(cost).\(recoveryKeptName.map { " You unlocked with the recovery key (\($0)); it was not changed." } ?? "")
                Someone who had the old passphrase and any older copy can still open this file, because the master key \
                has not changed: `hearth rekey` takes that access back. Deleting a file from a USB stick does not erase \
                its bytes: overwrite the whole stick or destroy it.
                """)
    }

    public static func slotIsRecoveryKey(_ slot: Int) -> Message {
        Message("""
            Slot \(slot) holds a recovery key, which cannot become a passphrase. Nothing was changed.
            To replace it, add a new one (`hearth key add --recovery`) and remove the old slot.
            """)
    }

    public static func whichPassphrase(_ list: String) -> Message {
        Message("""
            You unlocked with a recovery key, and this vault has several passphrases. Nothing was changed.
            Say which one to change with --slot N: \(list).
            """)
    }

    public static var timeoutTooShort: Message { Message("--timeout and --max must be at least 1s.") }
    public static var maximumTooLong: Message { Message("--max can be at most 24h.") }

    public static func socketPathTooLong(folder: String) -> Message {
        Message("""
            The session folder's path is too long for a socket. Nothing was changed.
            Set XDG_RUNTIME_DIR to a shorter folder.
            """, detail: "The folder: \(folder).")
    }

    public enum SessionFolderAdvice: Sendable {
        case chmod(folder: String)
        case fixRuntimeDirectory
        case setRuntimeDirectory
    }

    public static func sessionFolderRefused(_ problem: String, advice: SessionFolderAdvice) -> Message {
        let next = switch advice {
        case .chmod(let folder): "If you changed that folder, `chmod 700 \(folder)` sets it right again."
        case .fixRuntimeDirectory: "Make sure $XDG_RUNTIME_DIR is a folder only you can open (mode 0700), or unset it."
        case .setRuntimeDirectory: "Set XDG_RUNTIME_DIR to a folder only you can open (mode 0700), then unlock again."
        }
        return Message("""
            Hearth will not keep a session there: \(problem). Nothing was changed.
            \(next)
            """)
    }

    public static var unlockBusy: Message {
        Message("Another `hearth unlock` is still starting a session. Nothing was changed; try again in a moment.")
    }

    public enum SessionStartProblem: Sendable {
        case spawn(errno: Int32), alreadyRunning, unsafeFolder, cannotListen, noAnswer
    }

    public static func sessionNotStarted(_ problem: SessionStartProblem) -> Message {
        let why = switch problem {
        case .spawn(let code): "could not start a process: \(errnoText(code))"
        case .alreadyRunning: "another session for this vault is still running; try `hearth lock` first"
        case .unsafeFolder: "the session folder is not private"
        case .cannotListen: "the agent could not listen on its socket"
        case .noAnswer: "the agent did not answer"
        }
        return Message("The session could not be started (\(why)). Nothing was changed; the vault stays locked.")
    }

    public static func unlocked(idle: String, maximum: String, locksOnSleep: Bool) -> Message {
        Message("""
            Unlocked. Hearth locks again after \(idle) without use, or now with `hearth lock`.
            """, detail: """
                It also locks after \(maximum) at the latest, \(locksOnSleep ? "when the computer sleeps, " : "")and when your session ends.
                """)
    }

    public static var lockAllHint: Message {
        Message("To lock every unlocked vault without reading any, use `hearth lock --all`.")
    }

    public static var locked: Message { Message("Locked. The session's key was wiped from memory.") }
    public static var wasNotUnlocked: Message { Message("This vault was not unlocked, so there was nothing to lock.") }
    public static var nothingUnlocked: Message { Message("No vault was unlocked. Everything is locked.") }

    public static func lockedSessions(_ count: Int) -> Message {
        Message(count == 1 ? "Locked 1 session. Its key was wiped from memory." : "Locked \(count) sessions. Their keys were wiped from memory.")
    }

    public static func endedStraySessions(_ count: Int) -> Message {
        Message("Ended \(plural(count, "more session")); \(count == 1 ? "its key was" : "their keys were") wiped from memory.",
                detail: "No socket led to \(count == 1 ? "it" : "them") (started with another environment, or the socket replaced).")
    }

    public static func killedAgents(_ count: Int) -> Message {
        Message("""
            Stopped \(plural(count, "session agent")) that did not stop when asked; its memory was not zeroed by Hearth.
            """)
    }

    public static func copyDamaged(path: String, detail: String) -> Message {
        Message("""
            \(path) is damaged or was changed by something other than Hearth; it cannot be trusted as it is. Nothing was changed.
            """, detail: "What failed: \(detail).")
    }

    public static func copyWrongSecret(path: String) -> Message {
        Message("""
            That passphrase or key does not open \(path). Nothing was changed.
            A backup opens with the passphrases the vault had when the backup was made.
            """)
    }
}
