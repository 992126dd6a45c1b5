import Foundation

/// Why what a person typed names no single record of the kind wanted; the command line says it.
public enum RecordIDRefusal: Error, Equatable, Sendable {
    /// The id is a record of another kind (the message names the command for it).
    case otherKind(id: String, found: RecordKind, wanted: RecordKind)
    /// A beginning of an id shorter than `RecordIDLookup.minimumPrefix` characters.
    case tooShort(RecordKind)
    /// No record of the kind has an id starting so.
    case noneStartsWith(String, RecordKind)
    /// Several do: more characters are needed.
    case several(String, RecordKind)
}

public enum RecordIDLookup {
    /// The shortest beginning of an id that names a record.
    public static let minimumPrefix = 4
    /// How many characters of an id listings show (`Records.shortIDs`).
    public static let listingLength = 8
}

extension Records {
    /// The full id for what a person typed: the id itself, or a unique beginning of it (at least
    /// `RecordIDLookup.minimumPrefix` characters) among records of `kind`. Something that cannot
    /// be an id is `RecordsError.recordNotFound`.
    public func resolveID(_ typed: String, kind: RecordKind) throws -> String {
        let id = typed.trimmingCharacters(in: .whitespaces)
        if let found = try self.kind(of: id) {
            guard found == kind else { throw RecordIDRefusal.otherKind(id: id, found: found, wanted: kind) }
            return id
        }
        guard RecordID.isValid(id) else { throw RecordsError.recordNotFound(id: id) }
        guard id.count >= RecordIDLookup.minimumPrefix else { throw RecordIDRefusal.tooShort(kind) }
        let matches = try ids(startingWith: id, kind: kind, limit: 2)
        switch matches.count {
        case 0: throw RecordIDRefusal.noneStartsWith(id, kind)
        case 1: return matches[0]
        default: throw RecordIDRefusal.several(id, kind)
        }
    }
}

extension Records {
    /// Short forms of `ids` for listings a person reads: the first `minimum` characters, or as
    /// many more as it takes for the beginning to name that one record among all records here
    /// (as `git log --oneline` lengthens a hash), so that a short id copied from a listing is
    /// always accepted back (`resolveID`). Ids not here are left whole.
    public func shortIDs(for ids: [String], minimum: Int = RecordIDLookup.listingLength) throws -> [String: String] {
        var short: [String: String] = [:]
        // Each id needs only its neighbours in sorted order: the longest beginning it shares
        // with either, plus one. A few lookups per id for a short listing; one scan of every id
        // for a long one.
        if ids.count <= 256 {
            let before = try statement("SELECT id FROM record WHERE id < ? ORDER BY id DESC LIMIT 1")
            let after = try statement("SELECT id FROM record WHERE id > ? ORDER BY id LIMIT 1")
            for id in ids {
                let neighbours = [try String.fetchOne(before, arguments: [id]), try String.fetchOne(after, arguments: [id])]
                short[id] = Self.shortened(id, neighbours: neighbours.compactMap { $0 }, minimum: minimum)
            }
            return short
        }
        let all = try String.fetchAll(db, sql: "SELECT id FROM record ORDER BY id")
        let wanted = Set(ids)
        for (i, id) in all.enumerated() where wanted.contains(id) {
            let neighbours = [i > 0 ? all[i - 1] : nil, i + 1 < all.count ? all[i + 1] : nil]
            short[id] = Self.shortened(id, neighbours: neighbours.compactMap { $0 }, minimum: minimum)
        }
        for id in ids where short[id] == nil { short[id] = id }
        return short
    }

    static func shortened(_ id: String, neighbours: [String], minimum: Int) -> String {
        let shared = neighbours.map { zip(id, $0).prefix { $0.0 == $0.1 }.count }.max() ?? 0
        return String(id.prefix(max(minimum, shared + 1)))
    }
}
