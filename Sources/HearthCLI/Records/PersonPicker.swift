import Foundation
import HearthMessages
import HearthRecords

/// Turns what a person typed to mean someone into that person's id, for every place a person is
/// asked for: prompts and editor drafts take a name, its beginning or an id (`PersonReference`);
/// the command line takes ids only, and `-` there asks on the terminal instead.
///
/// When several people fit, a terminal shows them numbered to choose from (Enter or Ctrl-D
/// stops, Ctrl-C stops at once); without one, the message lists them (id and name) and the
/// command ends with 64. A message never repeats what was typed: in a draft or at a prompt it may
/// be a name, written beside other private text; it says which one (the 2nd name in `people`) instead.
struct PersonPicker {
    let people: [PersonReference.Candidate]

    /// Where the reference came from, for messages that must not repeat it.
    enum Source {
        /// `--person` or an id argument on the command line: ids only.
        case argument
        /// An `add --json` or `edit --json` object: ids only, no question.
        case json
        /// A draft's or a prompt's `people`, the `position`-th of `count`.
        case typed(position: Int, count: Int)
        /// The answer to "Who?" on the terminal.
        case asked
    }

    /// The value that stands for "ask me on the terminal" on the command line (`--person -`).
    static let askMarker = "-"

    /// The id `typed` means.
    func resolve(_ typed: String, from source: Source) throws -> String {
        if case .argument = source, typed.trimmingCharacters(in: .whitespaces) == Self.askMarker,
           !people.contains(where: { $0.id == Self.askMarker }) {
            return try ask()
        }
        guard let reference = PersonReference(typed) else { throw nobody(source) }
        let scope: PersonReference.Scope = switch source {
        case .typed, .asked: .idsAndNames
        case .argument, .json: .ids
        }
        switch reference.resolve(among: people, scope: scope) {
        case .one(let person):
            return person.id
        case .nobody:
            throw nobody(source, short: reference.typed.count < PersonReference.shortestIDBeginning)
        case .several(let candidates):
            return try choose(among: candidates, source: source)
        }
    }

    /// `--person -`: asks who, on the terminal, where a name may be typed without reaching the
    /// process list or the shell's history.
    func ask() throws -> String {
        guard Console.hasTerminal else {
            throw CLIFailure(.usage, .askedPersonNoTerminal)
        }
        guard !people.isEmpty else { throw CLIFailure(.notFound, .nobodyYet) }
        while true {
            switch TerminalQuestion.ask(.whoPrompt) {
            case .interrupted(let signal):
                throw Interrupted(signal: signal, draftWiped: false)
            case .ended:
                throw CLIFailure(.usage, .noOneChosen)
            case .line(let line):
                guard PersonReference(line) != nil else { throw CLIFailure(.usage, .noOneChosen) }
                do {
                    return try resolve(line, from: .asked)
                } catch let failure as CLIFailure where failure.status == .notFound {
                    Terminal.show(.noOneByThatName)
                }
            }
        }
    }

    /// Several people fit: a numbered choice on a terminal, else the list in the message (64).
    private func choose(among candidates: [PersonReference.Candidate], source: Source) throws -> String {
        guard Console.hasTerminal else {
            throw CLIFailure(.usage, .severalPeopleFit(
                which: Self.which(source), list: candidates.map { "  \($0.id)  \(Self.oneLine($0.name))" }.joined(separator: "\n")))
        }
        Terminal.show(.couldMeanSeveral(which: Self.which(source)))
        Terminal.showChoices(candidates.enumerated().map { "  \($0.offset + 1). \(Self.oneLine($0.element.name))  (\($0.element.id.prefix(8)))" }
            .joined(separator: "\n") + "\n")
        while true {
            switch TerminalQuestion.ask(.whichPersonPrompt) {
            case .interrupted(let signal):
                throw Interrupted(signal: signal, draftWiped: false)
            case .ended:
                throw CLIFailure(.usage, .noOneChosenFor(which: Self.which(source)))
            case .line(let line):
                let answer = line.trimmingCharacters(in: .whitespaces)
                if answer.isEmpty {
                    throw CLIFailure(.usage, .noOneChosenFor(which: Self.which(source)))
                }
                if let n = Int(answer), (1...candidates.count).contains(n) { return candidates[n - 1].id }
                Terminal.show(.typeANumber(upTo: candidates.count))
            }
        }
    }

    /// No one fits: said without what was typed.
    private func nobody(_ source: Source, short: Bool = false) -> CLIFailure {
        if people.isEmpty { return CLIFailure(.notFound, .nobodyYet) }
        switch source {
        case .argument where short:
            return CLIFailure(.usage, .personIDTooShort)
        case .argument:
            return CLIFailure(.notFound, .noPersonIDStartsWith)
        case .json:
            return CLIFailure(.notFound, .jsonPersonNotHere)
        case .typed, .asked:
            return CLIFailure(.notFound, .typedMatchesNoOne(which: Self.which(source)))
        }
    }

    /// "the 2nd name in `people`", never the text itself.
    static func which(_ source: Source) -> String {
        switch source {
        case .argument: return "that id"
        case .asked: return "that"
        case .json: return "a person id in `people`"
        case .typed(let position, let count):
            return count <= 1 ? "the name in `people`" : "the \(ordinal(position)) name in `people`"
        }
    }

    static func ordinal(_ n: Int) -> String {
        let suffix: String
        switch (n % 10, n % 100) {
        case (_, 11...13): suffix = "th"
        case (1, _): suffix = "st"
        case (2, _): suffix = "nd"
        case (3, _): suffix = "rd"
        default: suffix = "th"
        }
        return "\(n)\(suffix)"
    }

    /// A name on one line (it is shown in a list).
    private static func oneLine(_ name: String) -> String {
        name.split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}
