import ArgumentParser
import Foundation
import HearthInsights
import HearthMessages
import HearthRecords
import HearthRunContext

struct InsightsCommand: HearthCommand {
    static let configuration = CommandConfiguration(
        commandName: "insights",
        abstract: "Patterns over time: with whom and with what your body tends to settle.",
        discussion: """
            Sections appear only when there is something for them: with whom you settle, sharing a \
            little at a time, rupture and repair, giving and receiving, what helps your body, beliefs, \
            naming feelings, and when. Every figure says how many times it rests on; under 3 it says \
            "too few to tell yet" instead of a number. All time unless --since or --until say otherwise.
            """)

    @OptionGroup(title: OptionTitle.vault) var vault: VaultOptions

    @OptionGroup var window: InsightsWindowOptions

    @Flag(help: "Print one JSON object with the same numbers.")
    var json = false

    @Flag(help: "Draw charts with plain ASCII characters.")
    var ascii = false

    @Flag(help: "Show the evidence gathered from small shares, person by person (how each was met; ruptures and repair).")
    var evidence = false

    func execute() throws {
        let access = try RecordAccess.open(vault)
        let scope = try window.scope(in: access)
        let personID = scope.personID
        let style = TextStyle.forStandardOutput(ascii: ascii)
        let text: String
        if evidence {
            let found = try Evidence.compute(in: access.vault.database, scope: scope)
            if json { return try Console.output(JSONWriter.pretty(found.json(timeZone: HearthClock.current.timeZone))) }
            let name = try personID.flatMap { try access.names()[$0] }
            text = EvidencePrinter(style: style).lines(found, personName: name).joined(separator: "\n")
        } else {
            let insights = try Insights.compute(in: access.vault.database, scope: scope)
            if json { return try Console.output(JSONWriter.pretty(insights.json(timeZone: HearthClock.current.timeZone))) }
            text = InsightsPrinter(style: style).lines(insights).joined(separator: "\n")
        }
        let shown = Console.wrappedForOutput(text)
        if style.colour {
            Console.writeRaw(style.forTerminal(shown) + "\n")
        } else {
            try Console.output(shown)
        }
    }
}
