import ArgumentParser
import Foundation
import HearthBackup
import HearthMessages
import HearthRecords
import HearthTrust
import HearthVault

struct Restore: HearthCommand {
    static let configuration = CommandConfiguration(
        abstract: "Bring a backup back as the vault (never silently over newer data).",
        discussion: """
            SOURCE is checked in full first. If your vault holds anything the backup lacks (records, \
            changes, later saves), restore refuses and suggests `hearth merge SOURCE`; --force replaces \
            it anyway. The restored records are saved under your vault's current passphrases and keys, so \
            a restore never brings back an old passphrase; --with-backup-keys takes the backup's own keys \
            instead (a key change: it asks for a passphrase, never uses an unlocked session): then every \
            passphrase that opened the backup opens the vault again, including ones removed since. When \
            the backup's keys are from before a rekey of the vault, that undoes the rekey, so it is \
            refused unless confirmed on the terminal or with --accept-keys naming the backup's keys. The vault as it was is \
            kept beside it as a safety copy.

            SOURCE may also be a drive or folder: then the newest backup of this vault there is taken, \
            by key epoch and save number (checked with the vault's key), never by file name, which \
            anyone with the drive can change. Before restoring, Hearth says which save, key epoch and \
            date it restores, and whether the backup was made before a rekey of the vault.

            When the backup does not open with the vault's passphrase, give its own with \
            --backup-passphrase-fd N, --backup-passphrase-file PATH, $HEARTH_BACKUP_PASSPHRASE, or on \
            the terminal when asked.
            """)

    @Argument(help: "The backup (or other copy of the vault) to restore, or a drive or folder to take this vault's newest backup from.")
    var source: String

    @Flag(help: "Restore even though the vault holds records, changes or saves the backup lacks (the vault is kept as a safety copy).")
    var force = false

    @Flag(name: .customLong("with-backup-keys"),
          help: "Take the backup's own key slots and keys, instead of keeping the vault's current ones.")
    var withBackupKeys = false

    @Flag(help: "Print what was restored as one JSON object.")
    var json = false

    @OptionGroup(title: OptionTitle.vault) var vault: VaultOptions
    @OptionGroup(title: OptionTitle.backupSecret) var backupSecret: SecondCopySecretOptions<BackupCopyNaming>

    /// The vault's secret and keys, when they were needed before the backup was known.
    struct Unlocked {
        let credential: VaultCredential
        let keys: UnlockedKeys
    }

    var options: RestorePlanner.Options { RestorePlanner.Options(force: force, withBackupKeys: withBackupKeys) }

    func execute() throws {
        var info = stat()
        guard stat(source, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else { return try restore(unlocked: nil) }
        // A folder: unlock the vault first (when there is one), so that its backups are placed
        // by numbers its key checks, then restore the newest.
        var unlocked: Unlocked?
        let header = VaultState.inspect(vault.path).header
        if let header {
            unlocked = try vault.opening(allowSession: !withBackupKeys) { Unlocked(credential: $0, keys: try Vault.unlock(header, with: $0)) }
        }
        let folder = BackupCatalog.folder(for: source)
        let outcome = BackupChoice.newest(in: folder, vault: header, keys: unlocked?.keys.epoch)
        if header == nil {
            switch outcome {
            case .chosen, .severalVaults: return try restoreOnFreshMachine(folder: folder)
            case .none: break
            }
        }
        let (entry, passedOver) = try BackupChoice.take(outcome, folder: folder, source: source)
        let beforeRekey = entry.standing == .olderEpoch
            ? Message.beforeRekey(backupEpoch: entry.header!.keyEpoch, vaultEpoch: unlocked!.keys.epoch.epoch) : nil
        Console.message(.newestBackupChosen(
            folder: folder, backup: Message.BackupFacts(entry), checked: entry.standing == .authenticated,
            beforeRekey: beforeRekey, passedOver: passedOver.map(Message.BackupFacts.init)))
        try confirmAndRestore(entry, unlocked: unlocked, sourceCredential: nil)
    }

    /// No vault to check the backups with (a fresh machine): their numbers are only claims. The
    /// backups are opened with the secret given, least new key-derivation work first, within one
    /// budget (`FreshMachineChoice`); for each vault, the newest that opens and checks whole is
    /// its candidate, and the files passed over are named. One candidate is restored; several
    /// (backups of several vaults opening with that secret) are named, and nothing is changed.
    private func restoreOnFreshMachine(folder: String) throws {
        // One key-derivation budget for the whole folder, per secret tried: files planted on a
        // drive cannot make the search cost more than one unlock may (a slot shared by several
        // backups is derived once). A secret typed at the prompt that opens none of them is
        // asked again (three tries), like any other (the refusal is 77 then).
        func choose(with credential: VaultCredential) throws -> (VaultCredential, FreshMachineChoice.Outcome, BackupEntry) {
            var budget = KeyDerivationBudget()
            let outcome = FreshMachineChoice.choose(in: folder, credential: credential, budget: &budget)
            budget.forgetDerivedKeys()
            return (credential, outcome, try outcome.taken(folder: folder, source: source))
        }
        let (credential, outcome, entry) = try backupSecret.givenCredential().map(choose(with:))
            ?? vault.opening(
                allowSession: !withBackupKeys, prompt: .backupsPassphrasePrompt(folder: folder),
                again: .noBackupThereOpened, choose(with:))
        Console.message(.freshMachineChosen(
            folder: folder, backup: Message.BackupFacts(entry), skipped: outcome.passedOver.map(Message.skipped)))
        try confirmAndRestore(entry, unlocked: nil, sourceCredential: credential)
    }

    /// Asks on a terminal, then restores `entry`.
    private func confirmAndRestore(_ entry: BackupEntry, unlocked: Unlocked?, sourceCredential: VaultCredential?) throws {
        if Console.hasTerminal, !Console.confirm(.restoreThisBackup) {
            throw CLIFailure(.refused, .nothingChanged)
        }
        var chosen = self
        chosen.source = entry.path
        try chosen.restore(unlocked: unlocked, announced: true, sourceCredential: sourceCredential)
    }

    /// `sourceCredential`: the secret that already opened SOURCE (a folder restore on a fresh machine).
    private func restore(unlocked: Unlocked?, announced: Bool = false, sourceCredential: VaultCredential? = nil) throws {
        let vaultPath = vault.path
        try RestorePlanner.checkSource(source, vaultPath: vaultPath)
        // SOURCE is only read: it is never told to the trust context. Under the vault's own keys,
        // a restore writes like any save: refused into a copy whose keys are from before a rekey
        // seen here (the refusal says why, so no warning first).
        let sourceHeader = try RestorePlanner.readBackupHeader(at: source)
        let current = VaultState.inspect(vaultPath)

        // Secrets first, before any lock: the vault's (when it can be read), then the backup's.
        var vaultCredential: VaultCredential?
        var currentKeys: UnlockedKeys?
        if case .readable(let header) = current {
            // --with-backup-keys changes who can open the vault: a passphrase, never a session.
            let opened: Unlocked
            if let unlocked {
                opened = unlocked.keys.epoch.epoch == header.keyEpoch
                    ? unlocked : Unlocked(credential: unlocked.credential, keys: try Vault.unlock(header, with: unlocked.credential))
            } else {
                opened = try vault.opening(allowSession: !withBackupKeys) { Unlocked(credential: $0, keys: try Vault.unlock(header, with: $0)) }
            }
            currentKeys = opened.keys
            vaultCredential = opened.credential
            if !withBackupKeys { try checkWritableUnderCurrentKeys(header, keys: currentKeys!.epoch) }
        } else if sourceCredential == nil, vault.hasNonInteractiveSecret {
            vaultCredential = try vault.nonInteractiveCredential()
        }
        let sourceKeys = try sourceCredential.map { credential in
            try ProgressLine.shared.during(.progressOpeningBackup) { try Vault.unlock(sourceHeader, with: credential) }
        } ?? backupSecret.unlock(path: source, header: sourceHeader, vaultCredential: vaultCredential)
        let (report, restored) = try ProgressLine.shared.during(.progressCheckingBackup) {
            try VaultCheck.run(path: source, keys: sourceKeys, progress: ProgressLine.percent(Message.progressCheckingBackup))
        }
        try RestorePlanner.checkBackup(source: source, problems: report.problems, options: options)
        try describeBackup(report.header, vault: current, keys: currentKeys, announced: announced)

        try RestoreWriter.makeFolder(of: vaultPath)
        let lock = try WriterLock(vaultPath: vaultPath, timeout: VaultLocation.lockTimeout, environment: Environment.all)
        defer { withExtendedLifetime(lock) {} }
        // Ctrl-C from here ends Hearth at once; the vault is the old file or the restored one,
        // never a mix (the new file is renamed over it), and the note says which (`StopNote`).
        let (plan, safetyCopy): (RestorePlan, String?) = try StopNote.during(
            watching: vaultPath,
            before: .stopNoteNothingRestored,
            after: .stopNoteRestored
        ) {
            try ProgressLine.shared.clearedAfter {
                ProgressLine.shared.status(.progressRestoring)
                // Decided under the lock, over the vault as it is now.
                let now = VaultState.inspect(vaultPath)
                let decision = try RestorePlanner.plan(
                    source: source, vaultPath: vaultPath, backup: report.header, vault: now,
                    vaultEpoch: currentKeys?.epoch.epoch, options: options
                ) {
                    guard let keys = currentKeys else { throw RestoreRefusal.vaultAppeared(path: vaultPath) }
                    let records = try RestorePlanner.Records.read(vaultAt: vaultPath, keys: keys.epoch, backup: restored)
                    // The vault opened with its key: told to the trust context as the working vault.
                    if records.vault != nil, let header = now.header {
                        CommandTrust.read(
                            vaultPath, header: header, identity: keys.epoch.identity, purpose: withBackupKeys ? .read : .write)
                    }
                    return records
                }
                switch decision {
                case .alreadyRestored(let save):
                    Console.failure(.alreadyRestored(save: save))
                    throw ExitCode(decision.exitStatus.rawValue)
                case .restore(let plan):
                    try confirm(plan, backup: report.header, backupKeys: sourceKeys.epoch)
                    return (plan, try RestoreWriter.execute(
                        plan, records: restored.database, backup: report.header, backupKeys: sourceKeys.epoch,
                        vaultKeys: currentKeys?.epoch, to: vaultPath, writeGuard: CommandTrust.current))
                }
            }
        }
        // The person chose this state: the saves of this computer it lacks are not looked for any more.
        CommandTrust.current.forgetOwnSaves(path: vaultPath, vaultID: report.header.vaultID)
        try tellWhatHappened(report: report, usedBackupKeys: plan.usesBackupKeys, vaultPath: vaultPath, safetyCopy: safetyCopy)
    }

    /// The confirmations a plan needs before it is executed: taking the backup's keys over a
    /// vault (`confirmBackupKeys`); into an empty place, keys from before a rekey Hearth saw at
    /// this path (the vault was deleted since).
    private func confirm(_ plan: RestorePlan, backup: VaultHeader, backupKeys: EpochKeys) throws {
        switch plan.place {
        case .empty:
            if let seen = CommandTrust.current.concern(path: vault.path, header: backup, identity: backupKeys.identity),
               seen.isOtherKey
            {
                try confirmUnexpectedKeys(seen)
            }
        case .unreadable:
            try confirmBackupKeys(backup, keys: backupKeys)
        case .readable(let header):
            if plan.usesBackupKeys { try confirmBackupKeys(backup, keys: backupKeys, current: header) }
        }
    }

    /// Restoring under the vault's current keys saves like any command: refused when the file at
    /// the path has keys from before a rekey seen there, with what a restore can do instead.
    private func checkWritableUnderCurrentKeys(_ header: VaultHeader, keys: EpochKeys) throws {
        do {
            try CommandTrust.current.checkWrite(path: vault.path, header: header, identity: keys.identity)
        } catch .writeRefused(let refusal) {
            guard let older = CommandTrust.report(in: refusal) else { throw VaultError.writeRefused(refusal) }
            throw CLIFailure(.refused, .restoreIntoOlderCopy(older))
        }
    }

    /// Says plainly what --with-backup-keys does; on a terminal, asks. Keys from before a rekey
    /// of the vault (`current`, when readable, or what Hearth saw at this path before) undo that
    /// rekey: refused without a confirmation (the terminal, or --accept-keys naming the backup's keys).
    private func confirmBackupKeys(_ backup: VaultHeader, keys: EpochKeys, current: VaultHeader? = nil) throws {
        Console.message(.withBackupKeysSays(epoch: backup.keyEpoch, slots: backup.slots.compactMap { $0 }.count))
        let seen = CommandTrust.current.concern(path: vault.path, header: backup, identity: keys.identity)
        if let current, backup.keyEpoch < current.keyEpoch, current.keyEpoch >= (seen?.seenKeyEpoch ?? 0) {
            return try confirmOlderKeys(backup, keys: keys.identity, newerEpoch: current.keyEpoch, seenOn: nil)
        }
        // Only the key line matters here: the restored file is written as the next save, so the
        // backup's slot table (which the message above names) is not "an older save".
        if let seen, seen.isOtherKey { return try confirmUnexpectedKeys(seen) }
        if Console.hasTerminal, !Console.confirm(.restoreWithBackupKeys) {
            throw CLIFailure(.refused, .nothingChanged)
        }
        // Its key slots, replaced here since, are what --with-backup-keys asks for (said above);
        // so is its format, older than seen (under the trusted key): it is saved as format 2.
        if let seen, seen.finding == .retiredSlotTable || seen.finding == .olderFormat, let acceptance = seen.acceptance {
            CommandTrust.current.accept(acceptance, at: vault.path)
        }
    }

    /// The backup's keys are older than the vault's (`seenOn` nil) or than those Hearth saw at
    /// this path on `seenOn`: taking them undoes a rekey. Refused unless confirmed; once
    /// confirmed, the vault may be written under them and stays writable (`CommandTrust`).
    private func confirmOlderKeys(_ backup: VaultHeader, keys: KeyIdentity, newerEpoch: UInt64, seenOn: String?) throws {
        let newer = seenOn.map { "epoch \(newerEpoch) was seen at this path on \($0)" } ?? "the vault is at epoch \(newerEpoch)"
        try confirmKeys(
            .olderKeysUndoRekey(backupEpoch: backup.keyEpoch, newer: newer, withBackupKeys: withBackupKeys),
            accepting: KeyAcceptance(epoch: keys.epoch, key: keys.short))
    }

    /// The backup's keys are not the key line this account trusts for the vault (older, or made
    /// elsewhere), or its key slots are older than seen: the same confirmation.
    private func confirmUnexpectedKeys(_ seen: TrustReport) throws {
        guard let acceptance = seen.acceptance else { return }
        try confirmKeys(.unexpectedBackupKeys(seen, withBackupKeys: withBackupKeys), accepting: acceptance)
    }

    /// Says `what`, then asks (or takes --accept-keys naming exactly these keys); refused
    /// otherwise. Once confirmed, they are accepted for the vault's path.
    private func confirmKeys(_ what: Message, accepting acceptance: KeyAcceptance) throws {
        Console.message(what)
        if vault.acceptedKeys != acceptance {
            guard Console.hasTerminal else {
                throw CLIFailure(.refused, .olderKeysNeedConfirmation(acceptance))
            }
            guard Console.confirm(.restoreWithOlderKeys) else {
                throw CLIFailure(.refused, .nothingChanged)
            }
        }
        CommandTrust.current.accept(acceptance, at: vault.path)
    }
}
