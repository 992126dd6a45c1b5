import Foundation
import HearthRecords

/// Resolving one conflict (`hearth conflicts resolve`): a record kept twice because both copies
/// changed it (a merge, or an edit that met another change) becomes one again, or two records
/// of their own. Which one stays is the person's choice; what that means for the records is
/// decided here, in one transaction, and told back as a typed outcome the command words.
public enum ConflictResolution {
    /// What to keep.
    public enum Keep: String, Sendable, CaseIterable {
        /// The original stays; the copy is deleted.
        case original
        /// The copy's content replaces the original (the original's id and creation time stay),
        /// then the copy goes.
        case copy
        /// Both stay, as separate records.
        case both
    }

    /// What was done.
    public enum Outcome: Equatable, Sendable {
        /// The copy was already gone: only the link was removed.
        case copyGone(copy: String)
        case keptOriginal(original: String, copy: String)
        /// The original was gone: the copy stays, under its own id.
        case copyStandsAlone(copy: String)
        case copyReplacedOriginal(original: String, copy: String)
        case keptBoth(original: String, copy: String)
    }

    /// No conflict has that copy.
    public struct NoSuchConflict: Error, Equatable, Sendable {
        public let copy: String

        public init(copy: String) { self.copy = copy }
    }

    /// Several conflicts' copies begin with what was typed.
    public struct SeveralConflicts: Error, Equatable, Sendable {
        public let typed: String

        public init(typed: String) { self.typed = typed }
    }

    /// The link whose copy `typed` names: the copy's whole id, or a beginning of it (at least
    /// `RecordIDLookup.minimumPrefix` characters, as `hearth conflicts` shows it) that no other
    /// conflict's copy shares.
    public static func link(named typed: String, among links: [ConflictLink]) throws -> ConflictLink {
        let typed = typed.trimmingCharacters(in: .whitespaces).lowercased()
        if let exact = links.first(where: { $0.copyID == typed }) { return exact }
        guard typed.count >= RecordIDLookup.minimumPrefix else { throw NoSuchConflict(copy: typed) }
        let matches = links.filter { $0.copyID.hasPrefix(typed) }
        guard matches.count <= 1 else { throw SeveralConflicts(typed: typed) }
        guard let match = matches.first else { throw NoSuchConflict(copy: typed) }
        return match
    }

    /// The tags that mark a record as one side of a conflict; they go once it is resolved.
    public static let tags: Set<String> = [RecordMerge.conflictTag, "edit-conflict"]

    /// Resolves the conflict whose copy `typed` names (`link(named:among:)`) inside a change of the records.
    public static func resolve(copy typed: String, keeping keep: Keep, in r: Records, now: RecordTime) throws -> Outcome {
        let link = try link(named: typed, among: r.conflictLinks())
        let copy = link.copyID
        guard let copyRecord = try r.record(id: link.copyID) else {
            try r.resolveConflict(copy: copy)
            return .copyGone(copy: copy)
        }
        let original = try r.record(id: link.originalID)
        switch keep {
        case .original:
            try r.resolveConflict(copy: copy)
            try r.delete(id: copy)
            return .keptOriginal(original: link.originalID, copy: copy)
        case .copy:
            guard var replacement = original else {
                try r.update(untagged(copyRecord, now: now))
                try r.resolveConflict(copy: copy)
                return .copyStandsAlone(copy: copy)
            }
            var content = copyRecord
            content.common.id = replacement.id
            content.common.createdAt = replacement.common.createdAt
            replacement = untagged(content, now: now)
            try r.resolveConflict(copy: copy)
            try r.delete(id: copy)
            try r.update(replacement)
            return .copyReplacedOriginal(original: link.originalID, copy: copy)
        case .both:
            try r.update(untagged(copyRecord, now: now))
            try r.resolveConflict(copy: copy)
            return .keptBoth(original: link.originalID, copy: copy)
        }
    }

    private static func untagged(_ record: AnyRecord, now: RecordTime) -> AnyRecord {
        var record = record
        record.common.tags.removeAll { tags.contains($0) }
        record.common.updatedAt = now
        return record
    }
}
