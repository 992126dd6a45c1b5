import Foundation
import HearthVault

/// How a backup's keys compare with the vault's keys today.
public enum BackupKeyState: String, Sendable {
    /// Same key epoch and the very same key slots: it opens exactly as the vault does.
    case current
    /// Made before a rekey: it opens with the master key and passphrases of that time.
    case beforeRekey = "before_rekey"
    /// Same master key, but it holds a passphrase or recovery key the vault has since changed
    /// or removed: that old secret still opens it.
    case olderPassphrase = "older_passphrase"
    /// Made before a key was added: it opens only with the keys it had then (all still valid).
    case fewerKeys = "fewer_keys"
    /// Made after the vault's own keys (the vault is the older copy).
    case newerKeys = "newer_keys"
    /// A backup of another vault.
    case otherVault = "other_vault"
    /// There is no vault here to compare with.
    case unknown

    /// True when old secrets (since changed, removed or rotated away) still open the backup.
    public var predatesKeyChange: Bool { self == .beforeRekey || self == .olderPassphrase }

    /// Compares a backup's header with the current vault's.
    public static func compare(backup: VaultHeader, current: VaultHeader?) -> BackupKeyState {
        guard let current else { return .unknown }
        guard backup.vaultID == current.vaultID else { return .otherVault }
        if backup.keyEpoch < current.keyEpoch { return .beforeRekey }
        if backup.keyEpoch > current.keyEpoch { return .newerKeys }
        let mine = current.slots.compactMap { $0 }
        let theirs = backup.slots.compactMap { $0 }
        if mine == theirs { return .current }
        if theirs.contains(where: { !mine.contains($0) }) { return .olderPassphrase }
        return .fewerKeys
    }
}

/// One file in a backup folder, read without any key (headers are public, their contents not).
public struct BackupEntry: Sendable {
    public let path: String
    public let name: String
    /// When the backup was made: from its name, else the file's modification time.
    public let date: Date?
    public let size: UInt64
    /// nil when the file could not be read as a vault.
    public let header: VaultHeader?
    /// Why the header could not be read, for the listing.
    public let problem: String?
    public let keyState: BackupKeyState
}

/// Lists the backups in a folder, oldest first.
public enum BackupCatalog {
    /// The folder to look in for DEST: `DEST/Hearth` when it exists, else DEST itself.
    public static func folder(for destination: String) -> String {
        let inside = BackupFolder.location(for: destination)
        var info = stat()
        if stat(inside, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR { return inside }
        return destination
    }

    public static func entries(in folder: String, comparedWith current: VaultHeader?) -> [BackupEntry] {
        BackupFolder.backupNames(in: folder).map { name in
            entry(path: (folder as NSString).appendingPathComponent(name), comparedWith: current)
        }.sorted { ($0.date ?? .distantPast, $0.name) < ($1.date ?? .distantPast, $1.name) }
    }

    public static func entry(path: String, comparedWith current: VaultHeader?) -> BackupEntry {
        let name = (path as NSString).lastPathComponent
        var info = stat()
        let size = stat(path, &info) == 0 ? UInt64(info.st_size) : 0
        let modified = stat(path, &info) == 0 ? Date(timeIntervalSince1970: TimeInterval(info.st_mtim.tv_sec)) : nil
        let date = BackupName.parse(name)?.date ?? modified
        do {
            let header = try VaultSnapshot(path: path).header
            return BackupEntry(
                path: path, name: name, date: date, size: size, header: header, problem: nil,
                keyState: BackupKeyState.compare(backup: header, current: current))
        } catch {
            return BackupEntry(
                path: path, name: name, date: date, size: size, header: nil, problem: describe(error), keyState: .unknown)
        }
    }

    static func describe(_ error: VaultError) -> String {
        switch error {
        case .notAVault: "not a Hearth vault"
        case .damaged(let detail): "damaged: \(detail)"
        case .newerFormat(let version): "made by a newer Hearth (format \(version))"
        case .notFound: "gone"
        case .io(_, let code): "could not be read (\(String(cString: strerror(code))))"
        default: "could not be read"
        }
    }
}
