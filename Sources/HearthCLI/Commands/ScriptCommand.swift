import ArgumentParser
import Foundation
import HearthRecords

struct ScriptCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "script",
        abstract: "Old scripts noticed as they fired: the trigger, the urge, and what you did instead.",
        subcommands: [ScriptAdd.self, ListCommand<ScriptKind>.self, ShowCommand<ScriptKind>.self, EditCommand<ScriptKind>.self,
                      DeleteCommand<ScriptKind>.self])
}

struct ScriptAdd: HearthCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add a script. Its words come from a prompt on a terminal, $EDITOR (--edit), --json, or stdin; never from arguments.")

    @OptionGroup(title: OptionTitle.vault) var vault: VaultOptions
    @OptionGroup var options: AddOptions

    @Option(name: .customLong("person"), help: "A person's id, or its first characters (repeatable); `-` asks on the terminal, where a name works.", completion: SessionCompletion.ids(of: .person))
    var people: [String] = []

    @Option(name: .customLong("feeling"), help: "A feeling word (repeatable).", completion: CompletionWords.feelings)
    var feelings: [String] = []

    func execute() throws {
        var p = JSONObject()
        if !people.isEmpty { p["people"] = .strings(people) }
        if !feelings.isEmpty { p["feelings"] = .strings(feelings) }
        try AddFlow(kind: .script, vault: vault, options: options, preset: p).run()
    }
}
