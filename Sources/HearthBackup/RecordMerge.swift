import Foundation
import HearthRecords

/// What `hearth merge` did, record by record (ids and kinds only: never text).
public struct MergeReport: Sendable {
    public struct Entry: Sendable, Equatable {
        public let kind: RecordKind
        public let id: String
    }

    public struct Conflict: Sendable, Equatable {
        public let kind: RecordKind
        /// The record here (it may have been deleted here).
        public let original: String
        /// The other copy's version, kept as a new record linked to the original.
        public let copy: String
        public let originalDeleted: Bool
    }

    /// New on the other side: brought over.
    public var added: [Entry] = []
    /// Changed on the other side only: its change taken.
    public var updated: [Entry] = []
    /// Deleted on the other side (this version or an earlier one it knew): deleted here.
    public var deleted: [Entry] = []
    /// Changed on both sides: both kept, the other's as a linked copy.
    public var conflicts: [Conflict] = []
    /// Deleted on the other side, but changed here after that deletion: kept.
    public var keptChangedAfterDeletion: [Entry] = []
    /// Changed on the other side, but deleted here after that change: stays deleted.
    public var stayedDeleted: [Entry] = []
    /// Links to people or connections that are not in this vault, left out of the records
    /// brought over (a person deleted here, for example).
    public var droppedLinks: [Entry] = []
    /// Deletions noted for records neither copy holds any more.
    public var tombstonesNoted = 0
    /// Records the same on both sides, or newer here.
    public var unchanged = 0
    /// True when the other copy was only added from (`RecordMerge.Trust.onlyAdd`): its changes and
    /// deletions were not applied here.
    public var onlyAdded = false
    /// Changed on the other side, which would have replaced the version here: kept beside it as a
    /// conflict copy instead (only-add merges). Each is also in `conflicts`.
    public var notReplaced: [Entry] = []
    /// Deleted on the other side, but kept here: the other copy's deletions are not applied in an
    /// only-add merge.
    public var notDeleted: [Entry] = []
    /// A deletion or change whose time is more than a day in the future (or unreadable): which came
    /// first is unknown, so both were kept (the record here, and the other version as a conflict copy).
    public var unknownTime: [Entry] = []
    /// Deleted here and still held by the other copy, which was only added from: it stays
    /// deleted (their version is listed, not brought back as a conflict copy).
    public var notBroughtBack: [Entry] = []
    /// Records that came in from a copy only added from (new records and conflict copies):
    /// each is tagged `from-untrusted-copy`.
    public var fromUntrustedCopy: [Entry] = []
    /// Records kept from the other copy whose `created_at` or `updated_at` was more than a day
    /// in the future: stored dated now.
    public var datedNow: [Entry] = []
    /// Records of the other copy whose stored values could not be read, or that break the
    /// rules every record here follows (a NUL, more than 1 MiB of text: a copy made by an older
    /// Hearth or planted by a former key holder), named by id (or row): not brought over, and
    /// nothing else of the merge depends on them.
    public var unreadableInOther: [String] = []
    /// Records here whose stored values could not be read: left exactly as they are (the other
    /// copy's version of them, or its deletion, is not applied).
    public var unreadableHere: [String] = []

    /// True when the vault changes (and so is saved).
    public var changedSomething: Bool {
        !added.isEmpty || !updated.isEmpty || !deleted.isEmpty || !conflicts.isEmpty || tombstonesNoted > 0
            || historyGrew || savesLearned
    }

    /// The other copy's save history held saves this one did not (no visible change, but saved
    /// so that a computer whose save was in that copy knows it is here now).
    public var savesLearned = false

    /// Histories learned from the other copy (no visible change, but saved so that the next
    /// merge knows them).
    public var historyGrew = false
}

/// Brings the records of another copy of the vault into this one, record by record:
///
/// - new on either side → kept (brought over);
/// - changed on one side only → that change. "Changed" is decided by history, not clocks: every
///   change gives a record a new version token, and each copy keeps every version each record
///   has had (`record_version`), so when this copy's history holds the other's current
///   version, the other side did not change it since, and vice versa;
/// - changed on both sides → both kept: this copy's version stays, the other's becomes a new
///   record linked to it as a conflict (`hearth conflicts`), tagged `merge-conflict`;
/// - deleted on one side → deleted on both, when the deletion saw the version the other side
///   has, or came after it in time; a change the deletion did not see and that came after it
///   is kept (a change here stays; a change there comes over as a conflict copy), so that
///   nothing written after a deletion is lost;
/// - merging the same copy again changes nothing (the histories now know every version, and a
///   version already kept as a copy is not copied again).
///
/// Works on `AnyRecord` and the records API only, so every record kind, present and future,
/// merges the same way.
///
/// Times come last: version tokens decide first, and a time more than a day in the future
/// (`TimeTrust`) is unknown, so both versions are kept, and a record kept with such a time is
/// stored dated now. A copy whose keys are older than the vault's (opened with keys a rekey
/// retired), or otherwise not trusted, may have been written by whoever holds those keys: from
/// such a copy a merge only adds, and tags what it brings (`Trust.onlyAdd`).
public enum RecordMerge {
    public static let conflictTag = "merge-conflict"
    /// The tag of every record that came in from a copy only added from (`Trust.onlyAdd`): whoever
    /// wrote that copy may not hold the vault's keys, so the person can find and check them.
    public static let untrustedTag = "from-untrusted-copy"

    /// How far the other copy's changes and deletions are taken.
    public enum Trust: Sendable {
        /// Its changes replace, and its deletions delete, as the rules above say.
        case full
        /// Only what is new comes in, tagged `from-untrusted-copy`: a record it changed becomes a
        /// conflict copy beside the one here (tagged too), a record deleted here stays deleted,
        /// its deletions delete nothing here, and its version histories are not learned.
        case onlyAdd
    }

    /// Merges `other` into `this` in one transaction (nothing is changed when it throws).
    /// `progress(done, total)` hears how many of the other copy's records were merged so far;
    /// what it throws stops the merge, and nothing is changed.
    public static func merge(
        from other: RecordStore, into this: RecordStore, trust: Trust = .full, now: RecordTime = .now(),
        progress: ((Int, Int) throws -> Void)? = nil
    ) throws -> MergeReport {
        let (theirs, unreadable, theirSaves) = try other.read { r in
            (TheirCopy(
                records: try r.all(), tombstones: try r.tombstones(), heads: try r.currentVersions(),
                history: try r.versionHistory(), conflicts: try r.conflictLinks()), r.unreadable.map(\.name), try r.saveHistory())
        }
        return try this.write { r in
            var merger = try Merger(records: r, theirs: theirs, onlyAdd: trust == .onlyAdd, now: now)
            merger.report.unreadableInOther = unreadable
            try merger.mergeRecords(progress: progress)
            try merger.mergeTombstones()
            try merger.bringConflictLinks()
            // The save history is the union of both (Docs/FORMAT.md, "Save history"); from a copy
            // only added from, none of it: a planted history would hide a save that is missing.
            if trust == .full { merger.report.savesLearned = try r.learnSaves(theirSaves) }
            return merger.report
        }
    }
}

/// What is read from the other copy, once.
private struct TheirCopy {
    let records: [AnyRecord]
    let tombstones: [Tombstone]
    let heads: [String: String]
    let history: [String: Set<String>]
    let conflicts: [ConflictLink]
}

/// One merge in progress, inside the write transaction of the vault being merged into.
private struct Merger {
    let records: Records
    let theirs: TheirCopy
    /// The other copy's conflict copies: copy id → original id.
    let theirCopies: [String: String]
    /// Only add from the other copy (see `RecordMerge.Trust.onlyAdd`).
    let onlyAdd: Bool
    let now: RecordTime
    var myHeads: [String: String]
    var myHistory: [String: Set<String>]
    /// Records kept twice in this merge: the other side's history is not learned for them,
    /// because neither version replaced the other.
    var conflicted = Set<String>()
    var report = MergeReport()

    init(records: Records, theirs: TheirCopy, onlyAdd: Bool, now: RecordTime) throws {
        self.records = records
        self.theirs = theirs
        theirCopies = Dictionary(theirs.conflicts.map { ($0.copyID, $0.originalID) }, uniquingKeysWith: { a, _ in a })
        self.onlyAdd = onlyAdd
        self.now = now
        myHeads = try records.currentVersions()
        myHistory = try records.versionHistory()
        report.onlyAdded = onlyAdd
    }

    /// A time that may decide between two versions: nil when unreadable or more than a day ahead.
    func known(_ date: Date) -> Date? { TimeTrust.known(date, now: now.date) }
    func known(_ text: String) -> Date? { TimeTrust.known(text, now: now.date) }

    func iKnow(_ version: String?, of id: String) -> Bool {
        guard let version else { return false }
        return myHistory[id]?.contains(version) ?? false
    }

    func theyKnow(_ version: String?, of id: String) -> Bool {
        guard let version else { return false }
        return theirs.history[id]?.contains(version) ?? false
    }

    /// What a record says, without what differs between a record and its conflict copy
    /// (id, conflict tags, times) or what is computed when read.
    static func content(_ record: AnyRecord) -> AnyRecord {
        var record = record.withoutComputedFields
        record.common.id = ""
        record.common.tags.removeAll { [RecordMerge.conflictTag, RecordMerge.untrustedTag, "edit-conflict"].contains($0) }
        let zero = RecordTime(date: Date(timeIntervalSince1970: 0), offsetSeconds: 0)
        record.common.createdAt = zero
        record.common.updatedAt = zero
        return record
    }

    /// True when `original` here, or one of its conflict copies here, says what `record` says:
    /// then `record` is already kept and must not be copied again.
    func alreadyKept(_ record: AnyRecord, original: String) throws -> Bool {
        let wanted = Self.content(record)
        var candidates: [AnyRecord] = []
        // A record here that cannot be read says nothing it could match.
        if let here = try? records.record(id: original) { candidates.append(here) }
        for link in try records.conflictLinks() where link.originalID == original {
            if let copy = try? records.record(id: link.copyID) { candidates.append(copy) }
        }
        return candidates.contains { Self.content($0) == wanted }
    }

    /// The record `id` here; nil when there is none, and when it cannot be read (then noted
    /// once in the report, and `unreadable` is true: the caller leaves it as it is).
    mutating func mine(_ id: String) throws -> (record: AnyRecord?, unreadable: Bool) {
        do {
            return (try records.record(id: id), false)
        } catch RecordsError.recordUnreadable {
            if !report.unreadableHere.contains(id) { report.unreadableHere.append(id) }
            return (nil, true)
        }
    }

    mutating func mergeRecords(progress: ((Int, Int) throws -> Void)?) throws {
        // `all()` gives people first, so that links resolve; new records go in together at the
        // end, through the records' own import (which links repairs once all are in).
        var newOnes: [AnyRecord] = []
        for (done, their) in theirs.records.enumerated() {
            try progress?(done, theirs.records.count)
            let id = their.id
            // One record this vault would refuse must not stop the rest from merging.
            do { try RecordRules.validate(RecordNormalizer.normalize(their)) } catch {
                report.unreadableInOther.append(id)
                continue
            }
            let here = try mine(id)
            if here.unreadable {
                continue  // the record here is kept exactly as it is
            } else if let mine = here.record {
                try mergeBoth(mine: mine, their: their)
            } else if let tombstone = try records.tombstone(id: id) {
                try mergeDeletedHere(tombstone: tombstone, their: their)
            } else if let original = theirCopies[id], try alreadyKept(their, original: original) {
                report.unchanged += 1  // their conflict copy says what is already here
            } else {
                newOnes.append(their)
            }
            try learnHistory(of: id)
        }
        try add(newOnes)
    }

    /// The same record on both sides.
    private mutating func mergeBoth(mine: AnyRecord, their: AnyRecord) throws {
        let id = mine.id
        let myVersion = myHeads[id]
        let theirVersion = theirs.heads[id]
        if mine.kind == their.kind, Self.content(mine) == Self.content(their) {
            report.unchanged += 1  // the same words (changed the same way on both, or not at all)
            return
        }
        if mine.kind == their.kind, iKnow(theirVersion, of: id) {
            report.unchanged += 1  // their version is one this copy had before its own change
        } else if mine.kind == their.kind, theyKnow(myVersion, of: id), onlyAdd {
            // Their change would replace this version: from a copy with older keys, kept beside it.
            if try keepAsConflict(their, original: id, originalDeleted: false) {
                report.notReplaced.append(.init(kind: their.kind, id: id))
            }
        } else if mine.kind == their.kind, theyKnow(myVersion, of: id) {
            try records.update(try keptTimes(try withResolvableLinks(their)))
            if let theirVersion { try records.setCurrentVersion(theirVersion, for: id) }
            report.updated.append(.init(kind: their.kind, id: id))
        } else {
            try keepAsConflict(their, original: id, originalDeleted: false)
        }
    }

    /// Deleted here, present there.
    private mutating func mergeDeletedHere(tombstone: Tombstone, their: AnyRecord) throws {
        if iKnow(theirs.heads[their.id], of: their.id) {
            report.unchanged += 1  // the deletion here saw that version
            return
        }
        if onlyAdd {
            // Whatever its time says: a copy only added from does not bring back what was deleted here.
            report.notBroughtBack.append(.init(kind: their.kind, id: their.id))
            return
        }
        guard let deletedAt = known(tombstone.deletedAt), let changedAt = known(their.common.updatedAt.date) else {
            // Which came first is unknown: keep their version, for the person to decide.
            if try keepAsConflict(their, original: their.id, originalDeleted: true) {
                report.unknownTime.append(.init(kind: their.kind, id: their.id))
            }
            return
        }
        if changedAt > deletedAt {
            // Written after the deletion, elsewhere: keep it, for the person to decide.
            try keepAsConflict(their, original: their.id, originalDeleted: true)
        } else {
            report.stayedDeleted.append(.init(kind: their.kind, id: their.id))
        }
    }

    /// The other side's version as a new record, linked to `original` as a conflict. False when
    /// an earlier merge already kept it.
    @discardableResult
    private mutating func keepAsConflict(_ their: AnyRecord, original: String, originalDeleted: Bool) throws -> Bool {
        conflicted.insert(original)
        if try alreadyKept(their, original: original) {
            report.unchanged += 1  // kept as a copy by an earlier merge
            return false
        }
        var copy = try withResolvableLinks(their)
        copy.common.id = RecordID.make()
        if !copy.common.tags.contains(RecordMerge.conflictTag) { copy.common.tags.append(RecordMerge.conflictTag) }
        copy = try keptTimes(untrustedMark(copy), id: copy.id)
        try records.insert(copy)
        try records.linkConflict(ConflictLink(
            copyID: copy.id, originalID: original, origin: .merge, notedAt: now, otherVersion: theirs.heads[their.id]))
        report.conflicts.append(.init(kind: their.kind, original: original, copy: copy.id, originalDeleted: originalDeleted))
        return true
    }

    /// Records new here, through the records' own import (which orders people first and
    /// links repairs between connections after all are in). They keep their versions.
    private mutating func add(_ newOnes: [AnyRecord]) throws {
        guard !newOnes.isEmpty else { return }
        let arriving = Set(newOnes.map(\.id))
        let items = try newOnes.enumerated().map { offset, record in
            let kept = try keptTimes(untrustedMark(try withResolvableLinks(record, alsoArriving: arriving)))
            return RecordArchive.Item(record: kept, line: offset + 1)
        }
        _ = try records.importRecords(items, tombstones: [], now: now.date)
        for record in newOnes {
            if let version = theirs.heads[record.id] { try records.setCurrentVersion(version, for: record.id) }
        }
        report.added += newOnes.map { .init(kind: $0.kind, id: $0.id) }
    }

    /// Their deletions.
    mutating func mergeTombstones() throws {
        for tombstone in theirs.tombstones {
            // A deletion time more than a day ahead is not kept as such: it would win every later
            // comparison. The deletion is dated now instead.
            let deletedAt = known(tombstone.deletedAt)
            let when = deletedAt.flatMap { _ in RecordTime(iso8601: tombstone.deletedAt) } ?? now
            let here = try mine(tombstone.id)
            if here.unreadable {
                continue  // kept exactly as it is
            } else if let mine = here.record {
                if onlyAdd {
                    report.notDeleted.append(.init(kind: mine.kind, id: mine.id))
                } else if theyKnow(myHeads[tombstone.id], of: tombstone.id) {
                    // The deletion saw this very version: versions decide, not clocks.
                    try records.delete(id: tombstone.id, at: when)
                    report.deleted.append(.init(kind: mine.kind, id: mine.id))
                } else if let deletedAt, let changedHere = known(mine.common.updatedAt.date) {
                    if changedHere <= deletedAt {
                        try records.delete(id: tombstone.id, at: when)
                        report.deleted.append(.init(kind: mine.kind, id: mine.id))
                    } else {
                        report.keptChangedAfterDeletion.append(.init(kind: mine.kind, id: mine.id))
                    }
                } else {
                    // Which came first is unknown: the record here stays.
                    report.unknownTime.append(.init(kind: mine.kind, id: mine.id))
                }
            } else if !onlyAdd, try records.tombstone(id: tombstone.id) == nil {
                try records.insertTombstone(Tombstone(id: tombstone.id, kind: tombstone.kind, deletedAt: when))
                report.tombstonesNoted += 1
            }
            try learnHistory(of: tombstone.id)
        }
    }

    /// Conflict copies that came over as new records keep their link to their original.
    mutating func bringConflictLinks() throws {
        let added = Set(report.added.map(\.id))
        for link in theirs.conflicts where added.contains(link.copyID) {
            try records.linkConflict(link)
        }
    }

    /// In an only-add merge, `record` tagged `from-untrusted-copy` (and listed).
    private mutating func untrustedMark(_ record: AnyRecord) -> AnyRecord {
        guard onlyAdd else { return record }
        var record = record
        if !record.common.tags.contains(RecordMerge.untrustedTag) { record.common.tags.append(RecordMerge.untrustedTag) }
        report.fromUntrustedCopy.append(.init(kind: record.kind, id: record.id))
        return record
    }

    /// `record` with times more than a day ahead set to now (listed under `id`, its id here).
    private mutating func keptTimes(_ record: AnyRecord, id: String? = nil) throws -> AnyRecord {
        let kept = TimeTrust.clamped(record, now: now.date)
        if kept.changed { report.datedNow.append(.init(kind: record.kind, id: id ?? record.id)) }
        return kept.record
    }

    /// Adds the other copy's history of `id` to this copy's.
    private mutating func learnHistory(of id: String) throws {
        // An only-add merge learns nothing: a planted history would hide later genuine changes.
        guard !onlyAdd, !conflicted.contains(id), let known = theirs.history[id] else { return }
        let missing = known.subtracting(myHistory[id] ?? [])
        guard !missing.isEmpty else { return }
        try records.addVersions(missing, for: id)
        myHistory[id, default: []].formUnion(missing)
        report.historyGrew = true
    }

    /// `record` without links to people or connections that are not here (nor arriving):
    /// the records API refuses links to missing records, and a person deleted here stays deleted.
    private mutating func withResolvableLinks(_ record: AnyRecord, alsoArriving: Set<String> = []) throws -> AnyRecord {
        var object = RecordJSON.object(for: record)
        var dropped = false
        func exists(_ id: String, _ kind: RecordKind) throws -> Bool {
            if alsoArriving.contains(id) { return true }
            return try records.kind(of: id) == kind
        }
        if let people = object["people"]?.arrayValue {
            let kept = try people.filter { try $0.stringValue.map { try exists($0, .person) } ?? false }
            if kept.count != people.count {
                object["people"] = .array(kept)
                dropped = true
            }
        }
        if let repairOf = object["repair_of"]?.stringValue, try !exists(repairOf, .connection) {
            object["repair_of"] = .null
            dropped = true
        }
        guard dropped else { return record }
        report.droppedLinks.append(.init(kind: record.kind, id: record.id))
        var rebuilt = try RecordJSON.record(from: object, kind: record.kind, now: now)
        rebuilt.common = record.common
        return rebuilt
    }
}
