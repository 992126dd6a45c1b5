import Foundation
import HearthVault

/// One command's view of what this account has seen of its vaults: the store, what the person
/// accepted, whether the checks are off, and how to tell the person. Built once per command
/// from its environment and passed down; the vault layer gets it as its `VaultWriteGuard`, so
/// every save and key change of the working vault is checked under the writer lock and recorded
/// after. Copies that are only read (backups, merge sources, verify targets) are never given it:
/// they are neither checked nor recorded. Holds no process-wide state.
public final class TrustContext: VaultWriteGuard, @unchecked Sendable {
    /// Nil without a store (no home folder to keep the ledger in): nothing known, nothing refused.
    public let store: (any TrustStore)?
    /// `$HEARTH_NO_ROLLBACK_CHECK`: no warnings and no refusals (a note on each save that would
    /// have been refused); Hearth's own key changes are still recorded.
    public let checksOff: Bool
    private let tell: @Sendable (TrustNotice) -> Void
    let now: @Sendable () -> Date
    /// When a save of this computer is made, for the ledger's own saves (the run's clock).
    let saveTime: @Sendable () -> Date
    /// The place the ledger remembers a path by (`TrustPlace`): by the path inside a drive for a
    /// vault on one, so that a stick is one place wherever it is mounted.
    let places: @Sendable (String) -> TrustPlace

    private let lock = NSLock()
    private var acceptances: [String: KeyAcceptance] = [:]
    private var told = Set<String>()
    private var acceptedTold = Set<String>()
    private var keyChanges: [String: Bool] = [:]
    private var wrote = false
    private var meantToWrite = false
    private var problemTold = false

    public init(
        store: (any TrustStore)?, checksOff: Bool = false, now: @escaping @Sendable () -> Date = { Date() },
        tell: @escaping @Sendable (TrustNotice) -> Void = { _ in }, saveTime: (@Sendable () -> Date)? = nil,
        places: @escaping @Sendable (String) -> TrustPlace = { TrustPlace($0) }
    ) {
        self.store = store
        self.checksOff = checksOff
        self.now = now
        self.saveTime = saveTime ?? now
        self.places = places
        self.tell = tell
    }

    /// The context of a command run with `environment`: the ledger file it names
    /// (`LedgerFile.standard`), and `$HEARTH_NO_ROLLBACK_CHECK`.
    public static func standard(
        environment: [String: String], now: @escaping @Sendable () -> Date = { Date() },
        tell: @escaping @Sendable (TrustNotice) -> Void, saveTime: (@Sendable () -> Date)? = nil,
        places: @escaping @Sendable (String) -> TrustPlace = { TrustPlace($0) }
    ) -> TrustContext {
        let problems = ProblemRelay()
        let ledger = LedgerFile.standard(environment: environment) { problems.say($0) }
        let context = TrustContext(
            store: ledger, checksOff: environment["HEARTH_NO_ROLLBACK_CHECK"] != nil, now: now, tell: tell,
            saveTime: saveTime, places: places)
        problems.context = context
        return context
    }

    /// A context that knows nothing and refuses nothing.
    public static var none: TrustContext { TrustContext(store: nil) }

    // MARK: What the person accepted

    /// `--accept-keys EPOCH:KEY8` for the vault at `path`: a save there under exactly that key
    /// goes ahead, and the key becomes the trusted one.
    public func accept(_ acceptance: KeyAcceptance, at path: String) {
        let real = PathName.real(path)
        locked { acceptances[real] = acceptance }
    }

    private func acceptance(at path: String) -> KeyAcceptance? {
        let real = PathName.real(path)
        return locked { acceptances[real] }
    }

    // MARK: Reads

    /// The working vault at `path` was read: `header` authenticated under `identity`, or read
    /// without a key (`identity` nil: only what it claims, nothing recorded). Says what was found
    /// (once per path), remembers what the decision says, and returns the report.
    /// `purpose`: what the command is about to do with the file. `mayTrustFirst`: false for a
    /// file in a backup folder or named like a backup, whose keys a first read never makes the
    /// trusted ones (trust on first use is for the working vault).
    @discardableResult
    public func read(
        path: String, header: VaultHeader, identity: KeyIdentity?, purpose: TrustPurpose = .read, mayTrustFirst: Bool = true
    ) -> TrustReport? {
        if purpose != .read { locked { meantToWrite = true } }
        guard let store, !checksOff else { return nil }
        let place = places(path)
        let file = VaultFileState(header: header, identity: identity)
        let report = TrustPolicy.assess(file, at: place, seen: store.load())
        // The file at the path now, for a finding that may be a race with another command's save.
        let mayRace = report.finding == .olderSave || report.refusesWrites
        let current = mayRace ? (try? Vault.readHeader(at: path).header).map { VaultFileState(header: $0, identity: nil) } : nil
        let decision = TrustPolicy.decideRead(report, now: current, mayTrustFirst: mayTrustFirst)
        switch decision {
        case .proceed(let record), .warn(_, let record):
            remember(file, at: place, record)
        case .refuse, .accepted, .checksOff:
            break
        }
        guard case .warn(let found, _) = decision else { return nil }
        // A command about to write says it all in its refusal (or its acceptance note).
        if found.refusesWrites, purpose == .write { return found }
        if locked({ told.insert(place.realPath ?? path).inserted }) { tell(.found(found, purpose: purpose)) }
        return found
    }

    private func remember(_ file: VaultFileState, at place: TrustPlace, _ record: TrustRecording) {
        guard let store, record != .nothing else { return }
        let day = Self.day(now())
        var first = false
        store.update { seen in
            // Decided again under the store's lock: another command may have changed it meanwhile.
            let again = TrustPolicy.assess(file, at: place, seen: seen)
            guard !again.refusesWrites, !again.finding.isClaim else { return }
            if again.finding == .firstSeen {
                guard record == .firstTrust else { return }
                first = seen.vaults[TrustRecord.vaultKey(file.vaultID)] == nil
            }
            TrustPolicy.trust(file, at: place, in: &seen, day: day, written: false)
        }
        if first, let key = file.key { tell(.firstTrust(key)) }
    }

    // MARK: Writes (VaultWriteGuard)

    /// What this account has against saving `header` at `path` under `identity`, or nil (also
    /// when the checks are off or nothing is known).
    public func concern(path: String, header: VaultHeader, identity: KeyIdentity) -> TrustReport? {
        guard let store, !checksOff else { return nil }
        let report = TrustPolicy.assess(VaultFileState(header: header, identity: identity), at: places(path), seen: store.load())
        return report.refusesWrites ? report : nil
    }

    public func checkWrite(path: String, header: VaultHeader, identity: KeyIdentity) throws(VaultError) {
        locked { meantToWrite = true }
        guard let store else { return }
        let place = places(path)
        let file = VaultFileState(header: header, identity: identity)
        let report = TrustPolicy.assess(file, at: place, seen: store.load())
        switch TrustPolicy.decideWrite(report, accepted: acceptance(at: path), checksOff: checksOff) {
        case .proceed, .warn:
            return
        case .refuse(let report):
            throw .writeRefused(WriteRefusal(report, description: "\(report.finding) at \(path)"))
        case .checksOff(let report):
            tell(.checksOff(report))
        case .accepted(let report):
            let day = Self.day(now())
            store.update { TrustPolicy.trust(file, at: place, in: &$0, day: day, written: true) }
            if locked({ acceptedTold.insert(place.realPath ?? path).inserted }) { tell(.accepted(report, day: day)) }
        }
    }

    public func willReplace(path: String, header: VaultHeader, identity: KeyIdentity) {
        guard let store else { return }
        var wasRetired = false
        store.update { wasRetired = TrustPolicy.notePending(VaultFileState(header: header, identity: identity), in: &$0) }
        let real = PathName.real(path)
        locked { keyChanges[real] = wasRetired }
    }

    public func didWrite(path: String, header: VaultHeader, identity: KeyIdentity) {
        let real = PathName.real(path)
        let keyChange = locked { () -> Bool? in
            wrote = true
            return keyChanges.removeValue(forKey: real)
        }
        // With the checks off, Hearth's own key changes and rekeys are still recorded, so that
        // later commands with the checks on do not refuse the person's own vault.
        guard let store, !checksOff || keyChange != nil else { return }
        let day = Self.day(now())
        store.update {
            TrustPolicy.trust(VaultFileState(header: header, identity: identity), at: places(path), in: &$0, day: day, written: true)
        }
    }

    public func abandoned(path: String, header: VaultHeader, identity: KeyIdentity) {
        let real = PathName.real(path)
        let wasRetired = locked { keyChanges.removeValue(forKey: real) } ?? false
        store?.update {
            TrustPolicy.dropPending(VaultFileState(header: header, identity: identity), at: places(path), wasRetired: wasRetired, in: &$0)
        }
    }

    /// Whether a rekey's new key (`header` under `identity`, told through `willReplace`) is
    /// noted as pending or already trusted, or nothing is known here. False when the note
    /// could not be kept: the rekey must not be renamed into place then.
    public func isPendingNoted(header: VaultHeader, identity: KeyIdentity) -> Bool {
        guard let store else { return true }
        return TrustPolicy.trusts(TrustRecord.KeyLine(identity), of: header.vaultID, in: store.load()) ?? true
    }

    // MARK: Questions

    /// Whether the vault at `path` now carries other key slots than this account last saw there,
    /// at a later save (`TrustPolicy.keyTableChangedSinceSeen`): for the words when a passphrase
    /// that used to open it does not. False when nothing is known or the checks are off.
    public func keySlotsChangedSinceSeen(path: String) -> Bool {
        guard let store, !checksOff, let header = try? Vault.readHeader(at: path).header else { return false }
        return TrustPolicy.keyTableChangedSinceSeen(VaultFileState(header: header, identity: nil), at: places(path), seen: store.load())
    }

    /// Whether this account trusts `identity` for the vault `vaultID`, wherever the file is;
    /// nil when the checks are off or nothing is known.
    public func trusts(_ identity: KeyIdentity, of vaultID: [UInt8]) -> Bool? {
        guard let store, !checksOff else { return nil }
        return TrustPolicy.trusts(TrustRecord.KeyLine(identity), of: vaultID, in: store.load())
    }

    /// The key epoch a rekey of this vault should reach at least: one above the highest this
    /// account has trusted for it, so that an epoch number never names two keys.
    public func minimumRekeyEpoch(for header: VaultHeader, at path: String) -> UInt64 {
        guard let store, let highest = TrustPolicy.highestKeyEpoch(of: header.vaultID, at: places(path), in: store.load()),
              highest < UInt64.max
        else { return 0 }
        return highest + 1
    }

    /// At the end of the command: `--accept-keys` given to a command that neither wrote nor meant to.
    public func finish() {
        let unused = locked { !acceptances.isEmpty && !wrote && !meantToWrite }
        if unused { tell(.acceptanceNotUsed) }
    }

    /// A UTC day as `2026-11-25`.
    public static func day(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return String(format: "%04d-%02d-%02d", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday))
    }

    fileprivate func storeProblem(_ problem: TrustStoreProblem) {
        guard locked({ defer { problemTold = true }; return !problemTold }) else { return }
        tell(.storeProblem(problem, location: store?.location ?? ""))
    }

    private func locked<T>(_ body: () -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body()
    }
}

/// Passes the ledger file's problems to the context made with it (made just after it).
private final class ProblemRelay: @unchecked Sendable {
    weak var context: TrustContext?
    func say(_ problem: TrustStoreProblem) { context?.storeProblem(problem) }
}
