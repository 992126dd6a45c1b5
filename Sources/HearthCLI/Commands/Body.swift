import ArgumentParser
import Foundation
import HearthRecords

struct Body: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Body check-ins: nervous-system state, activation, sensations, what helped.",
        subcommands: [BodyAdd.self, ListCommand<BodyKind>.self, ShowCommand<BodyKind>.self, EditCommand<BodyKind>.self,
                      DeleteCommand<BodyKind>.self])
}

struct BodyAdd: HearthCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add a body check-in: a short prompt on a terminal, $EDITOR (--edit), --json on stdin, or these options alone.",
        discussion: "Sensations and what helped come from the prompt, the editor or JSON; notes may come on stdin.")

    @OptionGroup(title: OptionTitle.vault) var vault: VaultOptions
    @OptionGroup var options: AddOptions

    @Option(help: "Nervous-system state: \(NervousSystemState.words.joined(separator: ", ")).", completion: CompletionWords.states)
    var state: String?

    @Option(help: "Activation, 0 (calm) to 10 (flooded).")
    var activation: Int?

    @Option(help: "Activation afterwards, 0 to 10.")
    var activationAfter: Int?

    @Option(name: .customLong("person"), help: "Someone present: an id, or its first characters (repeatable); `-` asks on the terminal, where a name works.", completion: SessionCompletion.ids(of: .person))
    var people: [String] = []

    @Option(name: .customLong("feeling"), help: "A feeling word (repeatable).", completion: CompletionWords.feelings)
    var feelings: [String] = []

    func execute() throws {
        var p = JSONObject()
        if let state { p["state"] = .string(state) }
        if let activation { p["activation"] = .integer(Int64(activation)) }
        if let activationAfter { p["activation_after"] = .integer(Int64(activationAfter)) }
        if !people.isEmpty { p["people"] = .strings(people) }
        if !feelings.isEmpty { p["feelings"] = .strings(feelings) }
        try AddFlow(kind: .body, vault: vault, options: options, preset: p).run()
    }
}
