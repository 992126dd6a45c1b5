import Foundation
import HearthBackup
import HearthMessages
import HearthTrust
import HearthVault

/// The trust context of the command being run (Docs/SECURITY.md, "Rollback warning"): built once
/// per command from the environment it is given (`Hearth.runCommand`), bound to that command's
/// task, never to the process. The vault layer gets it as the write guard of the working vault
/// (`RecordVault.open`, `KeyRing.unlock`, restore's writer); reads of the working vault are told
/// to it here, explicitly. Copies that are only read (backups, merge sources, verify targets)
/// are never given it, so they are neither checked nor recorded.
enum CommandTrust {
    @TaskLocal static var current = TrustContext.none

    /// The context of a command run with `environment`; what it has to say goes to the console.
    static func make(environment: [String: String]) -> TrustContext {
        let clock = HearthContext.current.clock
        let roots = DriveDiscovery.roots(environment: environment)
        return TrustContext.standard(
            environment: environment,
            tell: { notice in
                if case .found(let report, _) = notice, !report.finding.isClaim { HearthContext.current.run.olderCopySaid = true }
                if let message = message(for: notice) { Console.message(message) }
            },
            saveTime: { clock.now() },
            places: { path in
                TrustPlace(path, onDrive: DriveLocation.of(path, roots: roots)?.placeOnDrive.map {
                    TrustPlace.OnDrive(fileSystem: $0.fileSystem, path: $0.path)
                })
            })
    }

    /// The working vault at `path` was read: `header`, authenticated under `identity` (nil: read
    /// without a key, only what it claims). `purpose`: what the command is about to do with it.
    static func read(_ path: String, header: VaultHeader, identity: KeyIdentity?, purpose: TrustPurpose = .read) {
        current.read(path: path, header: header, identity: identity, purpose: purpose, mayTrustFirst: !isBackupCopy(path))
    }

    /// Opened to change it: told as read for `purpose`, then refused right away (before any input
    /// is asked for) when its keys are not the ones this account trusts. The same check runs
    /// again on every save, under the writer lock (`VaultWriteGuard`).
    static func openedForChange(_ path: String, header: VaultHeader, identity: KeyIdentity) throws {
        read(path, header: header, identity: identity, purpose: .write)
        try current.checkWrite(path: path, header: header, identity: identity)
    }

    /// A file in a backup folder (`Hearth/`) or named like a backup: another copy, whose keys a
    /// first read never makes the trusted ones (trust on first use is for the working vault).
    static func isBackupCopy(_ path: String) -> Bool {
        let real = realPath(path)
        let folder = (PathName.folder(of: real) as NSString).lastPathComponent
        return folder == "Hearth" || BackupName.parse((real as NSString).lastPathComponent) != nil
    }

    /// Before a rekey's new file is renamed into place: its key must be noted as pending in the
    /// ledger, or the rekey stops with nothing changed.
    static func requirePendingNoted(_ pending: PendingKeyChange) throws {
        guard !current.isPendingNoted(header: pending.header, identity: pending.identity) else { return }
        pending.abort()
        throw CLIFailure(.ioError, .rekeyNotNoted(ledgerFile: current.store?.location ?? ""))
    }

    /// The report inside a refusal of the trust context (nil for any other refusal).
    static func report(in refusal: WriteRefusal) -> TrustReport? { refusal.reason as? TrustReport }

    /// What to say for `notice`.
    static func message(for notice: TrustNotice) -> Message? {
        switch notice {
        case .firstTrust(let key): return .firstTrust(epoch: key.keyEpoch, fingerprint: key.short)
        case .found(let report, let purpose):
            return report.finding.isClaim ? .olderCopyClaim(report) : .olderCopyWarning(report, rekeying: purpose == .rekey, writing: purpose == .write)
        case .accepted(let report, let day): return .olderKeysAccepted(report, on: day)
        case .checksOff(let report): return .rollbackCheckOff(path: report.path, otherKeys: report.isOtherKey)
        case .storeProblem(let problem, let location): return .ledgerProblem(problem, file: location)
        case .acceptanceNotUsed: return .acceptanceNotUsed
        }
    }
}
