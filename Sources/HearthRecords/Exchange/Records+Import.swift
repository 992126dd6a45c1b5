import Foundation
import GRDB

/// What an import did, for the message a person sees.
public struct ImportReport: Equatable, Sendable {
    /// New records.
    public var added = 0
    /// Already here, exactly the same.
    public var unchanged = 0
    /// Already here but older: replaced by the newer version from the input.
    public var updated = 0
    /// Already here and newer (or as new) than the input's version: kept.
    public var keptNewer = 0
    /// Deleted here earlier: not brought back.
    public var skippedDeleted = 0
    /// Deletions recorded for records that are not here.
    public var tombstones = 0
    /// Already here and different, but the input's `updated_at` or the one here is more than a
    /// day in the future: which is newer is unknown, so the record here was kept (the input
    /// still holds its version).
    public var unknownTime = 0
    /// New records whose `created_at` or `updated_at` was more than a day in the future: stored
    /// dated now, so that they do not count as later than everything to come.
    public var datedNow = 0
    /// Already here, but the record here cannot be read (its stored values do not decode): left
    /// exactly as it is, the input's version not applied.
    public var unreadableHere = 0

    public init() {}
}

extension Records {
    /// Brings records in, idempotently by id: a record already here is left alone when equal,
    /// replaced when the input's `updated_at` is newer, kept otherwise; a record deleted here
    /// stays deleted. A time more than a day ahead of `now` (`TimeTrust`) decides nothing: the
    /// record here is kept, a new record with such a `created_at` or `updated_at` is stored
    /// dated `now`, and a deletion noted with such a time is dated `now`.
    /// Call inside one `write` so that invalid input changes nothing. Errors name the input
    /// line of the record. `progress(done, total)` hears how many records were brought in so far,
    /// before each one and once at the end; what it throws stops the import (and the `write`
    /// rolls it all back).
    public func importRecords(
        _ items: [RecordArchive.Item], tombstones: [Tombstone], now: Date = Date(),
        progress: ((Int, Int) throws -> Void)? = nil
    ) throws -> ImportReport {
        var report = ImportReport()
        // People first, so that links resolve; repair links once every connection is in. Kind by
        // kind in input order (a sort comparing whole items cost a fifth of an import).
        let kinds = items.map(\.record.kind)
        let ordered = RecordKind.exportOrder.flatMap { kind in kinds.indices.filter { kinds[$0] == kind }.map { items[$0] } }
        // What is here already, read in batches up front: one lookup a record was most of the
        // time of an import that brings nothing new.
        let incoming = ordered.map(\.record.id)
        var here = ImportLookup(records: try records(ids: incoming), deleted: try deletedIDs(among: incoming))
        var repairs: [(id: String, repairOf: String, line: Int)] = []
        for (done, item) in ordered.enumerated() {
            try progress?(done, ordered.count)
            var record = item.record
            if case .connection(var c) = record, let repairOf = c.repairOf {
                repairs.append((c.common.id, repairOf, item.line))
                c.repairOf = nil
                record = .connection(c)
            }
            do {
                try importOne(record, checked: item.isChecked, now: now, here: &here, report: &report)
            } catch RecordsError.invalidInput(let why) {
                throw RecordsError.invalidInput(why.hasPrefix("line ") ? why : "line \(item.line): \(why)")
            }
        }
        for repair in repairs {
            guard let seq = try Int64.fetchOne(db, sql: "SELECT seq FROM record WHERE id = ? AND kind = 'connection'", arguments: [repair.id]) else {
                continue  // deleted here: skipped above
            }
            guard let target = try Int64.fetchOne(
                db, sql: "SELECT seq FROM record WHERE id = ? AND kind = 'connection'", arguments: [repair.repairOf])
            else {
                if try tombstone(id: repair.repairOf) != nil { continue }
                throw RecordsError.invalidInput("line \(repair.line): `repair_of`: there is no connection with the id \(repair.repairOf)")
            }
            guard target != seq else {
                throw RecordsError.invalidInput("line \(repair.line): `repair_of` cannot point to the connection itself")
            }
            try db.execute(sql: "UPDATE connection SET repair_of_seq = ? WHERE seq = ?", arguments: [target, seq])
        }
        try progress?(ordered.count, ordered.count)
        for tombstone in tombstones where try row(id: tombstone.id) == nil && self.tombstone(id: tombstone.id) == nil {
            var noted = tombstone
            if TimeTrust.known(tombstone.deletedAt, now: now) == nil, RecordTime(iso8601: tombstone.deletedAt) != nil {
                noted = Tombstone(id: tombstone.id, kind: tombstone.kind, deletedAt: RecordTime(date: now, offsetSeconds: 0))
            }
            try insertTombstone(noted)
            report.tombstones += 1
        }
        return report
    }

    private func importOne(
        _ incoming: AnyRecord, checked: Bool, now: Date, here: inout ImportLookup, report: inout ImportReport
    ) throws {
        if here.deleted.contains(incoming.id) {
            report.skippedDeleted += 1
            return
        }
        let found: AnyRecord?
        if here.written.contains(incoming.id) {
            found = try record(id: incoming.id)  // the input holds this id twice: its first version, as written
        } else if here.unreadable.contains(incoming.id) {
            report.unreadableHere += 1
            return
        } else {
            found = here.found[incoming.id]
        }
        guard let existing = found else {
            let kept = TimeTrust.clamped(incoming, now: now)
            // Neither here nor deleted here (`here`); a time made `now` keeps a checked record valid.
            try insert(kept.record, knownNew: true, checked: checked)
            here.written.insert(incoming.id)
            report.added += 1
            if kept.changed { report.datedNow += 1 }
            return
        }
        guard existing.kind == incoming.kind else {
            throw RecordsError.invalidInput("the id \(incoming.id) is a \(existing.kind.singular) here but a \(incoming.kind.singular) in the input")
        }
        var comparable = RecordNormalizer.normalize(incoming)
        if case .connection(var c) = comparable, case .connection(let e) = existing {
            c.repairOf = e.repairOf  // compared after the second pass
            comparable = .connection(c)
        }
        if comparable.withoutComputedFields == existing.withoutComputedFields {
            report.unchanged += 1
        } else if TimeTrust.known(incoming.common.updatedAt.date, now: now) == nil
            || TimeTrust.known(existing.common.updatedAt.date, now: now) == nil
        {
            report.unknownTime += 1
        } else if incoming.common.updatedAt.date > existing.common.updatedAt.date {
            try update(incoming)
            here.written.insert(incoming.id)
            report.updated += 1
        } else {
            report.keptNewer += 1
        }
    }
}

/// What an import found here before it began (`Records.records(ids:)`), and the ids it has
/// written since, which are looked up afresh.
private struct ImportLookup {
    var found: [String: AnyRecord]
    var unreadable: Set<String>
    var deleted: Set<String>
    var written = Set<String>()

    init(records: (found: [String: AnyRecord], unreadable: Set<String>), deleted: Set<String>) {
        found = records.found
        unreadable = records.unreadable
        self.deleted = deleted
    }
}

extension AnyRecord {
    /// The record without the fields computed when read (for comparing stored content).
    public var withoutComputedFields: AnyRecord {
        switch self {
        case .person(var p):
            p.lastContact = nil
            return .person(p)
        case .connection(var c):
            c.repairedBy = []
            return .connection(c)
        default:
            return self
        }
    }
}
