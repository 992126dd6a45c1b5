import Foundation
import HearthTrust

// The catalogue (Message.swift): older copies and unexpected keys (HearthTrust's findings, said by CommandTrust; Docs/SECURITY.md, "Rollback warning").

extension Message {
    /// "key epoch 4, key 3f9a0c12": for `--verbose` only.
    public static func keyName(_ epoch: UInt64, _ fingerprint: String?) -> String {
        fingerprint.map { "key epoch \(epoch), key \($0)" } ?? "key epoch \(epoch)"
    }

    /// How the person accepts this file's keys, exactly: `--accept-keys 4:3f9a0c12`.
    public static func acceptance(_ warning: TrustReport) -> String {
        warning.acceptance.map { "--accept-keys \($0)" } ?? "--accept-keys EPOCH:KEY8"
    }

    /// What was found, in one short clause: "the vault at PATH ...".
    private static func found(_ warning: TrustReport) -> String {
        if warning.finding == .olderFormat {
            return "the vault at \(warning.path) is in the older file format: a copy from before the upgrade, or a file made to look like one"
        }
        if warning.finding.isOtherKey {
            return warning.finding == .olderKeys
                ? "the vault at \(warning.path) is a copy from before a rekey: keys that rekey retired open it"
                : "the vault at \(warning.path) has keys this account has not seen (a rekey on another computer?)"
        }
        if warning.finding == .retiredSlotTable || warning.finding == .olderSlotTable {
            return "the vault at \(warning.path) is an older copy: passphrases or keys changed or removed since may open it"
        }
        return "the vault at \(warning.path) is an older copy than one Hearth saw here before"
    }

    /// The whole finding, with its numbers, for `--verbose`.
    private static func findingDetail(_ warning: TrustReport) -> String {
        if warning.finding.isOtherKey {
            let why = warning.finding == .olderKeys
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
        if warning.finding == .olderFormat {
            return """
                This file is format version \(warning.file.formatVersion) (save \(warning.generation), \
                \(keyName(warning.keyEpoch, warning.fingerprint))); this account saw this vault in format version 2 before, \
                and Hearth saves only format 2. Format 1 binds neither a key slot's epoch nor the key table, so someone \
                holding an old passphrase or an old unlocked session's key can make such a file.
                """
        }
        if warning.finding == .retiredSlotTable {
            return """
                It has a table of key slots this account saw replaced by a key change (`hearth passwd`, `hearth key \
                add`, `remove` or `upgrade`, or a rekey), whatever its save number (this file is save \(warning.generation)).
                """
        }
        if warning.finding == .olderSlotTable {
            return """
                It has an older table of key slots than one seen at this path (this file is save \(warning.generation); \
                save \(warning.seenGeneration), with other key slots, was seen on \(warning.seenOn)).
                """
        }
        return "This file is save \(warning.generation); save \(warning.seenGeneration) was seen here on \(warning.seenOn)."
    }

    /// Said when a copy is read (authenticated); `rekeying`: by `hearth rekey` of that file;
    /// `writing`: by a command about to save into it (which it may: the finding does not refuse).
    public static func olderCopyWarning(_ warning: TrustReport, rekeying: Bool, writing: Bool = false) -> Message {
        let first = "Note: \(found(warning))."
        let detail = findingDetail(warning)
        if rekeying, warning.refusesWrites {
            return Message.warning("""
                \(first)
                The rekey gives it a fresh master key that only the passphrases and keys you keep open.
                """, detail: detail)
        }
        let next: String
        if warning.finding == .olderFormat {
            next = """
                Reading works; Hearth saves into it only with \(acceptance(warning)).
                A backup may hold your newer copy: `hearth backup list` shows them.
                """
        } else if warning.finding == .otherKeys {
            next = "Reading works. Hearth saves into it once you confirm: add \(acceptance(warning)) to a command that saves."
        } else if warning.refusesWrites {
            next = "Reading works. Hearth saves into it after `hearth rekey`, or with \(acceptance(warning))."
        } else if writing {
            next = "What you save now goes into this copy. If you did not expect it here, keep a copy of it aside too: `hearth backup list` shows your backups."
        } else {
            next = "Nothing was changed. If you did not expect this, keep it aside: `hearth backup list` shows your backups."
        }
        return Message.warning(first + "\n" + next, detail: detail + """

            This happens when an older backup is copied over the vault by hand; it can also mean someone replaced \
            the file. `hearth merge` can bring two copies together without losing either.
            """)
    }

    /// A save refused (exit 1): the file is a sound vault that opened, so not 65.
    public static func olderCopyRefusal(_ warning: TrustReport) -> Message {
        let first = "Hearth did not save: \(found(warning)). Nothing was changed or lost."
        let detail = findingDetail(warning) + "\nReading this file (list, show, search, export) still works."
        if warning.finding == .olderFormat {
            return Message("""
                \(first)
                A backup may hold your newer copy: `hearth backup list`, then `hearth restore BACKUP`.
                If you put this copy back yourself: run this again with \(acceptance(warning)).
                """, detail: detail + """

                After restoring, `hearth merge` this file into yours to keep anything only it holds.
                """)
        }
        if warning.finding == .otherKeys {
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
            If you put it there or changed the keys yourself: add \(acceptance(warning)), or run `hearth rekey` on it.
            If not: keep it aside and restore yours (`hearth backup list`; `hearth restore BACKUP --with-backup-keys`).
            """, detail: detail + """

            `hearth rekey` gives it a fresh master key, and you choose which passphrases keep opening it. After \
            restoring, `hearth merge` this file into yours to keep anything only it holds.
            """)
    }

    /// Restoring under the vault's current keys into such a copy.
    public static func restoreIntoOlderCopy(_ warning: TrustReport) -> Message {
        Message("""
            Hearth did not restore: \(found(warning)), and the records would be saved under its keys. Nothing was changed.
            If this backup is from after the rekey, add --with-backup-keys (the file now there is kept beside it).
            To restore under the older keys anyway, add \(acceptance(warning)), then run `hearth rekey`.
            """, detail: findingDetail(warning))
    }

    public static func olderCopyClaim(_ claim: TrustReport) -> Message {
        let what = claim.finding == .claimsOlderKeys ? "says it is from before a rekey" : "says it is older than a copy seen here before"
        return Message.warning("""
            Note: the vault at \(claim.path) \(what). It was not opened with a key, so this is only its claim.
            Opening it with your passphrase tells whether it is so.
            """, detail: claim.finding == .claimsOlderKeys
                ? "It says key epoch \(claim.keyEpoch); this account trusts epoch \(claim.seenKeyEpoch) for this vault."
                : "It says save \(claim.generation); save \(claim.seenGeneration) was seen at this path.")
    }

    public static func olderKeysAccepted(_ warning: TrustReport, on day: String) -> Message {
        let exposure: String
        if warning.finding == .olderSlotTable || warning.finding == .retiredSlotTable {
            exposure = "Passphrases changed or removed since open it; `hearth passwd` or `hearth key remove` takes them out again."
        } else if warning.finding == .olderKeys {
            exposure = "Keys a rekey retired open it; `hearth rekey` takes that access back."
        } else if warning.finding == .olderFormat {
            exposure = "It is saved in format 2 from now on. If it was not your own older copy, run `hearth rekey`."
        } else {
            exposure = "Whoever holds these keys can read what is saved now; if you did not make them, run `hearth rekey`."
        }
        return Message.warning("""
            Accepted, as asked: Hearth now trusts this vault's keys at \(warning.path) and saves into it.
            \(exposure)
            """, detail: warning.finding.isOtherKey
                ? "Now trusted: \(keyName(warning.keyEpoch, warning.fingerprint)), on \(day). Until now: \(keyName(warning.seenKeyEpoch, warning.seenFingerprint)) (seen on \(warning.seenOn))."
                : warning.finding == .olderFormat
                ? "It was format version \(warning.file.formatVersion), save \(warning.generation); format 2 was seen before. Accepted on \(day)."
                : "Its key slots are older than those seen on \(warning.seenOn) (save \(warning.seenGeneration)). Accepted on \(day).")
    }

    public static func rollbackCheckOff(path: String, otherKeys: Bool) -> Message {
        Message.warning("""
            Note: $HEARTH_NO_ROLLBACK_CHECK is set, so Hearth saved into \(path) although \
            \(otherKeys ? "its keys are not the ones it trusts" : "it is an older copy") (this save would otherwise be refused).
            """)
    }

    public static func firstTrust(epoch: UInt64, fingerprint: String?) -> Message {
        Message("First time this account opens this vault: Hearth will remember its keys.",
                detail: "Remembered: \(keyName(epoch, fingerprint)).")
    }

    public static var acceptanceNotUsed: Message {
        Message("Note: --accept-keys was not used: this command only reads. Give it to a command that saves.")
    }

    public static func rekeyNotNoted(ledgerFile: String) -> Message {
        Message("""
            The rekey did not happen: Hearth could not note the new key. Nothing was changed; the vault opens as before.
            Check that there is free space and no other Hearth is stuck, then run `hearth rekey` again.
            """, detail: "The note goes in \(ledgerFile); without it, this account would refuse to save into the rekeyed vault.")
    }

    public static func ledgerProblem(_ problem: TrustStoreProblem, file: String) -> Message {
        switch problem {
        case .unusable(let why):
            return Message.warning("""
                Note: Hearth's list of the vaults it has seen cannot be used, so its checks for older copies are off. \
                Your vault is fine.
                Move \(file) aside to start a new list.
                """, detail: "The file is there but \(why); Hearth leaves it as it is.")
        case .setAside(let aside):
            return Message.warning("""
                Note: Hearth's list of the vaults it has seen was damaged; it was set aside and a new one started. \
                Your vaults are fine.
                """, detail: """
                    \(file) was moved to \(aside). Which keys this account trusted for each vault is not known any \
                    more: the next vault opened with a key is trusted as it is, as on a new account.
                    """)
        case .notUpdated(let error):
            return Message.warning("Note: Hearth could not update its list of the vaults it has seen. Your vault is fine.",
                           detail: "\(file): \(error). This command's view of the vault is not remembered.")
        }
    }

    public static var acceptKeysForm: Message {
        Message("--accept-keys takes EPOCH:KEY8, as Hearth's message names them (for example 4:3f9a0c12). Nothing was changed.")
    }
}
