import Foundation
import HearthRecords

/// Something in the input that could not be used, and where it was: never its text.
public struct SkippedInput: Sendable, Equatable {
    /// `line 12`, or a file's path as it was given (`notes/2026/walk.md`).
    public var place: String
    /// Why, in a few plain words.
    public var reason: String

    public init(place: String, reason: String) {
        self.place = place
        self.reason = reason
    }
}

/// What a reader of another app's format found: records ready for `Records.importForeign`,
/// and what it could not use.
public struct ParsedImport: Sendable {
    /// Records that carry their own ids (Hearth's own Markdown export).
    public var records: [RecordArchive.Item] = []
    /// Entries whose ids are derived (`ForeignEntry.identity`).
    public var entries: [ForeignEntry] = []
    public var skipped: [SkippedInput] = []
    /// When the input was files: `line` in records and entries is an index (1-based) into these,
    /// so that a refusal while importing names the file.
    public var files: [String]?

    public init() {}

    /// How many records the input offers.
    public var count: Int { records.count + entries.count }

    /// An import refusal (`line N: why`) with the file named instead of the index, when the
    /// input was files.
    public func located(_ reason: String) -> String {
        guard let files, let match = reason.prefixMatch(of: #/line (\d+): /#), let index = Int(match.1),
              files.indices.contains(index - 1)
        else { return reason }
        return "\(files[index - 1]): " + reason[match.range.upperBound...]
    }
}

extension Records {
    /// Imports what a reader found (`ParsedImport`), in one `importRecords` pass. A refusal names
    /// the file the record came from. Call inside one `write`.
    public func importParsed(_ parsed: ParsedImport, progress: ((Int, Int) throws -> Void)? = nil) throws -> ImportReport {
        do {
            return try importForeign(parsed.records, entries: parsed.entries, progress: progress)
        } catch RecordsError.invalidInput(let why) {
            throw RecordsError.invalidInput(parsed.located(why))
        }
    }
}
