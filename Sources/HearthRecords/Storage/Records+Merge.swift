import Foundation
import GRDB

/// A record kept as a copy of another because both changed (see `MergeSchema`).
public struct ConflictLink: Equatable, Sendable {
    public enum Origin: String, Sendable { case merge, edit }

    public var copyID: String
    public var originalID: String
    public var origin: Origin
    public var notedAt: String
    /// The other copy's version the copy holds (merges only).
    public var otherVersion: String?

    public init(copyID: String, originalID: String, origin: Origin, notedAt: RecordTime, otherVersion: String? = nil) {
        self.copyID = copyID
        self.originalID = originalID
        self.origin = origin
        self.notedAt = notedAt.iso8601
        self.otherVersion = otherVersion
    }
}

// Record histories and conflict links, for `hearth merge` and `hearth conflicts`.
extension Records {
    /// Every version each record has had in this copy's history, by id.
    public func versionHistory() throws -> [String: Set<String>] {
        var history: [String: Set<String>] = [:]
        // Rows with a NULL (a damaged or foreign copy) say nothing and are skipped.
        for row in try Row.fetchAll(db, sql: "SELECT id, version FROM record_version WHERE id IS NOT NULL AND version IS NOT NULL") {
            history[try row.decode(String.self, atIndex: 0), default: []].insert(try row.decode(String.self, atIndex: 1))
        }
        return history
    }

    /// The current version of every record, by id.
    public func currentVersions() throws -> [String: String] {
        var heads: [String: String] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT id, version FROM record_head WHERE id IS NOT NULL AND version IS NOT NULL") {
            heads[try row.decode(String.self, atIndex: 0)] = try row.decode(String.self, atIndex: 1)
        }
        return heads
    }

    /// Gives the record `id` the version `version` (it took another copy's version as it is).
    public func setCurrentVersion(_ version: String, for id: String) throws {
        try db.execute(sql: "UPDATE record_head SET version = ? WHERE id = ?", arguments: [version, id])
        try addVersions([version], for: id)
    }

    /// Adds versions (known from another copy) to the history of `id`.
    public func addVersions(_ versions: Set<String>, for id: String) throws {
        for version in versions {
            try db.execute(
                sql: "INSERT OR IGNORE INTO record_version (id, version) VALUES (?, ?)", arguments: [id, version])
        }
    }

    /// Marks `copy` as a copy of `original` kept because both changed.
    public func linkConflict(_ link: ConflictLink) throws {
        try db.execute(
            sql: "INSERT OR REPLACE INTO record_conflict (copy_id, original_id, origin, noted_at, other_version) "
                + "VALUES (?, ?, ?, ?, ?)",
            arguments: [link.copyID, link.originalID, link.origin.rawValue, link.notedAt, link.otherVersion])
    }

    /// The conflicts still to resolve, oldest first.
    public func conflictLinks() throws -> [ConflictLink] {
        // A link whose values do not decode (a damaged or foreign copy) is skipped.
        try Row.fetchAll(db, sql: "SELECT * FROM record_conflict ORDER BY noted_at, copy_id").compactMap { row in
            guard let origin = (try? row.decode(String.self, forColumn: "origin")).flatMap(ConflictLink.Origin.init(rawValue:)),
                  let copyID = try? row.decode(String.self, forColumn: "copy_id"),
                  let originalID = try? row.decode(String.self, forColumn: "original_id"),
                  let notedAt = try? row.decode(String.self, forColumn: "noted_at")
            else { return nil }
            var link = ConflictLink(
                copyID: copyID, originalID: originalID, origin: origin,
                notedAt: RecordTime(date: Date(timeIntervalSince1970: 0), offsetSeconds: 0))
            link.notedAt = notedAt
            link.otherVersion = (try? row.decode(String?.self, forColumn: "other_version")).flatMap { $0 }
            return link
        }
    }

    /// Forgets the conflict of `copy`: the person resolved it. From now on the original's
    /// history includes the other copy's version, so merging that copy again does not bring
    /// the conflict back, and copies that merge this one learn the decision.
    public func resolveConflict(copy: String) throws {
        if let row = try Row.fetchOne(
            db, sql: "SELECT original_id, other_version FROM record_conflict WHERE copy_id = ?", arguments: [copy]),
           let version = (try? row.decode(String?.self, forColumn: "other_version")).flatMap({ $0 }),
           let original = try? row.decode(String.self, forColumn: "original_id")
        {
            try addVersions([version], for: original)
        }
        try db.execute(sql: "DELETE FROM record_conflict WHERE copy_id = ?", arguments: [copy])
    }
}
