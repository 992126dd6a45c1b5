import ArgumentParser
import HearthInsights
import HearthMessages
import HearthRecords

/// The time window and person that `insights` and `summary` look at: the same options, checked
/// the same way, giving the same `InsightsScope`.
struct InsightsWindowOptions: ParsableArguments {
    @Option(help: "Only records on or after this date (2026-11-24, 3d, yesterday).")
    var since: DateInput?

    @Option(help: "Only records before this date (a bare date includes that whole day).")
    var until: DateInput?

    @Option(help: "Only what involves this person: their id, or its first characters; `-` asks on the terminal, where a name works.")
    var person: String?

    func validate() throws {
        if let since, let until, TimeWindow(since: since.asSince, until: until.asUntil).isEmpty {
            throw Message.sinceBeforeUntil.usageError
        }
    }

    /// The scope, with --person resolved to a person's id in `access`.
    func scope(in access: RecordAccess) throws -> InsightsScope {
        InsightsScope(since: since?.asSince, until: until?.asUntil, personID: try person.map { try access.resolve($0, kind: .person) })
    }
}
