import Foundation
import HearthBackup
import HearthMessages
import HearthVault

/// Watches every vault header this process reads or writes (through `VaultAccess`), tells the
/// person calmly when a file is older than one seen, or opens with keys this account did not see
/// come about, and refuses to save into such a file unless the person accepts it
/// (Docs/SECURITY.md, "Rollback warning"). Backups, copies being merged and files being verified
/// are other copies, only read: commands name them with `ignore` before reading them.
enum RollbackWarnings {
    private static let state = State()

    /// Installs the observer and the write check (once, at start-up). Without a home folder to
    /// keep the ledger in, nothing is known and nothing is refused. `$HEARTH_NO_ROLLBACK_CHECK`
    /// turns warnings and records off, and lets refused saves through with a one-line note.
    static func install() {
        let environment = ProcessInfo.processInfo.environment
        guard let ledger = RollbackLedger.standard(environment: environment, problems: { problem in
            if state.firstProblem() { Console.message(.ledgerProblem(problem, file: state.ledger?.file ?? "")) }
        }) else { return }
        state.ledger = ledger
        let disabled = environment["HEARTH_NO_ROLLBACK_CHECK"] != nil
        atexit { RollbackWarnings.finish() }
        VaultAccess.setObserver { path, header, event in
            guard !state.isIgnored(path) else { return }
            if disabled {
                // Checks off, but Hearth's own key changes and rekeys are still recorded, so that
                // later commands with the checks on do not refuse the person's own vault.
                keyChangesOnly(ledger, path: path, header: header, event: event)
            } else {
                observe(ledger, path: path, header: header, event: event)
            }
        }
        VaultAccess.setWriteCheck { path, header, identity throws(VaultError) in
            guard !state.isIgnored(path) else { return }
            state.markWriteChecked()
            guard let concern = ledger.writeConcern(path: path, header: header, identity: identity) else { return }
            if disabled {
                Console.message(.rollbackCheckOff(path: path, otherKeys: concern.otherKeys))
                return
            }
            // The blanket flag takes what its name says: keys from before a rekey, or an older table
            // of key slots. Keys at the same or a higher epoch (a rekey elsewhere, or a number forged
            // by someone holding retired keys) need the exact --accept-keys the refusal names, so a
            // flag left in an alias or a script never trusts them.
            let blanket = state.acceptsOlderKeys(path) && (!concern.otherKeys || concern.olderKeys)
            guard blanket || state.acceptsKeys(path, concern.keyEpoch, concern.fingerprint)
            else { throw .olderKeysThanSeen(concern) }
            ledger.accept(path: path, header: header, identity: identity)
            if state.firstAcceptance(for: path) {
                Console.message(.olderKeysAccepted(concern, on: RollbackLedger.day(Date())))
            }
        }
    }

    private static func observe(_ ledger: RollbackLedger, path: String, header: VaultHeader, event: VaultAccess.Event) {
        switch event {
        case .readUnauthenticated:
            // Only what the file claims: said at the end, and only if nothing authenticated it since.
            if let claim = ledger.observeUnauthenticated(path: path, header: header) { state.noteProvisional(claim) }
        case .readAuthenticated(let identity):
            state.authenticated(path)
            let warning = ledger.observeAuthenticated(
                path: path, header: header, identity: identity, mayTrustFirst: !isBackupCopy(path),
                firstTrust: {
                    Console.message(.firstTrust(epoch: identity.epoch, fingerprint: identity.short))
                })
            guard let warning else { return }
            // A command about to write says it all in its refusal (or its acceptance note).
            if warning.refusesWrites, state.isWriting(path) { return }
            guard state.firstWarning(for: path) else { return }
            Console.message(.olderCopyWarning(warning, rekeying: state.isRekeying(path)))
        case .saved(let identity):
            state.authenticated(path)
            _ = state.takeKeyChange(path)
            ledger.recordSave(path: path, header: header, identity: identity)
        case .aboutToReplace(let identity):
            state.noteKeyChange(path, wasRetired: ledger.notePending(header: header, identity: identity))
        case .abandoned(let identity):
            ledger.dropPending(path: path, header: header, identity: identity, wasRetired: state.takeKeyChange(path) ?? false)
        }
    }

    private static func keyChangesOnly(_ ledger: RollbackLedger, path: String, header: VaultHeader, event: VaultAccess.Event) {
        switch event {
        case .readUnauthenticated, .readAuthenticated: return
        case .saved(let identity):
            if state.takeKeyChange(path) != nil { ledger.recordSave(path: path, header: header, identity: identity) }
        case .aboutToReplace, .abandoned:
            observe(ledger, path: path, header: header, event: event)
        }
    }

    /// Before a rekey's new file is renamed into place: its key must be noted as pending in the
    /// ledger (see `RollbackLedger.isPendingNoted`), or the rekey stops with nothing changed.
    static func requirePendingNoted(_ pending: PendingKeyChange) throws {
        guard let ledger = state.ledger, !ledger.isPendingNoted(header: pending.header, identity: pending.identity) else { return }
        pending.abort()
        throw CLIFailure(.ioError, .rekeyNotNoted(ledgerFile: ledger.file))
    }

    /// A file in a backup folder (`Hearth/`) or named like a backup: another copy, whose keys a
    /// first read never makes the trusted ones (trust on first use is for the working vault).
    static func isBackupCopy(_ path: String) -> Bool {
        let real = realPath(path)
        let folder = (PathName.folder(of: real) as NSString).lastPathComponent
        return folder == "Hearth" || BackupName.parse((real as NSString).lastPathComponent) != nil
    }

    /// At exit: provisional notes that no authenticated read settled, and a word when
    /// --accept-older-keys was given to a command that only read.
    static func finish() {
        for claim in state.unsettledClaims() { Console.message(.olderCopyClaim(claim)) }
        if state.acceptanceUnused() { Console.message(.acceptanceNotUsed) }
    }

    /// This command is about to change the vault at `path`: a warning about its keys while
    /// reading it is left to the refusal that follows (`checkWritable`), so the person reads it once.
    static func willWrite(to path: String) { state.markWriting(path) }

    /// This command is `hearth rekey` of the vault at `path`: the remedy, so a warning about its
    /// keys says what the rekey does instead of advising one.
    static func willRekey(_ path: String) { state.markRekeying(path) }

    /// Refuses, right after unlocking and before any input is asked for, to change the vault at
    /// `path` (authenticated `header`, read under `keys`) when its key is not the one this account
    /// trusts. The same check runs again on every save, whatever the command (`VaultAccess.checkWrite`).
    static func checkWritable(_ path: String, header: VaultHeader, keys: EpochKeys) throws {
        try VaultAccess.checkWrite(path: path, header: header, identity: keys.identity)
    }

    /// Same, for a key change (the ring's key identity).
    static func checkWritable(_ path: String, header: VaultHeader, identity: KeyIdentity) throws {
        try VaultAccess.checkWrite(path: path, header: header, identity: identity)
    }

    /// The person accepts the vault's keys as they are at `path` (`--accept-older-keys`, or a yes
    /// to `restore`): a save there takes them as this vault's trusted keys, and says so.
    static func acceptOlderKeys(at path: String) { state.acceptOlderKeys(path) }

    /// `--accept-keys EPOCH:KEY8`: only a file under exactly that key is accepted.
    static func acceptKeys(at path: String, epoch: UInt64, key: String) { state.acceptKeys(path, epoch, key) }

    /// What the ledger has against saving at `path` under `identity` (nil when the check is off,
    /// the path is another copy, or nothing is known against it).
    static func concern(at path: String, header: VaultHeader, identity: KeyIdentity) -> RollbackWarning? {
        guard let ledger = state.ledger, !state.isIgnored(path),
              ProcessInfo.processInfo.environment["HEARTH_NO_ROLLBACK_CHECK"] == nil
        else { return nil }
        return ledger.writeConcern(path: path, header: header, identity: identity)
    }

    /// Whether this account trusts `identity` for the vault `vaultID`, wherever the file is (a
    /// copy being merged included); nil when the check is off or nothing is known.
    static func trustsKey(_ identity: KeyIdentity, of vaultID: [UInt8]) -> Bool? {
        guard let ledger = state.ledger, ProcessInfo.processInfo.environment["HEARTH_NO_ROLLBACK_CHECK"] == nil else { return nil }
        return ledger.trusts(vaultID: vaultID, identity: identity)
    }

    /// The key epoch a rekey of this vault should reach at least: one above the highest this
    /// account has trusted for it, so that an epoch number never names two keys.
    static func minimumRekeyEpoch(for header: VaultHeader, at path: String) -> UInt64 {
        guard let highest = state.ledger?.highestKeyEpoch(vaultID: header.vaultID, path: path), highest < UInt64.max
        else { return 0 }
        return highest + 1
    }

    /// Reads of `path` in this process are of another copy: neither remembered nor warned about.
    static func ignore(_ path: String) { state.ignore(path) }

    /// Every file in `folder` (a backup folder) is another copy.
    static func ignore(folder: String) { state.ignore(folder: folder) }

    /// The refusal of a save (exit 1, like Hearth's other refusals to do something unsafe: the
    /// file is a sound vault that opened, so not 65; see Docs/SECURITY.md).
    static func refusal(for warning: RollbackWarning) -> Message { .olderCopyRefusal(warning) }

    private final class State: @unchecked Sendable {
        private let lock = NSLock()
        private var ignored = Set<String>()
        private var ignoredFolders = Set<String>()
        private var warned = Set<String>()
        private var writing = Set<String>()
        private var accepted = Set<String>()
        private var acceptanceNoted = Set<String>()
        private var provisional: [String: RollbackWarning] = [:]
        private var settled = Set<String>()
        private var problemSaid = false
        private var writeChecked = false
        private var installedLedger: RollbackLedger?

        private func locked<T>(_ body: () -> T) -> T {
            lock.lock()
            defer { lock.unlock() }
            return body()
        }

        var ledger: RollbackLedger? {
            get { locked { installedLedger } }
            set { locked { installedLedger = newValue } }
        }

        private var rekeying = Set<String>()
        private var keyChanges: [String: Bool] = [:]
        func noteKeyChange(_ path: String, wasRetired: Bool) { let real = realPath(path); locked { keyChanges[real] = wasRetired } }
        func takeKeyChange(_ path: String) -> Bool? { let real = realPath(path); return locked { keyChanges.removeValue(forKey: real) } }
        func markWriting(_ path: String) { let real = realPath(path); locked { _ = writing.insert(real) } }
        func markRekeying(_ path: String) { let real = realPath(path); locked { _ = rekeying.insert(real) } }
        func isRekeying(_ path: String) -> Bool { let real = realPath(path); return locked { rekeying.contains(real) } }
        func isWriting(_ path: String) -> Bool { let real = realPath(path); return locked { writing.contains(real) } }
        func acceptOlderKeys(_ path: String) { let real = realPath(path); locked { _ = accepted.insert(real) } }
        func acceptsOlderKeys(_ path: String) -> Bool { let real = realPath(path); return locked { accepted.contains(real) } }
        private var acceptedKeys: [String: String] = [:]
        func acceptKeys(_ path: String, _ epoch: UInt64, _ key: String) {
            let real = realPath(path)
            locked { acceptedKeys[real] = "\(epoch):\(key)" }
        }
        func acceptsKeys(_ path: String, _ epoch: UInt64, _ key: String?) -> Bool {
            guard let key else { return false }
            let real = realPath(path)
            return locked { acceptedKeys[real] == "\(epoch):\(key)" }
        }
        func markWriteChecked() { locked { writeChecked = true } }
        func firstProblem() -> Bool { locked { defer { problemSaid = true }; return !problemSaid } }

        /// The flag was given, and this process neither wrote nor meant to write.
        func acceptanceUnused() -> Bool { locked { !(accepted.isEmpty && acceptedKeys.isEmpty) && writing.isEmpty && !writeChecked } }

        func ignore(_ path: String) { let real = realPath(path); locked { _ = ignored.insert(real) } }
        func ignore(folder: String) { let real = realPath(folder); locked { _ = ignoredFolders.insert(real) } }

        func isIgnored(_ path: String) -> Bool {
            let real = realPath(path)
            return locked { ignored.contains(real) || ignoredFolders.contains(PathName.folder(of: real)) }
        }

        func firstWarning(for path: String) -> Bool { let real = realPath(path); return locked { warned.insert(real).inserted } }

        /// Apart from warnings: a warning from reading the header first does not hide the note.
        func firstAcceptance(for path: String) -> Bool {
            let real = realPath(path)
            return locked { acceptanceNoted.insert(real).inserted }
        }

        func noteProvisional(_ claim: RollbackWarning) {
            let real = realPath(claim.path)
            locked { if !settled.contains(real), provisional[real] == nil { provisional[real] = claim } }
        }

        func authenticated(_ path: String) {
            let real = realPath(path)
            locked {
                settled.insert(real)
                provisional[real] = nil
            }
        }

        func unsettledClaims() -> [RollbackWarning] {
            locked {
                defer { provisional = [:] }
                return provisional.values.sorted { $0.path < $1.path }
            }
        }
    }
}
