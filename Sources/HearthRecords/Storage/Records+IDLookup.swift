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
