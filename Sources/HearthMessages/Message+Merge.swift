import Foundation
import HearthBackup

// The catalogue (Message.swift): merge and conflicts.

extension Message {
    public static func mergeIntoItself(_ other: String) -> Message {
        Message("\(other) is the vault itself. Name the other copy to merge.")
    }

    public static func otherVault(_ other: String) -> Message {
        Message("""
            \(other) is a copy of another vault, not of this one. Nothing was changed.
            To bring its records in anyway, add --import.
            """)
    }

    public static func otherCopyHasProblems(_ other: String, problems: [String]) -> Message {
        Message("""
            \(other) opened, but a check found problems. Nothing was changed.
            `hearth verify \(other)` shows them.
            """, detail: "Problems: \(problems.joined(separator: "; ")).")
    }

    public static func noVaultFileAt(_ path: String) -> Message {
        Message("There is no vault file at \(path). Nothing was changed.")
    }

    /// Why a merge only adds from the other copy.
    public enum OnlyAddReason: Sendable {
        case unseenHigherKeys(epoch: UInt64, key: String)
        case anotherVault
        case olderKeys(other: UInt64, vault: UInt64)
        case sameNumberOtherKeys(epoch: UInt64)
        case unboundSlotAboveVault(other: UInt64, vault: UInt64)
        case replacedKeys
    }

    static func explain(_ reason: OnlyAddReason) -> String {
        switch reason {
        case .unseenHigherKeys(let epoch, let key):
            "Its keys (key epoch \(epoch), key \(key)) have a higher number than your vault's but are not keys this account saw come about (a rekey made on another machine, or a copy made by someone who holds older keys)."
        case .anotherVault:
            "It is another vault (--import), whose keys this account does not know as yours, so anyone could have written it."
        case .olderKeys(let other, let vault):
            "It has older keys than your vault (key epoch \(other); your vault is at \(vault)): it was made before a rekey, so anyone who holds the keys that rekey retired could have written it."
        case .sameNumberOtherKeys(let epoch):
            "Its keys are not your vault's, though both say key epoch \(epoch) (a copy rekeyed on its own?)."
        case .unboundSlotAboveVault(let other, let vault):
            "It says key epoch \(other), above your vault's \(vault), but it opened only through a key slot from format 1, which Hearth never keeps past a rekey: someone who holds older keys made it from an older copy."
        case .replacedKeys:
            "Its key slots are ones this account saw replaced (from before a passphrase change or a key removal), so anyone who knew a removed passphrase could have written it."
        }
    }

    public static func merged(_ report: MergeReport, other: String, vaultPath: String, dryRun: Bool, onlyAdd: OnlyAddReason?) -> Message {
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

    public static func unreadableConflicts(_ ids: String) -> Message {
        Message("These records could not be read and show as missing: \(ids).")
    }

    public static var noConflicts: Message { Message("No conflicts: every record exists once.") }

    public static func resolveConflictsHint(command: String) -> Message {
        Message("""
            Resolve each with `hearth conflicts resolve COPY_ID --keep original|copy|both`.
            `hearth \(command) show ID` shows either version in full.
            """)
    }

    public static func noSuchConflict(_ copy: String) -> Message {
        Message("There is no conflict with the copy \(copy). Nothing was changed. `hearth conflicts` lists them.")
    }

    public static func severalConflicts(_ typed: String) -> Message {
        Message("More than one conflict's copy starts with \(typed). Nothing was changed. Give more of its id, as `hearth conflicts` shows it.")
    }

    public static func conflictCopyGone(_ copy: String) -> Message { Message("The copy \(copy) is gone already; the conflict is closed.") }

    public static func keptOriginal(_ original: String, copy: String) -> Message {
        Message("Kept the original \(original); the copy \(copy) was deleted.")
    }

    public static func copyStandsAlone(_ copy: String) -> Message {
        Message("The original was deleted; the copy \(copy) stays as a record of its own.")
    }

    public static func copyReplacedOriginal(_ original: String, copy: String) -> Message {
        Message("The copy's version now stands as \(original); the copy \(copy) was deleted.")
    }

    public static func keptBoth(_ original: String, copy: String) -> Message {
        Message("Kept both: \(original) and \(copy) are now separate records.")
    }
}

extension Message.OnlyAddReason {
    /// Why the merge only adds (`MergeTrust`), in the catalogue's words.
    public static func of(_ reason: MergeTrust.OnlyAddReason) -> Self {
        switch reason {
        case .unseenHigherKeys(let key): .unseenHigherKeys(epoch: key.epoch, key: key.short)
        case .anotherVault: .anotherVault
        case .olderKeys(let other, let vault): .olderKeys(other: other, vault: vault)
        case .sameNumberOtherKeys(let epoch): .sameNumberOtherKeys(epoch: epoch)
        case .unboundSlotAboveVault(let other, let vault): .unboundSlotAboveVault(other: other, vault: vault)
        case .replacedKeys: .replacedKeys
        }
    }
}
