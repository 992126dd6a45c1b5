import Foundation

extension Records {
    /// Imports jrnl entries (`JrnlImport.entries`) as journal entries. An entry already here is
    /// left as it is and counted unchanged: by the id it carries, by the id derived from its
    /// written date and time and text, or by the id an earlier Hearth derived in this time zone
    /// (`legacyIDContent`). jrnl entries have no versions, and a time read in another zone says
    /// nothing new. `reading(done, total)` hears each entry before it is looked at; `progress`
    /// is `importRecords`'s. What either throws stops the import (call inside one `write`).
    public func importJrnl(
        _ entries: [JrnlImport.Entry], reading: (Int, Int) throws -> Void = { _, _ in },
        progress: ((Int, Int) throws -> Void)? = nil
    ) throws -> ImportReport {
        var alreadyHere = 0
        let items = try entries.enumerated().compactMap { done, entry -> RecordArchive.Item? in
            try reading(done, entries.count)
            let uuid = entry.uuid.map { $0.lowercased() }.flatMap { RecordID.isValid($0) ? $0 : nil }
            if uuid == nil {
                let legacy = try derivedID(for: entry.legacyIDContent)
                if try kind(of: legacy) != nil || tombstone(id: legacy) != nil {
                    alreadyHere += 1
                    return nil
                }
            }
            let id = try uuid ?? derivedID(for: entry.idContent)
            if uuid == nil, try kind(of: id) != nil {
                alreadyHere += 1
                return nil
            }
            let common = RecordCommon(id: id, at: entry.at, createdAt: entry.at, updatedAt: entry.at,
                                      tags: entry.tags, starred: entry.starred)
            return .init(record: .journal(JournalEntry(common: common, text: entry.text)), line: entry.line)
        }
        var report = try importRecords(items, tombstones: [], progress: progress)
        report.unchanged += alreadyHere
        return report
    }
}
