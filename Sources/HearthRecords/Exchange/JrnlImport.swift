import Foundation
import HearthCrypto

/// Reads jrnl's own JSON export (`jrnl --export json`):
///
///     {"tags": {"@work": 2}, "entries": [{"title": "...", "body": "...", "date": "2024-03-01",
///      "time": "21:30", "tags": ["@work"], "starred": false}, ...]}
///
/// Each entry becomes a journal entry: the title as its first line, then the body. jrnl times
/// have no offset; they are read in `timeZone`. jrnl entries have no ids, so each gets one
/// derived from its content under a key kept inside the vault (see `Records.derivedID`):
/// importing the same file again adds nothing, and the id reveals nothing about the text.
/// The id is derived from the date and time as the file writes them (`idContent`), never from
/// the time zone they are read in: the same file imported under another `TZ` adds nothing.
public enum JrnlImport {
    /// A jrnl entry as read, before it gets its id.
    public struct Entry: Sendable {
        public var text: String
        public var at: RecordTime
        public var tags: [String]
        public var starred: Bool
        /// A jrnl (Day One) uuid, when the entry had one.
        public var uuid: String?
        public var line: Int
        /// The date and time as the file writes them, `2024-03-01T21:30:00`, whatever the zone.
        public var writtenAt: String

        public init(text: String, at: RecordTime, tags: [String], starred: Bool, uuid: String?, line: Int, writtenAt: String) {
            self.text = text
            self.at = at
            self.tags = tags
            self.starred = starred
            self.uuid = uuid
            self.line = line
            self.writtenAt = writtenAt
        }

        /// What the entry's id is derived from: the same in every time zone.
        public var idContent: String { "jrnl-wall-clock\n\(writtenAt)\n\(text)" }

        /// What ids were derived from before: the time as read in the importing zone. An entry
        /// imported then under the same zone is recognised by it.
        public var legacyIDContent: String { "jrnl\n\(at.iso8601)\n\(text)" }
    }

    public static func entries(_ bytes: [UInt8], timeZone: TimeZone) throws(RecordsError) -> [Entry] {
        let value: JSONValue
        do {
            value = try JSONReader.parse(bytes)
        } catch {
            throw .invalidInput("line \(error.line): \(error.reason)")
        }
        let list: [JSONValue]
        let line: Int
        switch value {
        case .object(let top):
            guard case .array(let entries)? = top["entries"] else {
                throw .invalidInput("line \(top.line): this does not look like a jrnl JSON export (no \"entries\" list)")
            }
            list = entries
            line = top.line(of: "entries")
        case .array(let entries):
            list = entries
            line = 1
        default:
            throw .invalidInput("line 1: this does not look like a jrnl JSON export")
        }
        var out: [Entry] = []
        for element in list {
            guard case .object(let object) = element else { throw .invalidInput("line \(line): each entry must be a JSON object") }
            out.append(try entry(object, timeZone: timeZone))
        }
        return out
    }

    private static func entry(_ object: JSONObject, timeZone: TimeZone) throws(RecordsError) -> Entry {
        // jrnl adds fields over the years (uuid, creator): unknown ones are ignored here.
        var f = FieldReader(object, now: .now())
        let title = try f.text("title")
        let body = try f.text("body")
        guard let date = try f.string("date") else { throw f.fail("date", "is required") }
        let time = try f.string("time") ?? "00:00"
        let hhmm = time.count == 4 || time.count == 7 ? "0" + time : time
        let written = "\(date)T\(hhmm.count == 5 ? hhmm + ":00" : hhmm)"
        guard date.wholeMatch(of: /\d{4}-\d{2}-\d{2}/) != nil, time.wholeMatch(of: /\d{1,2}:\d{2}(:\d{2})?/) != nil,
              let at = RecordTime.parse(written, now: Date(), timeZone: timeZone)
        else {
            throw f.fail("date", "and `time` must look like 2024-03-01 and 21:30")
        }
        let tags = try f.strings("tags")
        let starred = try f.bool("starred") ?? false
        let uuid = try f.string("uuid")
        let trimmedBody = body.trimmingCharacters(in: .whitespacesAndNewlines)
        let text = trimmedBody.isEmpty ? title : title + "\n" + body
        guard !RecordRules.isBlank(text) else { throw f.fail("title", "and `body` are both empty") }
        return Entry(text: text, at: at, tags: tags, starred: starred, uuid: uuid, line: object.line, writtenAt: written)
    }
}

extension Records {
    /// A stable id for imported content that has none: a keyed BLAKE2b of the content under a
    /// random key kept inside this vault, formatted like a UUID.
    public func derivedID(for content: String) throws -> String {
        let key = try importKey()
        var bytes = Array(content.utf8)
        defer { Memory.wipe(&bytes) }
        let digest = bytes.withUnsafeBytes { GenericHash.mac($0, key: key, length: 16) }
        // By hand: String(format:) per byte cost more than the hash, for every imported entry.
        let digits = Array("0123456789abcdef".utf8)
        var id: [UInt8] = []
        id.reserveCapacity(36)
        for (i, byte) in digest.enumerated() {
            if i == 4 || i == 6 || i == 8 || i == 10 { id.append(UInt8(ascii: "-")) }
            id.append(digits[Int(byte >> 4)])
            id.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: id, as: UTF8.self)
    }

    /// The vault's key for derived ids, read (or made) once per `Records` (an import derives an
    /// id for every entry).
    private func importKey() throws -> SecretBytes {
        if let key = reading.importKey { return key }
        let key = try loadImportKey()
        reading.importKey = key
        return key
    }

    private func loadImportKey() throws -> SecretBytes {
        if var stored = try Data.fetchOne(db, sql: "SELECT value FROM setting WHERE name = 'import_id_key'") {
            defer { stored.resetBytes(in: 0..<stored.count) }
            return try SecretBytes(copying: Array(stored))
        }
        var fresh = Random.bytes(32)
        defer { Memory.wipe(&fresh) }
        try db.execute(sql: "INSERT INTO setting (name, value) VALUES ('import_id_key', ?)", arguments: [Data(fresh)])
        return try SecretBytes(copying: fresh)
    }
}
