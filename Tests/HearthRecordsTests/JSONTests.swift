import Testing
@testable import HearthRecords

@Suite struct JSONTests {
    @Test func parsesEveryValueTypeAndKeepsLines() throws {
        let text = "{\n  \"a\": 1,\n  \"b\": [true, false, null],\n  \"c\": \"x\\n\\u00e9\\ud83d\\ude00\",\n  \"d\": -2.5\n}"
        guard case .object(let o) = try JSONReader.parse(Array(text.utf8)) else { Issue.record("not an object"); return }
        #expect(o["a"] == .integer(1))
        #expect(o["b"] == .array([.bool(true), .bool(false), .null]))
        #expect(o["c"] == .string("x\né😀"))
        #expect(o["d"] == .double(-2.5))
        #expect(o.line(of: "c") == 4)
    }

    @Test func rejectsBrokenInputWithItsLine() {
        let cases: [(String, Int)] = [
            ("{\n\"a\": 1,\n\"b\": }", 3), ("[1, 2", 1), ("{\"a\": 01}", 1), ("\"\\ud800\"", 1), ("{\"a\":1}\n{", 2),
            ("{\"a\": 1, \"a\": 2}", 1), ("\"raw\nnewline\"", 1),
        ]
        for (text, line) in cases {
            #expect(throws: JSONReader.SyntaxError.self) { try JSONReader.parse(Array(text.utf8)) }
            do { _ = try JSONReader.parse(Array(text.utf8)) } catch { #expect(error.line == line, "\(text)") }
        }
    }

    @Test func readsJSONLinesAndMultiLineValues() throws {
        let lines = try JSONReader.parseValueOrLines(Array("{\"a\":1}\n\n{\"a\":2}\n".utf8))
        #expect(lines.map(\.line) == [1, 3])
        let one = try JSONReader.parseValueOrLines(Array("\n{\n \"a\": 1\n}\n".utf8))
        #expect(one.count == 1 && one[0].line == 2)
        do {
            _ = try JSONReader.parseValueOrLines(Array("{\"a\":1}\n{\"a\":}\n".utf8))
            Issue.record("accepted a broken line")
        } catch {
            #expect(error.line == 2)
        }
    }

    @Test func writerRoundTrips() throws {
        let value = JSONValue.object(JSONObject([
            "text": .string("a \"quote\"\n\ttab \u{01} é 😀"), "n": .integer(-3), "list": .array([]), "o": .object(JSONObject()),
        ]))
        #expect(try JSONReader.parse(Array(JSONWriter.pretty(value).utf8)) == value)
        #expect(try JSONReader.parse(Array(JSONWriter.compact(value).utf8)) == value)
        #expect(!JSONWriter.compact(value).contains("\n"))
    }
}
