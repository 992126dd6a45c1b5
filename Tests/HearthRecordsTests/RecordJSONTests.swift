import Testing
@testable import HearthRecords

@Suite struct RecordJSONTests {
    @Test func everyKindRoundTripsThroughJSON() throws {
        for record in RecordFixtures.everyKind() {
            let text = JSONWriter.pretty(.object(RecordJSON.object(for: record)))
            guard case .object(let object) = try JSONReader.parse(Array(text.utf8)) else { Issue.record("not an object"); continue }
            let back = try RecordJSON.record(from: object, kind: record.kind, now: .now())
            #expect(back == RecordNormalizer.normalize(record).withoutComputedFields, "\(record.kind)")
        }
    }

    @Test func unknownFieldsAndOutOfRangeValuesAreRefusedWithTheirLine() throws {
        let cases: [(String, String)] = [
            ("{\n\"state\": \"settled\",\n\"activation\": 3,\n\"mood\": \"x\"\n}", "line 4: unknown field `mood`"),
            ("{\n\"state\": \"settled\",\n\"activation\": 11\n}", "line 3: `activation` must be between 0 and 10"),
            ("{\"state\": \"calmish\", \"activation\": 3}", "`state` must be one of"),
            ("{\"activation\": 3}", "`state` is required"),
            ("{\"state\": \"settled\", \"activation\": \"3\"}", "`activation` must be a whole number"),
            ("{\"state\": \"settled\", \"activation\": 3, \"sensations\": [{\"region\": \"chest\", \"intensity\": 12}]}",
             "`intensity` must be between 0 and 10"),
            ("{\"state\": \"settled\", \"activation\": 3, \"kind\": \"journal\"}", "`kind` says journal"),
        ]
        for (text, expected) in cases {
            guard case .object(let object) = try JSONReader.parse(Array(text.utf8)) else { continue }
            do {
                _ = try RecordJSON.record(from: object, kind: .body, now: .now())
                Issue.record("accepted: \(text)")
            } catch {
                guard case .invalidInput(let why) = error else { Issue.record("\(error)"); continue }
                #expect(why.contains(expected), "\(why)")
                #expect(!why.contains("calmish") && !why.contains("\"x\""))
            }
        }
    }

    @Test func showFieldsAreAcceptedBackByAdd() throws {
        let object = RecordJSON.object(for: .person(RecordFixtures.person("Ana")))
        #expect(object["last_contact"] != nil && object["steadiness"] == .integer(4))
        let back = try RecordJSON.record(from: object, kind: .person, now: .now())
        guard case .person(let p) = back else { Issue.record("not a person"); return }
        #expect(p.name == "Ana" && p.steadinessHistory.count == 1 && p.checkInDays == 14)
    }

    @Test func previewsLeaveOutFreeText() {
        for record in RecordFixtures.everyKind() {
            let preview = RecordJSON.previewObject(for: record)
            #expect(preview["preview"] != nil)
            for key in RecordJSON.textFields { #expect(preview[key] == nil, "\(record.kind) \(key)") }
        }
    }

    @Test func searchQueriesAreQuotedSafely() throws {
        #expect(try SearchQuery("calm river").fts5 == "\"calm\" AND \"river\"")
        #expect(try SearchQuery("\"felt safe\" OR calm*").fts5 == "\"felt safe\" OR \"calm\"*")
        #expect(try SearchQuery("don't NOT (sad OR tired)").fts5 == "\"don't\" NOT ( \"sad\" OR \"tired\" )")
        #expect(try SearchQuery("a\"\"b").fts5.isEmpty == false)
        for bad in ["", "  ", "AND calm", "calm OR", "(calm", "calm)", "\"open"] {
            #expect(throws: RecordsError.invalidSearch, "\(bad)") { try SearchQuery(bad) }
        }
    }
}

@Suite struct PreviewTests {
    @Test func previewsShowTheFirstLineShortened() {
        #expect(Preview.firstLine("\n  \n\t Hello there  \nsecond", maxLength: 60) == "Hello there")
        #expect(Preview.firstLine("", maxLength: 60) == "")
        #expect(Preview.firstLine(" \n \n", maxLength: 60) == "")
        let long = String(repeating: "ab ", count: 100)
        let short = Preview.firstLine(long, maxLength: 10)
        #expect(short.count == 10 && short.hasSuffix("…"))
        #expect(Preview.firstLine(String(repeating: "x", count: 10), maxLength: 10) == String(repeating: "x", count: 10))
        #expect(Preview.firstLine(String(repeating: "x", count: 11), maxLength: 10) == String(repeating: "x", count: 9) + "…")
        #expect(Preview.firstLine("Ünïcödé 🌿 安心 and more words", maxLength: 12) == "Ünïcödé 🌿 安…")
        #expect(Preview.firstLine(String(repeating: "🌿", count: 100), maxLength: 5) == "🌿🌿🌿🌿…")
        #expect(Preview.firstLine("a\r\nb", maxLength: 5) == "a")
    }
}
