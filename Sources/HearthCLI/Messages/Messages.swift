import ArgumentParser
import Foundation
import HearthBackup
import HearthCrypto
import HearthRecords
import HearthVault

// Every sentence Hearth says to a person on the terminal is written in this file, so that the
// whole list can be read side by side, in one voice (Docs/MESSAGES.md says how to write one).
//
// By default a message is at most three short lines: what happened, that nothing was lost
// (when that is true), and the next step. Technical detail (key epochs, fingerprints, errno
// names, which check failed) is the message's `detail`, shown only with `--verbose` or
// `$HEARTH_VERBOSE=1`.
//
// `Message`'s initializer is fileprivate: the only way to make one is a static constructor here,
// taking only what varies (paths, counts, ids, slot numbers), never a secret or record text.
// Console, Terminal and CLIFailure take a `Message`, not a String, and MessageCatalogueTests
// fails when any other file writes to the terminal another way.

/// One thing Hearth says to a person (on stderr, or on the terminal as a question).
public struct Message: Sendable, Equatable, CustomStringConvertible {
    /// A stable name for the message (its constructor's name), for tests and for `--verbose`.
    public let key: String
    /// What is shown by default: at most three short lines.
    public let text: String
    /// What `--verbose` adds below it.
    public let detail: String?

    fileprivate init(_ text: String, detail: String? = nil, key: String = #function) {
        self.key = String(key.prefix { $0 != "(" })
        self.text = text
        self.detail = detail
    }

    /// The text as shown. With `verbose`, its detail follows, indented, and last the message's
    /// key in parentheses (`  (vaultDamaged)`): what to quote when asking for help, and how the
    /// end-to-end tests tell each message on stderr apart.
    func rendered(verbose: Bool) -> String {
        guard verbose else { return text }
        var lines = [text]
        if let detail, !detail.isEmpty {
            lines += detail.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }
        }
        lines.append("  (\(key))")
        return lines.joined(separator: "\n")
    }

    public var description: String { text }

    /// The text and its detail in one, for data (verify's JSON) and for the detail of another message.
    var fullText: String { detail.map { text + "\n" + $0 } ?? text }

    /// This message with another after it (one message, several lines), e.g. a finding and its advice.
    func then(_ next: Message?) -> Message {
        guard let next else { return self }
        let details = [detail, next.detail].compactMap { $0 }
        return Message(text + "\n" + next.text, detail: details.isEmpty ? nil : details.joined(separator: "\n"), key: key)
    }

    /// The same message shown without its "Nothing was changed." (inside a retry loop, where it is implied).
    var withoutNothingChanged: Message {
        Message(text.replacingOccurrences(of: " Nothing was changed.", with: "")
                    .replacingOccurrences(of: "\nNothing was changed.", with: ""),
                detail: detail, key: key)
    }

    /// A usage error (64) for ArgumentParser's `validate()`: it prints "Error: " and the usage after it.
    var usageError: ValidationError { ValidationError(rendered(verbose: Console.verbose)) }
}

private func plural(_ count: Int, _ one: String, _ many: String? = nil) -> String {
    "\(count) \(count == 1 ? one : (many ?? one + "s"))"
}

private func errnoText(_ code: Int32) -> String { String(cString: strerror(code)) }

// MARK: - Start-up, the argument parser, interruptions

extension Message {
    static var noRandomness: Message {
        Message("Hearth could not start: this system gave it no source of randomness. Nothing was changed.")
    }

    /// What ArgumentParser says about the command line (a missing argument, an unknown option).
    /// Its text is generated from the command's own definition; an unexpected word, which may be
    /// record text, is never repeated (`unexpectedWords`).
    static func commandLine(_ parserText: String) -> Message {
        Message(parserText)
    }

    static var unexpectedWords: Message {
        Message("""
            Error: this command does not take those words, so they were not used (and are not repeated here).
            Record text never goes on the command line: others can see it, and the shell may keep it in its history.
            Write it at the prompt, in $EDITOR with --edit, or give it on stdin.
            """)
    }

    static func stoppedDraftKept(at path: String) -> Message {
        Message("Stopped. Nothing was saved; your draft is still kept at \(path).")
    }

    static var stoppedBeforeAnyDraft: Message { Message("Stopped. Nothing was saved.") }

    static var stoppedDraftWiped: Message {
        Message("Stopped. Nothing was saved, and the draft was wiped.")
    }

    static var memoryNotLocked: Message {
        Message("""
            Note: this system did not let Hearth lock its keys in memory, so they could reach swap. \
            Everything else worked.
            """, detail: "The locked-memory limit (`ulimit -l`) is too low. A higher limit, or encrypted swap, avoids this.")
    }

    static var nothingChanged: Message { Message("Nothing was changed.") }
    static var nothingWritten: Message { Message("Nothing was written.") }
    static var cancelled: Message { Message("Cancelled. Nothing was changed.") }
}

// MARK: - Failures from the layers below (FailureReport)

extension Message {
    static func recordNotFound(id: String) -> Message {
        Message("""
            There is no record with the id \(id). Nothing was changed.
            `hearth KIND list` shows the ids (KIND: journal, people, connect, body, belief, script).
            """)
    }

    static func recordUnreadable(id: String) -> Message {
        Message("""
            The record \(id) could not be read. The rest of the vault is fine; nothing was changed.
            `hearth KIND delete \(id)` removes it; `hearth export --format json` keeps what it holds.
            """, detail: "It holds a stored value Hearth does not understand (from a damaged copy or an older version).")
    }

    static func unreadableRecords(count: Int, names: String, leftOutOf what: String, deleteHint: String?) -> Message {
        let one = count == 1
        return Message("""
            \(one ? "One record" : "\(count) records") could not be read and \(one ? "is" : "are") left out of \(what): \(names).
            Everything else is fine; nothing was changed.
            \(deleteHint.map { "`\($0)` removes \(one ? "it" : "one"); " } ?? "")`hearth export --format json` keeps what \(one ? "it holds" : "they hold").
            """, detail: "\(one ? "It holds" : "They hold") a stored value Hearth does not understand (from a damaged copy or an older version).")
    }

    static func invalidInput(_ why: String) -> Message {
        Message("That input could not be used: \(why). Nothing was added or changed.")
    }

    static var recordsUnreadable: Message {
        Message("""
            The records inside the vault could not be read; the file looks damaged. Nothing was changed.
            `hearth restore BACKUP` brings a backup back.
            """)
    }

    static var outOfMemory: Message {
        Message("There was not enough memory to finish. Nothing was changed. Close some programs and try again.")
    }

    static var searchNotUnderstood: Message {
        Message("""
            That search could not be understood. Nothing was changed.
            Use words (all must match), "a phrase", prefix*, and AND, OR, NOT in capitals.
            """)
    }

    static var newerRecords: Message {
        Message("""
            This vault was written by a newer Hearth. Nothing is wrong with it, and nothing was changed.
            Update Hearth to open it.
            """)
    }

    static func unexpectedError(_ type: String) -> Message {
        Message("Something unexpected went wrong. Nothing was changed.\nPlease try again; with --verbose Hearth says what it was.",
                detail: "Error type: \(type).")
    }

    static func vaultNotFound(path: String) -> Message {
        Message("""
            There is no vault at \(path).
            `hearth init` makes one; --vault PATH points to yours.
            """)
    }

    static func notAVault(path: String) -> Message {
        Message("""
            \(path) is not a Hearth vault, or its beginning is damaged. Nothing was changed.
            """)
    }

    static func notAFile(path: String, kind: String) -> Message {
        Message("""
            \(path) is \(kind), not a file, so it cannot be a vault. Nothing was read or changed.
            Point to the vault file itself.
            """)
    }

    static func vaultDamaged(detail: String) -> Message {
        Message("""
            The vault file is damaged or was changed by something other than Hearth. Nothing was changed.
            `hearth verify BACKUP` checks a backup; `hearth restore BACKUP` brings it back.
            """, detail: "What failed: \(detail).")
    }

    static func newerFormat(version: Int) -> Message {
        Message("""
            This vault was made by a newer Hearth. Nothing is wrong with it, and nothing was changed.
            Update Hearth to open it.
            """, detail: "Its format version is \(version).")
    }

    static var wrongSecret: Message {
        Message("That passphrase or key does not open this vault. Nothing was changed. Please try again.")
    }

    static var noSuchKeyKind: Message {
        Message("This vault has no key of that kind (no recovery key, perhaps). Nothing was changed. Try your passphrase.")
    }

    static func vaultExists(path: String) -> Message {
        Message("""
            A vault already exists at \(path); it was left as it is.
            To make another, choose a different path with --vault.
            """)
    }

    static func cannotCreate(path: String, errno code: Int32) -> Message {
        Message("Could not create \(path) (\(errnoText(code))). Nothing was changed.")
    }

    static func ioFailure(operation: String, errno code: Int32) -> Message {
        Message("""
            Could not \(operation) (\(errnoText(code))). The vault on disk is unchanged; nothing was lost.
            Free some space or check the drive, then try again.
            """)
    }

    static var vaultBusy: Message {
        Message("The vault is busy: another Hearth is saving to it. Nothing was changed. Please try again in a moment.")
    }

    static func notEnoughMemory(neededMiB: UInt64, freeMiB: UInt64) -> Message {
        Message("""
            Unlocking needs about \(neededMiB) MiB of free memory; \(freeMiB) MiB is free now. Nothing was changed.
            Close some programs and try again.
            """)
    }

    static var slotsFull: Message {
        Message("""
            All 8 key slots are in use. Nothing was changed.
            `hearth key remove SLOT` frees one.
            """)
    }

    static func noSuchSlot(_ index: Int) -> Message {
        Message("There is no key in slot \(index). Nothing was changed. `hearth key list` shows the slots.")
    }

    static var keyChangeNeedsSecret: Message {
        Message("""
            Changing keys needs your passphrase or recovery key itself, even while unlocked. Nothing was changed.
            Type it when asked, or give it with --passphrase-file PATH or --recovery-key-file PATH.
            """)
    }

    static var lastKey: Message {
        Message("""
            That is the vault's only key; without it nobody could open the vault again. Nothing was changed.
            Add another key first (`hearth key add`), or change this one with `hearth passwd`.
            """)
    }

    static func wouldLockOut(slot: Int) -> Message {
        Message("""
            Slot \(slot) is the key you unlocked with. Nothing was changed.
            To be sure you keep a way in, give another key of this vault first (unlock with it, or type it when asked).
            """)
    }

    static func unconfirmedSlots(_ indices: [Int]) -> Message {
        let list = indices.map(String.init).joined(separator: ", ")
        return Message("""
            Rekey needs the passphrase or key of every slot it keeps; none was given for slot\(indices.count == 1 ? "" : "s") \(list). Nothing was changed.
            Run it on a terminal to be asked, give them with --keep-passphrase-file PATH, or add --drop-unconfirmed.
            """, detail: "--keep-recovery-key-file PATH gives a recovery key; --drop-unconfirmed removes the slots not given.")
    }

    static var rekeyLimitReached: Message {
        Message("""
            This vault cannot be given a new master key again: it has reached the file format's limit. Nothing was changed.
            Make a new vault (`hearth init --vault NEW`) and bring the records over with `hearth merge --import`.
            """, detail: "Its key epoch is \(VaultHeader.maximumKeyEpoch). An epoch this high does not come from ordinary use: keep the old file aside.")
    }

    static var sessionForOtherKeys: Message {
        Message("""
            This vault's keys changed since it was unlocked, so the session does not fit it. Nothing was changed.
            Unlock again (`hearth unlock`), or give the passphrase.
            """)
    }

    static var keysChangedMeanwhile: Message {
        Message("Another Hearth changed this vault's keys in the meantime. Nothing was changed by this one; please run it again.")
    }

    static func tooMuchKeyDerivation(limitGiB: UInt64) -> Message {
        Message("""
            This file asks for far more unlocking work than any Hearth vault needs, so Hearth stopped. Nothing was changed.
            A file Hearth made never does this: this one was altered or made elsewhere.
            """, detail: "Its key slots together ask for more than \(limitGiB) GiB × passes of Argon2id.")
    }

    static func slotCostsOverLimit(totalGiB: UInt64, limitGiB: UInt64) -> Message {
        Message("""
            With that key-derivation cost, unlocking this vault would take too much work. Nothing was changed.
            Choose a lower cost (--kdf moderate), or remove a key slot you no longer use (`hearth key remove SLOT`).
            """, detail: "The slots together would ask for \(totalGiB) GiB × passes of Argon2id; one unlock may spend \(limitGiB).")
    }

    static var noSecureMemory: Message {
        Message("""
            Hearth could not set aside secure memory for its keys. Nothing was changed.
            Close some programs and try again.
            """, detail: "The locked-memory limit (`ulimit -l`) may be too low.")
    }

    static func recoveryKeyLength(count: Int) -> Message {
        Message("""
            That recovery key has \(count) characters; a recovery key has \(RecoveryKey.canonicalLength) (\(RecoveryKey.groupCount) groups of \(RecoveryKey.groupLength)). Nothing was changed.
            Please check it against the one you wrote down.
            """)
    }

    static func recoveryKeyCharacter(group: Int) -> Message {
        Message("""
            Group \(group) of the recovery key has a character recovery keys never use. Nothing was changed.
            Please check that group against the one you wrote down (only digits and A to Z, without U).
            """)
    }

    static func recoveryKeyTypo(groups wrong: [Int]) -> Message {
        let one = wrong.count == 1
        let which = one ? "group \(wrong[0])" : "groups " + wrong.map(String.init).joined(separator: ", ")
        return Message("""
            The recovery key looks mistyped in \(which). Nothing was changed.
            Please check \(one ? "that group" : "those groups") against the one you wrote down.
            """, detail: "Each group ends in a check character; in \(which) it does not match the others.")
    }

    static func couldNotRead(_ what: String, errno code: Int32) -> Message {
        Message("Could not read \(what) (\(errnoText(code))). Nothing was changed.")
    }

    static func inputTooLarge(_ what: String, limitMiB: Int) -> Message {
        Message("\(what.prefix(1).uppercased() + what.dropFirst()) is larger than Hearth reads (\(limitMiB) MiB). Nothing was added or changed.")
    }

    static func draftNotAFile(path: String) -> Message {
        Message("\(path) is not a draft file (it is a folder, a pipe or a device). Nothing was changed.")
    }

    static func outputFailed(path: String?, errno code: Int32) -> Message {
        Message("""
            Could not write \(path ?? "the output") (\(errnoText(code))). Only the output was lost; the vault is fine.
            Check where the output goes (free space, a drive still there) and try again.
            """, detail: "Anything this command saved is saved; `list` shows it.")
    }
}

// MARK: - Older copies and unexpected keys (RollbackWarnings; Docs/SECURITY.md, "Rollback warning")

extension Message {
    /// "key epoch 4, key 3f9a0c12": for `--verbose` only.
    static func keyName(_ epoch: UInt64, _ fingerprint: String?) -> String {
        fingerprint.map { "key epoch \(epoch), key \($0)" } ?? "key epoch \(epoch)"
    }

    /// How the person accepts this file's keys, exactly: `--accept-keys 4:3f9a0c12`.
    static func acceptance(_ warning: RollbackWarning) -> String {
        warning.fingerprint.map { "--accept-keys \(warning.keyEpoch):\($0)" } ?? "--accept-older-keys"
    }

    /// What was found, in one short clause: "the vault at PATH ...".
    private static func found(_ warning: RollbackWarning) -> String {
        if warning.reusedSlot {
            return "the vault at \(warning.path) was made by someone holding old keys, reusing your old key slot"
        }
        if warning.otherKeys {
            return warning.olderKeys
                ? "the vault at \(warning.path) is a copy from before a rekey: keys that rekey retired open it"
                : "the vault at \(warning.path) has keys this account has not seen (a rekey on another computer?)"
        }
        if warning.retiredSlotTable || warning.olderSlotTable {
            return "the vault at \(warning.path) is an older copy: passphrases or keys changed or removed since may open it"
        }
        return "the vault at \(warning.path) is an older copy than one Hearth saw here before"
    }

    /// The whole finding, with its numbers, for `--verbose`.
    private static func findingDetail(_ warning: RollbackWarning) -> String {
        if warning.otherKeys {
            let why = warning.reusedSlot
                ? """
                  It was not made by a rekey: a rekey makes every key slot anew, and this file holds a key slot this \
                  account saw in the vault before. Most likely someone who still holds keys that were taken back \
                  (an old passphrase with an old copy, or an old master key) made it, reusing your old key slot so \
                  that your passphrase opens it.
                  """
                : warning.olderKeys
                ? "It looks like a copy from before a rekey, put back: the passphrases, recovery keys and master key that rekey retired open it."
                : """
                  Most often this is a rekey made on your other computer, or by another copy of Hearth sharing this \
                  file through a sync folder: if you made that rekey yourself, accepting it is right. Less often, \
                  it is a copy made by someone who holds older keys.
                  """
            return """
                This file is at \(keyName(warning.keyEpoch, warning.fingerprint)); the keys this account trusts for \
                this vault are \(keyName(warning.seenKeyEpoch, warning.seenFingerprint)) (seen on \(warning.seenOn)).
                \(why)
                """
        }
        if warning.retiredSlotTable {
            return """
                It has a table of key slots this account saw replaced by a key change (`hearth passwd`, `hearth key \
                add`, `remove` or `upgrade`, or a rekey), whatever its save number (this file is save \(warning.generation)).
                """
        }
        if warning.olderSlotTable {
            return """
                It has an older table of key slots than one seen at this path (this file is save \(warning.generation); \
                save \(warning.seenGeneration), with other key slots, was seen on \(warning.seenOn)).
                """
        }
        return "This file is save \(warning.generation); save \(warning.seenGeneration) was seen here on \(warning.seenOn)."
    }

    /// Said when a copy is read (authenticated); `rekeying`: by `hearth rekey` of that file.
    static func olderCopyWarning(_ warning: RollbackWarning, rekeying: Bool) -> Message {
        let first = "Note: \(found(warning))."
        let detail = findingDetail(warning)
        if rekeying, warning.refusesWrites {
            return Message("""
                \(first)
                The rekey gives it a fresh master key that only the passphrases and keys you keep open.
                """, detail: detail)
        }
        let next: String
        if warning.reusedSlot {
            next = """
                Reading works, but Hearth will not save into it: what you write could be read by them.
                Keep it aside; `hearth backup list` shows your backups.
                """
        } else if warning.otherKeys, !warning.olderKeys {
            next = "Reading works. Hearth saves into it once you confirm: add \(acceptance(warning)) to a command that saves."
        } else if warning.refusesWrites {
            next = "Reading works. Hearth saves into it after `hearth rekey`, or with --accept-older-keys."
        } else {
            next = "Nothing was changed. If you did not expect this, keep it aside: `hearth backup list` shows your backups."
        }
        return Message(first + "\n" + next, detail: detail + """

            This happens when an older backup is copied over the vault by hand; it can also mean someone replaced \
            the file. `hearth merge` can bring two copies together without losing either.
            """)
    }

    /// A save refused (exit 1): the file is a sound vault that opened, so not 65.
    static func olderCopyRefusal(_ warning: RollbackWarning) -> Message {
        let first = "Hearth did not save: \(found(warning)). Nothing was changed or lost."
        let detail = findingDetail(warning) + "\nReading this file (list, show, search, export) still works."
        if warning.reusedSlot {
            return Message("""
                \(first)
                Keep it aside and bring your own copy back: `hearth backup list`, then `hearth restore BACKUP`.
                Reading it still works; `hearth merge` can take what only it holds afterwards.
                """, detail: detail)
        }
        if warning.otherKeys, !warning.olderKeys {
            return Message("""
                \(first)
                If you made that rekey: run this again with \(acceptance(warning)) (not `hearth rekey`).
                If not: keep it aside and restore yours (`hearth backup list`; `hearth restore BACKUP --with-backup-keys`).
                """, detail: detail + """

                A rekey here would in turn be refused on the other computer, and the two would keep refusing each other. \
                After restoring, `hearth merge` this file into yours to keep anything only it holds.
                """)
        }
        return Message("""
            \(first)
            If you put it there or changed the keys yourself: add --accept-older-keys, or run `hearth rekey` on it.
            If not: keep it aside and restore yours (`hearth backup list`; `hearth restore BACKUP --with-backup-keys`).
            """, detail: detail + """

            `hearth rekey` gives it a fresh master key, and you choose which passphrases keep opening it. After \
            restoring, `hearth merge` this file into yours to keep anything only it holds.
            """)
    }

    /// Restoring under the vault's current keys into such a copy.
    static func restoreIntoOlderCopy(_ warning: RollbackWarning) -> Message {
        Message("""
            Hearth did not restore: \(found(warning)), and the records would be saved under its keys. Nothing was changed.
            If this backup is from after the rekey, add --with-backup-keys (the file now there is kept beside it).
            To restore under the older keys anyway, add --accept-older-keys, then run `hearth rekey`.
            """, detail: findingDetail(warning))
    }

    static func olderCopyClaim(_ claim: RollbackWarning) -> Message {
        let what = claim.olderKeys ? "says it is from before a rekey" : "says it is older than a copy seen here before"
        return Message("""
            Note: the vault at \(claim.path) \(what). It was not opened with a key, so this is only its claim.
            Opening it with your passphrase tells whether it is so.
            """, detail: claim.olderKeys
                ? "It says key epoch \(claim.keyEpoch); this account trusts epoch \(claim.seenKeyEpoch) for this vault."
                : "It says save \(claim.generation); save \(claim.seenGeneration) was seen at this path.")
    }

    static func olderKeysAccepted(_ warning: RollbackWarning, on day: String) -> Message {
        let exposure: String
        if warning.olderSlotTable {
            exposure = "Passphrases changed or removed since open it; `hearth passwd` or `hearth key remove` takes them out again."
        } else if warning.olderKeys {
            exposure = "Keys a rekey retired open it; `hearth rekey` takes that access back."
        } else {
            exposure = "Whoever holds these keys can read what is saved now; if you did not make them, run `hearth rekey`."
        }
        return Message("""
            Accepted, as asked: Hearth now trusts this vault's keys at \(warning.path) and saves into it.
            \(exposure)
            """, detail: warning.otherKeys
                ? "Now trusted: \(keyName(warning.keyEpoch, warning.fingerprint)), on \(day). Until now: \(keyName(warning.seenKeyEpoch, warning.seenFingerprint)) (seen on \(warning.seenOn))."
                : "Its key slots are older than those seen on \(warning.seenOn) (save \(warning.seenGeneration)). Accepted on \(day).")
    }

    static func rollbackCheckOff(path: String, otherKeys: Bool) -> Message {
        Message("""
            Note: $HEARTH_NO_ROLLBACK_CHECK is set, so Hearth saved into \(path) although \
            \(otherKeys ? "its keys are not the ones it trusts" : "it is an older copy") (this save would otherwise be refused).
            """)
    }

    static func firstTrust(epoch: UInt64, fingerprint: String?) -> Message {
        Message("First time this account opens this vault: Hearth will remember its keys.",
                detail: "Remembered: \(keyName(epoch, fingerprint)).")
    }

    static var acceptanceNotUsed: Message {
        Message("Note: --accept-older-keys was not used: this command only reads. Give it to a command that saves.")
    }

    static func rekeyNotNoted(ledgerFile: String) -> Message {
        Message("""
            The rekey did not happen: Hearth could not note the new key. Nothing was changed; the vault opens as before.
            Check that there is free space and no other Hearth is stuck, then run `hearth rekey` again.
            """, detail: "The note goes in \(ledgerFile); without it, this account would refuse to save into the rekeyed vault.")
    }

    static func ledgerProblem(_ problem: RollbackLedger.Problem, file: String) -> Message {
        switch problem {
        case .unusable(let why):
            return Message("""
                Note: Hearth's list of the vaults it has seen cannot be used, so its checks for older copies are off. \
                Your vault is fine.
                Move \(file) aside to start a new list.
                """, detail: "The file is there but \(why); Hearth leaves it as it is.")
        case .setAside(let aside):
            return Message("""
                Note: Hearth's list of the vaults it has seen was damaged; it was set aside and a new one started. \
                Your vaults are fine.
                """, detail: """
                    \(file) was moved to \(aside). Which keys this account trusted for each vault is not known any \
                    more: the next vault opened with a key is trusted as it is, as on a new account.
                    """)
        case .notUpdated(let error):
            return Message("Note: Hearth could not update its list of the vaults it has seen. Your vault is fine.",
                           detail: "\(file): \(error). This command's view of the vault is not remembered.")
        }
    }

    static var acceptKeysForm: Message {
        Message("--accept-keys takes EPOCH:KEY8, as Hearth's message names them (for example 4:3f9a0c12). Nothing was changed.")
    }
}

// MARK: - init, passwd, unlock, lock, verify

extension Message {
    static func creatingVault(at path: String) -> Message {
        Message("""
            Creating a Hearth vault at \(path).
            Your passphrase is the only way in: if it is forgotten, nobody can open the vault.
            Choose one you can remember; a recovery key on paper can be a second way in.
            """, detail: "`hearth key add --recovery` makes a recovery key at any time.")
    }

    static func vaultReady(cost: String) -> Message {
        Message("Your vault is ready. Write your first entry with `hearth journal add`.",
                detail: "Key derivation: \(cost).")
    }

    static var recoveryKeyOffer: Message {
        Message("""

            A recovery key is a long code you write on paper; it opens the vault if the passphrase is forgotten.
            """)
    }

    static var makeRecoveryKeyNow: Message { Message("Make a recovery key now?") }

    static var noRecoveryKeyMade: Message {
        Message("No recovery key was made. `hearth key add --recovery` makes one later.")
    }

    static var vaultReadyWithPassphrase: Message {
        Message("Your vault itself is ready and opens with your passphrase.")
    }

    static var recoveryKeyLater: Message {
        Message("`hearth key add --recovery` makes a recovery key later.")
    }

    static var slotNumberRange: Message {
        Message("Slots are numbered 0 to \(VaultHeader.slotCount - 1); `hearth key list` shows them.")
    }

    static var samePassphrase: Message {
        Message("""
            The new passphrase is the same as the current one, so nothing was changed.
            To only raise its key-derivation cost, use `hearth key upgrade`.
            """)
    }

    /// `passwd` done. Its protecting fact in plain words: old copies still open with the old passphrase.
    static func passphraseAdded(slot: Int, cost: String) -> Message {
        Message("Added a passphrase in slot \(slot). It opens this vault from now on.", detail: "Key derivation: \(cost).")
    }

    static func passphraseChanged(slot: Int, cost: String, recoveryKeptName: String?) -> Message {
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

    static func slotIsRecoveryKey(_ slot: Int) -> Message {
        Message("""
            Slot \(slot) holds a recovery key, which cannot become a passphrase. Nothing was changed.
            To replace it, add a new one (`hearth key add --recovery`) and remove the old slot.
            """)
    }

    static func whichPassphrase(_ list: String) -> Message {
        Message("""
            You unlocked with a recovery key, and this vault has several passphrases. Nothing was changed.
            Say which one to change with --slot N: \(list).
            """)
    }

    static var timeoutTooShort: Message { Message("--timeout and --max must be at least 1s.") }
    static var maximumTooLong: Message { Message("--max can be at most 24h.") }

    static func socketPathTooLong(folder: String) -> Message {
        Message("""
            The session folder's path is too long for a socket. Nothing was changed.
            Set XDG_RUNTIME_DIR to a shorter folder.
            """, detail: "The folder: \(folder).")
    }

    enum SessionFolderAdvice: Sendable {
        case chmod(folder: String)
        case fixRuntimeDirectory
        case setRuntimeDirectory
    }

    static func sessionFolderRefused(_ problem: String, advice: SessionFolderAdvice) -> Message {
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

    static var unlockBusy: Message {
        Message("Another `hearth unlock` is still starting a session. Nothing was changed; try again in a moment.")
    }

    enum SessionStartProblem: Sendable {
        case spawn(errno: Int32), alreadyRunning, unsafeFolder, cannotListen, noAnswer
    }

    static func sessionNotStarted(_ problem: SessionStartProblem) -> Message {
        let why = switch problem {
        case .spawn(let code): "could not start a process: \(errnoText(code))"
        case .alreadyRunning: "another session for this vault is still running; try `hearth lock` first"
        case .unsafeFolder: "the session folder is not private"
        case .cannotListen: "the agent could not listen on its socket"
        case .noAnswer: "the agent did not answer"
        }
        return Message("The session could not be started (\(why)). Nothing was changed; the vault stays locked.")
    }

    static func unlocked(idle: String, maximum: String, locksOnSleep: Bool) -> Message {
        Message("""
            Unlocked. Hearth locks again after \(idle) without use, or now with `hearth lock`.
            """, detail: """
                It also locks after \(maximum) at the latest, \(locksOnSleep ? "when the computer sleeps, " : "")and when your session ends.
                """)
    }

    static var lockAllHint: Message {
        Message("To lock every unlocked vault without reading any, use `hearth lock --all`.")
    }

    static var locked: Message { Message("Locked. The session's key was wiped from memory.") }
    static var wasNotUnlocked: Message { Message("This vault was not unlocked, so there was nothing to lock.") }
    static var nothingUnlocked: Message { Message("No vault was unlocked. Everything is locked.") }

    static func lockedSessions(_ count: Int) -> Message {
        Message(count == 1 ? "Locked 1 session. Its key was wiped from memory." : "Locked \(count) sessions. Their keys were wiped from memory.")
    }

    static func endedStraySessions(_ count: Int) -> Message {
        Message("Ended \(plural(count, "more session")); \(count == 1 ? "its key was" : "their keys were") wiped from memory.",
                detail: "No socket led to \(count == 1 ? "it" : "them") (started with another environment, or the socket replaced).")
    }

    static func killedAgents(_ count: Int) -> Message {
        Message("""
            Stopped \(plural(count, "session agent")) that did not stop when asked; its memory was not zeroed by Hearth.
            """)
    }

    static func copyDamaged(path: String, detail: String) -> Message {
        Message("""
            \(path) is damaged or was changed by something other than Hearth; it cannot be trusted as it is. Nothing was changed.
            """, detail: "What failed: \(detail).")
    }

    static func copyWrongSecret(path: String) -> Message {
        Message("""
            That passphrase or key does not open \(path). Nothing was changed.
            A backup opens with the passphrases the vault had when the backup was made.
            """)
    }
}

// MARK: - Secrets: where they come from, prompts for them

extension Message {
    static func passphrasePrompt(path: String) -> Message { Message("Passphrase (or recovery key) for \(path): ") }

    static func otherCopyPassphrasePrompt(noun: String, path: String) -> Message {
        Message("\(noun.prefix(1).uppercased() + noun.dropFirst()) does not open with that passphrase (it may be an earlier one). Passphrase (or recovery key) for \(path): ")
    }

    static var didNotOpenTryAgain: Message { Message("That did not open the vault. Please try again.") }

    static func noSecretNoTerminal(keyChange: Bool) -> Message {
        if keyChange {
            return Message("""
                This command changes who can open the vault, so it always needs the passphrase, even while unlocked. Nothing was changed.
                There is no terminal to ask on: give it with --passphrase-fd N, --passphrase-file PATH or $HEARTH_PASSPHRASE.
                """)
        }
        return Message("""
            No passphrase was given, and there is no terminal to ask on. Nothing was changed.
            Give one with --passphrase-fd N, --passphrase-file PATH or $HEARTH_PASSPHRASE.
            """)
    }

    static func otherCopyNoSecret(noun: String, path: String, prefix: String, environmentVariable: String) -> Message {
        Message("""
            \(noun.prefix(1).uppercased() + noun.dropFirst()) at \(path) does not open with the vault's passphrase, and there is no terminal to ask. Nothing was changed.
            Give its passphrase with --\(prefix)-passphrase-file PATH, --\(prefix)-passphrase-fd N or $\(environmentVariable).
            """)
    }

    static var newPassphraseNoTerminal: Message {
        Message("""
            A new passphrase is needed, and there is no terminal to ask on. Nothing was changed.
            Give one with --new-passphrase-fd N, --new-passphrase-file PATH or $HEARTH_NEW_PASSPHRASE.
            """)
    }

    static var newPassphraseEmpty: Message { Message("The new passphrase is empty. Nothing was changed; please choose one.") }
    static var newPassphraseNotText: Message { Message("The new passphrase is not valid UTF-8 text. Nothing was changed.") }
    static var newPassphraseIsRecoveryKey: Message {
        Message("That is a recovery key, not a passphrase; please choose a passphrase of your own. Nothing was changed.")
    }

    static var newPassphrasePrompt: Message { Message("New passphrase: ") }

    static var samePassphraseAgain: Message { Message("The same passphrase again: ") }
    static var passphraseWasEmpty: Message { Message("The passphrase was empty; please choose one.") }
    static var passphrasesDiffer: Message { Message("The two were not the same; please type it again.") }
    static var terminalClosedBeforeConfirming: Message {
        Message("The terminal closed before the passphrase was confirmed. Nothing was changed.")
    }
    static var passphrasesDifferedThrice: Message {
        Message("The two passphrases were not the same three times. Nothing was changed; please try again.")
    }

    static func kdfEnvironmentInvalid(_ value: String) -> Message {
        Message("HEARTH_KDF must be interactive, moderate or sensitive. Nothing was changed.", detail: "It is \"\(value)\".")
    }

    static var lowKDFCost: Message {
        Message("Note: this unlocking cost is below `moderate`: fine for tests, weaker for real use.",
                detail: "A stolen vault file is easier to attack with guesses at a low key-derivation cost. The default is calibrated to about one second.")
    }

    static func mistypedRecoveryKey(_ typo: Message) -> Message {
        Message("That does not open this vault as a passphrase.\nIf it was a recovery key: " + typo.withoutNothingChanged.text.replacingOccurrences(of: "\n", with: " "),
                detail: typo.detail)
    }

    static func vaultLinkDangling(path: String) -> Message {
        Message("""
            The vault path \(path) is a link to a file that is not there. Nothing was read or changed.
            Point the link at your vault, or give the vault's own path with --vault.
            """)
    }

    static func vaultLinkUnsafe(path: String, target: String, folder: String, othersOwnIt: Bool, mode: String) -> Message {
        Message("""
            The vault path \(path) is a link into a folder others can change, so Hearth did not follow it. Nothing was read or changed.
            Move the vault into a folder of your own\(othersOwnIt ? "" : " (or `chmod go-w \(folder)`)"), or give its path with --vault.
            """, detail: """
                It leads to \(target); the folder \(othersOwnIt ? "belongs to another account" : "can be changed by other users (mode \(mode))"). \
                Others could swap the vault, its lock or its temporary file there.
                """)
    }

    static func secretFileUnreadable(path: String, errno code: Int32) -> Message {
        Message("Could not read the secret file \(path) (\(errnoText(code))). Nothing was changed.")
    }

    static func secretFileNotOwn(path: String) -> Message {
        Message("""
            The secret file \(path) belongs to another user, or others may change it, so Hearth did not use it. Nothing was changed.
            Use a file of your own that only you can change (mode 600).
            """, detail: "Someone else could know what such a file holds (a passphrase planted before your script wrote there).")
    }
}

// MARK: - Sessions

extension Message {
    static var sessionEndedKeysChanged: Message {
        Message("This vault's keys changed since it was unlocked, so the session has ended. Nothing was lost; give the passphrase, or unlock again.")
    }

    static var sessionNotForThisCopy: Message {
        Message("This copy of the vault is older than the unlocked session, so its passphrase is needed.")
    }

    static var sessionKeyNotUsed: Message {
        Message("This vault's keys changed since it was unlocked, so the session is not used for it. Nothing was lost; give the passphrase, or unlock again.")
    }

    static var sessionHeaderAltered: Message {
        Message("""
            The vault file was altered or damaged, so the unlocked session was locked to be safe. Nothing was changed.
            `hearth verify` with your passphrase checks it; `hearth restore BACKUP` brings a backup back.
            """, detail: "Its header does not authenticate with the session's key, although both are for the same key epoch.")
    }

    static var sessionLockedToBeSafe: Message { Message("The unlocked session was locked to be safe.") }

    static var sessionCannotSave: Message {
        Message("""
            This vault's keys changed since it was unlocked, so nothing was saved.
            Give the passphrase (or unlock again) and save it again.
            """)
    }

    static var sessionSaveAskPassphrase: Message {
        Message("This vault's keys changed since it was unlocked. What you wrote is kept; give the passphrase to save it.")
    }

    static var doesNotOpenTryAgain: Message { Message("That does not open this vault. Please try again.") }

    static var notSavedCouldNotOpen: Message { Message("The vault could not be opened to save, so nothing was saved.") }
}

// MARK: - Key slots: key list, add, remove, upgrade, check

extension Message {
    static func keyListLegend(used: Int) -> Message {
        Message("* the slot you unlocked with. \(used) of \(VaultHeader.slotCount) slots in use.")
    }

    static func weakSlots(_ slots: String, count: Int, justWritten: Bool) -> Message {
        Message("""
            (!) Slot\(count == 1 ? "" : "s") \(slots) \(justWritten ? (count == 1 ? "was" : "were") + " written with" : (count == 1 ? "uses" : "use")) a low unlocking cost, so a stolen copy is easier to guess.
            \(justWritten ? "Fine for tests; for real use, unlock" : "Unlock") with that passphrase and run `hearth key upgrade`.
            """, detail: "Today's recommended minimum: \(Argon2idParameters.recommendedMinimum.summary).")
    }

    static var labelTooLong: Message {
        Message("The label is longer than \(SlotMetadata.maximumLabelBytes) bytes; please shorten it.")
    }

    static var labelHasControlCharacters: Message {
        Message("The label may not contain control characters (tabs, line breaks, escapes).")
    }

    static func recoveryKeyAlreadyThere(_ list: String) -> Message {
        Message("""
            This vault already has a recovery key (\(list)); it keeps working, and the new one is another way in.
            To replace the old one, remove its slot afterwards (`hearth key remove N`).
            """, detail: "`hearth rekey --new-recovery-key` replaces it along with the master key.")
    }

    static func passphraseSlotAdded(slot: Int, cost: String, keys: Int) -> Message {
        Message("""
            Added a passphrase in slot \(slot). It is a full key: whoever has it can read everything.
            Taking it back later needs `hearth key remove \(slot)` and then `hearth rekey`.
            """, detail: "Key derivation: \(cost). Each of the \(keys) keys now opens this vault; a key can also add and remove keys, and rekey.")
    }

    static func removingUnlockedKey(_ name: String) -> Message {
        Message("You unlocked with \(name), the one to be removed. To be sure you keep a way in, give another key first.")
    }

    static var anotherKeyPrompt: Message { Message("Another passphrase or recovery key of this vault: ") }

    static var anotherKeyDidNotOpen: Message { Message("That does not open any other slot of this vault. Please try again.") }

    static func confirmRemoveKey(_ name: String) -> Message { Message("Remove \(name)? It will no longer open this vault.") }

    /// A removed key still opens old copies: said plainly, with what to do about it.
    static func keyRemoved(_ name: String, recovery: Bool) -> Message {
        let what = recovery ? "recovery key" : "passphrase"
        return Message("""
            Removed \(name). Its \(what) no longer opens this vault.
            It still opens old backups and copies, and anyone with one of those can still read this vault.
            If someone may have it: run `hearth rekey` now, make a fresh backup, then destroy the old backups.
            """, detail: """
                The master key has not changed: someone who had that \(what) and any older copy can open this file \
                and every later save until `hearth rekey`. Deleting a file from a USB stick does not erase its bytes: \
                overwrite the whole stick or destroy it.
                """)
    }

    static func slotAlreadyStrong(_ slot: Int, cost: String, recommended: String) -> Message {
        Message("Slot \(slot) already uses a cost at or above today's recommendation. Nothing was changed.",
                detail: "It uses \(cost); recommended here: \(recommended).")
    }

    static func slotUpgraded(_ slot: Int, recovery: Bool, from: String, to: String) -> Message {
        Message("""
            Slot \(slot) now has a stronger unlocking cost; the same \(recovery ? "recovery key" : "passphrase") opens it.
            Older copies and backups keep the old cost until a fresh backup replaces them.
            """, detail: "It used \(from); it now uses \(to).")
    }

    static func keyOpensSlot(_ name: String, recovery: Bool) -> Message {
        Message("That \(recovery ? "recovery key" : "passphrase") opens \(name) of this vault. Nothing was changed.")
    }
}

// MARK: - Recovery keys handed over

extension Message {
    static func newRecoveryKeys(count: Int, slots: String, checked: Bool) -> Message {
        let one = count == 1
        return Message("""

            \(one ? "This is your new recovery key" : "These are your new recovery keys") (slot\(one ? "" : "s") \(slots)). Write \(one ? "it" : "them") on paper now: \(one ? "it is" : "they are") shown only this once.
            \(one ? "It opens" : "Each opens") the vault if your passphrase is forgotten; anyone who has \(one ? "it" : "one") can open the vault.\(checked ? "\n\(one ? "It becomes" : "They become") active once you have typed \(one ? "it" : "them") back." : "")

            """, detail: "Type a recovery key at the passphrase prompt to open the vault with it. Hearth does not keep it and cannot show it again.")
    }

    /// What the person is told when a new recovery key did not become active: `unchanged` and
    /// `tryAgain` come from the command (`RecoveryKeyHandover.Context`).
    static func recoveryKeyNotActive(count: Int, why: Message?, unchanged: Message, tryAgain: Message) -> Message {
        let one = count == 1
        let notValid = one
            ? "The recovery key shown above is NOT valid and will never open this vault: please cross it out."
            : "The recovery keys shown above are NOT valid and will never open this vault: please cross them out."
        var text = ""
        if let why { text += why.text + "\n" }
        text += notValid + "\n" + unchanged.text + " " + tryAgain.text
        return Message(text, detail: why?.detail)
    }

    /// Said by the signal handler when Ctrl-C ends the type-back (`StopNote`).
    static func stoppedKeyNotValid(_ notValid: Message) -> Message {
        Message("Stopped.\n" + notValid.text)
    }

    static func recoveryKeyNotWritten(errno code: Int32) -> Message {
        Message("The recovery key could not be written out (\(errnoText(code))).")
    }

    static func recoveryKeyNotSaved(errno code: Int32) -> Message {
        Message("The recovery key could not be saved where it was sent (\(errnoText(code))).")
    }

    static func recoveryKeyUnconfirmed(_ failure: Message) -> Message {
        Message("""
            The new recovery key was put in place, but the disk did not confirm the change.
            `hearth key check` tells whether it opens the vault.
            """, detail: failure.fullText)
    }

    static func recoveryKeyActive(count: Int, slots: String) -> Message {
        Message("""
            The recovery key is active (slot\(count == 1 ? "" : "s") \(slots)). `hearth key check` tests a key on paper at any time.
            """)
    }

    static func typeRecoveryKeyBack(slot: Int?) -> Message {
        Message("Type the recovery key\(slot.map { " for slot \($0)" } ?? "") back from your paper (all of it, or its first and last groups), or press Enter to cancel: ")
    }

    static var recoveryKeyNotThisOne: Message {
        Message("That is a well-formed key, but not this one. Please compare it again, group by group.")
    }

    static var typeBackCancelled: Message { Message("Cancelled.") }

    static var noMatchAfterThree: Message { Message("It did not match after three tries.") }

    static var handoverUnchanged: Message { Message("Nothing was changed.") }

    static var recoveryKeyTryAgain: Message { Message("Run `hearth key add --recovery` again when you are ready.") }

    static var rekeyDidNotHappen: Message {
        Message("The rekey did not happen either: the vault opens with the keys it had.")
    }

    static var rekeyTryAgain: Message { Message("Run `hearth rekey` again when you are ready.") }
}

// MARK: - Rekey

extension Message {
    static func keepFileOpensNothing(path: String, recovery: Bool) -> Message {
        Message("The \(recovery ? "recovery key" : "passphrase") in \(path) does not open any key slot of this vault. Nothing was changed.")
    }

    static func rekeyUnconfirmed(_ list: String) -> Message {
        Message("""
            Rekey keeps only the keys you confirm. Not confirmed yet:
            \(list)
            Type each passphrase or recovery key to keep, one at a time; an empty line when done.
            """)
    }

    static var keepPrompt: Message { Message("Passphrase or recovery key to keep (empty line when done): ") }

    static func kept(_ names: String) -> Message { Message("Kept: \(names).") }

    static func keptAlready(_ name: String) -> Message { Message("That opens \(name), which is kept already.") }

    static var opensNoSlot: Message { Message("That does not open any slot of this vault.") }

    static func tryAgainOrEnter(_ problem: Message) -> Message {
        Message(problem.text + "\nPlease try again, or press Enter when done.", detail: problem.detail)
    }

    static var rekeyStoppedAfterThree: Message {
        Message("""
            Three entries did not open any slot, so rekey stopped. Nothing was changed.
            Run it again with the keys at hand (or give them with --keep-passphrase-file PATH).
            """)
    }

    static func replaceUnconfirmedRecovery(_ name: String) -> Message {
        Message("\(name.prefix(1).uppercased() + name.dropFirst()) was not confirmed. Replace it with a new recovery key (the old one stops working)?")
    }

    static func slotsToRemove(count: Int, list: String) -> Message {
        Message("""
            \(count == 1 ? "This slot" : "These \(count) slots") will be removed; \(count == 1 ? "its key" : "their keys") will no longer open this vault:
            \(list)
            """)
    }

    static func confirmRemoveAndRekey(count: Int) -> Message { Message("Remove \(count == 1 ? "it" : "them") and rekey?") }

    static var rekeyDeclined: Message {
        Message("""
            Nothing was changed: no slot was removed, and the vault was not rekeyed.
            Run `hearth rekey` again and type the keys you want to keep.
            """)
    }

    static func reencrypting(megabytes: UInt64, percent: Int) -> Message {
        Message("Re-encrypting \(megabytes) MiB: \(percent)%")
    }

    /// Rekey done, with the facts that protect: old backups still open with the old keys.
    static func rekeyed(fromEpoch: UInt64, toEpoch: UInt64, kept: String, removed: [Int], sessionLocked: Bool) -> Message {
        Message("""
            Rekeyed: only the kept keys open this vault from now on\(removed.isEmpty ? "" : " (removed: slot\(removed.count == 1 ? "" : "s") \(removed.map(String.init).joined(separator: ", ")))").\(sessionLocked ? " The unlocked session was locked." : "")
            Older backups still open with the old keys: make a fresh backup now, then destroy the old ones.
            Note the new key epoch, \(toEpoch), with your backup drive: `hearth backup list` shows it for each backup.
            """, detail: """
                A new master key protects the vault (key epoch \(fromEpoch) → \(toEpoch)); the records were \
                re-encrypted and the kept slots (\(kept)) re-wrapped with fresh salts. A removed key does not open this vault or its later saves, even for someone who kept the old master key. \
                `hearth backup list` shows each backup's key epoch; on a new machine it tells a backup made after this \
                rekey from one made before it. Deleting a file from a USB stick does not erase its bytes: overwrite the \
                whole stick or destroy it.
                """)
    }
}

// MARK: - Backups

extension Message {
    static var keepAtLeastOne: Message { Message("--keep must be 1 or more: the new backup is always kept.") }

    enum KeepNotAppliedReason: Sendable {
        case checksOff
        case untrustedKeys(path: String, keyName: String)
        case noRecordYet(path: String)
    }

    static func keepNotApplied(keep: Int, _ reason: KeepNotAppliedReason) -> Message {
        let first = "Nothing was removed from the drive (--keep \(keep) was not applied); your backups are all there, the new one too."
        switch reason {
        case .checksOff:
            return Message("""
                \(first)
                $HEARTH_NO_ROLLBACK_CHECK is set, and --keep removes backups only for a vault whose keys Hearth has checked.
                """)
        case .untrustedKeys(let path, let keyName):
            return Message("""
                \(first)
                The vault at \(path) has keys this account has not seen (a rekey on another computer?).
                Once you accept them (--accept-keys, on a command that saves) or rekey, --keep works again.
                """, detail: "Its keys: \(keyName). It can also be a copy made by someone who holds older keys.")
        case .noRecordYet(let path):
            return Message("""
                \(first)
                This account has not yet noted the keys of the vault at \(path).
                Opening it once (for example `hearth journal list`) notes them; then --keep works.
                """, detail: "Hearth keeps that note in $XDG_STATE_HOME/hearth (by default ~/.local/state/hearth).")
        }
    }

    static func driveHoldsNewerBackups(
        count: Int, newestName: String, newestPath: String, folder: String, pruning: Bool, detail: String
    ) -> Message {
        Message("""
            Note: this drive holds \(count == 1 ? "a backup" : "\(count) backups") newer than your vault (newest: \(newestName)).\(pruning ? " So nothing was removed from it." : "")
            Your vault may be an older copy put back at its path (a restore, a sync program, or someone else).
            If you did not expect this: `hearth backup list \(folder)` shows them; `hearth merge \(newestPath)` brings newer records in.
            """, detail: detail)
    }

    static func newerBackupDetail(
        vaultSave: UInt64, vaultEpoch: UInt64, save: UInt64, epoch: UInt64, how: BackupPruner.NewerEvidence
    ) -> String {
        let how = switch how {
        case .checkedWithVaultKey: "checked with your vault's key"
        case .laterKeyEpoch: "by its header; your vault's key cannot check a later key epoch"
        case .doesNotAuthenticate: "by its header, which does not authenticate with your vault's key"
        }
        return "Your vault is save \(vaultSave), key epoch \(vaultEpoch); the newest backup is save \(save), key epoch \(epoch) (\(how))."
    }

    static func backedUp(
        save: UInt64, size: String, path: String, slot: Int?, staleRemoved: Int, vaultProblems: [String],
        driveWithoutPermissions: String?, fat: Bool
    ) -> Message {
        var lines = ["Backed up your vault to \(path), and checked it on the drive."]
        if !vaultProblems.isEmpty {
            lines.append("Note: the vault itself has \(plural(vaultProblems.count, "problem")), which this copy shares; `hearth verify` lists them.")
        }
        lines.append("It opens with the passphrases your vault has today, even after you change them.")
        var detail = ["Save \(save), \(size). Every part decrypts and authenticates; the records database is sound\(slot.map { "; it opens with the passphrase given (key slot \($0))" } ?? "")."]
        if staleRemoved > 0 { detail.append("Removed \(plural(staleRemoved, "unfinished file")) left by an interrupted backup.") }
        if !vaultProblems.isEmpty { detail.append("Problems: " + vaultProblems.joined(separator: "; ") + ".") }
        if let fs = driveWithoutPermissions {
            detail.append("This drive has no file permissions (\(fs)): anyone who has it can copy the backup, which stays encrypted.\(fat ? " FAT32 holds files up to 4 GiB." : "")")
        }
        return Message(lines.joined(separator: "\n"), detail: detail.joined(separator: "\n"))
    }

    static func prunedBackups(keep: Int, removed: [String]) -> Message {
        Message("""
            Removed \(plural(removed.count, "older backup")) (--keep \(keep)).
            Removing a file does not erase it from the drive: to be rid of old copies, overwrite or destroy the drive.
            """, detail: "Removed: \(removed.joined(separator: ", ")).")
    }

    static func backupNotRemoved(name: String, reason: BackupFolder.NotRemoved) -> Message {
        let reason = switch reason {
        case .replacedSinceChecked: "it was replaced by another file since it was checked"
        case .isTheVault: "it is your vault itself"
        case .notCheckedAgain: "it could not be checked again"
        case .failed(let code): String(cString: strerror(code))
        }
        return Message("Could not remove the older backup \(name) (\(reason)); it was left as it is.")
    }

    enum KeptBackupReason: Sendable {
        case newerSave, newerKeys, olderKeys, otherSameSave, doesNotAuthenticate, unchecked, datedLater
    }

    private static func why(_ reason: KeptBackupReason) -> String {
        switch reason {
        case .newerSave: "a later save than your vault's"
        case .newerKeys: "a later key epoch than your vault's, which your vault's key cannot check"
        case .olderKeys: "from before a rekey by its header, which your vault's key cannot check; remove it by hand once you no longer need it"
        case .otherSameSave: "the same save number as your vault, with other contents; `hearth merge` brings them together"
        case .doesNotAuthenticate: "it does not open with your vault's key (altered, damaged, or rekeyed on its own); `hearth verify` checks it"
        case .unchecked: "it could not be checked"
        case .datedLater: "dated after this backup"
        }
    }

    static func keptWhateverKeep(_ kept: [(name: String, reason: KeptBackupReason)]) -> Message {
        Message("""
            Kept \(plural(kept.count, "backup")) whatever --keep says: only older backups checked with your vault's key are removed.
            """, detail: kept.map { "  \($0.name): \(why($0.reason))" }.joined(separator: "\n"))
    }

    static func noFolderAt(_ path: String) -> Message {
        Message("There is no folder at \(path). Is the drive plugged in and mounted?")
    }

    static var noDriveForList: Message {
        Message("No mounted removable drive was found. Name a folder: `hearth backup list FOLDER`.")
    }

    static var oldBackupsOpenWithOldKeys: Message {
        Message("""
            Backups made before a passphrase change or a rekey still open with the old keys.
            If an old passphrase may be known to someone, make a fresh backup and destroy the old ones.
            """, detail: "Deleting a file does not erase its bytes from the drive.")
    }

    static var listedUnchecked: Message {
        Message("The passphrase or key given does not open the vault, so the backups are listed without checking them.")
    }

    // Drives

    static func noDriveFound(roots: String, purpose: String) -> Message {
        Message("""
            No removable drive was found. Nothing was written.
            Plug in a drive, or name a folder: `hearth \(purpose) /path/to/folder`.
            """, detail: "Hearth looked at removable and USB disks, and under \(roots).")
    }

    static func drivesNoTerminal(count: Int, purpose: String, list: String) -> Message {
        Message("""
            Hearth found \(count == 1 ? "this drive" : "these drives") but has no terminal to confirm with. Nothing was written.
            Name the one you want: `hearth \(purpose) FOLDER`.
            \(list)
            """)
    }

    static func backUpTo(_ drive: String) -> Message { Message("Back up to \(drive)?") }

    static func drivesFound(_ list: String) -> Message { Message("Hearth found these drives:\n" + list) }

    static func whichDrive(count: Int) -> Message { Message("Which one? (1-\(count), or Enter to cancel) ") }

    static var noDriveChosen: Message { Message("No drive was chosen. Nothing was written.") }

    // Drive trouble (BackupFailures): the vault is never changed by a backup.

    private static let backupUnchanged = "Your vault and the older backups were not touched."

    static func backupFolderMissing(_ path: String) -> Message {
        Message("There is no folder at \(path) (is the drive plugged in?). Nothing was written; \(backupUnchanged.prefix(1).lowercased() + backupUnchanged.dropFirst())")
    }

    static func backupCannotWrite(_ path: String, errno code: Int32) -> Message {
        Message("""
            Hearth cannot write to \(path) (\(errnoText(code))). Nothing was written; \(backupUnchanged.prefix(1).lowercased() + backupUnchanged.dropFirst())
            Is the drive write-protected?
            """)
    }

    static func driveFull(folder: String, needed: String?, free: String?) -> Message {
        Message("""
            The drive is full. No backup file was left behind; \(backupUnchanged.prefix(1).lowercased() + backupUnchanged.dropFirst())
            Free some space on it (or let `--keep N` remove older backups), then try again.
            """, detail: "Folder: \(folder).\(needed.map { " The backup needs \($0)" } ?? "")\(free.map { "; the drive has \($0) free." } ?? "")")
    }

    static func driveFailed(folder: String, operation: String, errno code: Int32) -> Message {
        Message("""
            The drive stopped answering (was it pulled out?). \(backupUnchanged)
            Plug it back in and run `hearth backup` again; it clears any unfinished file.
            """, detail: "While Hearth tried to \(operation) in \(folder): \(errnoText(code)).")
    }

    static func tooLargeForFAT(folder: String, size: String) -> Message {
        Message("""
            The vault (\(size)) is too large for this FAT32 drive, which holds files up to 4 GiB. Nothing was written.
            A drive formatted exFAT (or ext4) can hold it.
            """, detail: "Folder: \(folder).")
    }

    static func readBackFailed(folder: String, detail: String, removed: Bool) -> Message {
        Message("""
            The backup did not read back correctly: the drive may be failing. \(removed ? "The bad copy was removed." : "Please delete the bad copy by hand.")
            \(backupUnchanged) Try another drive.
            """, detail: "Folder: \(folder). What failed: \(detail).")
    }

    static func backupFolderBusy(_ folder: String) -> Message {
        Message("Another backup is being written to \(folder) right now. Nothing was changed. Please try again when it is done.")
    }

    static func backupFolderIsLink(_ path: String) -> Message {
        Message("""
            \(path) is a symbolic link, not a folder; Hearth never writes backups through a link. Nothing was written.
            If you did not make that link, someone with the drive may have: remove it, or give another folder.
            """, detail: "A link could lead anywhere, your vault's own folder too.")
    }

    static func backupFolderHoldsVault(folder: String, vaultPath: String, isVaultFolder: Bool) -> Message {
        Message("""
            \(folder) \(isVaultFolder ? "is the folder your vault is in" : "holds your vault itself"), so it is no place for backups. Nothing was written.
            Give a folder on another drive, such as `hearth backup /media/you/STICK`.
            """, detail: "Vault: \(vaultPath). Pruning there could touch the vault.")
    }
}

// MARK: - Merge and conflicts

extension Message {
    static func mergeIntoItself(_ other: String) -> Message {
        Message("\(other) is the vault itself. Name the other copy to merge.")
    }

    static func otherVault(_ other: String) -> Message {
        Message("""
            \(other) is a copy of another vault, not of this one. Nothing was changed.
            To bring its records in anyway, add --import.
            """)
    }

    static func otherCopyHasProblems(_ other: String, problems: [String]) -> Message {
        Message("""
            \(other) opened, but a check found problems. Nothing was changed.
            `hearth verify \(other)` shows them.
            """, detail: "Problems: \(problems.joined(separator: "; ")).")
    }

    static func noVaultFileAt(_ path: String) -> Message {
        Message("There is no vault file at \(path). Nothing was changed.")
    }

    /// Why a merge only adds from the other copy.
    enum OnlyAddReason: Sendable {
        case unseenHigherKeys(epoch: UInt64, key: String)
        case anotherVault
        case olderKeys(other: UInt64, vault: UInt64)
        case sameNumberOtherKeys(epoch: UInt64)
    }

    private static func explain(_ reason: OnlyAddReason) -> String {
        switch reason {
        case .unseenHigherKeys(let epoch, let key):
            "Its keys (key epoch \(epoch), key \(key)) have a higher number than your vault's but are not keys this account saw come about (a rekey made on another machine, or a copy made by someone who holds older keys)."
        case .anotherVault:
            "It is another vault (--import), whose keys this account does not know as yours, so anyone could have written it."
        case .olderKeys(let other, let vault):
            "It has older keys than your vault (key epoch \(other); your vault is at \(vault)): it was made before a rekey, so anyone who holds the keys that rekey retired could have written it."
        case .sameNumberOtherKeys(let epoch):
            "Its keys are not your vault's, though both say key epoch \(epoch) (a copy rekeyed on its own?)."
        }
    }

    static func merged(_ report: MergeReport, other: String, vaultPath: String, dryRun: Bool, onlyAdd: OnlyAddReason?) -> Message {
        var parts: [String] = []
        let would = dryRun ? "would be " : ""
        if !report.added.isEmpty { parts.append("\(report.added.count) \(dryRun ? "would be added" : "added")") }
        if !report.updated.isEmpty { parts.append("\(report.updated.count) \(would)updated") }
        if !report.deleted.isEmpty { parts.append("\(report.deleted.count) \(would)deleted (deleted there)") }
        let otherReasons = Set((report.notReplaced + report.unknownTime).map(\.id))
        let bothChanged = report.conflicts.filter { !otherReasons.contains($0.original) }.count
        if bothChanged > 0 { parts.append("\(bothChanged) changed on both sides and \(would)kept twice") }
        if !report.notReplaced.isEmpty { parts.append("\(report.notReplaced.count) \(would)kept beside yours as conflict copies") }
        if !report.notDeleted.isEmpty { parts.append("\(report.notDeleted.count) deleted there and kept here") }
        if !report.notBroughtBack.isEmpty { parts.append("\(report.notBroughtBack.count) deleted here \(dryRun ? "would stay" : "stayed") deleted") }
        if !report.unknownTime.isEmpty { parts.append("\(report.unknownTime.count) kept both ways (a time far in the future)") }
        if !report.keptChangedAfterDeletion.isEmpty { parts.append("\(report.keptChangedAfterDeletion.count) kept (changed here after it was deleted there)") }
        if !report.stayedDeleted.isEmpty { parts.append("\(report.stayedDeleted.count) stayed deleted (deleted here after the change there)") }
        parts.append("\(report.unchanged) already the same")
        let recordsChanged = report.changedSomething && !(parts.count == 1 && report.tombstonesNoted == 0)
        var lines: [String] = []
        if dryRun {
            lines.append("Dry run, nothing was changed. Merging \(other) would give: " + parts.joined(separator: ", ") + ".")
        } else if recordsChanged {
            lines.append("Merged \(other) into your vault: " + parts.joined(separator: ", ") + ". \(other) was not changed.")
        } else if report.changedSomething {
            lines.append("No record changed: your vault already holds everything in \(other). \(other) was not changed.")
        } else {
            lines.append("Nothing to bring over: your vault already holds everything in \(other). Nothing was changed.")
        }
        if bothChanged > 0 || !report.notReplaced.isEmpty { lines.append("`hearth conflicts` lists the records kept twice, to keep or drop.") }
        if onlyAdd != nil {
            lines.append("""
                \(dryRun ? "It would only add" : "Only added"): that copy may be written by someone without your keys. \(plural(report.fromUntrustedCopy.count, "record")) \(dryRun ? "would be" : "are") tagged \(RecordMerge.untrustedTag); look at them before you rely on them.
                """)
        }
        if report.changedSomething && !report.deleted.isEmpty && !dryRun {
            lines.append("Deleted records are gone from this vault's next saves; older backups still hold them.")
        }
        var detail: [String] = ["Vault: \(vaultPath)."]
        if let onlyAdd {
            detail.append(explain(onlyAdd) + " So its changes did not replace records here and its deletions were not applied; what was deleted here stayed deleted.")
        }
        if report.changedSomething && !recordsChanged {
            detail.append("Hearth noted which versions the other copy has seen, so that later merges know them.")
        }
        func ids(_ list: [String]) -> String {
            list.prefix(20).joined(separator: ", ") + (list.count > 20 ? ", and \(list.count - 20) more" : "")
        }
        if !report.unreadableHere.isEmpty {
            lines.append("\(plural(report.unreadableHere.count, "record")) here could not be read and \(report.unreadableHere.count == 1 ? "was" : "were") left as they are.")
            detail.append("Unreadable here: \(ids(report.unreadableHere)).")
        }
        if !report.unreadableInOther.isEmpty {
            lines.append("\(plural(report.unreadableInOther.count, "record")) of \(other) could not be read and \(report.unreadableInOther.count == 1 ? "was" : "were") not brought over.")
            detail.append("Not brought over: \(ids(report.unreadableInOther)).")
        }
        if !report.droppedLinks.isEmpty {
            detail.append("\(plural(report.droppedLinks.count, "record")) mention people or connections deleted here; those mentions were left out.")
        }
        if !report.datedNow.isEmpty {
            detail.append("\(plural(report.datedNow.count, "record")) from the other copy were dated more than a day in the future; \(dryRun ? "they would be" : "they were") stored dated now.")
        }
        return Message(lines.joined(separator: "\n"), detail: detail.joined(separator: "\n"))
    }

    static func unreadableConflicts(_ ids: String) -> Message {
        Message("These records could not be read and show as missing: \(ids).")
    }

    static var noConflicts: Message { Message("No conflicts: every record exists once.") }

    static func resolveConflictsHint(command: String) -> Message {
        Message("""
            Resolve each with `hearth conflicts resolve COPY_ID --keep original|copy|both`.
            `hearth \(command) show ID` shows either version in full.
            """)
    }

    static func noSuchConflict(_ copy: String) -> Message {
        Message("There is no conflict with the copy \(copy). Nothing was changed. `hearth conflicts` lists them.")
    }

    static func conflictCopyGone(_ copy: String) -> Message { Message("The copy \(copy) is gone already; the conflict is closed.") }

    static func keptOriginal(_ original: String, copy: String) -> Message {
        Message("Kept the original \(original); the copy \(copy) was deleted.")
    }

    static func copyStandsAlone(_ copy: String) -> Message {
        Message("The original was deleted; the copy \(copy) stays as a record of its own.")
    }

    static func copyReplacedOriginal(_ original: String, copy: String) -> Message {
        Message("The copy's version now stands as \(original); the copy \(copy) was deleted.")
    }

    static func keptBoth(_ original: String, copy: String) -> Message {
        Message("Kept both: \(original) and \(copy) are now separate records.")
    }
}

// MARK: - Restore

extension Message {
    /// A backup named in a message: its name, and for `--verbose` its numbers.
    struct BackupFacts: Sendable {
        let name: String
        let save: UInt64
        let epoch: UInt64
        /// "2026-11-24 21:30 UTC by its name", or nil.
        let dated: String?
    }

    private static func numbers(_ backup: BackupFacts) -> String {
        "save \(backup.save), key epoch \(backup.epoch)\(backup.dated.map { ", dated \($0)" } ?? "")"
    }

    static func backupsOfSeveralVaults(folder: String, count: Int, source: String, opened: [String]?) -> Message {
        Message("""
            \(folder) holds backups of \(count) different vaults\(opened == nil ? "" : " that open with what was given"), and there is no vault here to tell which is yours. Nothing was changed.
            Name the backup to restore (`hearth backup list \(source)` shows them).
            """, detail: opened.map { "They are: \($0.joined(separator: ", "))." })
    }

    static func noPlaceableBackup(folder: String, passedOver: [BackupFacts]) -> Message {
        Message("There is no backup of this vault in \(folder) that Hearth can place. Nothing was changed.")
            .then(passedOver.isEmpty ? nil : notTaken(passedOver))
    }

    /// Backups that claim to be newer but that the vault's key cannot check.
    static func notTaken(_ entries: [BackupFacts]) -> Message {
        Message("""
            Not taken: \(entries.map(\.name).joined(separator: ", ")), which your vault's key cannot check (a rekey your vault does not have?).
            To restore one anyway, name it, with --with-backup-keys.
            """, detail: "They claim: " + entries.map { "\($0.name) (\(numbers($0)))" }.joined(separator: "; ") + ". Your vault may be an older copy.")
    }

    static func newestBackupChosen(folder: String, backup: BackupFacts, checked: Bool, beforeRekey: Message?, passedOver: [BackupFacts]) -> Message {
        Message("The newest backup of this vault in \(folder) is \(backup.name).",
                detail: "By key epoch and save number\(checked ? ", checked with your vault's key" : ""): \(numbers(backup)).")
            .then(beforeRekey)
            .then(passedOver.isEmpty ? nil : notTaken(passedOver))
    }

    static func beforeRekey(backupEpoch: UInt64, vaultEpoch: UInt64) -> Message {
        Message("This backup is from before a rekey of your vault: the keys that rekey retired open it, so whoever still holds one could have written it.",
                detail: "The backup is at key epoch \(backupEpoch); your vault is at \(vaultEpoch).")
    }

    /// Why a backup in a folder was passed over on a fresh machine.
    enum PassedOverReason: Sendable {
        case doesNotOpen
        case damaged(String)
        case problems([String])
        case notTried
        case failed(Message)
    }

    private static func reason(_ why: PassedOverReason) -> String {
        switch why {
        case .doesNotOpen: "it does not open with what was given (restore it by name to give an earlier passphrase)"
        case .damaged(let detail): "damaged or altered: \(detail)"
        case .problems(let problems): "it opened, but a check found problems: \(problems.joined(separator: "; "))"
        case .notTried: "not tried: it would ask for too much unlocking work after the others (restore it by name to try it alone)"
        case .failed(let message): message.text.replacingOccurrences(of: "\n", with: " ")
        }
    }

    static func passedOver(_ skipped: [(backup: BackupFacts, why: PassedOverReason)]) -> Message? {
        guard !skipped.isEmpty else { return nil }
        return Message("Passed over \(plural(skipped.count, "backup")) that did not open, check whole, or were not tried.",
                       detail: skipped.map { "  \($0.backup.name) (says \(numbers($0.backup))): \(reason($0.why))" }.joined(separator: "\n"))
    }

    static func freshMachineChosen(folder: String, backup: BackupFacts, skipped: [(backup: BackupFacts, why: PassedOverReason)]) -> Message {
        let chosen = Message("The newest backup in \(folder) that opens with what was given is \(backup.name).",
                             detail: "By key epoch and save number: \(numbers(backup)).")
        return passedOver(skipped).map { $0.then(chosen) } ?? chosen
    }

    static func noBackupOpened(folder: String, skipped: [(backup: BackupFacts, why: PassedOverReason)]) -> Message {
        let wrongSecret = skipped.contains { if case .doesNotOpen = $0.why { true } else { false } }
        return Message("""
            None of the backups in \(folder) could be restored. Nothing was changed.
            \(wrongSecret ? "Give the passphrase the backups were made with (--passphrase-file PATH, or --backup-passphrase-file PATH)." : "`hearth verify BACKUP` checks one.")
            """, detail: skipped.map { "  \($0.backup.name) (says \(numbers($0.backup))): \(reason($0.why))" }.joined(separator: "\n"))
    }

    static var restoreThisBackup: Message { Message("Restore this backup?") }

    static func restoreFromItself(_ source: String) -> Message {
        Message("\(source) is the vault itself. Name a backup to restore from.")
    }

    static func backupHasProblems(_ source: String, problems: [String]) -> Message {
        Message("""
            The backup at \(source) opened, but a check found problems. Nothing was changed.
            `hearth verify \(source)` shows them; --force restores it anyway.
            """, detail: "Problems: \(problems.joined(separator: "; ")).")
    }

    static func vaultUnreadableForRestore(path: String, problem: Message) -> Message {
        Message("""
            The vault at \(path) cannot be read, so its keys cannot be used for the restored records. Nothing was changed.
            To restore with the backup's own passphrases, add --with-backup-keys (the unreadable vault is kept beside it).
            """, detail: problem.fullText)
    }

    static func vaultAppearedDuringRestore(_ path: String) -> Message {
        Message("A vault appeared at \(path) while restoring. Nothing was changed; please run the restore again.")
    }

    static func noBackupAt(_ source: String) -> Message {
        Message("There is no backup at \(source). Nothing was changed. `hearth backup list` shows the backups on a drive.")
    }

    static var keysChangedDuringRestore: Message {
        Message("The vault's keys changed while restoring (a rekey?). Nothing was changed; please run the restore again.")
    }

    static func backupOfAnotherVault(_ source: String) -> Message {
        Message("""
            \(source) is a backup of another vault, not of this one. Nothing was changed.
            `hearth merge \(source) --import` brings its records in; --force replaces your vault with it (yours is kept beside it).
            """)
    }

    static func alreadyRestored(save: UInt64) -> Message {
        Message("Your vault already holds exactly the records of this backup. Nothing was changed.", detail: "Save \(save).")
    }

    static func vaultHasNewerData(
        source: String, onlyInVault: Int, changedInVault: Int, vaultSave: UInt64?, backupSave: UInt64, unreadable: Message?
    ) -> Message {
        var reasons: [String] = []
        if onlyInVault > 0 { reasons.append("\(plural(onlyInVault, "record")) the backup does not have") }
        if changedInVault > 0 { reasons.append("\(plural(changedInVault, "record")) changed since") }
        if vaultSave != nil { reasons.append("later saves") }
        return Message("""
            Your vault holds newer data than this backup (\(reasons.joined(separator: ", "))), so nothing was changed.
            `hearth merge \(source)` brings the backup's records in without losing anything.
            To replace the vault anyway, add --force (the vault as it is now is kept beside it).
            """, detail: [vaultSave.map { "Your vault is save \($0); the backup is save \(backupSave)." },
                          unreadable.map { "Its records could not be read to compare: \($0.fullText)" }]
                .compactMap { $0 }.joined(separator: "\n"))
    }

    static func withBackupKeysSays(epoch: UInt64, slots: Int) -> Message {
        Message("""
            With --with-backup-keys the vault takes the backup's own keys.
            It then opens with the passphrases that opened the backup, including any removed since, and no longer with the ones it has now.
            """, detail: "Key epoch \(epoch), \(plural(slots, "key slot")).")
    }

    static var restoreWithBackupKeys: Message { Message("Restore with the backup's keys?") }

    static func olderKeysUndoRekey(backupEpoch: UInt64, newer: String, withBackupKeys: Bool) -> Message {
        Message("""
            The backup's keys are from before a rekey: taking them undoes it, and the keys that rekey took back open the vault again.
            \(withBackupKeys ? "To restore the records without that, leave out --with-backup-keys." : "Anything written from now on could be read with them.")
            """, detail: "The backup is at key epoch \(backupEpoch); \(newer).")
    }

    static func unexpectedBackupKeys(_ seen: RollbackWarning, withBackupKeys: Bool) -> Message {
        let first = seen.otherKeys
            ? "The backup's keys are not the ones this account trusts for this vault\(seen.olderKeys ? ": they are from before a rekey, and taking them undoes it" : ""). Whoever holds them can read what is written from now on."
            : "The backup's key slots are older than those seen for this vault: passphrases or keys changed or removed since open the vault again."
        return Message(first + (withBackupKeys ? "\nTo restore the records without that, leave out --with-backup-keys." : ""),
                       detail: seen.otherKeys
                        ? "The backup: \(keyName(seen.keyEpoch, seen.fingerprint)); trusted: \(keyName(seen.seenKeyEpoch, seen.seenFingerprint)), seen on \(seen.seenOn)."
                        : "Newer key slots were seen on \(seen.seenOn).")
    }

    static var olderKeysNeedConfirmation: Message {
        Message("""
            Nothing was changed. If you do want the older keys back, run this again with --accept-older-keys.
            Then run `hearth rekey` afterwards, to take access back again.
            """)
    }

    static var restoreWithOlderKeys: Message { Message("Restore with these older keys anyway?") }

    static func restoring(_ source: String, backup: BackupFacts) -> Message {
        Message("Restoring \(source).", detail: numbers(backup).prefix(1).uppercased() + numbers(backup).dropFirst() + ".")
    }

    static func newerBackupInFolder(name: String, folder: String, facts: BackupFacts, checked: Bool) -> Message {
        Message("""
            Note: the same folder holds a newer backup of this vault: \(name).
            `hearth restore \(folder)` takes the newest by its numbers (file names can be changed).
            """, detail: "\(numbers(facts))\(checked ? ", checked with your vault's key" : "").")
    }

    static var noVaultToCompare: Message {
        Message("There is no vault here to compare with: if you noted a higher key epoch at your last rekey, this backup is from before it.")
    }

    static var restoreFromBeforeRekey: Message { Message("Restore this backup from before the rekey?") }

    static func restored(
        save: UInt64, source: String, made: String?, vaultPath: String, counts: String, usedBackupKeys: Bool, safetyCopy: String?
    ) -> Message {
        var lines = ["Restored \(source) into \(vaultPath)\(counts.isEmpty ? "" : ": \(counts)")."]
        lines.append(usedBackupKeys
            ? "It opens with the passphrases the backup was made with, including any removed since; if someone may know one, run `hearth rekey`."
            : "It keeps your vault's current passphrases: the backup's older keys did not come back.")
        if let safetyCopy {
            lines.append("Your vault as it was is kept at \(safetyCopy); delete it when you are sure you do not need it.")
        }
        return Message(lines.joined(separator: "\n"), detail: """
            Save \(save)\(made.map { ", made \($0) UTC" } ?? "").\(usedBackupKeys ? " After a rekey, make a fresh backup." : "")\
            \(safetyCopy.map { " `hearth merge \($0)` brings back anything it holds that the backup lacks." } ?? "")
            """)
    }
}

// MARK: - Records: list, add, edit, delete, drafts

extension Message {
    static var countNotNegative: Message { Message("-n must be zero or more.") }
    static var onWithRange: Message { Message("--on cannot be combined with --since or --until.") }
    static func noState(_ kinds: String) -> Message {
        Message("\(kinds) have no nervous-system state; --state works for body and connect.")
    }
    static var stateWords: Message { Message("--state must be one of: \(NervousSystemState.words.joined(separator: ", ")).") }
    static func noPeopleLinks(_ kinds: String) -> Message {
        Message("\(kinds) do not link people; --person works for journal, connect, body and script.")
    }
    static func noFeelings(_ kinds: String) -> Message {
        Message("\(kinds) do not name feelings; --feeling works for journal, connect, body and script.")
    }
    static var dueIsForPeople: Message { Message("--due is for `hearth people list`.") }
    static var fullNeedsJSON: Message { Message("--full goes with --json; `show` prints one record in full.") }

    static var nobodyDue: Message { Message("Nobody is due for a check-in right now.") }
    static func nothingToShow(_ plural: String) -> Message { Message("No \(plural) to show.") }

    static var noChanges: Message { Message("No changes, so nothing was saved.") }
    static var draftEmptiedNothingChanged: Message { Message("The draft was empty, so nothing was changed.") }

    static func confirmDelete(what: String) -> Message { Message("Delete \(what)? This cannot be undone.") }
    static var keptNothingDeleted: Message { Message("Kept; nothing was deleted.") }

    static func deleted(person: Bool) -> Message {
        Message("""
            Deleted from this vault.\(person ? " Entries that named this person are kept, without the link." : "")
            Backups made before now still hold it; `hearth backup list` shows them.
            """)
    }

    static var jsonWithEditor: Message {
        Message("--json reads the record from stdin; it cannot be combined with --edit or --draft.")
    }
    static var jsonWithOptions: Message {
        Message("With --json every field comes from the JSON on stdin; please leave out the other options.")
    }

    static var entryEmpty: Message { Message("The entry was empty, so nothing was saved.") }
    static var stoppedNothingSaved: Message { Message("Stopped; nothing was saved.") }
    static func saved(count: Int, plural: String) -> Message {
        Message(count == 1 ? "Saved." : "Saved \(count) \(plural).")
    }
    static var editorUnchanged: Message {
        Message("The editor was closed without changes, so there was nothing to save. The draft was wiped.")
    }
    static var draftEmpty: Message { Message("The draft was empty, so nothing was saved.") }

    static func savedAsNew(singular: String, id: String) -> Message {
        Message("This \(singular) was deleted while you were editing, so your version was saved as a new one: \(id)")
    }

    static func editConflict(singular: String, original: String, copy: String, tag: String) -> Message {
        Message("""
            This \(singular) was changed elsewhere while you were editing. Both versions are kept: the other as \(original), yours as \(copy).
            `hearth conflicts` lists it.
            """, detail: "Yours is tagged \(tag).")
    }

    static func fixInEditor(problem: String) -> Message {
        Message("That could not be saved: \(problem)\nOpen the editor again to fix it?")
    }

    static func couldNotSave(problem: String) -> Message { Message("That could not be saved: \(problem)") }

    static func draftNotMarked(_ failure: Message, file: String, command: String) -> Message {
        failure.then(Message("""
            Your draft is at \(file), in memory only, but could not be marked as kept: save it now with `\(command) --draft \(file)`.
            """))
    }

    static func draftKept(_ failure: Message, path: String, command: String, folder: String) -> Message {
        failure.then(Message("""
            Your draft is kept at \(path), in memory only (gone after a restart).
            Try again with `\(command) --draft \(path)`; to throw it away: rm -r \(folder)
            """))
    }

    static func draftUnchanged(_ failure: Message, path: String) -> Message {
        failure.then(Message("Your draft at \(path) is unchanged."))
    }

    static func noDraftAt(_ path: String) -> Message { Message("There is no draft at \(path). Nothing was changed.") }
    static func draftNotText(_ path: String) -> Message { Message("The draft at \(path) is not UTF-8 text. Nothing was changed.") }

    static func giveAnID(singular: String, action: String, command: String) -> Message {
        Message("Please give the id of the \(singular) to \(action) (`hearth \(command) list` shows them).")
    }

    static func noneYet(_ plural: String) -> Message { Message("There are no \(plural) yet. Nothing was changed.") }

    static var whichOne: Message { Message("Which one? (number) ") }

    static var nothingChosen: Message { Message("Nothing was chosen, so nothing was changed.") }

    // Plaintext written out (export to files, editor drafts)

    static func plaintextOnDisk(_ path: String) -> Message {
        Message("\(path) is on a disk, so your records would be stored there unencrypted. Write it anyway?")
    }

    static func fileExists(_ path: String) -> Message {
        Message("\(path) already exists; it was left as it is. Nothing was written. Choose another name.")
    }

    static func couldNotWrite(_ path: String, errno code: Int32) -> Message {
        Message("Could not write \(path) (\(errnoText(code))).")
    }

    static func notAFolder(_ path: String) -> Message { Message("\(path) is a file, not a folder. Nothing more was written.") }

    static func couldNotCreateFolder(_ path: String) -> Message { Message("Could not create the folder \(path). Nothing more was written.") }

    static func noPrivateFolder(base: String, errno code: Int32) -> Message {
        Message("Could not make a private folder in \(base) (\(errnoText(code))). Nothing was changed.")
    }

    static func privateFolderNotPrepared(base: String, errno code: Int32) -> Message {
        Message("Could not prepare the private folder in \(base) (\(errnoText(code))). Nothing was changed.")
    }

    static var noMemoryFolder: Message {
        Message("""
            There is no memory-only folder (tmpfs) for the draft, and Hearth never writes your words to a disk unencrypted. Nothing was changed.
            Set XDG_RUNTIME_DIR to a tmpfs folder, or give the text on stdin.
            """)
    }

    static func editorFailed(status: Int32, keptAt path: String?) -> Message {
        Message(path.map { "The editor ended with an error. Nothing was saved; your draft is kept at \($0)." }
                ?? "The editor ended with an error. Nothing was saved, and the draft was wiped.",
                detail: "Exit status \(status).")
    }

    static func draftNotCreated(errno code: Int32) -> Message {
        Message("Could not create the draft (\(errnoText(code))). Nothing was changed.")
    }

    static func draftNotWritten(errno code: Int32) -> Message {
        Message("Could not write the draft (\(errnoText(code))). Nothing was saved.")
    }

    static var draftNotReadBack: Message { Message("The draft could not be read back. Nothing was saved.") }

    static func editorNotStarted(errno code: Int32) -> Message {
        Message("Could not start the editor (\(errnoText(code))). Nothing was changed.")
    }
}

// MARK: - Other commands: belief, people, search, export, import, insights

extension Message {
    static var giveARating: Message { Message("Give --belief N, --counter N, or both.") }
    static var ratingsRange: Message { Message("Ratings are from 0 to 100.") }
    static var steadinessRange: Message { Message("--steadiness must be from 1 to 5.") }
    static var sinceBeforeUntil: Message { Message("--since must come before --until.") }

    static var noCheckIns: Message {
        Message("No check-in invitations right now. (`hearth people edit ID` sets a rhythm, for example every 14 days.)")
    }
    static var checkInsGently: Message {
        Message("Only if and when it feels right. `hearth people snooze ID 7d` lets an invitation rest.")
    }
    static func restLimit(days: Int) -> Message { Message("A rest can last up to \(days) days.") }
    static func restingUntil(_ date: String) -> Message { Message("Check-in invitations with this person rest until \(date).") }
    static var noLongerResting: Message { Message("Check-in invitations with this person are no longer resting.") }

    static var searchKinds: Message { Message("--kind must be one of: journal, people, connect, body, belief, script.") }
    static var searchCountPositive: Message { Message("-n must be 1 or more.") }
    static var searchFor: Message { Message("Search for: ") }
    static var nothingToSearch: Message {
        Message("Nothing to search for. Give the words on the terminal, on stdin, or as arguments.")
    }
    static func searchWindowed(window: Int) -> Message {
        Message("""
            More than \(window) records match, so these are the best of the \(window) most recent.
            More words, a "phrase", --kind or --since narrow it down.
            """)
    }
    static var nothingMatched: Message { Message("Nothing matched.") }

    static var showEveryRecord: Message { Message("This shows every record on screen. Show it?") }
    static var nothingShown: Message {
        Message("Nothing was shown. To keep an export, give --output PATH (Hearth asks before writing to a disk).")
    }
    static var exportNotEncrypted: Message {
        Message("""
            Note: this export is not encrypted; anyone who can read it can read everything in it.
            Keep it somewhere safe, and delete it when you are done.
            """, detail: "On a USB stick, deleting a file does not erase its bytes.")
    }
    static func exportKeepsUnreadable(count: Int, names: String) -> Message {
        Message("""
            \(count == 1 ? "One record" : "\(count) records") could not be read; the export keeps \(count == 1 ? "its" : "their") stored values under "unreadable" (import skips them).
            """, detail: "Unreadable: \(names).")
    }
    static func exported(count: Int, to path: String) -> Message {
        Message("Exported \(plural(count, "record")) to \(path).")
    }

    static func imported(_ r: ImportReport, dryRun: Bool) -> Message {
        var parts = ["\(r.added) new"]
        if r.unchanged > 0 { parts.append("\(r.unchanged) already here") }
        if r.updated > 0 { parts.append("\(r.updated) replaced by a newer version") }
        if r.keptNewer > 0 { parts.append("\(r.keptNewer) kept as they are (newer here)") }
        if r.skippedDeleted > 0 { parts.append("\(r.skippedDeleted) deleted here earlier, left deleted") }
        if r.tombstones > 0 { parts.append("\(r.tombstones) deletions noted") }
        if r.unknownTime > 0 { parts.append("\(r.unknownTime) kept as they are (which is newer is unknown)") }
        if r.unreadableHere > 0 { parts.append("\(r.unreadableHere) left as they are (unreadable here)") }
        if r.datedNow > 0 { parts.append("\(r.datedNow) dated in the future, stored dated now") }
        var detail: [String] = []
        if r.unknownTime > 0 {
            detail.append("\(r.unknownTime): the input's version or yours is dated more than a day in the future; the input still holds its version.")
        }
        if r.unreadableHere > 0 { detail.append("\(r.unreadableHere): the record here cannot be read (`hearth verify` names it).") }
        return Message((dryRun ? "Dry run, nothing was changed. An import would bring: " : "Imported: ") + parts.joined(separator: ", ") + ".",
                       detail: detail.isEmpty ? nil : detail.joined(separator: "\n"))
    }

    static func noFileAt(_ path: String) -> Message { Message("There is no file at \(path). Nothing was imported.") }
    static func couldNotReadImport(_ path: String, errno code: Int32) -> Message {
        Message("Could not read \(path) (\(errnoText(code))). Nothing was imported.")
    }
    static func notImportable(_ path: String) -> Message {
        Message("\(path) is not a file that can be imported (it is a folder or a device). Nothing was imported.")
    }

    static var internalCommand: Message {
        Message("This is an internal part of Hearth, started by `hearth unlock`. Nothing was done.")
    }

    static var pressAnyKeyToClear: Message { Message("Press any key to clear the screen. ") }
}

// MARK: - Ids, secrets read, guided prompt

extension Message {
    static func idOfOtherKind(id: String, found: String, wanted: String, command: String) -> Message {
        Message("""
            The id \(id) belongs to a \(found), not a \(wanted). Nothing was changed.
            `hearth \(command) show \(id)` shows it.
            """)
    }

    static func idTooShort(command: String) -> Message {
        Message("An id needs at least 4 characters (its beginning is enough). Nothing was changed. `hearth \(command) list` shows the ids.")
    }

    static func noIDStartingWith(_ id: String, singular: String, command: String) -> Message {
        Message("There is no \(singular) whose id starts with \(id). Nothing was changed. `hearth \(command) list` shows the ids.")
    }

    static func severalIDsStartWith(_ id: String, plural: String) -> Message {
        Message("Several \(plural) have ids starting with \(id); please give more of the id. Nothing was changed.")
    }

    static func secretNotRead(errno code: Int32) -> Message {
        Message("Could not read the secret (\(errnoText(code))). Nothing was changed.")
    }

    static func secretTooLong(limit: Int) -> Message {
        Message("The secret given is longer than \(limit) bytes; is it the right file? Nothing was changed.")
    }

    // The guided prompt (GuidedPrompt, PromptLines): questions, and what is said between them.

    static func guidedPromptIntro(singular: String) -> Message {
        Message("""
            New \(singular). Enter keeps what is in [brackets] or skips; - clears; ? shows the choices.
            Ctrl-D saves what you wrote so far; Ctrl-C stops without saving.
            """)
    }

    static var ruptureNoted: Message {
        Message("  Thank you for noting it. Ruptures can be mended: next time you add a connection with them, Hearth asks whether it helped.")
    }

    /// A field's question: its label (from FieldCatalog), hint and choices, and what it holds now.
    static func fieldQuestion(label: String, current: String) -> Message {
        Message(label + (current.isEmpty ? "" : " [\(current)]") + ": ")
    }

    static var fieldNeeded: Message { Message("  This one is needed. (Ctrl-C stops without saving.)") }

    /// `problem`: the rule the answer broke, from FieldValues ("a number from 0 to 10").
    static func fieldProblem(_ problem: String) -> Message { Message("  " + problem + ".") }

    static var textLine: Message { Message("  ") }

    static func writeText(label: String, required: Bool) -> Message {
        Message("\(label)\(required ? "" : " (optional)"): write as many lines as you like; a line with only . goes on.")
    }

    static var emptyWriteAgain: Message { Message("  That was empty. Write it again?") }

    static func textKeptAsDraft(_ problem: String) -> Message {
        Message("  Note: " + problem + "; if it cannot be saved, Hearth keeps it as a draft to fix.")
    }

    static func itemsIntro(label: String, hint: String) -> Message {
        Message("\(label) (\(hint)); one a line, an empty line ends:")
    }

    static var whereInTheBody: Message {
        Message("    Where in the body is that? (for example chest, throat, belly; Enter if nowhere in particular) ")
    }

    static var numberPartOfWhatYouDid: Message {
        Message("    Is the number at the end part of what you did? (How much it helped goes from -2 to +2.)")
    }

    static func writeLineAgain(_ problem: String) -> Message { Message("    " + problem + "; please write that line again.") }

    static func writeLineAgainBecause(_ why: String) -> Message { Message("    Please write that line again: " + why + ".") }

    /// `name`: the person's name as the prompt's own list shows it.
    static func ruptureWith(day: String, name: String) -> Message {
        Message("  On \(day) something went wrong between you and \(name).")
    }

    static var didThisHelpRepair: Message { Message("  Did this time help repair it? (Enter skips)") }

    static func stoppedAtPrompt(ctrlC: Bool) -> Message {
        Message(ctrlC ? "Stopped with Ctrl-C; nothing was saved." : "Stopped; nothing was saved.")
    }

    /// `needs`: "A body check-in needs an activation from 0 to 10".
    static func recordNeeds(_ needs: String, typed: Bool) -> Message {
        Message(needs + (typed ? ", so it was not saved yet." : ", so nothing was saved."))
    }

    static func couldNotSaveYet(problem: String) -> Message { Message("That could not be saved: \(problem).") }
}

// MARK: - People named by name (PersonPicker): what was typed is never repeated

extension Message {
    static var askedPersonNoTerminal: Message {
        Message("""
            `--person -` asks on the terminal, and there is none here. Nothing was changed.
            Give the person's id instead (`hearth people list` shows them).
            """)
    }

    static var nobodyYet: Message {
        Message("There are no people in this vault yet. Nothing was changed. `hearth people add` adds someone.")
    }

    static var whoPrompt: Message { Message("Who? (a name, its beginning, or an id; Enter stops) ") }

    static var noOneChosen: Message { Message("No one was chosen, so nothing was changed.") }

    static var noOneByThatName: Message { Message("No one here goes by that name or id. Please try again, or press Enter to stop.") }

    /// `which`: "the 2nd name in `people`", "that id": where it was typed, never what.
    static func severalPeopleFit(which: String, list: String) -> Message {
        Message("""
            \(which.prefix(1).uppercased() + which.dropFirst()) could mean several people:
            \(list)
            Nothing was changed. Please give more of the name, or the id.
            """)
    }

    static func couldMeanSeveral(which: String) -> Message {
        Message("\(which.prefix(1).uppercased() + which.dropFirst()) could mean several people:")
    }

    static var whichPersonPrompt: Message { Message("Which one? (number; Enter stops) ") }
    static var whichPersonOrBackPrompt: Message { Message("Which one? (number; Enter goes back) ") }
    static var whichNumberOrNamePrompt: Message { Message("Which one? (number or name; Enter stops) ") }

    static func noOneChosenFor(which: String) -> Message {
        Message("No one was chosen for \(which). Nothing was changed. Please give more of the name, or the id.")
    }

    static func typeANumber(upTo count: Int) -> Message {
        Message("Please type a number from 1 to \(count), or press Enter to stop.")
    }

    static var personIDTooShort: Message {
        Message("""
            An id needs at least 4 characters; the command line takes ids only, as others can see it. Nothing was changed.
            `hearth people list` shows the ids; `-` in place of the id asks for a name on the terminal.
            """)
    }

    static var noPersonIDStartsWith: Message {
        Message("""
            No person's id starts with that; the command line takes ids only, as others can see it. Nothing was changed.
            `hearth people list` shows the ids; `-` in place of the id asks for a name on the terminal.
            """)
    }

    static var jsonPersonNotHere: Message {
        Message("A person id in `people` is not in this vault. Nothing was changed. `hearth people list` shows the ids.")
    }

    static func typedMatchesNoOne(which: String) -> Message {
        Message("""
            \(which.prefix(1).uppercased() + which.dropFirst()) matches no one here (`hearth people list` shows who is). Nothing was changed.
            A name, its beginning or an id works; `hearth people add` adds someone.
            """)
    }

    static func promptMatchesNoOne(which: String) -> Message {
        Message("\(which.prefix(1).uppercased() + which.dropFirst()) matches no one in the list. Please try again (a number, a name or its beginning).")
    }
}

// MARK: - The progress line (ProgressLine): what Hearth is doing, never record text or names

extension Message {
    static var progressOpening: Message { Message("Opening the vault...") }
    static var progressCheckingKey: Message { Message("Checking the key...") }
    static var progressSettingUpKey: Message { Message("Setting up the new key...") }
    static func progressOpeningCopy(_ noun: String) -> Message { Message("Opening \(noun)...") }
    static var progressCreatingVault: Message { Message("Creating the vault...") }
    static var progressSaving: Message { Message("Saving the vault...") }
    static var progressOpeningBackup: Message { Message("Opening the backup...") }
    static var progressCheckingBackup: Message { Message("Checking the backup...") }
    static func progressCheckingBackup(percent: UInt64) -> Message { Message("Checking the backup: \(percent)%") }
    static func progressCheckingVault(percent: UInt64) -> Message { Message("Checking the vault: \(percent)%") }
    static var progressRestoring: Message { Message("Restoring the backup...") }
    static var progressCheckingOtherCopy: Message { Message("Checking the other copy...") }
    static var progressReadingBack: Message { Message("Reading the backup back to check it...") }
    static func progressWritingBackup(percent: UInt64) -> Message { Message("Writing the backup: \(percent)%") }
    static func progressKeepingKeys(_ count: Int) -> Message {
        Message("Setting up the \(count == 1 ? "key" : "\(count) keys") to keep...")
    }
    static func progressReencrypting(percent: UInt64) -> Message { Message("Re-encrypting the records: \(percent)%") }
    static var progressReadingFile: Message { Message("Reading the file...") }
    static var progressOpeningAndChecking: Message { Message("Opening and checking the vault...") }
    static var progressWaitingForWriter: Message { Message("Waiting for another Hearth to finish saving...") }

    // What a count counts ("Importing records: 1200 of 20000").
    static func progressAdding(_ plural: String) -> Message { Message("Adding \(plural)") }
    static var progressMerging: Message { Message("Merging records") }
    static var progressReadingEntries: Message { Message("Reading the entries") }
    static var progressImporting: Message { Message("Importing records") }

    // Long work stopped by Ctrl-C (StopRequest): what was kept.

    static func stopped(kept: Message) -> Message { Message("Stopped. " + kept.text, detail: kept.detail) }
    static var keptDryRun: Message { Message("Nothing was changed (this was a dry run).") }
    static var keptNothingMerged: Message { Message("Nothing was merged; the vault is as it was.") }
    static var keptNothingImported: Message { Message("Nothing from this import was saved; the vault is as it was.") }
    static var keptNoneAdded: Message { Message("None of these records were saved; the vault is as it was.") }
    static var savedDespiteCtrlC: Message {
        Message("Ctrl-C came while saving; the save was finished first, so it is complete.")
    }
}

// MARK: - Secrets asked again (SecretTries), hidden typing, new passphrases

extension Message {
    /// What a secret read from a terminal descriptor is (`--passphrase-fd 3 3</dev/tty`).
    static var askingPassphrase: Message { Message("Passphrase") }
    static var askingRecoveryKey: Message { Message("Recovery key") }
    static var askingNewPassphrase: Message { Message("New passphrase") }
    static var askingPassphraseToKeep: Message { Message("Passphrase to keep") }
    static var askingRecoveryKeyToKeep: Message { Message("Recovery key to keep") }
    static func askingPassphraseOf(_ noun: String) -> Message { Message("Passphrase of \(noun)") }
    static func askingRecoveryKeyOf(_ noun: String) -> Message { Message("Recovery key of \(noun)") }

    /// The question before a secret read with echo off from a descriptor that is a terminal.
    static func typingNotShown(_ asking: Message) -> Message { Message("\(asking.text) (typing is not shown): ") }

    static func backupsPassphrasePrompt(folder: String) -> Message {
        Message("Passphrase (or recovery key) of the backups in \(folder): ")
    }

    static var noBackupThereOpened: Message { Message("That did not open any backup there. Please try again.") }

    static func otherCopyPrompt(noun: String, path: String) -> Message {
        Message("Passphrase (or recovery key) of \(noun), \(path): ")
    }

    static func otherCopyNotVaultsPassphrase(noun: String) -> Message {
        Message("\(noun.prefix(1).uppercased() + noun.dropFirst()) does not open with the vault's passphrase (it may be one you used before).")
    }

    static func didNotOpenCopy(noun: String) -> Message { Message("That did not open \(noun). Please try again.") }

    static func otherCopyNeedsSecret(noun: String, path: String, prefix: String, environmentVariable: String, triedVaultSecret: Bool) -> Message {
        let who = noun.prefix(1).uppercased() + noun.dropFirst()
        let what = triedVaultSecret
            ? "\(who) at \(path) does not open with the vault's passphrase, and there is no terminal to ask for its own."
            : "\(who) at \(path) needs its passphrase, and none was given and there is no terminal to ask on."
        return Message("""
            \(what) Nothing was changed.
            Give it with --\(prefix)-passphrase-fd N, --\(prefix)-passphrase-file PATH or $\(environmentVariable).
            """)
    }

    static var nothingTyped: Message { Message("Nothing was typed, so it was not opened. Nothing was changed.") }
    static var nothingTypedToSave: Message { Message("Nothing was typed.") }
    static var doesNotOpenTheVault: Message { Message("That does not open the vault. Nothing was changed.") }
    static var sameAsBefore: Message { Message("That is the same as a try before, which did not open it. Nothing was changed.") }
    static var sameAsATryBefore: Message { Message("That is the same as a try before, which did not open any slot.") }

    /// The line between tries when the reading found something to check (`failure` names it).
    static func pleaseTryAgain(after failure: Message) -> Message {
        let text = failure.withoutNothingChanged.text
        return Message(text.hasSuffix("Please try again.") ? text : text + " Please try again.", detail: failure.detail)
    }

    /// A new passphrase that is easy to guess: one calm line, then the choice.
    enum Weakness: Sendable { case common, short, oneKind }

    static func weakPassphrase(_ weakness: Weakness) -> Message {
        switch weakness {
        case .common: Message("That passphrase is a common one, among the first that anyone guessing would try. A few unusual words together are much stronger.")
        case .short: Message("That passphrase is short, so it is easier to guess. A few unusual words together are much stronger.")
        case .oneKind: Message("That passphrase is mostly one kind of character, so it is easier to guess. A few unusual words together are much stronger.")
        }
    }

    static var useItAnyway: Message { Message("Use it anyway? (y or n, not shown) [y/N] ") }
    static var chooseAnother: Message { Message("Then please choose another.") }
}

// MARK: - Recovery keys typed back, or typed at the unlock prompt

extension Message {
    static func typeWholeKeyBack(slot: Int?) -> Message {
        Message("Type the whole recovery key\(slot.map { " for slot \($0)" } ?? "") back from your paper, or press Enter to cancel: ")
    }

    /// The whole key was typed back and some groups differ from the one shown.
    static func typedBackDiffers(groups: [Int]) -> Message {
        let which = groups.count == 1 ? "Group \(groups[0]) is" : "Groups " + groups.map(String.init).joined(separator: ", ") + " are"
        return Message("\(which) not the same as the key shown. Please compare \(groups.count == 1 ? "it" : "them") and type the key again.")
    }

    enum KeyTypo: Sendable {
        case groups([Int]), length(Int), character(group: Int)
    }

    /// A typo found by a group's own check, or the wrong length, said for the type-back.
    static func typedBackTypo(_ typo: KeyTypo) -> Message {
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
    static func mistypedRecoveryKeyTryAgain(_ typo: KeyTypo) -> Message {
        let what = switch typo {
        case .groups(let groups) where groups.count == 1: "group \(groups[0]) has a mistyped character"
        case .groups(let groups): "groups \(groups.map(String.init).joined(separator: ", ")) have a mistyped character"
        case .length(let count): "it has \(count) characters instead of \(RecoveryKey.canonicalLength)"
        case .character(let group): "group \(group) has a character recovery keys never use"
        }
        return Message("That did not open the vault. If it was the recovery key, \(what); please compare it and try again.")
    }

    static var anotherSlotDidNotOpenEither: Message {
        Message("That does not open any other slot of this vault either.")
    }
}

// MARK: - Ctrl-C during a key change, restore or backup (StopNote): said by the signal handler

extension Message {
    static var stopNoteNothingChanged: Message { Message("Stopped. Nothing was changed: the vault opens as before.") }
    // The "after" notes say only that the vault file was replaced, not by whom: another Hearth
    // (a session, a sync tool) may have saved it while this command was deriving keys.
    static var stopNotePassphraseSaved: Message {
        Message("Stopped just as the vault was saved. `hearth key list` shows which passphrases open it now.")
    }
    static var stopNoteNoKeyAdded: Message { Message("Stopped. Nothing was changed; no key was added.") }
    static var stopNoteKeysKept: Message { Message("Stopped. Nothing was changed: the vault keeps its keys and opens as before.") }
    static var stopNoteRekeyed: Message {
        Message("Stopped just as the vault was saved. `hearth key list` shows which keys open it now; after a rekey, make a fresh backup.")
    }
    static var stopNoteNothingRestored: Message { Message("Stopped. Nothing was restored; the vault is as it was.") }
    static var stopNoteRestored: Message {
        Message("Stopped just as the vault was saved. `hearth verify` shows what it holds now.")
    }
    static var stopNoteBackup: Message {
        Message("Stopped. The vault was not changed; `hearth backup list` shows whether this backup was finished.")
    }
}
