import Foundation

/// Hearth's own export: every record and tombstone as JSON, lossless, read back by `import`.
///
///     {"format": "hearth-export", "version": 1, "exported_at": "...",
///      "records": [ {show --json object}, ... ], "tombstones": [ {"id", "kind", "deleted_at"}, ... ],
///      "unreadable": [ {"id", "kind", "stored": {column: value, ...}}, ... ]}
///
/// `unreadable` (only when there are any) keeps, raw, the stored values of records that could
/// not be read; `import` skips it: such values are not valid records.
/// `import` also reads a bare array of record objects, or JSON Lines of them.
public enum RecordArchive {
    public static let formatName = "hearth-export"
    public static let version = 1

    /// A record read from input, with the line it started on.
    public struct Item: Sendable {
        public var record: AnyRecord
        public var line: Int
        /// Normalized and checked against `RecordRules` as it was read (`RecordJSON.record`), so an
        /// import does not do it again for every record; items made elsewhere are checked on insert.
        var isChecked = false

        public init(record: AnyRecord, line: Int) {
            self.record = record
            self.line = line
        }

        init(checked record: AnyRecord, line: Int) {
            self.init(record: record, line: line)
            isChecked = true
        }
    }

    /// What an archive holds.
    public struct Contents: Sendable {
        public var items: [Item]
        public var tombstones: [Tombstone]
    }

    public static func document(
        records: [AnyRecord], tombstones: [Tombstone], exportedAt: RecordTime, unreadable: [UnreadableRecord] = []
    ) -> JSONValue {
        var object = JSONObject([
            "format": .string(formatName),
            "version": .integer(Int64(version)),
            "exported_at": .string(exportedAt.iso8601),
            "records": .array(records.map { .object(RecordJSON.object(for: $0)) }),
            "tombstones": .array(tombstones.map {
                .object(JSONObject(["id": .string($0.id), "kind": .string($0.kind.rawValue), "deleted_at": .string($0.deletedAt)]))
            }),
        ])
        if !unreadable.isEmpty {
            object["unreadable"] = .array(unreadable.map {
                .object(JSONObject(["id": .optionalString($0.id), "kind": .optionalString($0.kind?.rawValue), "stored": .object($0.stored)]))
            })
        }
        return .object(object)
    }

    /// Records as JSON Lines, one record a line (`export --format jsonl`): what `import` and
    /// `add --json` read back, without deletions or the document's own keys.
    public static func lines(records: [AnyRecord]) -> String {
        records.map { JSONWriter.compact(.object(RecordJSON.object(for: $0))) + "\n" }.joined()
    }

    /// Reads an archive (or an array, or JSON Lines, of records). Invalid input names its line.
    public static func read(_ bytes: [UInt8], now: RecordTime) throws(RecordsError) -> Contents {
        let values: [(value: JSONValue, line: Int)]
        do {
            values = try JSONReader.parseValueOrLines(bytes)
        } catch {
            throw .invalidInput("line \(error.line): \(error.reason)")
        }
        if values.count == 1, case .object(let top) = values[0].value, top["format"] != nil || top["records"] != nil {
            return try readDocument(top, now: now)
        }
        if values.count == 1, case .array(let elements) = values[0].value {
            return Contents(items: try records(elements, fallbackLine: values[0].line, now: now), tombstones: [])
        }
        var items: [Item] = []
        for (value, line) in values {
            guard case .object(let object) = value else { throw .invalidInput("line \(line): a record must be a JSON object") }
            items.append(Item(checked: try RecordJSON.record(from: object, kind: nil, now: now), line: line))
        }
        return Contents(items: items, tombstones: [])
    }

    private static func readDocument(_ top: JSONObject, now: RecordTime) throws(RecordsError) -> Contents {
        var f = FieldReader(top, now: now)
        guard try f.string("format") == formatName else { throw f.fail("format", "must be \"\(formatName)\"") }
        guard let version = try f.integer("version", in: 1...Int.max) else { throw f.fail("version", "is required") }
        guard version <= Self.version else {
            throw f.fail("version", "is \(version), newer than this Hearth reads (\(Self.version)); please update Hearth")
        }
        _ = try f.time("exported_at")
        guard case .array(let elements)? = f.value("records") else { throw f.fail("records", "must be a list of records") }
        let items = try records(elements, fallbackLine: top.line(of: "records"), now: now)
        f.ignore("unreadable")  // raw values of records that could not be read: not records
        let tombstones = try f.objects("tombstones") { (t) throws(RecordsError) -> Tombstone in
            guard let id = try t.string("id"), RecordID.isValid(id) else { throw t.fail("id", "must be a record id") }
            guard let kind = try t.string("kind").flatMap(RecordKind.init(rawValue:)) else { throw t.fail("kind", "must be a record kind") }
            guard let deletedAt = try t.time("deleted_at") else { throw t.fail("deleted_at", "is required") }
            return Tombstone(id: id, kind: kind, deletedAt: deletedAt)
        } ?? []
        try f.finish()
        return Contents(items: items, tombstones: tombstones)
    }

    private static func records(_ elements: [JSONValue], fallbackLine: Int, now: RecordTime) throws(RecordsError) -> [Item] {
        var items: [Item] = []
        for element in elements {
            guard case .object(let object) = element else {
                throw .invalidInput("line \(fallbackLine): each record must be a JSON object")
            }
            items.append(Item(checked: try RecordJSON.record(from: object, kind: nil, now: now), line: object.line))
        }
        return items
    }
}
