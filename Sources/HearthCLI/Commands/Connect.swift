import ArgumentParser
import Foundation
import HearthRecords

struct Connect: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Connections: one interaction each, how safe it felt, what was shared, rupture and repair.",
        subcommands: [ConnectAdd.self, ListCommand<ConnectionKind>.self, ShowCommand<ConnectionKind>.self,
                      EditCommand<ConnectionKind>.self, DeleteCommand<ConnectionKind>.self])
}

struct ConnectAdd: HearthCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add a connection: a short prompt on a terminal, $EDITOR (--edit), --json on stdin, or these options alone.",
        discussion: "Notes may come on stdin. What was shared and notes never come from arguments.")

    @OptionGroup(title: OptionTitle.vault) var vault: VaultOptions
    @OptionGroup var options: AddOptions

    @Option(name: .customLong("person"), help: "A person's id, or its first characters (repeatable); `-` asks on the terminal, where a name works.", completion: SessionCompletion.ids(of: .person))
    var people: [String] = []

    @Option(help: "How: \(ConnectionChannel.words.joined(separator: ", ")).", completion: CompletionWords.channels)
    var channel: String?

    @Option(help: "Who reached out: \(ReachedOut.words.joined(separator: ", ")).", completion: CompletionWords.reachedOut)
    var initiatedBy: String?

    @Option(parsing: .unconditional, help: "How safe it felt, -2 to +2.")
    var safety: Int?

    @Option(help: "State before: \(NervousSystemState.words.joined(separator: ", ")).", completion: CompletionWords.states)
    var stateBefore: String?

    @Option(help: "State after.", completion: CompletionWords.states)
    var stateAfter: String?

    @Option(help: "Activation before, 0 to 10.")
    var activationBefore: Int?

    @Option(help: "Activation after, 0 to 10.")
    var activationAfter: Int?

    @Option(help: "Size of the micro-share, 1 (tiny) to 5 (deep).")
    var shareDepth: Int?

    @Option(help: "How they responded: \(ShareResponse.words.joined(separator: ", ")).", completion: CompletionWords.responses)
    var response: String?

    @Option(name: .customLong("support-received"), help: "A kind of support received (repeatable), e.g. listening, comfort.", completion: CompletionWords.support)
    var supportReceived: [String] = []

    @Option(name: .customLong("support-given"), help: "A kind of support given (repeatable).", completion: CompletionWords.support)
    var supportGiven: [String] = []

    @Flag(help: "Something went wrong between us (a rupture).")
    var rupture = false

    @Option(help: "The id of an earlier connection (a rupture) that this one repairs.")
    var repairOf: String?

    @Option(name: .customLong("feeling"), help: "A feeling word (repeatable).", completion: CompletionWords.feelings)
    var feelings: [String] = []

    func execute() throws {
        var p = JSONObject()
        if !people.isEmpty { p["people"] = .strings(people) }
        if let channel { p["channel"] = .string(channel) }
        if let initiatedBy { p["initiated_by"] = .string(initiatedBy) }
        if let safety { p["safety"] = .integer(Int64(safety)) }
        if let stateBefore { p["state_before"] = .string(stateBefore) }
        if let stateAfter { p["state_after"] = .string(stateAfter) }
        if let activationBefore { p["activation_before"] = .integer(Int64(activationBefore)) }
        if let activationAfter { p["activation_after"] = .integer(Int64(activationAfter)) }
        if let shareDepth { p["share_depth"] = .integer(Int64(shareDepth)) }
        if let response { p["response"] = .string(response) }
        if !supportReceived.isEmpty { p["support_received"] = .strings(supportReceived) }
        if !supportGiven.isEmpty { p["support_given"] = .strings(supportGiven) }
        if rupture { p["rupture"] = .bool(true) }
        if let repairOf { p["repair_of"] = .string(repairOf) }
        if !feelings.isEmpty { p["feelings"] = .strings(feelings) }
        try AddFlow(kind: .connection, vault: vault, options: options, preset: p).run()
    }
}
