import Foundation
import HearthRecords

/// Reads jrnl's own journal file (plain text, `journal.txt`), by jrnl's rules:
///
///     [2026-11-20 21:30] A walk by the sea. Felt @calm for once. *
///     The rest of the entry, as many lines as it has.
///
///     [2026-11-21 09:30:00 PM] Since jrnl 2 the time has seconds and AM/PM.
///
/// An entry starts at a line that begins with `[date time] `. Its title is its first line, or,
/// when the entry is one line, its first sentence; the rest is its body (jrnl's `split_title`).
/// A title ending in `*` marks the entry starred. Tags are words starting with `@` after a space
/// or at the start, kept in lower case. Times have no offset; they are read in the importing
/// zone. The entry becomes a journal entry exactly as `import --format jrnl` makes it from
/// `jrnl --export json` of the same journal (title, newline, body), with the id derived the same
/// way (from the date and the time to the minute, which is what jrnl's JSON keeps, and the
/// text): importing a journal both ways, or twice, adds nothing the second time.
public enum JrnlTextImport {
    /// The most a `[…]` date may hold: more is text, not a date.
    static let maximumDateLength = 64

    public struct Result: Sendable {
        public var entries: [JrnlImport.Entry] = []
        public var skipped: [SkippedInput] = []
    }

    public static func read(_ bytes: [UInt8], timeZone: TimeZone) throws(RecordsError) -> Result {
        guard let decoded = String(validating: bytes, as: UTF8.self) else {
            throw .invalidInput("line 1: this is not UTF-8 text, so not a jrnl journal")
        }
        let text = decoded.contains("\r\n") ? decoded.replacingOccurrences(of: "\r\n", with: "\n") : decoded
        var headers: [(line: Int, lineStart: String.Index, textStart: String.Index, date: WrittenDate?)] = []
        var lineNumber = 0
        // Lines by bytes (a "\n" is one byte and, with "\r\n" made plain, one Character).
        let bytes = text.utf8
        var cursor = bytes.startIndex
        while cursor < bytes.endIndex {
            lineNumber += 1
            let end = bytes[cursor...].firstIndex(of: 0x0A) ?? bytes.endIndex
            if bytes[cursor] == UInt8(ascii: "["), let header = header(text[cursor..<end]) {
                headers.append((lineNumber, cursor, header.textStart, header.date))
            }
            cursor = end < bytes.endIndex ? bytes.index(after: end) : end
        }
        var result = Result()
        let before = headers.first.map { text[..<$0.lineStart] } ?? text[...]
        if !RecordRules.isBlank(String(before)) {
            guard !headers.isEmpty else {
                throw .invalidInput("line 1: this does not look like a jrnl journal (no line starts with [date time])")
            }
            result.skipped.append(.init(place: "line 1", reason: "text before the first dated entry"))
        }
        for (i, header) in headers.enumerated() {
            let end = i + 1 < headers.count ? headers[i + 1].lineStart : text.endIndex
            let place = "line \(header.line)"
            guard let written = header.date, let at = written.time(in: timeZone) else {
                result.skipped.append(.init(place: place, reason: "a date Hearth does not read"))
                continue
            }
            let parts = entryParts(String(text[header.textStart..<end]))
            let entry = JrnlImport.Entry(
                text: parts.text, at: at, tags: parts.tags, starred: parts.starred, uuid: nil, line: header.line,
                writtenAt: written.iso8601(seconds: false))
            let check = ForeignEntry(identity: "", versioned: false, text: entry.text, at: at, tags: entry.tags, line: header.line)
            if let why = EntryCheck.problem(check) {
                result.skipped.append(.init(place: place, reason: why))
                continue
            }
            result.entries.append(entry)
        }
        return result
    }

    /// A date and time as a jrnl file writes it.
    struct WrittenDate: Equatable {
        var year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int

        /// The moment, read in `zone`. A wall-clock time that does not exist there (in a
        /// daylight-saving gap) is read with the offset from before the gap.
        func time(in zone: TimeZone) -> RecordTime? {
            let (wall, isRealDay) = RecordTime.wallClockSeconds(
                year: year, month: month, day: day, hour: hour, minute: minute, second: second)
            guard isRealDay else { return nil }  // 2026-02-30 is no date
            let guess = Date(timeIntervalSince1970: TimeInterval(wall))
            let offset = zone.secondsFromGMT(for: guess.addingTimeInterval(-TimeInterval(zone.secondsFromGMT(for: guess))))
            let date = Date(timeIntervalSince1970: TimeInterval(wall - offset))
            return RecordTime(validating: date, offsetSeconds: RecordTime.wholeMinutes(zone.secondsFromGMT(for: date)))
        }

        /// `2026-11-20T21:30:17`, or with the seconds as `00` (what jrnl's JSON keeps).
        func iso8601(seconds: Bool) -> String {
            func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
            return "\(year)-\(two(month))-\(two(day))T\(two(hour)):\(two(minute)):\(seconds ? two(second) : "00")"
        }
    }

    /// A line that starts an entry: `[…] ` with a date inside, or with something that starts like
    /// one (a digit) but is no date Hearth reads (then `date` is nil and the entry is named).
    static func header(_ line: Substring) -> (date: WrittenDate?, textStart: String.Index)? {
        guard line.first == "[", let close = line.prefix(maximumDateLength + 2).firstIndex(of: "]") else { return nil }
        let afterClose = line.index(after: close)
        guard afterClose < line.endIndex, line[afterClose] == " " else { return nil }
        let blob = line[line.index(after: line.startIndex)..<close]
        let date = writtenDate(blob)
        guard date != nil || blob.first?.isASCII == true && blob.first?.isNumber == true else { return nil }
        return (date, line.index(after: afterClose))
    }

    /// `2026-11-20 21:30` (jrnl 1's default) or `2026-11-20 09:30:00 PM` (jrnl 2's `%F %r`), and
    /// the neighbours people set in jrnl's `timeformat` (`21:30:00`, `9:30 PM`).
    static func writtenDate(_ blob: Substring) -> WrittenDate? {
        let b = Array(blob.utf8)
        var i = 0
        func number(_ width: ClosedRange<Int>) -> Int? {
            var value = 0
            var count = 0
            while i < b.count, count < width.upperBound, b[i] >= 0x30, b[i] <= 0x39 {
                value = value * 10 + Int(b[i] - 0x30)
                i += 1
                count += 1
            }
            return width.contains(count) ? value : nil
        }
        func skip(_ byte: UInt8) -> Bool {
            guard i < b.count, b[i] == byte else { return false }
            i += 1
            return true
        }
        guard let year = number(4...4), skip(0x2D), let month = number(2...2), skip(0x2D), let day = number(2...2),
              skip(0x20) || skip(0x54), var hour = number(1...2), skip(0x3A), let minute = number(2...2)
        else { return nil }
        var second = 0
        if skip(0x3A) {
            guard let s = number(2...2) else { return nil }
            second = s
        }
        if i < b.count {
            _ = skip(0x20)
            guard i + 2 == b.count, let half = String(bytes: b[i...], encoding: .ascii)?.lowercased(), half == "am" || half == "pm",
                  (1...12).contains(hour)
            else { return nil }
            hour = hour % 12 + (half == "pm" ? 12 : 0)
        }
        guard year >= 1, (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 60 else { return nil }
        return WrittenDate(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
    }

    /// The text after `[date] ` up to the next entry, as jrnl reads it: starred, title and body,
    /// tags. The journal entry's text is the title, then a newline and the body when there is one.
    static func entryParts(_ raw: String) -> (text: String, tags: [String], starred: Bool) {
        var lines = raw.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }
        var body = raw
        var starred = false
        if let first = lines.first, pythonStrip(Array(first.unicodeScalars)).last == "*" {
            starred = true
            let titleLine = strip(Array(first.unicodeScalars)) { $0 == "\n" || $0 == " " || $0 == "*" }
            body = String(String.UnicodeScalarView(titleLine)) + "\n" + lines.dropFirst().joined(separator: "\n")
        }
        let (title, rest) = splitTitle(body)
        return (rest.isEmpty ? title : title + "\n" + rest, tags(in: raw), starred)
    }

    /// jrnl's `split_title`: at the first newline (looked for after leading white space is set
    /// aside, and cut at that position in the text itself, as jrnl does), else after the first
    /// sentence; the title and body are trimmed, a text with neither is all title.
    static func splitTitle(_ text: String) -> (title: String, body: String) {
        let scalars = Array(text.unicodeScalars)
        let leading = scalars.prefix { $0.properties.isWhitespace }.count
        var end: Int?
        if let newline = scalars[leading...].firstIndex(of: "\n") {
            end = newline - leading + 1
        } else {
            end = sentenceEnd(scalars)
        }
        guard let end else { return (text, "") }
        let cut = min(end, scalars.count)
        func string(_ s: [Unicode.Scalar]) -> String { String(String.UnicodeScalarView(s)) }
        return (string(pythonStrip(Array(scalars[..<cut]))), string(pythonStrip(Array(scalars[cut...]))))
    }

    private static let terminals: Set<Unicode.Scalar> = [
        ".", "!", "?", "\u{2026}", "\u{203C}", "\u{203D}", "\u{2047}", "\u{2048}", "\u{2049}", "\u{22EF}", "\u{FE52}", "\u{FE57}",
    ]
    private static let closingQuotes: Set<Unicode.Scalar> = ["'", "\u{2019}", "\"", "\u{201D}"]
    private static let fullWidthTerminals: Set<Unicode.Scalar> = ["\u{FF01}", "\u{FF0E}", "\u{FF1F}", "\u{FF61}", "\u{3002}"]

    /// Where jrnl's sentence splitter ends the first sentence: a terminal, an optional closing
    /// quote, closing brackets, then white space (all of it); or a full-width terminal.
    static func sentenceEnd(_ s: [Unicode.Scalar]) -> Int? {
        var i = 0
        while i < s.count {
            if fullWidthTerminals.contains(s[i]) { return i + 1 }
            if terminals.contains(s[i]) {
                var j = i + 1
                if j < s.count, closingQuotes.contains(s[j]) { j += 1 }
                while j < s.count, s[j] == "]" || s[j] == ")" { j += 1 }
                let spaceStart = j
                while j < s.count, s[j].properties.isWhitespace { j += 1 }
                if j > spaceStart { return j }
            }
            i += 1
        }
        return nil
    }

    /// `@word` after white space or at the start: letters, digits, `_` and `-+*#/`, lower-cased.
    static func tags(in text: String) -> [String] {
        let s = Array(text.unicodeScalars)
        var found = Set<String>()
        var i = 0
        while i < s.count {
            if s[i] == "@", i == 0 || s[i - 1].properties.isWhitespace {
                var j = i + 1
                while j < s.count, isTagScalar(s[j]) { j += 1 }
                if j > i + 1 { found.insert(String(String.UnicodeScalarView(s[i..<j])).lowercased()) }
                i = j
                continue
            }
            i += 1
        }
        return found.sorted()
    }

    private static func isTagScalar(_ c: Unicode.Scalar) -> Bool {
        c == "_" || c == "-" || c == "+" || c == "*" || c == "#" || c == "/" || c.properties.isAlphabetic
            || c.properties.numericType != nil || c.properties.generalCategory == .nonspacingMark
    }

    static func pythonStrip(_ s: [Unicode.Scalar]) -> [Unicode.Scalar] { strip(s) { $0.properties.isWhitespace } }

    static func strip(_ s: [Unicode.Scalar], _ drop: (Unicode.Scalar) -> Bool) -> [Unicode.Scalar] {
        guard let first = s.firstIndex(where: { !drop($0) }), let last = s.lastIndex(where: { !drop($0) }) else { return [] }
        return Array(s[first...last])
    }
}
