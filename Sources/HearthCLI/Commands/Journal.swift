import ArgumentParser
import Foundation
import HearthRecords

struct Journal: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write and read journal entries.",
        subcommands: [JournalAdd.self, ListCommand<JournalKind>.self, ShowCommand<JournalKind>.self,
                      EditCommand<JournalKind>.self, DeleteCommand<JournalKind>.self])
}

struct JournalAdd: HearthCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add an entry. The text comes from stdin, a short prompt on a terminal, or $EDITOR with --edit; never from arguments.")

    @OptionGroup(title: OptionTitle.vault) var vault: VaultOptions
    @OptionGroup var options: AddOptions

    @Option(name: .customLong("feeling"), help: "A feeling word (repeatable); `hearth feelings` lists the built-in ones.", completion: CompletionWords.feelings)
    var feelings: [String] = []

    @Option(name: .customLong("person"), help: "A person's id, or its first characters (repeatable); `-` asks on the terminal, where a name works.", completion: SessionCompletion.ids(of: .person))
    var people: [String] = []

    func execute() throws {
        var preset = JSONObject()
        if !feelings.isEmpty { preset["feelings"] = .strings(feelings) }
        if !people.isEmpty { preset["people"] = .strings(people) }
        try AddFlow(kind: .journal, vault: vault, options: options, preset: preset).run()
    }
}
