import HearthRecords

/// The lines of `hearth conflicts` for a person: for each conflict, the record's kind and id,
/// how it came about (a merge, or an edit that met another change) and when, then what is kept
/// here and the other copy. Ids are short as `shortIDs` gives them (`Records.shortIDs`), so that
/// one copied from here is accepted back by `hearth conflicts resolve` and `show`.
public enum ConflictLines {
    public struct Row: Sendable {
        public let link: ConflictLink
        public let original: AnyRecord?
        public let copy: AnyRecord?

        public init(link: ConflictLink, original: AnyRecord?, copy: AnyRecord?) {
            self.link = link
            self.original = original
            self.copy = copy
        }

        /// The kind both sides are (either one tells it; nil when both are gone).
        public var kind: RecordKind? { (copy ?? original)?.kind }
    }

    public static func lines(_ rows: [Row], shortIDs: [String: String] = [:]) -> [String] {
        rows.flatMap { row in
            let origin = row.link.origin == .merge ? "merge" : "edit"
            return [
                "\(row.kind?.singular ?? "record") \(shortIDs[row.link.originalID] ?? row.link.originalID)  (\(origin), \(row.link.notedAt))",
                "  kept here:  " + (row.original.map { $0.preview() } ?? "(deleted here)"),
                "  other copy: \(shortIDs[row.link.copyID] ?? row.link.copyID)  " + (row.copy.map { $0.preview() } ?? "(gone)"),
            ]
        }
    }
}
