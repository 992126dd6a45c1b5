import Foundation
import HearthTrust

// The catalogue (Message.swift): a save this computer made that is not in the vault now (a sync
// tool kept another computer's save over it), where it is, and how it comes back. Said once by
// any command that opens the vault, until the save is in the vault again.

extension Message {
    /// `report`: what `MissingSaves.locate` found (not empty). `timeZone`: the run's, in which
    /// the save's time is named. `writing`: the command is about to save.
    public static func ownSaveMissing(_ report: MissingSaveReport, timeZone: TimeZone, writing: Bool) -> Message {
        let when = report.latest.flatMap(\.date).map { savedAt($0, timeZone: timeZone) } ?? "earlier"
        let what = report.saves.count == 1
            ? "A change made on this computer \(when) is not in the vault now"
            : "\(report.saves.count) changes made on this computer (the latest \(when)) are not in the vault now"
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
            whereNow = "No conflict copy beside the vault holds \(it): \(it) may be lost.\n"
                + "A backup made since (`hearth backup list`) or the vault on the other computer may hold \(it): `hearth merge PATH` brings \(it) back."
        }
        let note = writing ? " What you save now is kept as well." : ""
        return Message(
            "\(what).\(note) " + whereNow,
            detail: "Saves looked for: \(report.saves.map { String($0.id.prefix(8)) }.joined(separator: ", ")); "
                + "this computer remembers its last \(OwnSave.remembered) saves of this vault (Docs/SECURITY.md).")
    }

    /// "on 6 Dec at 10:10", in `timeZone`.
    static func savedAt(_ date: Date, timeZone: TimeZone) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = timeZone
        formatter.dateFormat = "'on' d MMM 'at' HH:mm"
        return formatter.string(from: date)
    }
}
