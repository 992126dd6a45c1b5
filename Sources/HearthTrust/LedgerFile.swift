import Foundation
import HearthVault

/// The ledger file (Docs/SECURITY.md, "The ledger file"): `$XDG_STATE_HOME/hearth/seen-vaults.json`
/// (default `~/.local/state/hearth`), mode 0600 in a 0700 folder, JSON version 2, replaced
/// atomically under a lock. A damaged file is set aside; one that cannot be read, or was written
/// by a newer Hearth, is left as it is and nothing is known (the checks fail open, said once).
public final class LedgerFile: TrustStore, Sendable {
    public let file: String
    private let problems: @Sendable (TrustStoreProblem) -> Void

    /// `problems` hears when the file exists but cannot be read or written.
    public init(file: String, problems: @escaping @Sendable (TrustStoreProblem) -> Void = { _ in }) {
        self.file = file
        self.problems = problems
    }

    public var location: String { file }

    /// The ledger of this user, from `environment` (the command's, not the process's statics):
    /// `$XDG_STATE_HOME` (when absolute), else `$HOME/.local/state`, else the home folder of the
    /// account (getpwuid). Nil when none is known.
    public static func standard(
        environment: [String: String], problems: @escaping @Sendable (TrustStoreProblem) -> Void = { _ in }
    ) -> LedgerFile? {
        var base = environment["XDG_STATE_HOME"].flatMap { $0.isEmpty || !$0.hasPrefix("/") ? nil : $0 }
        if base == nil {
            var home = environment["HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil }
            if home == nil, let entry = getpwuid(getuid()), let dir = entry.pointee.pw_dir {
                home = String(cString: dir)
            }
            base = home.map { ($0 as NSString).appendingPathComponent(".local/state") }
        }
        guard let base else { return nil }
        return LedgerFile(
            file: ((base as NSString).appendingPathComponent("hearth") as NSString).appendingPathComponent("seen-vaults.json"),
            problems: problems)
    }

    private struct Version: Decodable { var version: Int }
    private struct VersionOne: Decodable { var vaults: [String: TrustRecord.PathEntry] }

    /// The contents, or why they cannot be used.
    enum Loaded {
        case contents(TrustRecord)
        case unusable(String)
        /// Not JSON of a known version (damaged, or written over): set aside under the lock.
        case damaged
    }

    func read() -> Loaded {
        var info = stat()
        guard lstat(file, &info) == 0 else {
            return errno == ENOENT || errno == ENOTDIR ? .contents(TrustRecord()) : .unusable("it could not be read")
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
            return .contents(TrustRecord(paths: old.vaults))
        case 2:
            guard let contents = try? decoder.decode(TrustRecord.self, from: data) else { return .damaged }
            return .contents(contents)
        default:
            return .unusable("it was written by a newer version of Hearth")
        }
    }

    public func load() -> TrustRecord {
        switch read() {
        case .contents(let contents): return contents
        case .unusable(let why):
            problems(.unusable(why: why))
            return TrustRecord()
        case .damaged:
            // Set aside under the lock (another command may be doing the same), then read again.
            update { _ in }
            if case .contents(let contents) = read() { return contents }
            return TrustRecord()
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
    @discardableResult
    public func update(_ change: (inout TrustRecord) -> Void) -> Bool {
        let folder = PathName.folder(of: file)
        do {
            try FileManager.default.createDirectory(
                atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            let lock = try WriterLock(besideFile: file, timeout: 5)
            defer { withExtendedLifetime(lock) {} }
            // A command killed while writing the ledger left its temporary: under the lock, as the
            // vault's own are (`Vault.write`), nobody else can be writing one.
            AtomicFileWriter.removeStaleTemporaries(for: file)
            let original: TrustRecord
            switch read() {
            case .contents(let contents): original = contents
            case .unusable(let why):
                problems(.unusable(why: why))
                return false
            case .damaged:
                try setAside()
                original = TrustRecord()
            }
            var contents = original
            change(&contents)
            contents.version = 2
            guard contents != original || original.version != 2 else { return true }
            contents.trim()
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
            let writer = try AtomicFileWriter(destination: file)
            try writer.write(Array(try encoder.encode(contents)))
            try writer.commit()
            return true
        } catch {
            problems(.notUpdated(error: "\(error)"))
            return false
        }
    }
}
