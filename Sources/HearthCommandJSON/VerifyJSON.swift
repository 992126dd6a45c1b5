import Foundation
import HearthBackup

/// `verify --json`: one object whether the file checked good, had problems, or did not open.
public enum VerifyJSON {
    /// A file that opened and was checked to the end.
    public static func report(_ report: VaultCheckReport) -> [String: Any] {
        let header = report.header
        return [
            "path": report.path, "ok": report.isGood, "status": report.isGood ? "good" : "problems",
            "problems": report.problems, "size": Int(clamping: report.fileLength),
            "format_version": Int(header.version), "generation": Int(clamping: header.generation),
            "key_epoch": Int(clamping: header.keyEpoch), "chunks": Int(clamping: header.chunkCount),
            "payload_bytes": Int(clamping: header.payloadLength),
            "slot_opened": report.openedSlot.map { ["slot": $0.index, "type": $0.type.name] as [String: Any] } ?? NSNull(),
            "records": report.recordCounts,
        ]
    }

    /// A file that could not be checked: `status` says why in one word (`damaged`,
    /// `wrong_passphrase`, `not_found`, `newer_format`, `error`), `problems` in a sentence.
    public static func failure(path: String, status: String, problem: String) -> [String: Any] {
        ["path": path, "status": status, "ok": false, "problems": [problem]]
    }
}
