import Foundation

/// A journal entry read from another app's export or from a note, before it gets its id.
/// Its id is derived from `identity` under the vault's own import key (`Records.derivedID`),
/// so that the same source imported again finds it, and the id reveals nothing about it.
public struct ForeignEntry: Sendable, Equatable {
    /// What the entry's id is derived from: a source's own id (Day One's uuid), or the date as
    /// written and the text when the source has no ids.
    public var identity: String
    /// True when the source keeps versions of an entry under one id (Day One's `modifiedDate`):
    /// a newer version then replaces the one here, as `import --format json` does. False when the
    /// identity is the content itself: an entry already here is left as it is.
    public var versioned: Bool
    public var text: String
    public var at: RecordTime
    /// When the source last changed it (nil: `at`).
    public var updatedAt: RecordTime?
    public var tags: [String]
    public var starred: Bool
    /// Where it came from: the input's line, or the index (1-based) of the file it came from.
    public var line: Int

    public init(identity: String, versioned: Bool, text: String, at: RecordTime, updatedAt: RecordTime? = nil,
                tags: [String] = [], starred: Bool = false, line: Int) {
        self.identity = identity
        self.versioned = versioned
        self.text = text
        self.at = at
        self.updatedAt = updatedAt
        self.tags = tags
        self.starred = starred
        self.line = line
    }

    /// The journal entry it becomes under `id`.
    public func record(id: String) -> AnyRecord {
        let common = RecordCommon(id: id, at: at, createdAt: at, updatedAt: updatedAt ?? at, tags: tags, starred: starred)
        return .journal(JournalEntry(common: common, text: text))
    }
}

extension Records {
    /// Imports records that carry their ids (`items`: Hearth's own Markdown export) and entries
    /// from elsewhere (`entries`) in one pass of `importRecords`, so that one transaction and one
    /// save hold them all. An unversioned entry whose id is already here is counted unchanged and
    /// left alone (its time may have been read from a file's modification time, which says
    /// nothing new). Call inside one `write`.
    public func importForeign(
        _ items: [RecordArchive.Item], entries: [ForeignEntry], progress: ((Int, Int) throws -> Void)? = nil
    ) throws -> ImportReport {
        var alreadyHere = 0
        var all = items
        var seen = Set<String>()
        for entry in entries {
            let id = try derivedID(for: entry.identity)
            // The same note twice in one source (a copy in another folder) is one entry.
            guard seen.insert(id).inserted else {
                alreadyHere += 1
                continue
            }
            if !entry.versioned, try kind(of: id) != nil {
                alreadyHere += 1
                continue
            }
            all.append(.init(record: entry.record(id: id), line: entry.line))
        }
        var report = try importRecords(all, tombstones: [], progress: progress)
        report.unchanged += alreadyHere
        return report
    }
}
