import ArgumentParser
import Foundation
import HearthMessages
import HearthRecords
import HearthRunContext

struct BeliefCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "belief",
        abstract: "Old beliefs and their counter-beliefs, and how believable each feels over time.",
        subcommands: [BeliefAdd.self, ListCommand<BeliefKind>.self, ShowCommand<BeliefKind>.self, EditCommand<BeliefKind>.self,
                      DeleteCommand<BeliefKind>.self, BeliefRate.self])
}

struct BeliefAdd: HearthCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add a belief. Its words come from a prompt on a terminal, $EDITOR (--edit), --json, or stdin; never from arguments.")

    @OptionGroup(title: OptionTitle.vault) var vault: VaultOptions
    @OptionGroup var options: AddOptions

    @Option(name: [.customLong("believability"), .customLong("belief")], help: "How true the old belief feels, 0 to 100.")
    var believability: Int?

    @Option(name: [.customLong("counter-believability"), .customLong("counter")], help: "How true the counter-belief feels, 0 to 100.")
    var counterBelievability: Int?

    @Option(help: "Status: \(BeliefStatus.words.joined(separator: ", ")).")
    var status: String?

    func execute() throws {
        var p = JSONObject()
        if let believability { p["believability"] = .integer(Int64(believability)) }
        if let counterBelievability { p["counter_believability"] = .integer(Int64(counterBelievability)) }
        if let status { p["status"] = .string(status) }
        try AddFlow(kind: .belief, vault: vault, options: options, preset: p).run()
    }
}

struct BeliefRate: HearthCommand {
    static let configuration = CommandConfiguration(
        commandName: "rate", abstract: "Add a dated rating: how true the belief and the counter-belief feel now (0-100).")

    @OptionGroup(title: OptionTitle.vault) var vault: VaultOptions

    @Argument(help: "The belief's id (or its first characters).", completion: SessionCompletion.ids(of: .belief))
    var id: String

    @Option(name: .customLong("belief"), help: "How true the old belief feels now, 0 to 100.")
    var believability: Int?

    @Option(name: .customLong("counter"), help: "How true the counter-belief feels now, 0 to 100.")
    var counterBelievability: Int?

    @Option(help: "When (default: now).")
    var at: DateInput?

    func validate() throws {
        guard believability != nil || counterBelievability != nil else { throw Message.giveARating.usageError }
        for value in [believability, counterBelievability].compactMap({ $0 }) where !Belief.believabilityRange.contains(value) {
            throw Message.ratingsRange.usageError
        }
    }

    func execute() throws {
        let access = try RecordAccess.open(vault, forChange: true)
        let resolved = try access.resolve(id, kind: .belief)
        let now = HearthClock.current.recordNow()
        let rating = Belief.Rating(at: at?.time ?? now, believability: believability, counterBelievability: counterBelievability)
        try access.change { try $0.rateBelief(id: resolved, rating: rating, at: now) }
        Console.message(.saved(count: 1, plural: ""))
    }
}
