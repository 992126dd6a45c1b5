import ArgumentParser
import Foundation
import HearthDisplayWidth
import HearthInsights
import HearthMessages
import HearthRecordText
import HearthRecords
import HearthRunContext

/// `hearth people due`: who a check-in might be welcome with. Only ever shown when asked for.
struct PeopleDue: HearthCommand {
    static let configuration = CommandConfiguration(
        commandName: "due",
        abstract: "People you might like to reach out to: their check-in rhythm has passed since the last connection.",
        discussion: """
            Counted from the last connection of any kind (a call, a message, a walk), or from when \
            someone was added. An invitation, not a task: `hearth people snooze ID 7d` lets it rest.
            """)

    @OptionGroup(title: OptionTitle.vault) var vault: VaultOptions

    @OptionGroup var output: ListingOutput

    func execute() throws {
        let access = try RecordAccess.open(vault)
        let now = HearthClock.current.now()
        let invitations = try CheckInInvitations.due(in: access.vault.database, now: now)
        if output.any {
            return try Console.listing(CheckInInvitations.json(invitations, now: now, timeZone: HearthClock.current.timeZone).arrayValue ?? [], lines: output.jsonl)
        }
        guard !invitations.isEmpty else {
            Console.message(.noCheckIns)
            return
        }
        try Console.output("You might like to reach out to:")
        let shortIDs = try access.store.read { try $0.shortIDs(for: invitations.map(\.person.id)) }
        try Console.fittedLines(TextColumns(limits: [nil, nil, 20]).lines(invitations.map { i in
            let last = i.daysSinceContact(now: now).map { "last connected \(CheckInInvitations.roughly(days: $0)) ago" }
                ?? "no connection written down yet"
            return ["", shortIDs[i.person.id] ?? i.person.id, i.person.name, "\(last); rhythm: \(Wording.every(days: i.rhythmDays))"]
        }))
        Console.message(.checkInsGently)
    }
}

/// `hearth people snooze ID DURATION`: check-in invitations with someone rest for a while.
struct PeopleSnooze: HearthCommand {
    static let configuration = CommandConfiguration(
        commandName: "snooze",
        abstract: "Let check-in invitations with someone rest for a while (90s, 15m, 8h, 2d; 0s ends the rest).")

    @OptionGroup(title: OptionTitle.vault) var vault: VaultOptions

    @Argument(help: "The person's id (or its first characters); `-` asks on the terminal, where a name works.")
    var id: String

    @Argument(help: "How long: a number with s, m, h or d.")
    var duration: DurationInput

    func validate() throws {
        guard duration.seconds <= UInt64(Person.checkInDaysRange.upperBound) * 86_400 else {
            throw Message.restLimit(days: Person.checkInDaysRange.upperBound).usageError
        }
    }

    func execute() throws {
        let access = try RecordAccess.open(vault, forChange: true)
        let resolved = try access.resolve(id, kind: .person)
        let now = HearthClock.current.recordNow()
        let until = duration.seconds == 0
            ? nil : RecordTime(date: now.date.addingTimeInterval(Double(duration.seconds)), offsetSeconds: now.offsetSeconds)
        try access.change { r in
            guard case .person(var person)? = try r.record(id: resolved) else { throw RecordsError.recordNotFound(id: resolved) }
            person.snoozedUntil = until
            person.common.updatedAt = now
            try r.update(.person(person))
        }
        if let until {
            Console.message(.restingUntil(RecordPrinter.dateText(until)))
        } else {
            Console.message(.noLongerResting)
        }
    }
}
