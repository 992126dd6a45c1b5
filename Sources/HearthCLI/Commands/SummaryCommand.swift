import ArgumentParser
import Foundation
import HearthInsights
import HearthMessages
import HearthRecordText
import HearthRecords
import HearthRunContext
import HearthSummary

struct SummaryCommand: HearthCommand {
    static let configuration = CommandConfiguration(
        commandName: "summary",
        abstract: "Write one page to bring to your therapist: chosen insights, with charts, and entries you pick.",
        discussion: """
            Sections: \(SummarySection.allCases.map(\.rawValue).joined(separator: ", ")). On a terminal with no \
            --sections, Hearth asks section by section and shows what the page will hold before writing; \
            elsewhere every section with something to show is included. Only the entries named by --entries \
            appear. HTML is one self-contained file (no script, nothing that loads) that prints on A4 or Letter. \
            The page is plaintext: never written over an existing file; on a terminal, Hearth asks before \
            writing it to a disk (anything but a memory-only tmpfs).
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case html, markdown
    }

    @OptionGroup(title: OptionTitle.vault) var vault: VaultOptions

    @OptionGroup var window: InsightsWindowOptions

    @Option(help: ArgumentHelp("Insight sections to include, comma-separated, or all.", valueName: "list"))
    var sections: String?

    @Option(help: ArgumentHelp("Records to include in full: ids (a journal entry's first characters will do).", valueName: "id,..."))
    var entries: String?

    @Option(help: "html or markdown.")
    var format: Format

    @Option(help: ArgumentHelp("Write the page here (never over an existing file); - for stdout.", valueName: "path"))
    var output: String

    @Flag(name: .shortAndLong, help: "Do not ask before writing to a disk or showing the page on a terminal.")
    var yes = false

    func validate() throws {
        do { _ = try sections.map(SummarySection.parse) } catch {
            throw Message.unknownSummarySection(position: error.position, names: SummarySection.allCases.map(\.rawValue).joined(separator: ", ")).usageError
        }
        if let entries, SummaryEntries.ids(entries).isEmpty { throw Message.summaryEntriesEmpty.usageError }
    }

    func execute() throws {
        let toStdout = output == "-"
        // Said before any question: the page never goes over an existing file.
        if !toStdout, FileManager.default.fileExists(atPath: output) { throw CLIFailure(.cannotCreate, .fileExists(output)) }
        if toStdout, Console.stdoutIsTerminal, !yes, !Console.confirm(.summaryShowOnScreen) {
            throw CLIFailure(.refused, .summaryNotWritten)
        }
        let access = try RecordAccess.open(vault)
        let scope = try window.scope(in: access)
        let insights = try Insights.compute(in: access.vault.database, scope: scope)
        let names = try access.names()
        let picked = try access.store.read { try SummaryEntries.records(entries.map(SummaryEntries.ids) ?? [], in: $0) }
            .map { SummaryPage.Entry(record: $0, names: names) }
        let asking = sections == nil && Console.hasTerminal
        let chosen = try sections.map(SummarySection.parse) ?? (asking ? askSections(insights) : SummarySection.withData(in: insights))
        let page = SummaryPage.make(insights: insights, sections: chosen, entries: picked, madeAt: HearthClock.current.recordNow())
        let text = format == .html ? HTMLPage.render(page) : MarkdownPage.render(page)
        if asking { Console.message(.summaryWillInclude(sections: chosen.map(\.title), entries: picked.map(\.heading))) }
        // Said before the person is asked to write it, not after.
        Console.message(.summaryNotEncrypted)
        if asking, !Console.confirm(.writeSummaryNow, defaultYes: true) { throw CLIFailure(.refused, .summaryNotWritten) }
        if toStdout { return try Console.write(text) }
        try PlaintextOutput.confirmDestination(output, asked: !yes)
        try PlaintextOutput.write([(output, text)], folder: nil)
        Console.message(.summaryWritten(to: output))
    }

    /// Section by section, what it would say, and whether to include it.
    private func askSections(_ insights: Insights) -> [SummarySection] {
        SummarySection.allCases.filter { section in
            guard section.hasData(in: insights) else {
                Console.message(.summarySectionEmpty(section.title))
                return false
            }
            Terminal.showChoices("\n" + section.title + "\n" + section.sentences(in: insights).map { "  " + $0 + "\n" }.joined())
            return Console.confirm(.includeSection(section.title), defaultYes: true)
        }
    }
}
