import Foundation
import HearthCrypto
import HearthRecords

/// The SQLite image check after decryption: what `RecordVault.open` and `hearth verify` do with
/// a payload that authenticated (`PlaintextDatabase.load`, the schema upgrade, then
/// `integrityProblems` and the record counts). A payload that authenticates was written by a key
/// holder, but a hostile one (or a bug) must still give "damaged", never a crash.
enum DatabaseFuzz {
    static func run(_ input: [UInt8]) {
        guard let image = PlaintextDatabase.allocator.allocate(max(1, input.count)) else { return }
        input.withUnsafeBytes { raw in
            if !raw.isEmpty { image.copyMemory(from: raw) }
        }
        guard let database = try? PlaintextDatabase.load(image: image, length: input.count) else { return }
        _ = try? database.integrityProblems()
        _ = try? RecordStore(database: database).counts()
    }
}

/// The `--json` reader of `hearth KIND add --json`: one object or JSON Lines, each turned into a
/// record of the kind the first byte picks, then inserted into an empty database (rolled back),
/// as `add` does. Records that read must also print back (`show --json`) and read again.
enum JSONFuzz {
    struct RollBack: Error {}

    static let database = try! PlaintextDatabase.empty()
    static let now = RecordTime.now()

    static func runAddJSON(_ input: [UInt8]) {
        guard let selector = input.first else { return }
        let kinds: [RecordKind?] = [nil] + RecordKind.allCases
        let kind = kinds[Int(selector) % kinds.count]
        guard let values = try? JSONReader.parseValueOrLines(Array(input.dropFirst())) else { return }
        var records: [AnyRecord] = []
        for (value, _) in values {
            guard case .object(let object) = value,
                  let record = try? RecordJSON.record(from: object, kind: kind, now: now) else { return }
            records.append(record)
            // What `show --json` prints of it reads back as a record.
            let printed = JSONWriter.compact(.object(RecordJSON.object(for: record)))
            guard let reread = try? JSONReader.parse(Array(printed.utf8)) else {
                require(false, "show --json printed text the JSON reader refuses")
                return
            }
            guard case .object(let again) = reread else { require(false, "show --json printed a non-object"); return }
            require((try? RecordJSON.record(from: again, kind: kind, now: now)) != nil, "show --json printed a record add --json refuses")
        }
        insertAndRollBack(records)
    }

    /// `hearth import --format json`: Hearth's own archive, an array of records, or JSON Lines.
    static func runArchive(_ input: [UInt8]) {
        guard let contents = try? RecordArchive.read(input, now: now) else { return }
        insertAndRollBack(contents.items.map(\.record))
    }

    /// `hearth import --format jrnl`: jrnl's JSON export, read in a fixed time zone.
    static func runJrnl(_ input: [UInt8]) {
        _ = try? JrnlImport.entries(input, timeZone: TimeZone(identifier: "Europe/Berlin")!)
    }

    static func insertAndRollBack(_ records: [AnyRecord]) {
        guard !records.isEmpty else { return }
        _ = try? RecordStore(database: database).write { r in
            for record in records { try? r.insert(record) }
            throw RollBack()
        }
    }
}

/// The search query parser (`hearth search QUERY`): whatever is typed, the FTS5 expression it
/// gives must be one SQLite accepts. Run against a small database holding one record.
enum QueryFuzz {
    static let store: RecordStore = {
        let store = RecordStore(database: try! PlaintextDatabase.empty())
        let object = try! JSONReader.parse(Array(#"{"text": "a quiet walk by the sea, don't rush", "feelings": ["calm"]}"#.utf8))
        guard case .object(let o) = object else { fatalError() }
        let record = try! RecordJSON.record(from: o, kind: .journal, now: .now())
        try! store.write { try $0.insert(record) }
        return store
    }()

    static func run(_ input: [UInt8]) {
        // Known open findings (reproducers in Fuzz/Crashes/query/, replayed by Scripts/fuzz):
        // a NUL, and a `"` that a combining mark joins into one Character. HEARTH_FUZZ_SKIP
        // (query-nul, query-quote-mark) lets a long run look past them for other faults.
        if input.contains(0), FuzzTargets.skipped.contains("query-nul") { return }
        let typed = String(decoding: input, as: UTF8.self)
        if FuzzTargets.skipped.contains("query-quote-mark"),
           typed.contains(where: { $0 != "\"" && $0.unicodeScalars.contains("\"") }) { return }
        guard let query = try? SearchQuery(typed) else { return }
        _ = query.phrases
        do {
            _ = try store.read { try $0.search(query, limit: 5, highlight: ("[", "]")) }
        } catch {
            require(false, "a query that parsed is refused by SQLite: \(error)")
        }
    }
}
