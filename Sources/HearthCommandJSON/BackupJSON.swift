import Foundation
import HearthBackup
import HearthVault

/// Backups as `backup --json` and `backup list --json` print them.
public enum BackupJSON {
    /// One element of `backup list --json`: the file, what its header says, and how it stands
    /// with the vault's keys (null where that could not be checked).
    public static func entry(_ entry: BackupEntry, note: String?, in zone: TimeZone) -> [String: Any] {
        let unknownKeys: [BackupKeyState] = [.unknown, .otherVault, .doesNotAuthenticate]
        let unchecked: [BackupStanding] = [.unchecked, .olderEpoch, .newerEpoch]
        var object: [String: Any] = [
            "path": entry.path, "name": entry.name, "size": Int(clamping: entry.size),
            "created_at": JSONDate.value(entry.date, in: zone),
            "readable": entry.header != nil, "key_state": entry.keyState.rawValue,
            "predates_key_change": unknownKeys.contains(entry.keyState) ? NSNull() as Any : entry.keyState.predatesKeyChange as Any,
            "authenticated": unchecked.contains(entry.standing) ? NSNull() as Any : (entry.standing == .authenticated) as Any,
            "note": note ?? NSNull(),
        ]
        if let header = entry.header {
            object["generation"] = Int(clamping: header.generation)
            object["key_epoch"] = Int(clamping: header.keyEpoch)
            object["format_version"] = Int(header.version)
        }
        if let problem = entry.problem { object["problem"] = problem }
        return object
    }

    /// `backup --json`: the backup written and checked, and what `--keep` removed.
    public static func made(_ outcome: BackupOutcome, removed: [String], in zone: TimeZone) -> [String: Any] {
        let name = (outcome.path as NSString).lastPathComponent
        return [
            "path": outcome.path, "name": name, "size": Int(clamping: outcome.size),
            "created_at": JSONDate.value(BackupName.parse(name)?.date, in: zone),
            "generation": Int(clamping: outcome.header.generation), "key_epoch": Int(clamping: outcome.header.keyEpoch),
            "format_version": Int(outcome.header.version), "vault_problems": outcome.vaultProblems, "removed": removed,
        ]
    }
}
