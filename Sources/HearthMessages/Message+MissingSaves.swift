import Foundation
import HearthTrust

// The catalogue (Message.swift): a save this computer made that is not in the vault now (a sync
// tool kept another computer's save over it), where it is, and how it comes back. Said once by
// any command that opens the vault, until the save is in the vault again.

extension Message {
    /// `report`: what `MissingSaves.locate` found (not empty), named by the UTC day of its
    /// latest save (the ledger keeps no finer time). `writing`: the command is about to save.
    /// `inOlderCopy`: the run has just said the vault is an older copy, so this is what it lacks.
    public static func ownSaveMissing(_ report: MissingSaveReport, writing: Bool, inOlderCopy: Bool = false) -> Message {
        let when = report.latest.flatMap { savedOn($0.day) } ?? "earlier"
        let what: String
        if inOlderCopy {
            what = report.saves.count == 1
                ? "This older copy lacks a change made on this computer \(when)"
                : "This older copy lacks \(report.saves.count) changes made on this computer (the latest \(when))"
        } else {
            what = report.saves.count == 1
                ? "A change made on this computer \(when) is not in the vault now"
                : "\(report.saves.count) changes made on this computer (the latest \(when)) are not in the vault now"
        }
        let it = report.saves.count == 1 ? "it" : "them"
        let whereNow: String
        if report.notFound.isEmpty, report.foundIn.count == 1, let copy = report.foundIn.first {
            whereNow = "\(report.saves.count == 1 ? "It is" : "They are") in the conflict copy \(copy) (another computer's save was kept at the vault's path).\n"
                + "`hearth merge --conflicts` brings \(it) back, keeping the changes of both computers."
        } else if report.notFound.isEmpty {
            whereNow = "They are in \(report.foundIn.count) conflict copies beside it (`hearth status` lists them).\n"
                + "`hearth merge --conflicts` brings them back, keeping the changes of both computers."
        } else if !report.unreadCopies.isEmpty {
            whereNow = "No conflict copy that opens with this vault's keys holds \(it); \(plural(report.unreadCopies.count, "copy", "copies")) did not open.\n"
                + "`hearth merge PATH` with such a copy, or with a backup (`hearth backup list`), may bring \(it) back."
        } else {
            whereNow = "No conflict copy beside the vault holds \(it): \(report.saves.count == 1 ? "it" : "they") may be lost.\n"
                + "A backup made since (`hearth backup list`) or the vault on the other computer may hold \(it): `hearth merge PATH` brings \(it) back."
        }
        // After "an older copy" the older-copy warning has said where a save now goes.
        let note = writing && !inOlderCopy ? " What you save now is kept as well." : ""
        let why = report.withoutHistory ? " (this file was written without Hearth's history of saves)" : ""
        return Message.warning(
            "\(what)\(why).\(note) " + whereNow,
            detail: "Saves looked for: \(report.saves.map { String($0.id.prefix(8)) }.joined(separator: ", ")); "
                + "said until the vault holds them again; `hearth status --forget-missing` lets them go (Docs/SECURITY.md).")
    }

    /// "on 6 Dec", from a UTC day as the ledger keeps it (`2026-12-06`); nil for another shape.
    static func savedOn(_ day: String) -> String? {
        let parts = day.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, (1...12).contains(parts[1]), (1...31).contains(parts[2]) else { return nil }
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        return "on \(parts[2]) \(months[parts[1] - 1])"
    }

    /// `hearth status --forget-missing`: `forgot` whether this computer was looking for any of
    /// its saves in the vault at `path`.
    public static func missingSavesForgotten(_ forgot: Bool, path: String) -> Message {
        forgot
            ? Message(
                "This computer no longer looks for its earlier saves in \(path); nothing in the vault changed.\n"
                    + "Saves made from now on are looked for as before.")
            : Message("This computer was not looking for any of its saves in \(path); nothing changed.")
    }
}
