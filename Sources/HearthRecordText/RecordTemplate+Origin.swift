import Foundation
import HearthDraftOrigin
import HearthRecords

/// The notes at the top of a template that say which vault (and record) the draft is for. They
/// start with `#` like every note, so the record's fields never see them; Hearth reads them back
/// when the draft is saved (`hearth KIND add|edit --draft PATH`, Docs/SECURITY.md "drafts").
extension RecordTemplate {
    static let vaultIDNote = "# vault_id: "
    static let vaultPathNote = "# vault_path: "
    static let recordIDNote = "# record_id: "
    static let recordVersionNote = "# record_version: "

    static func originLines(_ origin: DraftOrigin) -> [String] {
        var lines = [vaultIDNote + origin.vaultID + "  (the vault this draft is for; it is saved only there)"]
        if let path = origin.vaultPath { lines.append(vaultPathNote + path) }
        if let record = origin.recordID { lines.append(recordIDNote + record) }
        if let version = origin.recordVersion { lines.append(recordVersionNote + version + "  (the version you started from)") }
        return lines
    }

    /// The vault (and record) a draft names in its front matter; nil when it names none (a draft
    /// from an earlier Hearth, or a file of the person's own), so it is saved as before. A
    /// `vault_id` or `record_id` line edited into something else is refused, naming the line.
    public static func origin(in text: String) throws(RecordsError) -> DraftOrigin? {
        var vaultID: (value: String, line: Int)?
        var path: String?
        var record: (value: String, line: Int)?
        var version: (value: String, line: Int)?
        var inFrontMatter = false
        for (offset, raw) in Self.lines(of: text).enumerated() {
            var line = raw
            if offset == 0, line.hasPrefix("\u{FEFF}") { line.removeFirst() }
            if line.trimmingCharacters(in: .whitespaces) == "---" {
                if inFrontMatter { break }
                inFrontMatter = true
                continue
            }
            guard inFrontMatter else {
                if line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
                return nil  // no front matter: a journal entry's text alone
            }
            if line.hasPrefix(vaultIDNote) {
                let value = line.dropFirst(vaultIDNote.count).split(separator: " ", maxSplits: 1).first.map(String.init) ?? ""
                vaultID = (value, offset + 1)
            } else if line.hasPrefix(vaultPathNote) {
                path = String(line.dropFirst(vaultPathNote.count))
            } else if line.hasPrefix(recordIDNote) {
                record = (line.dropFirst(recordIDNote.count).trimmingCharacters(in: .whitespaces), offset + 1)
            } else if line.hasPrefix(recordVersionNote) {
                let value = line.dropFirst(recordVersionNote.count).split(separator: " ", maxSplits: 1).first.map(String.init) ?? ""
                version = (value, offset + 1)
            }
        }
        guard let vaultID else { return nil }
        guard DraftOrigin.isVaultID(vaultID.value) else {
            throw .invalidInput("line \(vaultID.line): `vault_id` must be 32 hexadecimal digits (or delete that line)")
        }
        if let record, !DraftOrigin.isRecordID(record.value) {
            throw .invalidInput("line \(record.line): `record_id` is not a record's id (or delete that line)")
        }
        if let version, record == nil || !DraftOrigin.isRecordVersion(version.value) {
            throw .invalidInput("line \(version.line): `record_version` is not a record's time beside a `record_id` (or delete that line)")
        }
        return DraftOrigin(vaultID: vaultID.value, vaultPath: path, recordID: record?.value, recordVersion: version?.value)
    }
}
