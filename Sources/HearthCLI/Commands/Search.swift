import ArgumentParser
import CPlatform
import Foundation
import HearthCommandJSON
import HearthDisplayWidth
import HearthInsights
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
        // On a terminal, matches are bold (not with NO_COLOR or TERM=dumb): marked with
        // private-use characters first, so that the record text can be made inert before
        // Hearth's own escape sequences go in.
        let bold = !json && TextStyle.forStandardOutput(ascii: false).colour
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
        let shortIDs = try access.store.read { try $0.shortIDs(for: hits.map(\.id)) }
        let lines = RecordPrinter.searchLines(hits, shortIDs: shortIDs)
        guard bold else { return try Console.fittedLines(lines) }
        let columns = Int(hearth_terminal_columns(Console.descriptors.output))
        for line in lines {
            let marked: (open: Character, close: Character) = (Character(marks.0), Character(marks.1))
            let inert = TerminalText.neutralized(line)
            let fitted = columns > 0 ? DisplayWidth.fitted(inert, to: columns, ignoring: [marked.open, marked.close], balancing: marked) : inert
            Console.writeRaw(fitted.replacingOccurrences(of: marks.0, with: "\u{1B}[1m").replacingOccurrences(of: marks.1, with: "\u{1B}[0m") + "\n")
        }
    }
}
