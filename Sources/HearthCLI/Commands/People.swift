import ArgumentParser
import Foundation
import HearthMessages
import HearthRecords
import HearthRunContext

struct People: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The people in your life: who they are to you, how steady they feel, check-in rhythms.",
        subcommands: [PeopleAdd.self, ListCommand<PersonKind>.self, ShowCommand<PersonKind>.self, EditCommand<PersonKind>.self,
                      DeleteCommand<PersonKind>.self, PeopleRate.self, PeopleDue.self, PeopleSnooze.self])
}

struct PeopleAdd: HearthCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add someone. The name comes from stdin, a short prompt on a terminal, $EDITOR (--edit) or --json; never from arguments.")

    @OptionGroup(title: OptionTitle.vault) var vault: VaultOptions
    @OptionGroup var options: AddOptions

    @Option(name: .customLong("role"), help: "Who they are to you (repeatable): \(PersonRole.words.joined(separator: ", ")), or your own short word.", completion: CompletionWords.roles)
    var roles: [String] = []

    @Option(help: "How steady or safe they feel, 1 (not at all) to 5 (very).")
    var steadiness: Int?

    @Option(help: "Check in every N days.")
    var checkInDays: Int?

    @Option(help: "Let check-in invitations rest until this date.")
    var snoozeUntil: DateInput?

    @Flag(help: "Someone I can reach when struggling.")
    var reachWhenStruggling = false

    func execute() throws {
        var preset = JSONObject()
        if !roles.isEmpty { preset["roles"] = .strings(roles) }
        if let steadiness { preset["steadiness"] = .integer(Int64(steadiness)) }
        if let checkInDays { preset["check_in_days"] = .integer(Int64(checkInDays)) }
        if let snoozeUntil { preset["snoozed_until"] = .string(snoozeUntil.time.iso8601) }
        if reachWhenStruggling { preset["reach_when_struggling"] = .bool(true) }
        try AddFlow(kind: .person, vault: vault, options: options, preset: preset).run()
    }
}

struct PeopleRate: HearthCommand {
    static let configuration = CommandConfiguration(
        commandName: "rate", abstract: "Note how steady or safe someone feels now (kept with its date, as history).")

    @OptionGroup(title: OptionTitle.vault) var vault: VaultOptions

    @Argument(help: "The person's id (or its first characters); `-` asks on the terminal, where a name works.", completion: SessionCompletion.ids(of: .person))
    var id: String

    @Option(help: "1 (not at all) to 5 (very).")
    var steadiness: Int

    @Option(help: "When (default: now).")
    var at: DateInput?

    func validate() throws {
        guard Person.steadinessRange.contains(steadiness) else { throw Message.steadinessRange.usageError }
    }

    func execute() throws {
        let access = try RecordAccess.open(vault, forChange: true)
        let resolved = try access.resolve(id, kind: .person)
        let now = HearthClock.current.recordNow()
        try access.change { r in
            try r.rateSteadiness(personID: resolved, rating: .init(at: at?.time ?? now, steadiness: steadiness), at: now)
        }
        Console.message(.saved(count: 1, plural: ""))
    }
}
