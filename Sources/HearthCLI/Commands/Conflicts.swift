import ArgumentParser
import Foundation
import HearthBackup
import HearthCommandJSON
import HearthMessages
import HearthRecordText
import HearthRecords
import HearthRunContext
import HearthVault

struct Conflicts: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Records kept twice because both copies changed them (a merge, or an edit that met another change).",
        subcommands: [ConflictsList.self, ConflictsResolve.self],
        defaultSubcommand: ConflictsList.self)
}

struct ConflictsList: HearthCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List the conflicts still to resolve (the default).")

    @OptionGroup var output: ListingOutput

    @OptionGroup(title: OptionTitle.vault) var vault: VaultOptions

    func execute() throws {
        let access = try RecordAccess.open(vault)
        var unreadable: [String] = []
        let (rows, shortIDs): ([ConflictLines.Row], [String: String]) = try access.store.read { r in
            // A record that cannot be read is shown as missing and named below, never a reason
            // to list nothing.
            func readable(_ id: String) throws -> AnyRecord? {
                do { return try r.record(id: id) } catch RecordsError.recordUnreadable {
                    unreadable.append(id)
                    return nil
                }
            }
            let links = try r.conflictLinks()
            let rows = try links.map { ConflictLines.Row(link: $0, original: try readable($0.originalID), copy: try readable($0.copyID)) }
            return (rows, output.any ? [:] : try r.shortIDs(for: links.flatMap { [$0.originalID, $0.copyID] }))
        }
        if !unreadable.isEmpty {
            Console.message(.unreadableConflicts(unreadable.joined(separator: ", ")))
        }
        if output.any {
            return try Console.listing(rows.map {
                ConflictJSON.entry($0.link, kind: $0.kind, originalExists: $0.original != nil)
            }, lines: output.jsonl)
        }
        guard !rows.isEmpty else {
            Console.message(.noConflicts)
            return
        }
        try Console.fittedLines(ConflictLines.lines(rows, shortIDs: shortIDs))
        Console.message(.resolveConflictsHint(command: rows[0].kind?.commandName ?? "journal"))
    }
}

struct ConflictsResolve: HearthCommand {
    static let configuration = CommandConfiguration(
        commandName: "resolve", abstract: "Resolve one conflict: keep the original, the copy, or both.")

    enum Keep: String, ExpressibleByArgument, CaseIterable {
        case original, copy, both
    }

    @Argument(help: "The id of the copy (from `hearth conflicts`).")
    var copy: String

    @Option(help: "original: delete the copy. copy: the copy's content replaces the original (its id stays), then the copy goes. both: keep both as separate records.")
    var keep: Keep

    @OptionGroup(title: OptionTitle.vault) var vault: VaultOptions

    func execute() throws {
        let access = try RecordAccess.open(vault, forChange: true)
        let outcome = try access.change { r in
            do {
                return try ConflictResolution.resolve(copy: copy, keeping: keep.choice, in: r, now: HearthClock.current.recordNow())
            } catch is ConflictResolution.NoSuchConflict {
                throw CLIFailure(.notFound, .noSuchConflict(copy))
            } catch let several as ConflictResolution.SeveralConflicts {
                throw CLIFailure(.usage, .severalConflicts(several.typed))
            }
        }
        let message: Message = switch outcome {
        case .copyGone(let copy): .conflictCopyGone(copy)
        case .keptOriginal(let original, let copy): .keptOriginal(original, copy: copy)
        case .copyStandsAlone(let copy): .copyStandsAlone(copy)
        case .copyReplacedOriginal(let original, let copy): .copyReplacedOriginal(original, copy: copy)
        case .keptBoth(let original, let copy): .keptBoth(original, copy: copy)
        }
        Console.message(message)
    }
}

extension ConflictsResolve.Keep {
    /// The same choice, as HearthBackup decides it.
    var choice: ConflictResolution.Keep {
        switch self {
        case .original: .original
        case .copy: .copy
        case .both: .both
        }
    }
}
