import HearthRecords

/// The entries a person named with `--entries`: which records those ids mean.
public enum SummaryEntries {
    /// `ID,ID,...` as the ids it lists, each once, in order (empty words dropped).
    public static func ids(_ list: String) -> [String] {
        var seen = Set<String>()
        return list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && seen.insert($0).inserted }
    }

    /// The records for what was typed: a whole id of any record but a person, or the beginning
    /// of a journal entry's id. Throws what `Records.resolveID` throws for an id that fits none.
    public static func records(_ typed: [String], in records: Records) throws -> [AnyRecord] {
        var found: [AnyRecord] = []
        for text in typed {
            let id: String
            if let kind = try records.kind(of: text), kind != .person {
                id = text
            } else {
                id = try records.resolveID(text, kind: .journal)
            }
            guard let record = try records.record(id: id) else { throw RecordsError.recordNotFound(id: id) }
            if !found.contains(where: { $0.id == record.id }) { found.append(record) }
        }
        return found
    }
}
