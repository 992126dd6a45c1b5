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
        case unreadable(String)
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
            throw CLIFailure(.usage, """
                \(folder) holds backups of \(count) different vaults, and there is no vault at \(vault.path) to tell \
                which is yours. Nothing was changed. Name the backup to restore (`hearth backup list \(source)` shows them).
                """)
        case .none(let passedOver):
            throw CLIFailure(.notFound, "There is no backup of this vault in \(folder) that Hearth can place. Nothing was changed."
                + Self.passedOverNote(passedOver))
        case .chosen(let entry, let passedOver):
            let header = entry.header!
            Console.message("""
                The newest backup of this vault in \(folder), by key epoch and save number\
                \(entry.standing == .authenticated ? " (checked with your vault's key)" : ""), is \(entry.name): \
                save \(header.generation), key epoch \(header.keyEpoch)\(Self.dated(entry)).
                """ + (entry.standing == .olderEpoch ? "\n" + Self.beforeRekeyNote(header, vaultEpoch: unlocked!.keys.epoch.epoch) : "")
                + Self.passedOverNote(passedOver))
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
                throw Self.noneOpened(folder: folder, skipped: outcome.passedOver.map { ($0.entry, Self.why($0.reason)) })
            }
            return (credential, outcome)
        }
        let (credential, outcome) = try backupSecret.givenCredential().map(choose(with:))
            ?? vault.opening(
                allowSession: !withBackupKeys, prompt: "Passphrase (or recovery key) of the backups in \(folder): ",
                again: "That did not open any backup there. Please try again.", choose(with:))
        let skipped = outcome.passedOver.map { ($0.entry, Self.why($0.reason)) }
        let opened = outcome.candidates
        let entry = opened[0]
        guard opened.count == 1 else {
            throw CLIFailure(.usage, """
                \(folder) holds backups of \(opened.count) different vaults that open with the passphrase or key given \
                (\(opened.map(\.name).joined(separator: ", "))), and there is no vault at \(vault.path) to tell which is \
                yours. Nothing was changed. Name the backup to restore (`hearth backup list \(source)` shows them).
                """)
        }
        let header = entry.header!
        Console.message(Self.skippedNote(skipped) + """
            The newest backup in \(folder) that opens with the passphrase or key given, by key epoch and save \
            number, is \(entry.name): save \(header.generation), key epoch \(header.keyEpoch)\(Self.dated(entry)).
            """)
        try confirmAndRestore(entry, unlocked: nil, sourceCredential: credential)
    }

    /// Asks on a terminal, then restores `entry`.
    private func confirmAndRestore(_ entry: BackupEntry, unlocked: Unlocked?, sourceCredential: VaultCredential?) throws {
        if Console.hasTerminal, !Console.confirm("Restore this backup?") {
            throw CLIFailure(.refused, "Nothing was changed.")
        }
        var chosen = self
        chosen.source = entry.path
        try chosen.restore(unlocked: unlocked, announced: true, sourceCredential: sourceCredential)
    }

    /// Why a backup in the folder was passed over, as a line of the note.
    static func why(_ reason: FreshMachineChoice.Reason) -> String {
        switch reason {
        case .doesNotOpen:
            """
            it does not open with the passphrase or key given (if it was made with an earlier passphrase, \
            restore it by its name to give that one)
            """
        case .damaged(let detail): "damaged or altered: \(detail)"
        case .problems(let problems): "it opened, but a check found problems: \(problems.joined(separator: "; "))"
        case .notTried:
            """
            not tried: with the backups tried before it (least key-derivation work first), it would ask for more \
            key-derivation work than any Hearth vault needs (restore it by its name to try it alone)
            """
        case .failed(let error): FailureReport.failure(for: error).message
        }
    }

    static func skippedNote(_ skipped: [(entry: BackupEntry, why: String)]) -> String {
        guard !skipped.isEmpty else { return "" }
        let lines = skipped.map { item in
            let claim = item.entry.header.map { " (says save \($0.generation), key epoch \($0.keyEpoch))" } ?? ""
            return "  \(item.entry.name)\(claim): \(item.why)"
        }
        return """
            Passed over, newest claim first, because they did not open or check whole, or were not tried:
            \(lines.joined(separator: "\n"))

            """
    }

    /// No backup of the vault in `folder` opened: 77 when some did not open with the secret
    /// given (it may be the wrong one), else 65.
    static func noneOpened(folder: String, skipped: [(entry: BackupEntry, why: String)]) -> CLIFailure {
        let wrongSecret = skipped.contains { $0.why.hasPrefix("it does not open with") }
        return CLIFailure(wrongSecret ? .wrongSecret : .invalidData, """
            None of the backups in \(folder) could be restored. Nothing was changed.
            \(skippedNote(skipped))\(wrongSecret ? "Give the passphrase the backups were made with (--passphrase-file PATH, or --backup-passphrase-file PATH)." : "`hearth verify BACKUP` checks one.")
            """)
    }

    /// ", dated 2026-11-24 21:30 UTC by its name" (or by the file's time), for messages.
    static func dated(_ entry: BackupEntry) -> String {
        guard let date = entry.date else { return "" }
        let how = BackupName.parse(entry.name) != nil ? "by its name" : "by the file's time"
        return ", dated \(BackupList.displayDate(date)) UTC \(how)"
    }

    static func beforeRekeyNote(_ backup: VaultHeader, vaultEpoch: UInt64) -> String {
        """
        This backup was made before a rekey of your vault (key epoch \(backup.keyEpoch); your vault is at \
        \(vaultEpoch)). The keys that rekey retired open it, so whoever still holds one could have written it.
        """
    }

    /// Backups of this vault that claim to be newer but that the vault's key cannot check.
    static func passedOverNote(_ entries: [BackupEntry]) -> String {
        guard !entries.isEmpty else { return "" }
        let list = entries.map { "\($0.name) (save \($0.header!.generation), key epoch \($0.header!.keyEpoch))" }
        return """

            Not taken, because your vault's key cannot check what they claim: \(list.joined(separator: ", ")). \
            A later key epoch means a rekey your vault does not have (your vault may be an older copy); then \
            restore such a backup by its name, with --with-backup-keys.
            """
    }

    /// `sourceCredential`: the secret that already opened SOURCE (a folder restore on a fresh machine).
    private func restore(unlocked: Unlocked?, announced: Bool = false, sourceCredential: VaultCredential? = nil) throws {
        let vaultPath = vault.path
        guard realPath(source) != realPath(vaultPath) else {
            throw CLIFailure(.usage, "\(source) is the vault itself. Name a backup to restore from.")
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
            try ProgressLine.shared.during("Opening the backup...") { try Vault.unlock(sourceHeader, with: credential) }
        } ?? backupSecret.unlock(path: source, header: sourceHeader, vaultCredential: vaultCredential)
        let (report, restored) = try ProgressLine.shared.during("Checking the backup...") {
            try VaultCheck.run(path: source, keys: sourceKeys)
        }
        if !report.isGood && !force {
            throw CLIFailure(.refused, """
                The backup at \(source) opened, but a check found problems: \(report.problems.joined(separator: "; ")). \
                Nothing was changed. `hearth verify \(source)` shows them; --force restores it anyway.
                """)
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
            before: "Stopped. Nothing was restored; the vault is as it was.",
            after: "Stopped just after the backup was restored: the vault holds the backup's records now."
        ) {
            try ProgressLine.shared.clearedAfter {
                ProgressLine.shared.status("Restoring the backup...")
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
    private func restoreOverUnreadable(_ plan: Plan, problem: String) throws -> (safetyCopy: String?, usedBackupKeys: Bool) {
        guard withBackupKeys else {
            throw CLIFailure(.refused, """
                The vault at \(plan.vaultPath) cannot be read (\(problem)), so its keys cannot be used for the \
                restored records. Nothing was changed. To restore the backup with the passphrases it was made with, \
                run this again with --with-backup-keys; the unreadable vault will be kept beside it as a safety copy.
                """)
        }
        try confirmBackupKeys(plan.report.header, keys: plan.sourceKeys.epoch)
        let safetyCopy = try RestoreWriter.keepSafetyCopy(of: plan.vaultPath)
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
            throw CLIFailure(.refused, "A vault appeared at \(plan.vaultPath) while restoring. Nothing was changed; please run the restore again.")
        }
        try compareOrRefuse(header: header, keys: keys, backup: plan.report.header, restored: plan.restored)
        if withBackupKeys { try confirmBackupKeys(plan.report.header, keys: plan.sourceKeys.epoch, current: header) }
        let safetyCopy = try RestoreWriter.keepSafetyCopy(of: plan.vaultPath)
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
            throw CLIFailure(.refused, """
                \(RollbackWarnings.finding(older)) The restored records would be saved under these keys, so nothing \
                was changed.
                If this backup was made after the rekey, add --with-backup-keys to take its keys instead (the file now \
                at the path is kept beside it as a safety copy). To restore under the older keys anyway, add \
                --accept-older-keys, and run `hearth rekey` afterwards.
                """)
        }
    }

    /// The backup's header (damage and "not a vault" show before any passphrase is asked for).
    private func readSourceHeader() throws -> VaultHeader {
        let result: Result<VaultHeader, VaultError> = Result { () throws(VaultError) in try Vault.readHeader(at: source).header }
        switch result {
        case .success(let header): return header
        case .failure(.notFound):
            throw CLIFailure(.notFound, "There is no backup at \(source). Nothing was changed. `hearth backup list` shows the backups on a drive.")
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
            throw CLIFailure(.refused, "The vault's keys changed while restoring (a rekey?). Nothing was changed; please run the restore again.")
        }
        if header.vaultID != backup.vaultID && !force {
            throw CLIFailure(.refused, """
                \(source) is a backup of another vault, not of this one. Nothing was changed. \
                `hearth merge \(source) --import` brings its records into your vault; --force replaces your vault \
                with it (your vault is kept beside it as a safety copy).
                """)
        }
        var inventory: RecordInventory?
        var damage: String?
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
            Console.message("Your vault already holds exactly the records of this backup (save \(backup.generation)). Nothing was changed.")
            throw ExitCode.success
        }
        guard comparison.wouldLoseData, !force else { return }
        var reasons: [String] = []
        if !comparison.onlyInVault.isEmpty {
            reasons.append("\(comparison.onlyInVault.count) record(s) the backup does not have")
        }
        if !comparison.changedInVault.isEmpty {
            reasons.append("\(comparison.changedInVault.count) record(s) changed after the backup's version")
        }
        if comparison.vaultIsNewerSave {
            reasons.append("later saves (save \(header.generation); the backup is save \(backup.generation))")
        }
        let unreadable = damage.map { " (Its records could not be read to compare: \($0))" } ?? ""
        throw CLIFailure(.refused, """
            Your vault holds newer data than this backup: \(reasons.joined(separator: ", ")).\(unreadable) \
            Restoring would replace it, so nothing was changed.
            To bring the backup's records in without losing anything, use `hearth merge \(source)`. To replace \
            the vault anyway, add --force: the vault as it is now is then kept beside it as a safety copy.
            """)
    }

    /// Says plainly what --with-backup-keys does; on a terminal, asks. Keys from before a rekey
    /// of the vault (`current`, when readable, or what Hearth saw at this path before) undo that
    /// rekey: refused without a confirmation (the terminal, or --accept-older-keys).
    private func confirmBackupKeys(_ backup: VaultHeader, keys: EpochKeys, current: VaultHeader? = nil) throws {
        Console.message("""
            With --with-backup-keys the vault takes the backup's own keys (key epoch \(backup.keyEpoch), \
            \(backup.slots.compactMap { $0 }.count) key slot(s)): from now on it opens with the passphrases and \
            recovery key that opened this backup, including any you have removed or changed since, and no longer \
            with the ones your vault has now.
            """)
        let seen = RollbackWarnings.concern(at: vault.path, header: backup, identity: keys.identity)
        if let current, backup.keyEpoch < current.keyEpoch, current.keyEpoch >= (seen?.seenKeyEpoch ?? 0) {
            return try confirmOlderKeys(backup, newerEpoch: current.keyEpoch, seenOn: nil)
        }
        // Only the key line matters here: the restored file is written as the next save, so the
        // backup's slot table (which the message above names) is not "an older save".
        if let seen, seen.otherKeys { return try confirmUnexpectedKeys(seen) }
        if Console.hasTerminal, !Console.confirm("Restore with the backup's keys?") {
            throw CLIFailure(.refused, "Nothing was changed.")
        }
        // Its key slots, replaced here since, are what --with-backup-keys asks for (said above).
        if let seen, seen.retiredSlotTable { RollbackWarnings.acceptOlderKeys(at: vault.path) }
    }

    /// The backup's keys are older than the vault's (`seenOn` nil) or than those Hearth saw at
    /// this path on `seenOn`: taking them undoes a rekey. Refused unless confirmed; once
    /// confirmed, the vault may be written under them and stays writable (`RollbackWarnings`).
    private func confirmOlderKeys(_ backup: VaultHeader, newerEpoch: UInt64, seenOn: String?) throws {
        let newer = seenOn.map { "epoch \(newerEpoch) was seen at this path on \($0)" } ?? "the vault is at epoch \(newerEpoch)"
        try confirmKeys("""
            The backup's keys are from before a rekey of this vault (key epoch \(backup.keyEpoch); \(newer)). \
            Taking them undoes that rekey: the old master key, and every passphrase or recovery key the rekey \
            took back, open the vault again, so anything written from now on can be read with them.\
            \(withBackupKeys ? " To restore the records without that, leave out --with-backup-keys." : "")
            """)
    }

    /// The backup's keys are not the key line this account trusts for the vault (older, or made
    /// elsewhere), or its key slots are older than seen: the same confirmation.
    private func confirmUnexpectedKeys(_ seen: RollbackWarning) throws {
        let what = seen.otherKeys
            ? """
              The backup's keys (\(RollbackWarnings.keyName(seen.keyEpoch, seen.fingerprint))) are not the ones this \
              account trusts for this vault (\(RollbackWarnings.keyName(seen.seenKeyEpoch, seen.seenFingerprint)), seen on \
              \(seen.seenOn))\(seen.olderKeys ? ": they are from before a rekey, and taking them undoes it" : ""). \
              Whoever holds them can read anything written from now on.
              """
            : """
              The backup's key slots are older than those seen for this vault on \(seen.seenOn): passphrases or keys \
              changed or removed since open the vault again.
              """
        try confirmKeys(what + (withBackupKeys ? " To restore the records without that, leave out --with-backup-keys." : ""))
    }

    /// Says `what`, then asks (or takes --accept-older-keys); refused otherwise.
    private func confirmKeys(_ what: String) throws {
        Console.message(what)
        if !vault.acceptOlderKeys {
            guard Console.hasTerminal else {
                throw CLIFailure(.refused, """
                    Nothing was changed. If you do want the older keys back, run this again with --accept-older-keys \
                    (and `hearth rekey` afterwards, to take access back again).
                    """)
            }
            guard Console.confirm("Restore with these older keys anyway?") else {
                throw CLIFailure(.refused, "Nothing was changed.")
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
        var lines: [String] = []
        if !announced {
            lines.append("Restoring \(source): save \(backup.generation), key epoch \(backup.keyEpoch)\(Self.dated(entry)).")
        }
        var beforeRekey = false
        if case .readable(let header) = current, let keys, header.vaultID == backup.vaultID {
            if backup.keyEpoch < keys.epoch.epoch {
                beforeRekey = true
                if !announced { lines.append(Self.beforeRekeyNote(backup, vaultEpoch: keys.epoch.epoch)) }
            }
            if !announced {
                let folder = PathName.folder(of: source)
                if case .chosen(let newest, _) = BackupChoice.newest(in: folder.isEmpty ? "." : folder, vault: header, keys: keys.epoch),
                   realPath(newest.path) != realPath(source), let newer = newest.header,
                   (newer.keyEpoch, newer.generation) > (backup.keyEpoch, backup.generation)
                {
                    lines.append("""
                        Note: the same folder holds a newer backup of this vault: \(newest.name) (save \(newer.generation), \
                        key epoch \(newer.keyEpoch)\(newest.standing == .authenticated ? ", checked with your vault's key" : "")). \
                        File names can be changed; `hearth restore \(folder.isEmpty ? "." : folder)` takes the newest by its numbers.
                        """)
                }
            }
        } else if case .missing = current {
            lines.append("""
                There is no vault here to compare with: if you wrote down a higher key epoch at your last rekey, this \
                backup is from before it.
                """)
        }
        if !lines.isEmpty { Console.message(lines.joined(separator: "\n")) }
        if beforeRekey, !announced, Console.hasTerminal, !Console.confirm("Restore this backup from before the rekey?") {
            throw CLIFailure(.refused, "Nothing was changed.")
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
        let made = BackupName.parse((source as NSString).lastPathComponent).map { " (made \(BackupList.displayDate($0.date)) UTC)" } ?? ""
        let counts = report.recordCounts.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
        var lines = ["Restored save \(report.header.generation) from \(source)\(made) into \(vaultPath)\(counts.isEmpty ? "" : ": \(counts)")."]
        if usedBackupKeys {
            lines.append("""
                It opens with the passphrases and recovery key the backup was made with, including any removed since. \
                If someone may know one of them, run `hearth rekey` now (it asks which keys to keep), then make a \
                fresh backup.
                """)
        } else {
            lines.append("It keeps your vault's current passphrases and keys: the backup's older keys did not come back.")
        }
        if let safetyCopy {
            lines.append("""
                Your vault as it was just before is kept at \(safetyCopy); it holds the replaced records. \
                When you are sure you do not need them, delete it (or bring them back with `hearth merge \(safetyCopy)`).
                """)
        }
        Console.message(lines.joined(separator: "\n"))
    }
}
