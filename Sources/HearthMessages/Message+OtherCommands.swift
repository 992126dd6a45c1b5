import Foundation
import HearthRecords

// The catalogue (Message.swift): other commands: belief, people, search, export, import, insights.

extension Message {
    public static var giveARating: Message { Message("Give --belief N, --counter N, or both.") }
    public static var ratingsRange: Message { Message("Ratings are from 0 to 100.") }
    public static var steadinessRange: Message { Message("--steadiness must be from 1 to 5.") }
    public static var sinceBeforeUntil: Message { Message("--since must come before --until.") }

    public static var noCheckIns: Message {
        Message("No check-in invitations right now. (`hearth people edit ID` sets a rhythm, for example every 14 days.)")
    }
    public static var checkInsGently: Message {
        Message("Only if and when it feels right. `hearth people snooze ID 7d` lets an invitation rest.")
    }
    public static func restLimit(days: Int) -> Message { Message("A rest can last up to \(days) days.") }
    public static func restingUntil(_ date: String) -> Message { Message("Check-in invitations with this person rest until \(date).") }
    public static var noLongerResting: Message { Message("Check-in invitations with this person are no longer resting.") }

    public static var searchKinds: Message { Message("--kind must be one of: journal, people, connect, body, belief, script.") }
    public static var searchCountPositive: Message { Message("-n must be 1 or more.") }
    public static var searchFor: Message { Message("Search for: ") }
    public static var nothingToSearch: Message {
        Message("Nothing to search for. Give the words on the terminal, on stdin, or as arguments.")
    }
    public static func searchWindowed(window: Int) -> Message {
        Message("""
            More than \(window) records match, so these are the best of the \(window) most recent.
            More words, a "phrase", --kind or --since narrow it down.
            """)
    }
    public static var nothingMatched: Message { Message("Nothing matched.") }

    public static var showEveryRecord: Message { Message("This shows every record on screen. Show it?") }
    public static var nothingShown: Message {
        Message("Nothing was shown. To keep an export, give --output PATH (Hearth asks before writing to a disk).")
    }
    public static var exportNotEncrypted: Message {
        Message.warning("""
            Note: this export is not encrypted; anyone who can read it can read everything in it.
            Keep it somewhere safe, and delete it when you are done.
            """, detail: "On a USB stick, deleting a file does not erase its bytes.")
    }
    public static func exportKeepsUnreadable(count: Int, names: String) -> Message {
        Message("""
            \(count == 1 ? "One record" : "\(count) records") could not be read; the export keeps \(count == 1 ? "its" : "their") stored values under "unreadable" (import skips them).
            """, detail: "Unreadable: \(names).")
    }
    public static func exported(count: Int, to path: String) -> Message {
        Message("Exported \(plural(count, "record")) to \(path).")
    }

    public static func imported(_ r: ImportReport, dryRun: Bool) -> Message {
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

    public static func noFileAt(_ path: String) -> Message { Message("There is no file at \(path). Nothing was imported.") }
    public static func couldNotReadImport(_ path: String, errno code: Int32) -> Message {
        Message("Could not read \(path) (\(errnoText(code))). Nothing was imported.")
    }
    public static func notImportable(_ path: String) -> Message {
        Message("\(path) is not a file that can be imported (it is a folder or a device). Nothing was imported.")
    }

    public static var internalCommand: Message {
        Message("This is an internal part of Hearth, started by `hearth unlock`. Nothing was done.")
    }

    public static var pressAnyKeyToClear: Message { Message("Press any key to clear the screen. ") }
}
