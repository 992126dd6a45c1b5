import ArgumentParser
import Foundation
import HearthBackup
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

    @OptionGroup var vault: VaultOptions

    func validate() throws {
        if let keep, keep < 1 { throw Message.keepAtLeastOne.usageError }
    }

    func execute() throws {
        let path = vault.path
        guard FileManager.default.fileExists(atPath: path) else { throw VaultError.notFound(path: path) }
        let destination = try self.destination ?? DrivePicker.choose(purpose: "backup")
        try BackupFailures.translating {
            let folder = try BackupFolder(destination: destination, vaultPath: path, lockTimeout: VaultLocation.lockTimeoutSeconds)
            RollbackWarnings.ignore(folder: folder.path)
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
            try Console.output(outcome.path)
            report(outcome, folder: folder)
            let survey = BackupPruner.survey(folder: folder.path, newBackupPath: outcome.path, keys: outcome.epochKeys)
            if let survey, !survey.newerThanVault.isEmpty {
                warnNewer(survey, pruning: keep != nil)
            } else if let keep, let survey {
                if let reason = Self.untrustedKeys(outcome, vaultPath: path) {
                    Console.message(.keepNotApplied(keep: keep, reason))
                } else {
                    prune(folder: folder, survey: survey, keep: keep)
                }
            }
        }
    }

    /// Why --keep removes nothing this run, or nil when it may: it removes backups only for a
    /// vault whose keys this account trusts (a vault forged by someone holding retired keys and
    /// put at the vault's path must not decide which genuine backups go).
    static func untrustedKeys(_ outcome: BackupOutcome, vaultPath: String) -> Message.KeepNotAppliedReason? {
        let identity = outcome.epochKeys.identity
        if Environment.value("HEARTH_NO_ROLLBACK_CHECK") != nil { return .checksOff }
        switch RollbackWarnings.trustsKey(identity, of: outcome.header.vaultID) {
        case true?: return nil
        case false?: return .untrustedKeys(path: vaultPath, keyName: Message.keyName(identity.epoch, identity.short))
        case nil: return .noRecordYet(path: vaultPath)
        }
    }

    /// The drive holds a backup newer than the vault: the vault may be an older copy put back at
    /// its path. Said plainly; nothing is pruned in this run.
    private func warnNewer(_ survey: BackupPruner.Survey, pruning: Bool) {
        guard let vault = survey.newBackup.header, let newest = survey.newerThanVault.max(by: BackupEntry.isOlder),
              let header = newest.header
        else { return }
        let checked = newest.standing == .authenticated
            ? "checked with your vault's key"
            : header.keyEpoch > vault.keyEpoch
                ? "by its header; your vault's key cannot check a later key epoch"
                : "by its header, which does not authenticate with your vault's key"
        Console.message(.driveHoldsNewerBackups(
            count: survey.newerThanVault.count, newestName: newest.name, newestPath: newest.path,
            folder: PathName.folder(of: survey.newBackup.path), pruning: pruning,
            detail: Message.newerBackupDetail(
                vaultSave: vault.generation, vaultEpoch: vault.keyEpoch, save: header.generation, epoch: header.keyEpoch, how: checked)))
    }

    private func report(_ outcome: BackupOutcome, folder: BackupFolder) {
        let mount = MountTable.mount(holding: folder.path).flatMap { $0.lacksUnixModes ? $0 : nil }
        Console.message(.backedUp(
            save: outcome.header.generation, size: BackupFailures.megabytes(outcome.size), path: outcome.path,
            slot: outcome.report.openedSlot?.index, staleRemoved: outcome.staleRemoved, vaultProblems: outcome.vaultProblems,
            driveWithoutPermissions: mount.map(DrivePicker.fileSystemName), fat: mount?.isFAT ?? false))
    }

    private func prune(folder: BackupFolder, survey: BackupPruner.Survey, keep: Int) {
        let result = BackupPruner.prune(folder: folder, survey: survey, keep: keep, vaultPath: vault.path)
        if !result.removed.isEmpty {
            Console.message(.prunedBackups(keep: keep, removed: result.removed))
        }
        for failure in result.failed {
            Console.message(.backupNotRemoved(name: failure.name, reason: "\(failure.reason)"))
        }
        if !result.protected.isEmpty {
            Console.message(.keptWhateverKeep(result.protected.map { ($0.name, Self.why($0.reason)) }))
        }
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

struct BackupList: HearthCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the backups on a drive or in a folder (no passphrase needed).")

    @Argument(help: "The drive or folder (or its Hearth/ folder). Without it: every mounted removable drive.")
    var destination: String?

    @Flag(help: "Print a JSON array.")
    var json = false

    @OptionGroup var vault: VaultOptions

    func execute() throws {
        let folders: [String]
        if let destination {
            var info = stat()
            guard stat(destination, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else {
                throw CLIFailure(.notFound, .noFolderAt(destination))
            }
            folders = [BackupCatalog.folder(for: destination)]
        } else {
            let drives = DriveDiscovery.find(environment: Environment.all)
            guard !drives.isEmpty else {
                throw CLIFailure(.notFound, .noDriveForList)
            }
            folders = drives.map { BackupCatalog.folder(for: $0.mountPoint) }
        }
        let current = try? Vault.readHeader(at: vault.path).header
        let keys = try current.flatMap { try checkingKeys(for: $0) }
        var all: [BackupEntry] = []
        var text: [String] = []
        for folder in folders {
            let entries = BackupCatalog.entries(in: folder, comparedWith: current, keys: keys)
            all += entries
            text.append(entries.isEmpty ? "\(folder): no backups" : "\(folder):")
            text += entries.map { "  " + Self.line($0) }
        }
        if json {
            try Console.output(try JSONText.encode(all.map { Self.object($0) }))
            return
        }
        try Console.output(text.joined(separator: "\n"))
        if all.contains(where: { $0.keyState.predatesKeyChange }) {
            Console.message(.oldBackupsOpenWithOldKeys)
        }
    }

    /// The vault's epoch keys, when they can be had without asking: a secret given by option,
    /// file or environment (a wrong one fails, 77), or an unlocked session. With them, each
    /// backup's key epoch and save number are checked rather than taken from its header.
    private func checkingKeys(for header: VaultHeader) throws -> EpochKeys? {
        if vault.hasNonInteractiveSecret {
            let credential = try vault.nonInteractiveCredential()
            do {
                return try Vault.unlock(header, with: credential).epoch
            } catch VaultError.wrongSecret, VaultError.noMatchingSlot {
                // The listing needs no secret: go on without checking, and say so.
                Console.message(.listedUnchecked)
                return nil
            }
        }
        guard let session = try? UnlockedSession.credential(forVaultAt: vault.path) else { return nil }
        return (try? Vault.unlock(header, with: session))?.epoch
    }

    static func line(_ entry: BackupEntry) -> String {
        let date = entry.date.map(Self.displayDate) ?? "date unknown    "
        guard let header = entry.header else {
            return "\(date)  \(entry.name)  cannot be read: \(entry.problem ?? "unknown")"
        }
        var line = "\(date)  save \(header.generation)  key epoch \(header.keyEpoch)  "
            + "\(BackupFailures.megabytes(entry.size))  \(entry.name)"
        if let note = note(entry.keyState) { line += "\n      " + note }
        return line
    }

    static func note(_ state: BackupKeyState) -> String? {
        switch state {
        case .current, .unknown: nil
        case .beforeRekey: "made before a rekey: it still opens with the master key and passphrases of that time"
        case .olderPassphrase: "made before a passphrase was changed or removed: it still opens with that old passphrase"
        case .fewerKeys: "made before a key was added: it opens with the keys it had then"
        case .newerKeys: "made with newer keys than your vault has (a rekey on another copy, or your vault is an older copy?)"
        case .doesNotAuthenticate:
            "its header does not authenticate with your vault's keys: altered, damaged, or from a copy rekeyed on its own (`hearth verify` checks it)"
        case .otherVault: "a backup of another vault"
        }
    }

    static func object(_ entry: BackupEntry) -> [String: Any] {
        var object: [String: Any] = [
            "path": entry.path, "name": entry.name, "size": Int(clamping: entry.size),
            "created_at": entry.date.map(isoDate) ?? NSNull(),
            "readable": entry.header != nil, "key_state": entry.keyState.rawValue,
            "predates_key_change": [.unknown, .otherVault, .doesNotAuthenticate].contains(entry.keyState)
                ? NSNull() as Any : entry.keyState.predatesKeyChange as Any,
            "authenticated": entry.standing == .unchecked || entry.standing == .olderEpoch || entry.standing == .newerEpoch
                ? NSNull() as Any : (entry.standing == .authenticated) as Any,
            "note": note(entry.keyState) ?? NSNull(),
        ]
        if let header = entry.header {
            object["generation"] = Int(clamping: header.generation)
            object["key_epoch"] = Int(clamping: header.keyEpoch)
            object["format_version"] = Int(header.version)
        }
        if let problem = entry.problem { object["problem"] = problem }
        return object
    }

    static func isoDate(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }

    static func displayDate(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.string(from: date)
    }
}
