import Foundation
import HearthCrypto
import HearthMessages
import HearthRecords
import HearthRunContext

/// Changing one record. The vault is not locked while the person edits; on saving, the
/// vault is read again under the lock, so changes made meanwhile to other records are kept,
/// and if this same record changed meanwhile, both versions are kept (yours as a new record
/// tagged `edit-conflict`). If it was deleted meanwhile, your version is saved as a new record.
struct EditFlow {
    static let conflictTag = "edit-conflict"

    let kind: RecordKind
    let access: RecordAccess
    let original: AnyRecord

    var command: String { "hearth \(kind.commandName) edit \(original.id)" }

    /// The edited field values applied to the original, as a record with a new `updated_at`.
    /// A changed steadiness or believability is appended to its history, dated now.
    func build(_ edited: JSONObject, now: RecordTime = HearthClock.current.recordNow()) throws -> AnyRecord {
        let base = RecordJSON.object(for: original)
        var merged = base
        for member in edited.members where member.key != "id" && member.key != "kind" {
            merged[member.key] = member.value
        }
        if let id = edited["id"]?.stringValue, id != original.id {
            throw RecordsError.invalidInput("`id` cannot be changed")
        }
        switch kind {
        case .person:
            if let new = edited["steadiness"], new != base["steadiness"], case .integer = new {
                var history = base["steadiness_history"]?.arrayValue ?? []
                history.append(.object(JSONObject(["at": .string(now.iso8601), "steadiness": new])))
                merged["steadiness_history"] = .array(history)
            }
        case .belief:
            let b = edited["believability"] ?? base["believability"] ?? .null
            let c = edited["counter_believability"] ?? base["counter_believability"] ?? .null
            if b != (base["believability"] ?? .null) || c != (base["counter_believability"] ?? .null), b != .null || c != .null {
                var ratings = base["ratings"]?.arrayValue ?? []
                ratings.append(.object(JSONObject(["at": .string(now.iso8601), "believability": b, "counter_believability": c])))
                merged["ratings"] = .array(ratings)
            }
        default:
            break
        }
        merged["updated_at"] = .string(original.common.updatedAt.iso8601)
        var record = try RecordJSON.record(from: merged, kind: kind, now: now)
        if record.withoutComputedFields != RecordNormalizer.normalize(original).withoutComputedFields {
            record.common.updatedAt = now
        }
        return record
    }

    /// True when nothing but computed fields differ.
    func isUnchanged(_ record: AnyRecord) -> Bool {
        record.withoutComputedFields == RecordNormalizer.normalize(original).withoutComputedFields
    }

    /// Saves `record` as the new version of the original (see the type's comment).
    func save(_ record: AnyRecord) throws {
        let outcome: Message = try access.change { r in
            let current = try r.record(id: original.id)
            // Unchanged meanwhile: the same time stamp and the same content (times have
            // one-second resolution, so the content is compared too).
            if let current, current.common.updatedAt == original.common.updatedAt,
               current.withoutComputedFields == RecordNormalizer.normalize(original).withoutComputedFields {
                try r.update(record)
                return .saved(count: 1, plural: "")
            }
            var copy = record
            copy.common.id = RecordID.make()
            copy.common.createdAt = record.common.updatedAt
            copy.common.tags.append(Self.conflictTag)
            try r.insert(copy)
            if current != nil {
                // Listed by `hearth conflicts` until resolved.
                try r.linkConflict(ConflictLink(copyID: copy.id, originalID: original.id, origin: .edit, notedAt: record.common.updatedAt))
            }
            if current == nil {
                return .savedAsNew(singular: kind.singular, id: copy.id)
            }
            return .editConflict(singular: kind.singular, original: original.id, copy: copy.id, tag: Self.conflictTag)
        }
        Console.message(outcome)
    }
}
