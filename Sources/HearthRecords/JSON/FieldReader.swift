import Foundation

/// Reads the fields of one JSON object strictly: every value must have the right type and
/// range, and any field left unread at the end is unknown (invalid input). Errors name the
/// line and the field, never the value.
struct FieldReader {
    let object: JSONObject
    private(set) var read: Set<String> = []
    let now: RecordTime

    init(_ object: JSONObject, now: RecordTime) {
        self.object = object
        self.now = now
    }

    func fail(_ key: String, _ reason: String) -> RecordsError {
        .invalidInput(Self.located(line: object.line(of: key), "`\(key)` \(reason)"))
    }

    static func located(line: Int, _ message: String) -> String {
        line > 0 ? "line \(line): \(message)" : message
    }

    /// The raw value, marking the field as read; nil when absent or null.
    mutating func value(_ key: String) -> JSONValue? {
        read.insert(key)
        guard let value = object[key], value != .null else { return nil }
        return value
    }

    /// Marks a field as known but ignored (computed fields a `show --json` prints).
    mutating func ignore(_ key: String) { read.insert(key) }

    mutating func string(_ key: String) throws(RecordsError) -> String? {
        guard let value = value(key) else { return nil }
        guard case .string(let s) = value else { throw fail(key, "must be text (a JSON string)") }
        return s
    }

    /// Text that may be absent (empty).
    mutating func text(_ key: String) throws(RecordsError) -> String { try string(key) ?? "" }

    mutating func requiredText(_ key: String) throws(RecordsError) -> String {
        guard let s = try string(key), !RecordRules.isBlank(s) else { throw fail(key, "is required") }
        return s
    }

    mutating func integer(_ key: String, in range: ClosedRange<Int>) throws(RecordsError) -> Int? {
        guard let value = value(key) else { return nil }
        return try Self.integer(value, in: range) { (reason) in fail(key, reason) }
    }

    static func integer(_ value: JSONValue, in range: ClosedRange<Int>, fail: (String) -> RecordsError) throws(RecordsError) -> Int {
        let number: Int
        switch value {
        case .integer(let n) where n >= Int64(Int.min) && n <= Int64(Int.max): number = Int(n)
        case .double(let d) where d == d.rounded() && abs(d) < 1e15: number = Int(d)
        default: throw fail("must be a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        guard range.contains(number) else { throw fail("must be between \(range.lowerBound) and \(range.upperBound)") }
        return number
    }

    mutating func bool(_ key: String) throws(RecordsError) -> Bool? {
        guard let value = value(key) else { return nil }
        guard case .bool(let b) = value else { throw fail(key, "must be true or false") }
        return b
    }

    mutating func word<W: VocabularyWord>(_ key: String, _: W.Type) throws(RecordsError) -> W? {
        guard let s = try string(key) else { return nil }
        if s.unicodeScalars.allSatisfy({ CharacterSet.whitespaces.contains($0) }) { return nil }
        guard let word = W(word: s) else { throw fail(key, "must be one of: \(W.words.joined(separator: ", "))") }
        return word
    }

    /// A list of strings (a single string counts as a list of one).
    mutating func strings(_ key: String) throws(RecordsError) -> [String] {
        guard let value = value(key) else { return [] }
        switch value {
        case .string(let s): return [s]
        case .array(let elements):
            var out: [String] = []
            for element in elements {
                guard case .string(let s) = element else { throw fail(key, "must be a list of strings") }
                out.append(s)
            }
            return out
        default: throw fail(key, "must be a list of strings")
        }
    }

    mutating func time(_ key: String) throws(RecordsError) -> RecordTime? {
        guard let s = try string(key) else { return nil }
        guard let time = RecordTime.parse(s, now: now.date, timeZone: .current) else {
            throw fail(key, "must be a date such as 2026-11-24T21:30:00+01:00, in the years 1 to 9999, with an offset within ±18:00")
        }
        return time
    }

    /// A list of objects, each read by `body` with its own strict reader.
    mutating func objects<T>(_ key: String, _ body: (inout FieldReader) throws(RecordsError) -> T) throws(RecordsError) -> [T]? {
        guard let value = value(key) else { return nil }
        guard case .array(let elements) = value else { throw fail(key, "must be a list of objects") }
        var out: [T] = []
        for element in elements {
            guard case .object(var inner) = element else { throw fail(key, "must be a list of objects") }
            if inner.line == 0 { inner.line = object.line(of: key) }
            var reader = FieldReader(inner, now: now)
            out.append(try body(&reader))
            try reader.finish(context: key)
        }
        return out
    }

    /// Fails on the first field that was never read.
    func finish(context: String? = nil) throws(RecordsError) {
        for member in object.members where !read.contains(member.key) {
            let name = Self.printableName(member.key)
            let inside = context.map { " in `\($0)`" } ?? ""
            throw .invalidInput(Self.located(line: member.line, "unknown field \(name)\(inside)"))
        }
    }

    /// A field name as it may appear in a message: short identifiers only, never free text.
    static func printableName(_ key: String) -> String {
        let plain = key.count <= 40 && key.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }
        return plain ? "`\(key)`" : "(a field whose name is not a plain word)"
    }
}
