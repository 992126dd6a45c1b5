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
    /// At the vault's key epoch, but its header does not authenticate with the vault's keys
    /// (only known when the vault was unlocked): altered, damaged, or from a copy rekeyed on its own.
    case doesNotAuthenticate = "does_not_authenticate"
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

/// How far a backup's key epoch and save number can be trusted, judged with the vault's keys
/// when a command holds them. A header's numbers are not secret and not authenticated by its
/// checksum: anyone with the drive can rewrite them (and rename the file). Only the header MAC,
/// under the key of that epoch, shows they are genuine.
public enum BackupStanding: String, Sendable {
    /// At the vault's key epoch, and its header authenticates with the vault's key: its key
    /// epoch and save number are genuine.
    case authenticated
    /// A lower key epoch than the vault's (made before a rekey, by its claim): today's key cannot
    /// check it, but a header that claims less can only place the backup lower, never higher.
    case olderEpoch = "older_epoch"
    /// A higher key epoch than the vault's: the vault's key cannot check it. Either the vault is
    /// an older copy (rolled back), the vault was rekeyed elsewhere, or the header was altered.
    case newerEpoch = "newer_epoch"
    /// At the vault's key epoch, but its header does not authenticate with the vault's key:
    /// altered, damaged, or from a copy rekeyed on its own. Its numbers mean nothing.
    case doesNotAuthenticate = "does_not_authenticate"
    /// Not judged: no keys at hand, no vault to compare with, another vault, or unreadable.
    case unchecked

    /// Judges `backup` against the vault's `current` header, with the vault's epoch `keys`.
    public static func judge(_ backup: VaultHeader?, current: VaultHeader?, keys: EpochKeys?) -> BackupStanding {
        guard let backup, let current, let keys, backup.vaultID == current.vaultID,
              current.keyEpoch == keys.epoch
        else { return .unchecked }
        if backup.keyEpoch < keys.epoch { return .olderEpoch }
        if backup.keyEpoch > keys.epoch { return .newerEpoch }
        switch Vault.check(backup, with: keys) {
        case .authentic: return .authenticated
        case .notAuthentic: return .doesNotAuthenticate
        // An unlocked session's one-table key cannot check a copy with another key table.
        case .cannotCheck: return .unchecked
        }
    }

    /// True when the backup's numbers may be used to place it below the vault: genuine, or
    /// claiming less.
    public var canBePlaced: Bool { self == .authenticated || self == .olderEpoch }
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
    /// The file that was read (device and inode), so that the very file judged is the one
    /// removed, or nothing; nil when it could not be opened.
    public let identity: FileIdentity?
    public internal(set) var keyState: BackupKeyState
    /// How far its key epoch and save number can be trusted (`.unchecked` without keys).
    public internal(set) var standing: BackupStanding = .unchecked

    /// (key epoch, save number) as its header claims; nil when unreadable.
    public var claimedPosition: (epoch: UInt64, generation: UInt64)? {
        header.map { ($0.keyEpoch, $0.generation) }
    }

    /// Oldest first: by the header's key epoch, then save number (never by file name, which
    /// anyone with the drive can change), then date and name; unreadable files first.
    public static func isOlder(_ a: BackupEntry, than b: BackupEntry) -> Bool {
        let ka = (a.header == nil ? 0 : 1, a.header?.keyEpoch ?? 0, a.header?.generation ?? 0)
        let kb = (b.header == nil ? 0 : 1, b.header?.keyEpoch ?? 0, b.header?.generation ?? 0)
        if ka != kb { return ka < kb }
        return (a.date ?? .distantPast, a.name) < (b.date ?? .distantPast, b.name)
    }
}

/// Lists the backups in a folder, oldest first by key epoch and save number.
public enum BackupCatalog {
    /// The folder to look in for DEST: `DEST/Hearth` when it exists, else DEST itself.
    public static func folder(for destination: String) -> String {
        let inside = BackupFolder.location(for: destination)
        var info = stat()
        if stat(inside, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR { return inside }
        return destination
    }

    /// Every backup in `folder`, oldest first. With the vault's epoch `keys` (the vault was
    /// unlocked), each backup of it is also judged (`standing`), and backups whose header does
    /// not authenticate are not called `current`.
    ///
    /// Only names Hearth gives backups are listed (`BackupName`), and each is opened without
    /// following a link and without blocking: a link, a FIFO or a device planted under a backup's
    /// name is listed as unreadable, never read through, waited on, or taken for a backup.
    public static func entries(in folder: String, comparedWith current: VaultHeader?, keys: EpochKeys? = nil) -> [BackupEntry] {
        BackupFolder.backupNames(in: folder).map { name in
            entry(path: (folder as NSString).appendingPathComponent(name), comparedWith: current, keys: keys, followingLinks: false)
        }.sorted(by: BackupEntry.isOlder)
    }

    /// The backup at `path`. A path named by the person may be a link (`followingLinks`); files
    /// found in a folder are not followed.
    public static func entry(
        path: String, comparedWith current: VaultHeader?, keys: EpochKeys? = nil, followingLinks: Bool = true
    ) -> BackupEntry {
        var entry = plainEntry(path: path, comparedWith: current, followingLinks: followingLinks)
        entry.standing = BackupStanding.judge(entry.header, current: current, keys: keys)
        if entry.standing == .doesNotAuthenticate { entry.keyState = .doesNotAuthenticate }
        return entry
    }

    static func plainEntry(path: String, comparedWith current: VaultHeader?, followingLinks: Bool) -> BackupEntry {
        let name = (path as NSString).lastPathComponent
        let named = BackupName.parse(name)?.date
        do {
            let snapshot = try VaultSnapshot(path: path, followingLinks: followingLinks)
            let header = snapshot.header
            return BackupEntry(
                path: path, name: name, date: named ?? snapshot.modified, size: snapshot.length, header: header, problem: nil,
                identity: snapshot.identity, keyState: BackupKeyState.compare(backup: header, current: current))
        } catch {
            // Size and date of what is there, without opening it (lstat never blocks or follows).
            var info = stat()
            let there = lstat(path, &info) == 0
            let isFile = there && (info.st_mode & S_IFMT) == S_IFREG
            let modified = there ? Date(timeIntervalSince1970: TimeInterval(info.st_mtim.tv_sec)) : nil
            return BackupEntry(
                path: path, name: name, date: named ?? modified, size: isFile ? UInt64(info.st_size) : 0, header: nil,
                problem: describe(error), identity: nil, keyState: .unknown)
        }
    }

    static func describe(_ error: VaultError) -> String {
        switch error {
        case .notAVault: "not a Hearth vault"
        case .notAFile(_, let kind): "\(kind), not a file"
        case .damaged(let detail): "damaged: \(detail)"
        case .newerFormat(let version): "made by a newer Hearth (format \(version))"
        case .notFound: "gone"
        case .io(_, let code): "could not be read (\(String(cString: strerror(code))))"
        default: "could not be read"
        }
    }
}
