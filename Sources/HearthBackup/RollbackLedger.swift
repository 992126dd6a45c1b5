import Foundation
import HearthCrypto
import HearthVault

/// Remembers, per vault and path, the newest save and key epoch seen there, to notice when
/// the file at that path goes backwards (a restored copy, or someone swapping the file).
///
/// Kept in `$XDG_STATE_HOME/hearth/seen-vaults.json` (default `~/.local/state/hearth`), mode
/// 0600 in a 0700 folder. It holds no secret and no record text, and not the paths either:
/// each entry is keyed by BLAKE2b of the vault id and the file's real path, so the file does
/// not list where vaults live (someone who guesses a path and knows the vault id, which is in
/// the vault's header, can confirm it). Only authenticated reads and Hearth's own saves
/// update it, so a forged header cannot raise the bar and cause false warnings later.
public final class RollbackLedger: Sendable {
    public let file: String
    /// Entries beyond this are dropped, least recently seen first.
    static let maximumEntries = 200

    struct Entry: Codable, Equatable {
        var generation: UInt64
        var keyEpoch: UInt64
        var seen: String

        enum CodingKeys: String, CodingKey {
            case generation, keyEpoch = "key_epoch", seen
        }
    }

    struct Contents: Codable {
        var version = 1
        var vaults: [String: Entry] = [:]
    }

    public init(file: String) { self.file = file }

    /// The ledger of this user, or nil when no home folder is known.
    public static func standard(environment: [String: String] = ProcessInfo.processInfo.environment) -> RollbackLedger? {
        var base = environment["XDG_STATE_HOME"].flatMap { $0.isEmpty || !$0.hasPrefix("/") ? nil : $0 }
        if base == nil, let home = environment["HOME"], !home.isEmpty {
            base = (home as NSString).appendingPathComponent(".local/state")
        }
        guard let base else { return nil }
        return RollbackLedger(file: ((base as NSString).appendingPathComponent("hearth") as NSString)
            .appendingPathComponent("seen-vaults.json"))
    }

    /// Notes what was read or written at `path`; returns a warning when it is older than before.
    /// Never throws: the ledger is advice, and a command must not fail because of it.
    @discardableResult
    public func observe(path: String, header: VaultHeader, event: VaultAccess.Event, now: Date = Date()) -> RollbackWarning? {
        if path.hasPrefix("/dev/fd/") || path.hasPrefix("/proc/") { return nil }
        let key = Self.key(vaultID: header.vaultID, path: realPath(path))
        let today = Self.day(now)
        let previous = load().vaults[key]
        var warning: RollbackWarning?
        if let previous, event != .saved,
           header.generation < previous.generation || header.keyEpoch < previous.keyEpoch,
           !Self.wasReplacedSince(path: path, previous: previous)
        {
            warning = RollbackWarning(
                path: path, generation: header.generation, seenGeneration: previous.generation,
                keyEpoch: header.keyEpoch, seenKeyEpoch: previous.keyEpoch, seenOn: previous.seen)
        }
        let next: Entry?
        switch event {
        case .readUnauthenticated:
            next = nil
        case .readAuthenticated:
            if let previous {
                let advanced = header.generation >= previous.generation && header.keyEpoch >= previous.keyEpoch
                    && (header.generation, header.keyEpoch) != (previous.generation, previous.keyEpoch)
                next = advanced ? Entry(generation: header.generation, keyEpoch: header.keyEpoch, seen: today) : nil
            } else {
                next = Entry(generation: header.generation, keyEpoch: header.keyEpoch, seen: today)
            }
        case .saved:
            // Hearth itself wrote this file: from now on it is the history of this path.
            next = Entry(generation: header.generation, keyEpoch: header.keyEpoch, seen: today)
        }
        if let next, next != previous { update(key: key, entry: next) }
        return warning
    }

    /// The key epoch seen at `path` for this vault, when it is higher than `header`'s: writing
    /// there under `header`'s keys would put new text where the passphrases and master key a
    /// rekey retired can read it. Unlike `observe`, nothing excuses this: a save takes the keys
    /// from the file it read under the writer lock, so a lower epoch is never a race with
    /// another Hearth command (which `wasReplacedSince` allows for); it is an older copy at the
    /// path, whoever put it there. Nil when nothing higher was seen (or no ledger exists).
    public func olderKeys(path: String, header: VaultHeader) -> RollbackWarning? {
        if path.hasPrefix("/dev/fd/") || path.hasPrefix("/proc/") { return nil }
        let key = Self.key(vaultID: header.vaultID, path: realPath(path))
        guard let seen = load().vaults[key], header.keyEpoch < seen.keyEpoch else { return nil }
        return RollbackWarning(
            path: path, generation: header.generation, seenGeneration: seen.generation,
            keyEpoch: header.keyEpoch, seenKeyEpoch: seen.keyEpoch, seenOn: seen.seen)
    }

    /// The person accepted the copy now at `path` (authenticated, with `header`) as this path's
    /// vault, older keys and all: from now on it is the history of this path, as after a save.
    public func accept(path: String, header: VaultHeader, now: Date = Date()) {
        if path.hasPrefix("/dev/fd/") || path.hasPrefix("/proc/") { return }
        let key = Self.key(vaultID: header.vaultID, path: realPath(path))
        let entry = Entry(generation: header.generation, keyEpoch: header.keyEpoch, seen: Self.day(now))
        if load().vaults[key] != entry { update(key: key, entry: entry) }
    }

    /// A read that started before another command saved sees the older save: when the file at
    /// the path now holds the newer save, that was such a race, not a rollback.
    static func wasReplacedSince(path: String, previous: Entry) -> Bool {
        guard let now = try? VaultSnapshot(path: path).header else { return false }
        return now.generation >= previous.generation && now.keyEpoch >= previous.keyEpoch
    }

    static func key(vaultID: [UInt8], path: String) -> String {
        let material = Array("hearth-seen-v1".utf8) + vaultID + [0] + Array(path.utf8)
        let digest = material.withUnsafeBytes { GenericHash.hash($0, length: 16) }
        return digest.map { String(format: "%02x", $0) }.joined()
    }

    static func day(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return String(format: "%04d-%02d-%02d", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday))
    }

    func load() -> Contents {
        guard let data = FileManager.default.contents(atPath: file),
              let contents = try? JSONDecoder().decode(Contents.self, from: data), contents.version == 1
        else { return Contents() }
        return contents
    }

    /// Sets one entry, under a lock so that two Hearth commands finishing at once take turns.
    func update(key: String, entry: Entry) {
        let folder = (file as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(
                atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            let lock = try WriterLock(vaultPath: file, timeout: 2)
            defer { withExtendedLifetime(lock) {} }
            var contents = load()
            contents.vaults[key] = entry
            if contents.vaults.count > Self.maximumEntries {
                let oldest = contents.vaults.sorted { $0.value.seen < $1.value.seen }
                    .prefix(contents.vaults.count - Self.maximumEntries)
                for (old, _) in oldest where old != key { contents.vaults.removeValue(forKey: old) }
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
            let writer = try AtomicFileWriter(destination: file)
            try writer.write(Array(try encoder.encode(contents)))
            try writer.commit()
        } catch {
            // Advice only: a read-only home or a full disk must not stop the command.
        }
    }
}
