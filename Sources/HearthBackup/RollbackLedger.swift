import Foundation
import HearthCrypto
import HearthVault

/// This account's record of the vaults it has seen (Docs/SECURITY.md, "Rollback warning" and
/// "The ledger file"): per vault id, the key line it trusts (key epoch and key fingerprint, see
/// `KeyIdentity`); per vault and path, the newest save seen there and its slot table. From it Hearth warns when a file goes backwards, and refuses to save into a file
/// whose key this account did not see come about, whatever its epoch number and path.
///
/// Kept in `$XDG_STATE_HOME/hearth/seen-vaults.json` (default `~/.local/state/hearth`), mode
/// 0600 in a 0700 folder, replaced atomically under a lock. It holds no secret, no record text
/// and no path: entries are keyed by BLAKE2b of the vault id (and of the real path). Only
/// authenticated reads of the trusted key, Hearth's own saves and the person's acceptance
/// change what is trusted: a header read without a key never does.
public final class RollbackLedger: Sendable {
    public let file: String
    /// Entries beyond this (per map) are dropped, least recently seen first.
    static let maximumEntries = 200
    /// Rekeys prepared but not (yet) seen committed, kept per vault.
    static let maximumPending = 4
    /// Slot tables this account saw replaced, kept per vault (the oldest dropped first).
    static let maximumRetiredSlotTables = 32
    /// Key slots remembered per vault (eight per slot table, a few tables' worth).
    static let maximumSeenSlots = 64
    private let problems: @Sendable (Problem) -> Void

    /// What went wrong with the ledger's own file (the CLI words it: Messages.swift).
    public enum Problem: Sendable, Equatable {
        /// The file is there but cannot be used (`why`: "it was written by a newer version of Hearth"):
        /// the checks are off until it is readable again; it is left as it is.
        case unusable(why: String)
        /// The file was damaged and was renamed to `aside`; a new record was started.
        case setAside(aside: String)
        /// The file could not be written (`error` describes why).
        case notUpdated(error: String)
    }

    /// `problems` hears when the file exists but cannot be read or written.
    public init(file: String, problems: @escaping @Sendable (Problem) -> Void = { _ in }) {
        self.file = file
        self.problems = problems
    }

    /// The ledger of this user: `$XDG_STATE_HOME` (when absolute), else `$HOME/.local/state`,
    /// else the home folder of the account (getpwuid). Nil when none is known.
    public static func standard(
        environment: [String: String] = ProcessInfo.processInfo.environment, problems: @escaping @Sendable (Problem) -> Void = { _ in }
    ) -> RollbackLedger? {
        var base = environment["XDG_STATE_HOME"].flatMap { $0.isEmpty || !$0.hasPrefix("/") ? nil : $0 }
        if base == nil {
            var home = environment["HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil }
            if home == nil, let entry = getpwuid(getuid()), let dir = entry.pointee.pw_dir {
                home = String(cString: dir)
            }
            base = home.map { ($0 as NSString).appendingPathComponent(".local/state") }
        }
        guard let base else { return nil }
        return RollbackLedger(
            file: ((base as NSString).appendingPathComponent("hearth") as NSString).appendingPathComponent("seen-vaults.json"),
            problems: problems)
    }

    // MARK: The file

    /// A key line: an epoch and the hex fingerprint of its epoch key.
    struct KeyLine: Codable, Equatable {
        var keyEpoch: UInt64
        var keyFingerprint: String

        enum CodingKeys: String, CodingKey {
            case keyEpoch = "key_epoch", keyFingerprint = "key_fingerprint"
        }
    }

    /// What is known about one vault, whatever path it is read at.
    struct VaultEntry: Codable, Equatable {
        /// The key line this account trusts.
        var keyEpoch: UInt64
        var keyFingerprint: String
        /// The highest key epoch ever trusted for the vault: never goes down, and a rekey goes above it.
        var highestKeyEpoch: UInt64
        /// Rekeys by this account whose new file was written but not yet seen in place.
        var pending: [KeyLine]
        /// The day this entry last changed (`2026-11-25`).
        var seen: String
        /// Digests of slot tables this account saw replaced (a key change saved here, or a newer
        /// save read with other key slots), oldest first. Salts and nonces are fresh on every
        /// slot change, so a replaced table never comes back legitimately.
        var retiredSlotTables: [String]? = nil
        /// Digests of the key slots seen in files under a trusted key, oldest first (see
        /// `slotKey`). A rekey wraps every slot anew (fresh salt and nonce), so a file under
        /// other keys that holds one of these was not made by a rekey: someone who holds a
        /// retired master key put an old slot (yours) into it so that your passphrase opens it.
        var seenSlots: [String]? = nil

        enum CodingKeys: String, CodingKey {
            case keyEpoch = "key_epoch", keyFingerprint = "key_fingerprint", highestKeyEpoch = "highest_key_epoch"
            case pending, seen, retiredSlotTables = "retired_slot_tables", seenSlots = "seen_slots"
        }

        mutating func noteSlots(_ digests: [String]) {
            var list = (seenSlots ?? []).filter { !digests.contains($0) }
            list += digests
            seenSlots = Array(list.suffix(RollbackLedger.maximumSeenSlots))
        }

        func holdsSeenSlot(_ digests: [String]) -> Bool {
            guard let seenSlots, !seenSlots.isEmpty else { return false }
            return digests.contains { seenSlots.contains($0) }
        }

        func isRetired(_ digest: String) -> Bool { retiredSlotTables?.contains(digest) ?? false }

        mutating func retire(_ digest: String) {
            var list = (retiredSlotTables ?? []).filter { $0 != digest }
            list.append(digest)
            retiredSlotTables = Array(list.suffix(RollbackLedger.maximumRetiredSlotTables))
        }

        mutating func unretire(_ digest: String) {
            guard isRetired(digest) else { return }
            retiredSlotTables = retiredSlotTables?.filter { $0 != digest }
        }

        var line: KeyLine { KeyLine(keyEpoch: keyEpoch, keyFingerprint: keyFingerprint) }
    }

    /// The newest save seen at one path under the trusted key, and the digest of its slot table
    /// (version 1 entries carry the key epoch seen there instead of the slot table).
    struct PathEntry: Codable, Equatable {
        var generation: UInt64
        var slotTable: String?
        var keyEpoch: UInt64?
        var seen: String

        enum CodingKeys: String, CodingKey {
            case generation, slotTable = "slot_table", keyEpoch = "key_epoch", seen
        }
    }

    struct Contents: Codable, Equatable {
        var version = 2
        var vaults: [String: VaultEntry] = [:]
        var paths: [String: PathEntry] = [:]
    }

    private struct Version: Decodable { var version: Int }
    private struct VersionOne: Decodable { var vaults: [String: PathEntry] }

    /// The contents, or why they cannot be used (said once through `problems`; then nothing is
    /// known, and nothing is written over the file).
    enum Loaded {
        case contents(Contents)
        case unusable(String)
        /// Not JSON of a known version (damaged, or written over): set aside under the lock, and a new record started.
        case damaged
    }

    func read() -> Loaded {
        var info = stat()
        guard lstat(file, &info) == 0 else {
            return errno == ENOENT || errno == ENOTDIR ? .contents(Contents()) : .unusable("it could not be read")
        }
        // Not a regular file (a FIFO would make the read wait for ever, a link could lead anywhere).
        guard (info.st_mode & S_IFMT) == S_IFREG else { return .unusable("it is \(UntrustedFile.describe(mode: info.st_mode)), not a file") }
        // A ledger holds at most a few hundred short entries (well under 1 MiB); anything far
        // larger was not written by Hearth and is not read into memory.
        guard info.st_size <= 16 << 20 else { return .damaged }
        guard let data = FileManager.default.contents(atPath: file) else { return .unusable("it could not be read") }
        let decoder = JSONDecoder()
        guard let version = try? decoder.decode(Version.self, from: data) else { return .damaged }
        switch version.version {
        case 1:
            // Version 1: per path only, key epochs without fingerprints. Read as the paths of
            // version 2; written back as version 2 on the next change.
            guard let old = try? decoder.decode(VersionOne.self, from: data) else { return .damaged }
            return .contents(Contents(paths: old.vaults))
        case 2:
            guard let contents = try? decoder.decode(Contents.self, from: data) else { return .damaged }
            return .contents(contents)
        default:
            return .unusable("it was written by a newer version of Hearth")
        }
    }

    func load() -> Contents {
        switch read() {
        case .contents(let contents): return contents
        case .unusable(let why):
            problems(.unusable(why: why))
            return Contents()
        case .damaged:
            // Set aside under the lock (another command may be doing the same), then read again.
            mutate { _ in }
            if case .contents(let contents) = read() { return contents }
            return Contents()
        }
    }

    /// Under the lock: renames the damaged file to `seen-vaults.json.unreadable-<UTC time>` and
    /// says so once. Nothing that file remembered is known any more.
    private func setAside() throws(VaultError) {
        var seconds = time_t(Date().timeIntervalSince1970)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        let stamp = String(
            format: "%04d%02d%02dT%02d%02d%02dZ", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday),
            Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec))
        var aside = "\(file).unreadable-\(stamp)"
        var attempt = 1
        while access(aside, F_OK) == 0 {
            attempt += 1
            aside = "\(file).unreadable-\(stamp)-\(attempt)"
        }
        guard rename(file, aside) == 0 else { throw .io(operation: "rename", errno: errno) }
        try AtomicFileWriter.syncFolder(of: file)
        problems(.setAside(aside: aside))
    }

    /// Reads, changes and writes the file under a lock (`seen-vaults.json.lock`), so that two
    /// Hearth commands finishing at once never lose each other's update. The new contents go to
    /// a temporary file, flushed, then renamed over the old one.
    func mutate(_ change: (inout Contents) -> Void) {
        let folder = PathName.folder(of: file)
        do {
            try FileManager.default.createDirectory(
                atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            let lock = try WriterLock(besideFile: file, timeout: 5)
            defer { withExtendedLifetime(lock) {} }
            // A command killed while writing the ledger left its temporary: under the lock, as the
            // vault's own are (`Vault.write`), nobody else can be writing one.
            AtomicFileWriter.removeStaleTemporaries(for: file)
            let original: Contents
            switch read() {
            case .contents(let contents): original = contents
            case .unusable(let why):
                problems(.unusable(why: why))
                return
            case .damaged:
                try setAside()
                original = Contents()
            }
            var contents = original
            change(&contents)
            contents.version = 2
            guard contents != original || original.version != 2 else { return }
            Self.trim(&contents)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
            let writer = try AtomicFileWriter(destination: file)
            try writer.write(Array(try encoder.encode(contents)))
            try writer.commit()
        } catch {
            problems(.notUpdated(error: "\(error)"))
        }
    }

    /// Beyond `2 × maximumEntries` entries in all, path entries go first (least recently seen
    /// first); vault entries (the trusted keys) only once no path entry is left to drop.
    static func trim(_ contents: inout Contents) {
        var excess = contents.vaults.count + contents.paths.count - 2 * maximumEntries
        guard excess > 0 else { return }
        for (key, _) in contents.paths.sorted(by: { $0.value.seen < $1.value.seen }).prefix(excess) {
            contents.paths.removeValue(forKey: key)
            excess -= 1
        }
        guard excess > 0 else { return }
        for (key, _) in contents.vaults.sorted(by: { $0.value.seen < $1.value.seen }).prefix(excess) {
            contents.vaults.removeValue(forKey: key)
        }
    }

    // MARK: Keys of the maps

    /// hex(BLAKE2b-128("hearth-vault-v2" || vault id)).
    static func vaultKey(_ vaultID: [UInt8]) -> String {
        hex((Array("hearth-vault-v2".utf8) + vaultID).withUnsafeBytes { GenericHash.hash($0, length: 16) })
    }

    /// hex(BLAKE2b-128("hearth-seen-v1" || vault id || 0x00 || real path as UTF-8)), as in version 1.
    static func pathKey(_ vaultID: [UInt8], path: String) -> String {
        let material = Array("hearth-seen-v1".utf8) + vaultID + [0] + Array(realPath(path).utf8)
        return hex(material.withUnsafeBytes { GenericHash.hash($0, length: 16) })
    }

    /// hex(BLAKE2b-128("hearth-slot-seen-v1" || vault id || salt || nonce)) of each key slot in
    /// use: salt and nonce are new whenever a slot is made or re-wrapped.
    static func slotKeys(_ header: VaultHeader) -> [String] {
        header.slots.compactMap { slot in
            slot.map { slot in
                let material = Array("hearth-slot-seen-v1".utf8) + header.vaultID + slot.salt + slot.nonce
                return hex(material.withUnsafeBytes { GenericHash.hash($0, length: 16) })
            }
        }
    }

    static func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

    static func line(_ identity: KeyIdentity) -> KeyLine { KeyLine(keyEpoch: identity.epoch, keyFingerprint: identity.hex) }

    /// A UTC day as `2026-11-25`.
    public static func day(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return String(format: "%04d-%02d-%02d", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday))
    }

    static func isSpecial(_ path: String) -> Bool { path.hasPrefix("/dev/fd/") || path.hasPrefix("/proc/") }

    // MARK: Deciding

    /// Why Hearth should not save into the file at `path` (authenticated `header`, written under
    /// `identity`), or nil: its key is the trusted one (or Hearth's own pending rekey, or the
    /// first seen for this vault) and it is not an older save with another slot table than the
    /// newest seen at this path. (Slot tables are compared per path: copies elsewhere count their
    /// saves apart and may have key changes of their own, `passwd --vault COPY`.)
    static func concern(in contents: Contents, path: String, header: VaultHeader, identity: KeyIdentity) -> RollbackWarning? {
        let line = line(identity)
        if let entry = contents.vaults[vaultKey(header.vaultID)] {
            if entry.line == line {
                let digest = hex(header.slotTableDigest)
                let seen = isSpecial(path) ? nil : contents.paths[pathKey(header.vaultID, path: path)]
                // A slot table this account saw replaced, at any path and whatever the save
                // number: unless it is still the newest seen at this very path (a copy elsewhere
                // had a key change of its own, `passwd --vault COPY`).
                if entry.isRetired(digest), seen?.slotTable != digest {
                    return RollbackWarning(
                        path: path, generation: header.generation, seenGeneration: seen?.generation ?? header.generation,
                        keyEpoch: identity.epoch, seenKeyEpoch: entry.keyEpoch, seenOn: entry.seen, fingerprint: identity.short,
                        seenFingerprint: String(entry.keyFingerprint.prefix(8)), olderSlotTable: true, retiredSlotTable: true)
                }
                guard let seen, let table = seen.slotTable, header.generation < seen.generation, digest != table
                else { return nil }
                return RollbackWarning(
                    path: path, generation: header.generation, seenGeneration: seen.generation, keyEpoch: identity.epoch,
                    seenKeyEpoch: entry.keyEpoch, seenOn: seen.seen, fingerprint: identity.short,
                    seenFingerprint: String(entry.keyFingerprint.prefix(8)), olderSlotTable: true)
            }
            if entry.pending.contains(line) { return nil }
            // At the same or a higher epoch, a key slot seen before means no rekey made this file.
            let reusedSlot = identity.epoch >= entry.keyEpoch && entry.holdsSeenSlot(slotKeys(header))
            return RollbackWarning(
                path: path, generation: header.generation, seenGeneration: header.generation, keyEpoch: identity.epoch,
                seenKeyEpoch: entry.keyEpoch, seenOn: entry.seen, fingerprint: identity.short,
                seenFingerprint: String(entry.keyFingerprint.prefix(8)), otherKeys: true, reusedSlot: reusedSlot)
        }
        // A version 1 entry knows an epoch seen at this path, not its key: that epoch is trusted
        // on its first authenticated read; any other is a key this account did not see.
        if let old = contents.paths[pathKey(header.vaultID, path: path)], let epoch = old.keyEpoch, epoch != identity.epoch {
            return RollbackWarning(
                path: path, generation: header.generation, seenGeneration: old.generation, keyEpoch: identity.epoch,
                seenKeyEpoch: epoch, seenOn: old.seen, fingerprint: identity.short, otherKeys: true)
        }
        return nil
    }

    /// Makes `identity` the trusted key line of the vault (when it is not already), and notes the
    /// save and slot table of `header` at `path`. `written`: Hearth wrote or the person accepted
    /// this file, so it is taken as the newest save there even when its number is lower.
    static func trust(
        _ contents: inout Contents, path: String, header: VaultHeader, identity: KeyIdentity, day: String, written: Bool
    ) {
        let key = vaultKey(header.vaultID)
        let line = line(identity)
        let digest = hex(header.slotTableDigest)
        let pathKey = pathKey(header.vaultID, path: path)
        if contents.vaults[key]?.line != line {
            let previous = contents.vaults[key]
            let legacy = contents.paths[pathKey]?.keyEpoch ?? 0
            contents.vaults[key] = VaultEntry(
                keyEpoch: identity.epoch, keyFingerprint: line.keyFingerprint,
                highestKeyEpoch: max(previous?.highestKeyEpoch ?? 0, legacy, identity.epoch), pending: [], seen: day,
                retiredSlotTables: previous?.retiredSlotTables, seenSlots: previous?.seenSlots)
        }
        contents.vaults[key]?.noteSlots(slotKeys(header))
        // Written by Hearth (or accepted by the person): this slot table is current again.
        if written { contents.vaults[key]?.unretire(digest) }
        if isSpecial(path) { return }
        let old = contents.paths[pathKey]
        let newer = old.map { header.generation > $0.generation || (header.generation == $0.generation && $0.slotTable != digest) } ?? true
        // The slot table seen here is replaced: by a key change saved here, or by a newer save
        // read here with other key slots (a key change elsewhere, through a sync folder).
        if let table = old?.slotTable, table != digest, written || header.generation > (old?.generation ?? 0) {
            contents.vaults[key]?.retire(table)
        }
        if written || newer {
            contents.paths[pathKey] = PathEntry(generation: header.generation, slotTable: digest, keyEpoch: nil, seen: day)
        } else if let old, old.keyEpoch != nil {
            // A version 1 entry, its epoch now trusted: kept as a plain path entry.
            contents.paths[pathKey] = PathEntry(generation: old.generation, slotTable: old.slotTable, keyEpoch: nil, seen: old.seen)
        }
    }

    /// The save seen at `path` that `header` is older than, unless the file at the path has
    /// meanwhile become that newer save again (a read racing another command's save).
    func olderSave(in contents: Contents, path: String, header: VaultHeader) -> PathEntry? {
        if Self.isSpecial(path) { return nil }
        guard let seen = contents.paths[Self.pathKey(header.vaultID, path: path)], header.generation < seen.generation else { return nil }
        if let now = try? VaultSnapshot(path: path).header, now.vaultID == header.vaultID, now.generation >= seen.generation {
            return nil
        }
        return seen
    }

    // MARK: Events

    /// A read of `path` authenticated under `identity`. Records it when its key is the trusted
    /// one (or the first seen for the vault, or Hearth's own rekey that was pending); returns
    /// what to tell the person: keys this account did not see come about, an older slot table,
    /// or an older save than seen at this path. Never throws: the ledger is advice for reads.
    ///
    /// `mayTrustFirst`: false for a read of another copy (a backup, a file in a backup folder):
    /// such a read never sets the trusted key of a vault this account knows nothing about, and
    /// records nothing (no path entry).
    /// `firstTrust` hears when this read made the file's key the trusted one (trust on first use).
    @discardableResult
    public func observeAuthenticated(
        path: String, header: VaultHeader, identity: KeyIdentity, now: Date = Date(), mayTrustFirst: Bool = true,
        firstTrust: (() -> Void)? = nil
    ) -> RollbackWarning? {
        let contents = load()
        // Another copy: neither trusted first nor given a path entry (only the working vault
        // and files saved into are).
        let known = contents.vaults[Self.vaultKey(header.vaultID)] != nil
        if !known, !mayTrustFirst { return nil }
        if let concern = Self.concern(in: contents, path: path, header: header, identity: identity) {
            // A read that started before another command's rekey or save, the file now newer: a race.
            if let current = try? VaultSnapshot(path: path).header, current.vaultID == header.vaultID,
               current.payloadID != header.payloadID, current.keyEpoch >= concern.seenKeyEpoch,
               current.generation > header.generation
            {
                return nil
            }
            return concern
        }
        let day = Self.day(now)
        var first = false
        if mayTrustFirst { mutate { contents in
            guard Self.concern(in: contents, path: path, header: header, identity: identity) == nil else { return }
            if contents.vaults[Self.vaultKey(header.vaultID)] == nil {
                guard mayTrustFirst else { return }
                first = true
            }
            Self.trust(&contents, path: path, header: header, identity: identity, day: day, written: false)
        } }
        if first { firstTrust?() }
        guard let seen = olderSave(in: contents, path: path, header: header) else { return nil }
        return RollbackWarning(
            path: path, generation: header.generation, seenGeneration: seen.generation, keyEpoch: identity.epoch,
            seenKeyEpoch: identity.epoch, seenOn: seen.seen)
    }

    /// A header read at `path` without a key: at most a provisional note of what the file claims
    /// (an older save than seen at this path, or a lower key epoch than the trusted one).
    /// Nothing is recorded.
    public func observeUnauthenticated(path: String, header: VaultHeader) -> RollbackWarning? {
        let contents = load()
        let trustedEpoch = contents.vaults[Self.vaultKey(header.vaultID)]?.keyEpoch
            ?? contents.paths[Self.pathKey(header.vaultID, path: path)]?.keyEpoch
        let seen = olderSave(in: contents, path: path, header: header)
        let lowerEpoch = trustedEpoch.map { header.keyEpoch < $0 } ?? false
        guard lowerEpoch || seen != nil else { return nil }
        let entry = contents.vaults[Self.vaultKey(header.vaultID)]
        return RollbackWarning(
            path: path, generation: header.generation, seenGeneration: seen?.generation ?? header.generation,
            keyEpoch: header.keyEpoch, seenKeyEpoch: trustedEpoch ?? header.keyEpoch,
            seenOn: (lowerEpoch ? entry?.seen : seen?.seen) ?? seen?.seen ?? "", provisional: true)
    }

    /// Hearth wrote `header` at `path` under `identity` (a save, a key change, a rekey, a restore):
    /// from now on that key is trusted for the vault, and this save is the newest.
    public func recordSave(path: String, header: VaultHeader, identity: KeyIdentity, now: Date = Date()) {
        let day = Self.day(now)
        mutate { Self.trust(&$0, path: path, header: header, identity: identity, day: day, written: true) }
    }

    /// A rekey's new file under `identity` is about to be renamed into place: remembered as
    /// pending, so that it is recognised as this account's own even if the process ends before
    /// `recordSave`.
    /// A key change under the trusted key (same line) is noted the same way: its new slot table,
    /// which may be one replaced before (a key added, then removed again), is no longer retired.
    /// Returns whether the slot table was retired before.
    @discardableResult
    public func notePending(header: VaultHeader, identity: KeyIdentity) -> Bool {
        var wasRetired = false
        mutate { contents in
            let key = Self.vaultKey(header.vaultID)
            guard var entry = contents.vaults[key] else { return }
            let line = Self.line(identity)
            if entry.line == line {
                wasRetired = entry.isRetired(Self.hex(header.slotTableDigest))
                entry.unretire(Self.hex(header.slotTableDigest))
                contents.vaults[key] = entry
                return
            }
            guard !entry.pending.contains(line) else { return }
            entry.pending = Array((entry.pending + [line]).suffix(Self.maximumPending))
            contents.vaults[key] = entry
        }
        return wasRetired
    }

    /// A rekey's new file under `identity` was removed without being put in place (cancelled,
    /// refused, failed): no longer pending, so that a copy of it (a sync client may have taken
    /// the flushed temporary file) is never taken for this account's own.
    /// A key change under the trusted key that was abandoned gives back the retirement its slot
    /// table had before `notePending` (unless it is the table now at `path`).
    public func dropPending(path: String, header: VaultHeader, identity: KeyIdentity, wasRetired: Bool) {
        mutate { contents in
            let key = Self.vaultKey(header.vaultID)
            guard var entry = contents.vaults[key] else { return }
            let line = Self.line(identity)
            if entry.line == line {
                let digest = Self.hex(header.slotTableDigest)
                if wasRetired, Self.isSpecial(path) || contents.paths[Self.pathKey(header.vaultID, path: path)]?.slotTable != digest {
                    entry.retire(digest)
                    contents.vaults[key] = entry
                }
                return
            }
            guard entry.pending.contains(line) else { return }
            entry.pending.removeAll { $0 == line }
            contents.vaults[key] = entry
        }
    }

    /// Whether a rekey under `identity` may go ahead: its key is noted as pending (or already
    /// trusted), or nothing is known about the vault here. False when the note could not be
    /// written (a full disk, the ledger's lock not free in time).
    public func isPendingNoted(header: VaultHeader, identity: KeyIdentity) -> Bool {
        guard case .contents(let contents) = read(), let entry = contents.vaults[Self.vaultKey(header.vaultID)] else { return true }
        let line = Self.line(identity)
        return entry.line == line || entry.pending.contains(line)
    }

    /// Why a save into `path` under `identity` must not happen without the person's acceptance,
    /// or nil. Unlike a read, nothing excuses this: a save takes its keys from the file it read
    /// under the writer lock, so an unexpected key is never a race with another Hearth command.
    public func writeConcern(path: String, header: VaultHeader, identity: KeyIdentity) -> RollbackWarning? {
        Self.concern(in: load(), path: path, header: header, identity: identity)
    }

    /// The person accepted the file at `path` (authenticated, under `identity`) as it is: its key
    /// becomes the trusted key line of the vault, and its save and slot table the newest.
    public func accept(path: String, header: VaultHeader, identity: KeyIdentity, now: Date = Date()) {
        let day = Self.day(now)
        mutate { Self.trust(&$0, path: path, header: header, identity: identity, day: day, written: true) }
    }

    /// Whether `identity` is the key line this account trusts for the vault (or its own pending
    /// rekey), at whatever path the file is; nil when nothing is known about the vault.
    public func trusts(vaultID: [UInt8], identity: KeyIdentity) -> Bool? {
        guard let entry = load().vaults[Self.vaultKey(vaultID)] else { return nil }
        let line = Self.line(identity)
        return entry.line == line || entry.pending.contains(line)
    }

    /// The highest key epoch this account has trusted for the vault (a rekey goes above it), or nil.
    public func highestKeyEpoch(vaultID: [UInt8], path: String) -> UInt64? {
        let contents = load()
        let values = [contents.vaults[Self.vaultKey(vaultID)]?.highestKeyEpoch, contents.paths[Self.pathKey(vaultID, path: path)]?.keyEpoch]
        return values.compactMap { $0 }.max()
    }
}
