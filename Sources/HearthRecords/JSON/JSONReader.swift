import Foundation

/// A strict JSON parser (RFC 8259) that records line numbers and never echoes its input in
/// errors: record text must not appear in messages. Depth and size are bounded.
public struct JSONReader {
    /// Why and where input is not valid JSON.
    public struct SyntaxError: Error, Equatable, Sendable {
        public let line: Int
        public let reason: String
    }

    public static let maximumDepth = 64
    /// The longest string, in UTF-8 bytes once unescaped: no record may hold more text in all
    /// (`RecordRules.maximumRecordTextBytes`), so a longer one is refused while it is read,
    /// before it costs memory.
    public static let maximumStringBytes = RecordRules.maximumRecordTextBytes
    /// The longest line of JSON Lines: a record of 1 MiB of text, escaped, fits.
    public static let maximumLineBytes = 8 << 20

    private let bytes: [UInt8]
    private var index = 0
    private var line = 1

    private init(_ bytes: [UInt8], firstLine: Int) {
        self.bytes = bytes
        self.line = firstLine
    }

    /// Parses exactly one JSON value (surrounding whitespace allowed).
    public static func parse(_ bytes: [UInt8], firstLine: Int = 1) throws(SyntaxError) -> JSONValue {
        var reader = JSONReader(bytes, firstLine: firstLine)
        reader.skipByteOrderMark()
        reader.skipWhitespace()
        let value = try reader.parseValue(depth: 0)
        reader.skipWhitespace()
        guard reader.index == reader.bytes.count else { throw reader.error("unexpected text after the end of the JSON value") }
        return value
    }

    /// Reads either one JSON value (which may span many lines) or JSON Lines (one value on
    /// each non-blank line). Returns the values with the line each started on.
    public static func parseValueOrLines(_ bytes: [UInt8]) throws(SyntaxError) -> [(value: JSONValue, line: Int)] {
        do {
            let value = try parse(bytes)
            let firstLine = 1 + (bytes.firstIndex { !isWhitespace($0) }.map { bytes[..<$0].filter { $0 == 0x0A }.count } ?? 0)
            return [(value, firstLine)]
        } catch let whole {
            // JSON Lines when the first non-blank line is a complete value on its own.
            guard let start = bytes.firstIndex(where: { !isWhitespace($0) }) else { throw whole }
            let lineStart = bytes[..<start].lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
            let lineEnd = newline(in: bytes, from: start) ?? bytes.count
            guard lineEnd - lineStart <= maximumLineBytes, (try? parse(Array(bytes[lineStart..<lineEnd]))) != nil else { throw whole }
            return try parseLines(bytes)
        }
    }

    /// Parses one JSON value per non-blank line (JSON Lines), with the line of each.
    public static func parseLines(_ bytes: [UInt8]) throws(SyntaxError) -> [(value: JSONValue, line: Int)] {
        var results: [(JSONValue, Int)] = []
        var start = 0
        var lineNumber = 1
        var lines: [(ArraySlice<UInt8>, Int)] = []
        for i in 0...bytes.count {
            if i == bytes.count || bytes[i] == 0x0A {
                lines.append((bytes[start..<i], lineNumber))
                start = i + 1
                lineNumber += 1
            }
        }
        for (slice, number) in lines {
            guard slice.count <= maximumLineBytes else {
                throw SyntaxError(line: number, reason: "the line is longer than Hearth reads (8 MiB)")
            }
            let content = Array(slice)
            guard content.contains(where: { !Self.isWhitespace($0) }) else { continue }
            results.append((try parse(content, firstLine: number), number))
        }
        return results
    }

    /// The index of the first newline at or after `start` (memchr: a 100 MB line is scanned in
    /// milliseconds, also in a debug build).
    private static func newline(in bytes: [UInt8], from start: Int) -> Int? {
        bytes.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> Int? in
            guard let base = raw.baseAddress, start < raw.count else { return nil }
            guard let found = memchr(base + start, 0x0A, raw.count - start) else { return nil }
            return base.distance(to: UnsafeRawPointer(found))
        }
    }

    private static func isWhitespace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }

    private func error(_ reason: String) -> SyntaxError { SyntaxError(line: line, reason: reason) }

    private mutating func skipByteOrderMark() {
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { index = 3 }
    }

    private mutating func skipWhitespace() {
        while index < bytes.count, Self.isWhitespace(bytes[index]) {
            if bytes[index] == 0x0A { line += 1 }
            index += 1
        }
    }

    private mutating func parseValue(depth: Int) throws(SyntaxError) -> JSONValue {
        guard depth < Self.maximumDepth else { throw error("the JSON is nested too deeply") }
        guard index < bytes.count else { throw error("the JSON ends too early") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return .object(try parseObject(depth: depth))
        case UInt8(ascii: "["): return try parseArray(depth: depth)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default: throw error("this is not valid JSON")
        }
    }

    private mutating func expectLiteral(_ word: StaticString) throws(SyntaxError) {
        let expected = word.withUTF8Buffer { Array($0) }
        guard index + expected.count <= bytes.count, Array(bytes[index..<index + expected.count]) == expected else {
            throw error("this is not valid JSON")
        }
        index += expected.count
    }

    private mutating func parseObject(depth: Int) throws(SyntaxError) -> JSONObject {
        var object = JSONObject(line: line)
        index += 1
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            return object
        }
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw error("a field name in quotes was expected") }
            let keyLine = line
            let key = try parseString()
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw error("a ':' was expected after a field name") }
            index += 1
            skipWhitespace()
            let value = try parseValue(depth: depth + 1)
            if object.members.contains(where: { $0.key == key }) {
                throw SyntaxError(line: keyLine, reason: "a field appears twice in one object")
            }
            object.members.append(.init(key: key, value: value, line: keyLine))
            skipWhitespace()
            guard index < bytes.count else { throw error("the JSON ends inside an object") }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            if bytes[index] == UInt8(ascii: "}") { index += 1; return object }
            throw error("a ',' or '}' was expected")
        }
    }

    private mutating func parseArray(depth: Int) throws(SyntaxError) -> JSONValue {
        var elements: [JSONValue] = []
        index += 1
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            return .array(elements)
        }
        while true {
            skipWhitespace()
            elements.append(try parseValue(depth: depth + 1))
            skipWhitespace()
            guard index < bytes.count else { throw error("the JSON ends inside a list") }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            if bytes[index] == UInt8(ascii: "]") { index += 1; return .array(elements) }
            throw error("a ',' or ']' was expected")
        }
    }

    private mutating func parseString() throws(SyntaxError) -> String {
        index += 1
        var out: [UInt8] = []
        while true {
            guard index < bytes.count else { throw error("a string is not closed") }
            let b = bytes[index]
            switch b {
            case UInt8(ascii: "\""):
                index += 1
                guard let text = String(validating: out, as: UTF8.self) else { throw error("the text is not valid UTF-8") }
                return text
            case UInt8(ascii: "\\"):
                index += 1
                guard index < bytes.count else { throw error("a string is not closed") }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""): out.append(0x22)
                case UInt8(ascii: "\\"): out.append(0x5C)
                case UInt8(ascii: "/"): out.append(0x2F)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try parseHex4()
                    if (0xD800...0xDBFF).contains(scalar) {
                        guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                            throw error("a string holds half of a surrogate pair")
                        }
                        index += 2
                        let low = try parseHex4()
                        guard (0xDC00...0xDFFF).contains(low) else { throw error("a string holds half of a surrogate pair") }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else if (0xDC00...0xDFFF).contains(scalar) {
                        throw error("a string holds half of a surrogate pair")
                    }
                    guard let unicode = Unicode.Scalar(scalar) else { throw error("a string holds an invalid character") }
                    out.append(contentsOf: Array(String(Character(unicode)).utf8))
                default:
                    throw error("a string holds an unknown escape")
                }
            case 0x00..<0x20:
                throw error("a string holds a raw control character (newlines must be written \\n)")
            default:
                out.append(b)
                index += 1
            }
            if out.count > Self.maximumStringBytes {
                throw error("a text is longer than Hearth keeps in one record (1 MiB)")
            }
        }
    }

    private mutating func parseHex4() throws(SyntaxError) -> UInt32 {
        guard index + 4 <= bytes.count else { throw error("a \\u escape is cut short") }
        var value: UInt32 = 0
        for b in bytes[index..<index + 4] {
            value <<= 4
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value |= UInt32(b - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): value |= UInt32(b - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): value |= UInt32(b - UInt8(ascii: "A") + 10)
            default: throw error("a \\u escape is not hexadecimal")
            }
        }
        index += 4
        return value
    }

    private mutating func parseNumber() throws(SyntaxError) -> JSONValue {
        let start = index
        var isInteger = true
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        func digits(_ reader: inout JSONReader) -> Int {
            var n = 0
            while reader.index < reader.bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(reader.bytes[reader.index]) {
                reader.index += 1
                n += 1
            }
            return n
        }
        let intStart = index
        let intDigits = digits(&self)
        guard intDigits > 0 else { throw error("a number is malformed") }
        if intDigits > 1, bytes[intStart] == UInt8(ascii: "0") { throw error("a number has a leading zero") }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            isInteger = false
            index += 1
            guard digits(&self) > 0 else { throw error("a number is malformed") }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            isInteger = false
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard digits(&self) > 0 else { throw error("a number is malformed") }
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        if isInteger, let value = Int64(text) { return .integer(value) }
        guard let value = Double(text), value.isFinite else { throw error("a number is out of range") }
        return .double(value)
    }
}
