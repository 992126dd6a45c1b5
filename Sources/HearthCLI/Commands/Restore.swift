import ArgumentParser
import Foundation
import HearthBackup
import HearthCrypto
import HearthRecords
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
            refused unless confirmed on the terminal or with --accept-older-keys. The vault as it was is \
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

    @OptionGroup var vault: VaultOptions
    @OptionGroup var backupSecret: SecondCopySecretOptions<BackupCopyNaming>

    /// The vault as found before restoring.
    enum Current {
        case missing
        /// Why it cannot be read, as a message.
        case unreadable(Message)
        case readable(VaultHeader)
    }

    /// The vault's secret and keys, when they were needed before the backup was known.
    struct Unlocked {
        let credential: VaultCredential
        let keys: UnlockedKeys
    }

    func execute() throws {
        var info = stat()
        guard stat(source, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else { return try restore(unlocked: nil) }
        // A folder: unlock the vault first (when there is one), so that its backups are placed
        // by numbers its key checks, then restore the newest.
        if !withBackupKeys { RollbackWarnings.willWrite(to: vault.path) }
        var header: VaultHeader?
        var unlocked: Unlocked?
        if case .readable(let current) = Self.inspect(vault.path) {
            unlocked = try vault.opening(allowSession: !withBackupKeys) { Unlocked(credential: $0, keys: try Vault.unlock(current, with: $0)) }
            header = current
        }
        let folder = BackupCatalog.folder(for: source)
        let choice = BackupChoice.newest(in: folder, vault: header, keys: unlocked?.keys.epoch)
        if header == nil {
            switch choice {
            case .chosen, .severalVaults: return try restoreOnFreshMachine(folder: folder)
            case .none: break
            }
        }
        switch choice {
        case .severalVaults(let count):
            throw CLIFailure(.usage, .backupsOfSeveralVaults(folder: folder, count: count, source: source, opened: nil))
        case .none(let passedOver):
            throw CLIFailure(.notFound, .noPlaceableBackup(folder: folder, passedOver: passedOver.map(Self.facts)))
        case .chosen(let entry, let passedOver):
            let header = entry.header!
            Console.message(.newestBackupChosen(
                folder: folder, backup: Self.facts(entry), checked: entry.standing == .authenticated,
                beforeRekey: entry.standing == .olderEpoch
                    ? .beforeRekey(backupEpoch: header.keyEpoch, vaultEpoch: unlocked!.keys.epoch.epoch) : nil,
                passedOver: passedOver.map(Self.facts)))
            try confirmAndRestore(entry, unlocked: unlocked, sourceCredential: nil)
        }
    }

    /// No vault to check the backups with (a fresh machine): their numbers are only claims. The
    /// backups are opened with the secret given, least new key-derivation work first, within one
    /// budget (`FreshMachineChoice`); for each vault, the newest that opens and checks whole is
    /// its candidate, and the files passed over are named. One candidate is restored; several
    /// (backups of several vaults opening with that secret) are named, and nothing is changed.
    private func restoreOnFreshMachine(folder: String) throws {
        RollbackWarnings.ignore(folder: folder)
        // One key-derivation budget for the whole folder, per secret tried: files planted on a
        // drive cannot make the search cost more than one unlock may (a slot shared by several
        // backups is derived once). A secret typed at the prompt that opens none of them is
        // asked again (three tries), like any other.
        func choose(with credential: VaultCredential) throws -> (VaultCredential, FreshMachineChoice.Outcome) {
            var budget = KeyDerivationBudget()
            let outcome = FreshMachineChoice.choose(in: folder, credential: credential, budget: &budget)
            budget.forgetDerivedKeys()
            if outcome.candidates.isEmpty {
                throw Self.noneOpened(folder: folder, skipped: outcome.passedOver.map { (backup: Self.facts($0.entry), why: Self.why($0.reason)) })
            }
            return (credential, outcome)
        }
        let (credential, outcome) = try backupSecret.givenCredential().map(choose(with:))
            ?? vault.opening(
                allowSession: !withBackupKeys, prompt: .backupsPassphrasePrompt(folder: folder),
                again: .noBackupThereOpened, choose(with:))
        let skipped = outcome.passedOver.map { (backup: Self.facts($0.entry), why: Self.why($0.reason)) }
        let opened = outcome.candidates
        let entry = opened[0]
        guard opened.count == 1 else {
            throw CLIFailure(.usage, .backupsOfSeveralVaults(
                folder: folder, count: opened.count, source: source, opened: opened.map(\.name)))
        }
        Console.message(.freshMachineChosen(folder: folder, backup: Self.facts(entry), skipped: skipped))
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

    /// Why a backup in the folder was passed over.
    static func why(_ reason: FreshMachineChoice.Reason) -> Message.PassedOverReason {
        switch reason {
        case .doesNotOpen: .doesNotOpen
        case .damaged(let detail): .damaged(detail)
        case .problems(let problems): .problems(problems)
        case .notTried: .notTried
        case .failed(let error): .failed(FailureReport.failure(for: error).message)
        }
    }

    /// No backup of the vault in `folder` opened: 77 when some did not open with the secret
    /// given (it may be the wrong one), else 65.
    static func noneOpened(folder: String, skipped: [(backup: Message.BackupFacts, why: Message.PassedOverReason)]) -> CLIFailure {
        let wrongSecret = skipped.contains { if case .doesNotOpen = $0.why { true } else { false } }
        return CLIFailure(wrongSecret ? .wrongSecret : .invalidData, .noBackupOpened(folder: folder, skipped: skipped))
    }

    /// A backup's name and numbers, for messages.
    static func facts(_ entry: BackupEntry) -> Message.BackupFacts {
        Message.BackupFacts(
            name: entry.name, save: entry.header?.generation ?? 0, epoch: entry.header?.keyEpoch ?? 0, dated: dated(entry))
    }

    /// "2026-11-24 21:30 UTC by its name" (or by the file's time).
    static func dated(_ entry: BackupEntry) -> String? {
        guard let date = entry.date else { return nil }
        let how = BackupName.parse(entry.name) != nil ? "by its name" : "by the file's time"
        return "\(BackupList.displayDate(date)) UTC \(how)"
    }

    /// `sourceCredential`: the secret that already opened SOURCE (a folder restore on a fresh machine).
    private func restore(unlocked: Unlocked?, announced: Bool = false, sourceCredential: VaultCredential? = nil) throws {
        let vaultPath = vault.path
        guard realPath(source) != realPath(vaultPath) else {
            throw CLIFailure(.usage, .restoreFromItself(source))
        }
        RollbackWarnings.ignore(source)
        // Under the vault's own keys, a restore writes like any save: refused into a copy whose
        // keys are from before a rekey seen here (the refusal says why, so no warning first).
        if !withBackupKeys { RollbackWarnings.willWrite(to: vaultPath) }
        let sourceHeader = try readSourceHeader()
        let current = Self.inspect(vaultPath)

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
        if !report.isGood && !force {
            throw CLIFailure(.refused, .backupHasProblems(source, problems: report.problems))
        }
        try describeBackup(report.header, vault: current, keys: currentKeys, announced: announced)

        // A fresh machine may not have the vault's folder yet (made 0700, as `init` does).
        let folder = PathName.folder(of: vaultPath)
        if !folder.isEmpty, !FileManager.default.fileExists(atPath: folder) {
            do {
                try FileManager.default.createDirectory(
                    atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch {
                throw VaultError.cannotCreate(path: folder, errno: EACCES)
            }
        }
        let lock = try WriterLock(vaultPath: vaultPath, timeout: VaultLocation.lockTimeout)
        defer { withExtendedLifetime(lock) {} }
        let plan = Plan(
            vaultPath: vaultPath, report: report, restored: restored, sourceKeys: sourceKeys, currentKeys: currentKeys)
        // Ctrl-C from here ends Hearth at once; the vault is the old file or the restored one,
        // never a mix (the new file is renamed over it), and the note says which (`StopNote`).
        let outcome: (safetyCopy: String?, usedBackupKeys: Bool) = try StopNote.during(
            watching: vaultPath,
            before: .stopNoteNothingRestored,
            after: .stopNoteRestored
        ) {
            try ProgressLine.shared.clearedAfter {
                ProgressLine.shared.status(.progressRestoring)
                switch Self.inspect(vaultPath) {
                case .missing: return try restoreIntoEmptyPlace(plan)
                case .unreadable(let problem): return try restoreOverUnreadable(plan, problem: problem)
                case .readable(let header): return try restoreOverReadable(plan, header: header)
                }
            }
        }
        tellWhatHappened(
            report: report, usedBackupKeys: outcome.usedBackupKeys, vaultPath: vaultPath, safetyCopy: outcome.safetyCopy)
    }

    /// What the restore writes, gathered before the vault is locked.
    struct Plan {
        let vaultPath: String
        let report: VaultCheckReport
        let restored: RecordVault
        let sourceKeys: UnlockedKeys
        let currentKeys: UnlockedKeys?
    }

    /// No vault at the path: the backup becomes the vault, with its own keys. Keys from before a
    /// rekey Hearth saw at this path (the vault was deleted since) need a confirmation.
    private func restoreIntoEmptyPlace(_ plan: Plan) throws -> (safetyCopy: String?, usedBackupKeys: Bool) {
        if let seen = RollbackWarnings.concern(
            at: plan.vaultPath, header: plan.report.header, identity: plan.sourceKeys.epoch.identity), seen.otherKeys
        {
            try confirmUnexpectedKeys(seen)
        }
        _ = try RestoreWriter.withBackupKeys(
            records: plan.restored.database, backup: plan.report.header, backupKeys: plan.sourceKeys.epoch, current: nil,
            to: plan.vaultPath)
        return (nil, true)
    }

    /// The vault's header cannot be read, so its keys cannot be used: only --with-backup-keys.
    private func restoreOverUnreadable(_ plan: Plan, problem: Message) throws -> (safetyCopy: String?, usedBackupKeys: Bool) {
        guard withBackupKeys else {
            throw CLIFailure(.refused, .vaultUnreadableForRestore(path: plan.vaultPath, problem: problem))
        }
        try confirmBackupKeys(plan.report.header, keys: plan.sourceKeys.epoch)
        let safetyCopy = try RestoreWriter.keepSafetyCopy(of: plan.vaultPath, now: HearthClock.current.now())
        try saveOrDropSafetyCopy(safetyCopy) {
            _ = try RestoreWriter.withBackupKeys(
                records: plan.restored.database, backup: plan.report.header, backupKeys: plan.sourceKeys.epoch,
                current: nil, to: plan.vaultPath)
        }
        return (safetyCopy, true)
    }

    /// The usual case: compare, refuse over newer data, keep a safety copy, save.
    private func restoreOverReadable(_ plan: Plan, header: VaultHeader) throws -> (safetyCopy: String?, usedBackupKeys: Bool) {
        guard let keys = plan.currentKeys else {
            throw CLIFailure(.refused, .vaultAppearedDuringRestore(plan.vaultPath))
        }
        try compareOrRefuse(header: header, keys: keys, backup: plan.report.header, restored: plan.restored)
        if withBackupKeys { try confirmBackupKeys(plan.report.header, keys: plan.sourceKeys.epoch, current: header) }
        let safetyCopy = try RestoreWriter.keepSafetyCopy(of: plan.vaultPath, now: HearthClock.current.now())
        try saveOrDropSafetyCopy(safetyCopy) {
            if withBackupKeys {
                _ = try RestoreWriter.withBackupKeys(
                    records: plan.restored.database, backup: plan.report.header, backupKeys: plan.sourceKeys.epoch,
                    current: header, to: plan.vaultPath)
            } else {
                _ = try RestoreWriter.underCurrentKeys(
                    records: plan.restored.database, backup: plan.report.header, current: header, keys: keys.epoch,
                    to: plan.vaultPath)
            }
        }
        return (safetyCopy, withBackupKeys)
    }

    /// Restoring under the vault's current keys saves like any command: refused when the file at
    /// the path has keys from before a rekey seen there, with what a restore can do instead.
    private func checkWritableUnderCurrentKeys(_ header: VaultHeader, keys: EpochKeys) throws {
        do {
            try RollbackWarnings.checkWritable(vault.path, header: header, keys: keys)
        } catch VaultError.olderKeysThanSeen(let older) {
            throw CLIFailure(.refused, .restoreIntoOlderCopy(older))
        }
    }

    /// The backup's header (damage and "not a vault" show before any passphrase is asked for).
    private func readSourceHeader() throws -> VaultHeader {
        let result: Result<VaultHeader, VaultError> = Result { () throws(VaultError) in try Vault.readHeader(at: source).header }
        switch result {
        case .success(let header): return header
        case .failure(.notFound):
            throw CLIFailure(.notFound, .noBackupAt(source))
        case .failure(let error): throw error
        }
    }

    /// Reads the vault's header without a secret: missing, unreadable, or its header.
    static func inspect(_ path: String) -> Current {
        do {
            return .readable(try Vault.readHeader(at: path).header)
        } catch .notFound {
            return .missing
        } catch {
            return .unreadable(FailureReport.failure(for: error).message)
        }
    }

    /// Opens the vault under the lock and refuses (exit 1) when the restore would drop
    /// anything it holds, unless --force. Also: the same save (nothing to do), another vault.
    private func compareOrRefuse(
        header: VaultHeader, keys: UnlockedKeys, backup: VaultHeader, restored: RecordVault
    ) throws {
        guard header.keyEpoch == keys.epoch.epoch else {
            throw CLIFailure(.refused, .keysChangedDuringRestore)
        }
        if header.vaultID != backup.vaultID && !force {
            throw CLIFailure(.refused, .backupOfAnotherVault(source))
        }
        var inventory: RecordInventory?
        var damage: Message?
        do {
            let opened = try RecordVault.open(at: vault.path, credential: .epochKey(keys.epoch.epochKey))
            inventory = try opened.database.inventory()
        } catch let error as VaultError {
            damage = FailureReport.failure(for: error).message
        }
        let comparison = RestoreComparison.compare(
            vault: header, vaultRecords: inventory, backup: backup, backupRecords: try restored.database.inventory())
        let sameKeys = header.keyEpoch == backup.keyEpoch && header.slots == backup.slots
        if comparison.sameRecords && (!withBackupKeys || sameKeys) {
            Console.message(.alreadyRestored(save: backup.generation))
            throw ExitCode.success
        }
        guard comparison.wouldLoseData, !force else { return }
        throw CLIFailure(.refused, .vaultHasNewerData(
            source: source, onlyInVault: comparison.onlyInVault.count, changedInVault: comparison.changedInVault.count,
            vaultSave: comparison.vaultIsNewerSave ? header.generation : nil, backupSave: backup.generation, unreadable: damage))
    }

    /// Says plainly what --with-backup-keys does; on a terminal, asks. Keys from before a rekey
    /// of the vault (`current`, when readable, or what Hearth saw at this path before) undo that
    /// rekey: refused without a confirmation (the terminal, or --accept-older-keys).
    private func confirmBackupKeys(_ backup: VaultHeader, keys: EpochKeys, current: VaultHeader? = nil) throws {
        Console.message(.withBackupKeysSays(epoch: backup.keyEpoch, slots: backup.slots.compactMap { $0 }.count))
        let seen = RollbackWarnings.concern(at: vault.path, header: backup, identity: keys.identity)
        if let current, backup.keyEpoch < current.keyEpoch, current.keyEpoch >= (seen?.seenKeyEpoch ?? 0) {
            return try confirmOlderKeys(backup, newerEpoch: current.keyEpoch, seenOn: nil)
        }
        // Only the key line matters here: the restored file is written as the next save, so the
        // backup's slot table (which the message above names) is not "an older save".
        if let seen, seen.otherKeys { return try confirmUnexpectedKeys(seen) }
        if Console.hasTerminal, !Console.confirm(.restoreWithBackupKeys) {
            throw CLIFailure(.refused, .nothingChanged)
        }
        // Its key slots, replaced here since, are what --with-backup-keys asks for (said above).
        if let seen, seen.retiredSlotTable { RollbackWarnings.acceptOlderKeys(at: vault.path) }
    }

    /// The backup's keys are older than the vault's (`seenOn` nil) or than those Hearth saw at
    /// this path on `seenOn`: taking them undoes a rekey. Refused unless confirmed; once
    /// confirmed, the vault may be written under them and stays writable (`RollbackWarnings`).
    private func confirmOlderKeys(_ backup: VaultHeader, newerEpoch: UInt64, seenOn: String?) throws {
        let newer = seenOn.map { "epoch \(newerEpoch) was seen at this path on \($0)" } ?? "the vault is at epoch \(newerEpoch)"
        try confirmKeys(.olderKeysUndoRekey(backupEpoch: backup.keyEpoch, newer: newer, withBackupKeys: withBackupKeys))
    }

    /// The backup's keys are not the key line this account trusts for the vault (older, or made
    /// elsewhere), or its key slots are older than seen: the same confirmation.
    private func confirmUnexpectedKeys(_ seen: RollbackWarning) throws {
        try confirmKeys(.unexpectedBackupKeys(seen, withBackupKeys: withBackupKeys))
    }

    /// Says `what`, then asks (or takes --accept-older-keys); refused otherwise.
    private func confirmKeys(_ what: Message) throws {
        Console.message(what)
        if !vault.acceptOlderKeys {
            guard Console.hasTerminal else {
                throw CLIFailure(.refused, .olderKeysNeedConfirmation)
            }
            guard Console.confirm(.restoreWithOlderKeys) else {
                throw CLIFailure(.refused, .nothingChanged)
            }
        }
        RollbackWarnings.acceptOlderKeys(at: vault.path)
    }

    /// Says which backup is restored: its save, key epoch and date; whether it was made before a
    /// rekey of the vault (its authenticated epoch below the vault's authenticated one); and
    /// whether its folder holds a newer backup of this vault (file names can be changed, so the
    /// one named newest may not be). A backup from before a rekey may have been written by
    /// whoever holds the retired keys: on a terminal, the person confirms.
    private func describeBackup(_ backup: VaultHeader, vault current: Current, keys: UnlockedKeys?, announced: Bool) throws {
        let entry = BackupCatalog.entry(path: source, comparedWith: nil)
        var lines: [Message] = []
        if !announced {
            lines.append(.restoring(source, backup: Message.BackupFacts(
                name: entry.name, save: backup.generation, epoch: backup.keyEpoch, dated: Self.dated(entry))))
        }
        var beforeRekey = false
        if case .readable(let header) = current, let keys, header.vaultID == backup.vaultID {
            if backup.keyEpoch < keys.epoch.epoch {
                beforeRekey = true
                if !announced { lines.append(.beforeRekey(backupEpoch: backup.keyEpoch, vaultEpoch: keys.epoch.epoch)) }
            }
            if !announced {
                let folder = PathName.folder(of: source)
                if case .chosen(let newest, _) = BackupChoice.newest(in: folder.isEmpty ? "." : folder, vault: header, keys: keys.epoch),
                   realPath(newest.path) != realPath(source), let newer = newest.header,
                   (newer.keyEpoch, newer.generation) > (backup.keyEpoch, backup.generation)
                {
                    lines.append(.newerBackupInFolder(
                        name: newest.name, folder: folder.isEmpty ? "." : folder,
                        facts: Message.BackupFacts(name: newest.name, save: newer.generation, epoch: newer.keyEpoch, dated: nil),
                        checked: newest.standing == .authenticated))
                }
            }
        } else if case .missing = current {
            lines.append(.noVaultToCompare)
        }
        if let first = lines.first { Console.message(lines.dropFirst().reduce(first) { $0.then($1) }) }
        if beforeRekey, !announced, Console.hasTerminal, !Console.confirm(.restoreFromBeforeRekey) {
            throw CLIFailure(.refused, .nothingChanged)
        }
    }

    /// Runs the save; if it fails, the safety copy is removed again (the vault is unchanged).
    private func saveOrDropSafetyCopy(_ safetyCopy: String, _ save: () throws -> Void) throws {
        do {
            try save()
        } catch {
            unlink(safetyCopy)
            throw error
        }
    }

    private func tellWhatHappened(report: VaultCheckReport, usedBackupKeys: Bool, vaultPath: String, safetyCopy: String?) {
        let made = BackupName.parse((source as NSString).lastPathComponent).map { BackupList.displayDate($0.date) }
        let counts = report.recordCounts.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
        Console.message(.restored(
            save: report.header.generation, source: source, made: made, vaultPath: vaultPath, counts: counts,
            usedBackupKeys: usedBackupKeys, safetyCopy: safetyCopy))
    }
}
