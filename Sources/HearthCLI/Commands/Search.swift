import ArgumentParser
import Foundation
import HearthCommandJSON
import HearthMessages
import HearthRecordText
import HearthRecords

struct Search: HearthCommand {
    static let configuration = CommandConfiguration(
        abstract: "Search the text of every record, best matches first.",
        discussion: """
            Words must all match; "a phrase" matches as written; calm* matches words that start with calm; \
            AND, OR and NOT (in capitals) and parentheses combine. Without QUERY, Hearth asks on the terminal \
            or reads stdin, so the words leave no trace in the process list or shell history.
            """)

    @OptionGroup(title: OptionTitle.vault) var vault: VaultOptions

    @Argument(help: "What to search for (leave out to be asked).")
    var query: [String] = []

    @Option(name: .customLong("kind"), help: "Only this kind (repeatable): journal, people, connect, body, belief, script.", completion: CompletionWords.kinds)
    var kinds: [String] = []

    @Option(help: "Only records on or after this date.")
    var since: DateInput?

    @Option(help: "Only records before this date (a bare date includes that day).")
    var until: DateInput?

    @Option(name: .short, help: "At most N results (default 20).")
    var n: Int = 20

    @OptionGroup var output: ListingOutput
    var json: Bool { output.any }

    func validate() throws {
        for kind in kinds where RecordKind(word: kind) == nil {
            throw Message.searchKinds.usageError
        }
        if n < 1 { throw Message.searchCountPositive.usageError }
    }

    func execute() throws {
        let access = try RecordAccess.open(vault)
        var typed = query.joined(separator: " ")
        if typed.isEmpty {
            if Console.stdinIsTerminal {
                guard let asked = Terminal.readLine(prompt: .searchFor) else {
                    throw CLIFailure(.usage, .nothingToSearch)
                }
                typed = asked
            } else {
                typed = try StdinText.read()
            }
        }
        let search = try SearchQuery(typed)
        // On a terminal, matches are bold: marked with private-use characters first, so that the
        // record text can be made inert before Hearth's own escape sequences go in.
        let bold = !json && Console.stdoutIsTerminal
        let marks = ("\u{E000}", "\u{E001}")
        let results = try access.store.read {
            try $0.search(
                search, kinds: kinds.compactMap(RecordKind.init(word:)), since: since?.asSince,
                until: until?.asUntil, limit: n, highlight: bold ? marks : ("", ""))
        }
        let hits = results.hits
        if results.windowed {
            Console.message(.searchWindowed(window: Records.searchWindow))
        }
        if json {
            return try Console.listing(hits.map(SearchJSON.hit), lines: output.jsonl)
        }
        if hits.isEmpty {
            Console.message(.nothingMatched)
            return
        }
        for hit in hits {
            let line = "\(hit.id)  \(RecordPrinter.dateText(hit.at))  \(hit.kind.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0)) \(hit.snippet)"
            if bold {
                Console.writeRaw(TerminalText.neutralized(line).replacingOccurrences(of: marks.0, with: "\u{1B}[1m")
                    .replacingOccurrences(of: marks.1, with: "\u{1B}[0m") + "\n")
            } else {
                try Console.output(line)
            }
        }
    }
}
