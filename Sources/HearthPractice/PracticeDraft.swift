import Foundation
import HearthDraftOrigin
import HearthRecords

/// Everything a practice gathered that is not in the vault yet, as a small JSON document: what
/// Hearth keeps in a private memory-only draft when the save at the end of a practice cannot
/// happen (a busy vault, a full disk, a vault changed or gone, a session's key that stopped
/// fitting), so that no answer is lost. `hearth practice --draft PATH` reads it back and stores
/// it, in one transaction, into the vault as it is then (Docs/FORMAT.md, "Practice drafts").
public struct PracticeDraft: Equatable, Sendable {
    /// What the document says it is, so that another file given by mistake is refused clearly.
    public static let format = "hearth practice draft"
    /// 2 added `vault_id` and `vault_path` (version 1 drafts name no vault).
    public static let version = 2
    /// The draft's file name in its private folder.
    public static let fileName = "practice.json"

    /// The practice it came from (nil: read from a draft that did not say).
    public var practice: Practice?
    public var changes: PracticeChanges
    /// The vault the practice ran on (nil: a draft that does not say, kept by an earlier Hearth).
    public var origin: DraftOrigin?

    public init(practice: Practice?, changes: PracticeChanges, origin: DraftOrigin? = nil) {
        self.practice = practice
        self.changes = changes
        self.origin = origin
    }

    /// The document, pretty-printed (a person may open it to read their words).
    public var text: String {
        var object = JSONObject([
            "format": .string(Self.format), "version": .integer(Int64(Self.version)),
            "practice": .optionalString(practice?.rawValue),
        ])
        if let origin {
            object["vault_id"] = .string(origin.vaultID)
            object["vault_path"] = .optionalString(origin.vaultPath)
        }
        object["changes"] = .array(changes.entries.map { key, change in
            var o = JSONObject(["key": .string(key)])
            o.members += change.jsonObject.members
            return .object(o)
        })
        return JSONWriter.pretty(.object(object)) + "\n"
    }

    /// Reads a draft strictly; anything else (another file, a newer version, a change edited
    /// out of range) is refused as invalid input, naming the field and never a value.
    /// `now` only fills times a record may leave out.
    public init(reading bytes: [UInt8], now: RecordTime) throws(RecordsError) {
        let value: JSONValue
        do throws(JSONReader.SyntaxError) {
            value = try JSONReader.parse(bytes)
        } catch {
            throw .invalidInput("this is not a practice draft (not JSON: line \(error.line): \(error.reason))")
        }
        guard case .object(let object) = value, object["format"] == .string(Self.format) else {
            throw .invalidInput("this is not a practice draft")
        }
        guard case .integer(let version)? = object["version"], version >= 1 else {
            throw .invalidInput("the practice draft has no `version`")
        }
        guard version <= Int64(Self.version) else {
            throw .invalidInput("the practice draft was written by a newer Hearth (version \(version)); update Hearth to save it")
        }
        let fields = ["format", "version", "practice", "changes"] + (version >= 2 ? ["vault_id", "vault_path"] : [])
        if let unknown = object.keys.first(where: { !fields.contains($0) }) {
            throw .invalidInput("a practice draft has no field `\(unknown.prefix(40))`")
        }
        origin = try Self.origin(object)
        switch object["practice"] {
        case nil, .null?: practice = nil
        case .string(let name)? where Practice(rawValue: name) != nil: practice = Practice(rawValue: name)
        default: throw .invalidInput("`practice` must be one of: \(Practice.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard case .array(let items)? = object["changes"] else { throw .invalidInput("the practice draft has no `changes`") }
        var changes = PracticeChanges()
        for (index, item) in items.enumerated() {
            let place = "change \(index + 1)"
            guard case .object(var fields) = item else { throw .invalidInput("\(place) must be an object") }
            guard case .string(let key)? = fields["key"], !key.isEmpty else { throw .invalidInput("\(place): `key` is needed") }
            guard !changes.entries.contains(where: { $0.key == key }) else { throw .invalidInput("\(place): its `key` is used twice") }
            fields.members.removeAll { $0.key == "key" }
            changes.set(key, try PracticeChange(json: fields, place: place, now: now))
        }
        self.changes = changes
    }

    /// The vault named by `vault_id` (with `vault_path`, where it was), or nil when it names none.
    private static func origin(_ object: JSONObject) throws(RecordsError) -> DraftOrigin? {
        let path: String?
        switch object["vault_path"] {
        case nil, .null?: path = nil
        case .string(let text)?: path = text
        default: throw .invalidInput("`vault_path` must be a string")
        }
        switch object["vault_id"] {
        case nil, .null?:
            return nil
        case .string(let id)?:
            guard let origin = DraftOrigin(vaultID: id, vaultPath: path, recordID: nil) else {
                throw .invalidInput("`vault_id` must be 32 hexadecimal digits")
            }
            return origin
        default:
            throw .invalidInput("`vault_id` must be 32 hexadecimal digits")
        }
    }
}
