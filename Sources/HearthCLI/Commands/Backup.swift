import ArgumentParser
import Foundation
import HearthBackup
import HearthCommandJSON
import HearthMessages
import HearthRunContext
import HearthVault

struct Backup: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Back up the vault to a drive or folder, checked by reading it back.",
        discussion: """
            `hearth backup [DEST]` copies the encrypted vault into DEST/Hearth/ as \
            hearth-<UTC time>-g<save>.hearth, then reads it back from the drive and checks every part \
            before saying it is done. Without DEST, Hearth looks for mounted removable drives. \
            A backup is a vault file: it opens with --vault, with the passphrases the vault had \
            when the backup was made.
            """,
        subcommands: [BackupCreate.self, BackupList.self],
        defaultSubcommand: BackupCreate.self)
}

struct BackupCreate: HearthCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Write a backup (the default: `hearth backup [DEST]`).")

    @Argument(help: "A folder, usually a mounted drive; backups go into its Hearth/ folder. Without it, Hearth looks for removable drives.")
    var destination: String?

    @Option(help: "After the new backup is checked, remove this vault's older backups in that folder beyond the newest N (N ≥ 1): only backups whose header authenticates with the vault's current key and whose save is older. Backups at other key epochs, later saves and unauthenticated files are listed and kept; nothing is removed when this account does not trust (or has no record of) the vault's keys.")
    var keep: Int?

    @Flag(help: "Print the backup written (and what --keep removed) as one JSON object instead of its path.")
    var json = false

    @OptionGroup(title: OptionTitle.vault) var vault: VaultOptions

    func validate() throws {
        if let keep, keep < 1 { throw Message.keepAtLeastOne.usageError }
    }

    func execute() throws {
        let path = vault.path
        guard FileManager.default.fileExists(atPath: path) else { throw VaultError.notFound(path: path) }
        let destination = try self.destination ?? DrivePicker.choose(purpose: "backup", notHolding: path)
        let folder = try BackupFolder(
            destination: destination, vaultPath: path, driveRoots: DriveDiscovery.roots(environment: Environment.all),
            lockTimeout: VaultLocation.lockTimeoutSeconds)
        // A wrong secret fails before anything is written, so each try starts over.
        // Ctrl-C ends Hearth at once: a backup is written beside its final name and renamed
        // only when complete, and the vault is only read (`StopNote`).
        let stopped: Message = .stopNoteBackup
        let outcome = try StopNote.during(watching: path, before: stopped, after: stopped) {
            try vault.opening { credential in
                try ProgressLine.shared.clearedAfter {
                    try BackupMaker.make(vaultPath: path, into: folder, credential: credential) { step in
                        switch step {
                        case .unlocking: ProgressLine.shared.status(ProgressLine.opening)
                        case .copying(let written, let total):
                            let text = Message.progressWritingBackup(percent: UInt64(total > 0 ? written * 100 / total : 100))
                            // The first is a new step, shown at once; the rest at most ten times a second.
                            written == 0 ? ProgressLine.shared.status(text) : ProgressLine.shared.update(text)
                        case .checking: ProgressLine.shared.status(.progressReadingBack)
                        }
                    }
                }
            }
        }
        // The working vault was read with its key: told to the trust context (the backups are
        // not), but never trusted first here: a backup from cron on an account without a ledger
        // must not make a vault put at the path the one whose keys decide what --keep removes.
        CommandTrust.current.read(path: path, header: outcome.header, identity: outcome.epochKeys.identity, mayTrustFirst: false)
        if !json { try Console.output(outcome.path) }
        report(outcome, folder: folder)
        var removed: [String] = []
        let survey = BackupPruner.survey(folder: folder.path, newBackupPath: outcome.path, keys: outcome.epochKeys)
        switch BackupPruner.decide(survey: survey, keep: keep, keyTrust: { Self.keyTrust(outcome) }) {
        case .nothing: break
        case .newerOnDrive(let count, let newest, let vault, let evidence):
            warnNewer(count: count, newest: newest, vault: vault, evidence: evidence, folder: folder.path)
        case .keepNotApplied(let trust):
            Console.message(.keepNotApplied(keep: keep ?? 1, Self.why(trust, vaultPath: path)))
        case .prune(let plan):
            removed = prune(plan, folder: folder)
        }
        if json { try Console.json(BackupJSON.made(outcome, removed: removed, in: HearthClock.current.timeZone)) }
    }

    /// Whether this account trusts the keys of the vault just backed up (--keep needs it).
    static func keyTrust(_ outcome: BackupOutcome) -> BackupPruner.KeyTrust {
        let identity = outcome.epochKeys.identity
        if CommandTrust.current.checksOff { return .checksOff }
        switch CommandTrust.current.trusts(identity, of: outcome.header.vaultID) {
        case true?: return .trusted
        case false?: return .untrusted(identity)
        case nil: return .noRecord
        }
    }

    /// Why --keep removes nothing this run, in the catalogue's words.
    static func why(_ trust: BackupPruner.KeyTrust, vaultPath: String) -> Message.KeepNotAppliedReason {
        switch trust {
        case .checksOff, .trusted: .checksOff
        case .untrusted(let identity): .untrustedKeys(path: vaultPath, keyName: Message.keyName(identity.epoch, identity.short))
        case .noRecord: .noRecordYet(path: vaultPath)
        }
    }

    /// The drive holds a backup newer than the vault: the vault may be an older copy put back at
    /// its path. Said plainly; nothing is pruned in this run.
    private func warnNewer(count: Int, newest: BackupEntry, vault: VaultHeader, evidence: BackupPruner.NewerEvidence, folder: String) {
        guard let header = newest.header else { return }
        Console.message(.driveHoldsNewerBackups(
            count: count, newestName: newest.name, newestPath: newest.path, folder: folder, pruning: keep != nil,
            detail: Message.newerBackupDetail(
                vaultSave: vault.generation, vaultEpoch: vault.keyEpoch, save: header.generation, epoch: header.keyEpoch, how: evidence)))
    }

    private func report(_ outcome: BackupOutcome, folder: BackupFolder) {
        let mount = MountTable.mount(holding: folder.path).flatMap { $0.lacksUnixModes ? $0 : nil }
        Console.message(.backedUp(
            save: outcome.header.generation, size: BackupFailures.megabytes(outcome.size), path: outcome.path,
            slot: outcome.report.openedSlot?.index, staleRemoved: outcome.staleRemoved, vaultProblems: outcome.vaultProblems,
            driveWithoutPermissions: mount.map(DrivePicker.fileSystemName), fat: mount?.isFAT ?? false))
    }

    private func prune(_ plan: BackupPruner.Plan, folder: BackupFolder) -> [String] {
        let keep = keep ?? 1
        let result = BackupPruner.execute(plan, folder: folder, vaultPath: vault.path)
        if !result.removed.isEmpty {
            Console.message(.prunedBackups(keep: keep, removed: result.removed))
        }
        for failure in result.failed {
            Console.message(.backupNotRemoved(name: failure.name, reason: failure.reason))
        }
        if !result.protected.isEmpty {
            Console.message(.keptWhateverKeep(result.protected.map { ($0.name, Self.why($0.reason)) }))
        }
        return result.removed
    }

    static func why(_ reason: BackupPruner.KeepReason) -> Message.KeptBackupReason {
        switch reason {
        case .newerSave: .newerSave
        case .newerKeys: .newerKeys
        case .olderKeys: .olderKeys
        case .otherSameSave: .otherSameSave
        case .doesNotAuthenticate: .doesNotAuthenticate
        case .unchecked: .unchecked
        case .datedLater: .datedLater
        }
    }
}
