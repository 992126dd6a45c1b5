import Foundation
import HearthCrypto
import HearthRecords

/// A note read from disk: its path as it is shown, its bytes (wiped by `NoteFile.wipe`), and
/// when it was last changed.
public struct NoteFile: Sendable {
    public var path: String
    public var bytes: [UInt8]
    public var modified: Date?

    public init(path: String, bytes: [UInt8], modified: Date?) {
        self.path = path
        self.bytes = bytes
        self.modified = modified
    }

    /// Zeroes every file's bytes: they are plaintext the import no longer needs.
    public static func wipe(_ files: inout [NoteFile]) {
        for i in files.indices { Memory.wipe(&files[i].bytes) }
    }
}

/// Reads notes (`import --format markdown` and `--format text`): one journal entry per file.
///
/// - A file Hearth's own Markdown export wrote (`RecordFrontMatter`) gives back that record,
///   with its id: importing an export into an empty vault gives the same records, and into the
///   vault it came from, nothing new.
/// - Any other note (Obsidian, a folder of text files) becomes a journal entry: its text is the
///   body (after the front matter, without leading blank lines or trailing white space), dated
///   from the front matter's `date` (or `created`, `created_at`), else the file's modification
///   time; tags from `tags` (a list, or words split by commas or spaces), starred by
///   `starred: true`. Its id is derived from the front matter's date as written (nothing when the
///   date came from the file's time, which copying changes) and the text: the same note
///   imported twice, from any folder, adds nothing; a note edited since comes in as a new entry.
/// - A file that is not UTF-8 text, or has no text, or a date Hearth does not read, is skipped
///   and named.
public enum NoteImport {
    /// Front matter keys a note's date is read from, in this order.
    public static let dateKeys = ["date", "created", "created_at"]

    public static func read(_ files: [NoteFile], timeZone: TimeZone, now: Date = Date()) -> ParsedImport {
        var parsed = ParsedImport()
        parsed.files = files.map(\.path)
        for (index, file) in files.enumerated() {
            switch note(file, index: index + 1, timeZone: timeZone, now: now) {
            case .success(.record(let record)): parsed.records.append(.init(record: record, line: index + 1))
            case .success(.entry(let entry)): parsed.entries.append(entry)
            case .failure(let skipped): parsed.skipped.append(skipped)
            }
        }
        return parsed
    }

    enum Note {
        case record(AnyRecord)
        case entry(ForeignEntry)
    }

    static func note(_ file: NoteFile, index: Int, timeZone: TimeZone, now: Date) -> Result<Note, SkippedInput> {
        func skip(_ reason: String) -> Result<Note, SkippedInput> { .failure(.init(place: file.path, reason: reason)) }
        guard !file.bytes.contains(0), let text = String(validating: file.bytes, as: UTF8.self) else {
            return skip("not UTF-8 text")
        }
        let split = FrontMatter.split(text)
        let nowTime = RecordTime(date: now, offsetSeconds: RecordTime.wholeMinutes(timeZone.secondsFromGMT(for: now)))
        if RecordFrontMatter.isRecord(split.fields) {
            do throws(RecordsError) {
                return .success(.record(try RecordFrontMatter.record(split.fields, body: split.body, now: nowTime)))
            } catch {
                if case .invalidInput(let why) = error { return skip(why) }
                return skip("its front matter is not a record Hearth reads")
            }
        }
        let body = trimmedBody(split.body)
        guard !RecordRules.isBlank(body) else { return skip("no text") }
        var written: String?
        var at: RecordTime
        if let key = dateKeys.first(where: { split.fields[$0] != nil && split.fields[$0] != .null }) {
            guard let value = split.fields[key]?.stringValue,
                  let parsed = RecordTime.parse(value, now: now, timeZone: timeZone)
            else { return skip("line \(split.fields.line(of: key)): `\(key)` is not a date Hearth reads") }
            written = value
            at = parsed
        } else if let modified = file.modified,
                  let time = RecordTime(validating: Date(timeIntervalSince1970: modified.timeIntervalSince1970.rounded(.down)),
                                        offsetSeconds: RecordTime.wholeMinutes(timeZone.secondsFromGMT(for: modified))) {
            at = time
        } else {
            at = nowTime
        }
        let entry = ForeignEntry(
            identity: "note\n\(written ?? "")\n\(body)", versioned: false, text: body, at: at,
            tags: tags(split.fields), starred: split.fields["starred"] == .bool(true), line: index)
        if let why = EntryCheck.problem(entry) { return skip(why) }
        return .success(.entry(entry))
    }

    /// The body without the blank lines before it and the white space after it, and with
    /// Windows line ends made plain.
    static func trimmedBody(_ body: Substring) -> String {
        var text = String(body)
        if text.contains("\r\n") { text = text.replacingOccurrences(of: "\r\n", with: "\n") }
        while let newline = text.firstIndex(of: "\n"), text[..<newline].allSatisfy({ $0 == " " || $0 == "\t" }) {
            text.removeSubrange(...newline)
        }
        while let last = text.last, last.isWhitespace { text.removeLast() }
        return text
    }

    /// `tags` (or `tag`): a list of words, or one string of words split by commas or spaces.
    static func tags(_ fields: JSONObject) -> [String] {
        guard let value = fields["tags"] ?? fields["tag"] else { return [] }
        switch value {
        case .array(let items): return items.compactMap(\.stringValue).filter { !$0.isEmpty }
        case .string(let words): return words.split(whereSeparator: { $0 == "," || $0.isWhitespace }).map(String.init)
        default: return []
        }
    }
}
