import Foundation
import HearthBackup

// The catalogue (Message.swift): backups.

extension Message {
    public static var keepAtLeastOne: Message { Message("--keep must be 1 or more: the new backup is always kept.") }

    public enum KeepNotAppliedReason: Sendable {
        case checksOff
        case untrustedKeys(path: String, keyName: String)
        case noRecordYet(path: String)
    }

    public static func keepNotApplied(keep: Int, _ reason: KeepNotAppliedReason) -> Message {
        let first = "Nothing was removed from the drive (--keep \(keep) was not applied); your backups are all there, the new one too."
        switch reason {
        case .checksOff:
            return Message("""
                \(first)
                $HEARTH_NO_ROLLBACK_CHECK is set, and --keep removes backups only for a vault whose keys Hearth has checked.
                """)
        case .untrustedKeys(let path, let keyName):
            return Message("""
                \(first)
                The vault at \(path) has keys this account has not seen (a rekey on another computer?).
                Once you accept them (--accept-keys, on a command that saves) or rekey, --keep works again.
                """, detail: "Its keys: \(keyName). It can also be a copy made by someone who holds older keys.")
        case .noRecordYet(let path):
            return Message("""
                \(first)
                This account has not yet noted the keys of the vault at \(path).
                Opening it once (for example `hearth journal list`) notes them; then --keep works.
                """, detail: "Hearth keeps that note in $XDG_STATE_HOME/hearth (by default ~/.local/state/hearth).")
        }
    }

    public static func driveHoldsNewerBackups(
        count: Int, newestName: String, newestPath: String, folder: String, pruning: Bool, detail: String
    ) -> Message {
        Message("""
            Note: this drive holds \(count == 1 ? "a backup" : "\(count) backups") newer than your vault (newest: \(newestName)).\(pruning ? " So nothing was removed from it." : "")
            Your vault may be an older copy put back at its path (a restore, a sync program, or someone else).
            If you did not expect this: `hearth backup list \(folder)` shows them; `hearth merge \(newestPath)` brings newer records in.
            """, detail: detail)
    }

    public static func newerBackupDetail(
        vaultSave: UInt64, vaultEpoch: UInt64, save: UInt64, epoch: UInt64, how: BackupPruner.NewerEvidence
    ) -> String {
        let how = switch how {
        case .checkedWithVaultKey: "checked with your vault's key"
        case .laterKeyEpoch: "by its header; your vault's key cannot check a later key epoch"
        case .doesNotAuthenticate: "by its header, which does not authenticate with your vault's key"
        }
        return "Your vault is save \(vaultSave), key epoch \(vaultEpoch); the newest backup is save \(save), key epoch \(epoch) (\(how))."
    }

    public static func backedUp(
        save: UInt64, size: String, path: String, slot: Int?, staleRemoved: Int, vaultProblems: [String],
        driveWithoutPermissions: String?, fat: Bool
    ) -> Message {
        var lines = ["Backed up your vault to \(path), and checked it on the drive."]
        if !vaultProblems.isEmpty {
            lines.append("Note: the vault itself has \(plural(vaultProblems.count, "problem")), which this copy shares; `hearth verify` lists them.")
        }
        lines.append("It opens with the passphrases your vault has today, even after you change them.")
        var detail = ["Save \(save), \(size). Every part decrypts and authenticates; the records database is sound\(slot.map { "; it opens with the passphrase given (key slot \($0))" } ?? "")."]
        if staleRemoved > 0 { detail.append("Removed \(plural(staleRemoved, "unfinished file")) left by an interrupted backup.") }
        if !vaultProblems.isEmpty { detail.append("Problems: " + vaultProblems.joined(separator: "; ") + ".") }
        if let fs = driveWithoutPermissions {
            detail.append("This drive has no file permissions (\(fs)): anyone who has it can copy the backup, which stays encrypted.\(fat ? " FAT32 holds files up to 4 GiB." : "")")
        }
        return Message(lines.joined(separator: "\n"), detail: detail.joined(separator: "\n"))
    }

    public static func prunedBackups(keep: Int, removed: [String]) -> Message {
        Message("""
            Removed \(plural(removed.count, "older backup")) (--keep \(keep)).
            Removing a file does not erase it from the drive: to be rid of old copies, overwrite or destroy the drive.
            """, detail: "Removed: \(removed.joined(separator: ", ")).")
    }

    public static func backupNotRemoved(name: String, reason: BackupFolder.NotRemoved) -> Message {
        let reason = switch reason {
        case .replacedSinceChecked: "it was replaced by another file since it was checked"
        case .isTheVault: "it is your vault itself"
        case .notCheckedAgain: "it could not be checked again"
        case .failed(let code): String(cString: strerror(code))
        }
        return Message("Could not remove the older backup \(name) (\(reason)); it was left as it is.")
    }

    public enum KeptBackupReason: Sendable {
        case newerSave, newerKeys, olderKeys, otherSameSave, doesNotAuthenticate, unchecked, datedLater
    }

    private static func why(_ reason: KeptBackupReason) -> String {
        switch reason {
        case .newerSave: "a later save than your vault's"
        case .newerKeys: "a later key epoch than your vault's, which your vault's key cannot check"
        case .olderKeys: "from before a rekey by its header, which your vault's key cannot check; remove it by hand once you no longer need it"
        case .otherSameSave: "the same save number as your vault, with other contents; `hearth merge` brings them together"
        case .doesNotAuthenticate: "it does not open with your vault's key (altered, damaged, or rekeyed on its own); `hearth verify` checks it"
        case .unchecked: "it could not be checked"
        case .datedLater: "dated after this backup"
        }
    }

    public static func keptWhateverKeep(_ kept: [(name: String, reason: KeptBackupReason)]) -> Message {
        Message("""
            Kept \(plural(kept.count, "backup")) whatever --keep says: only older backups checked with your vault's key are removed.
            """, detail: kept.map { "  \($0.name): \(why($0.reason))" }.joined(separator: "\n"))
    }

    public static func noFolderAt(_ path: String) -> Message {
        Message("There is no folder at \(path). Is the drive plugged in and mounted?")
    }

    public static var noDriveForList: Message {
        Message("No mounted removable drive was found. Name a folder: `hearth backup list FOLDER`.")
    }

    public static var oldBackupsOpenWithOldKeys: Message {
        Message.warning("""
            Backups made before a passphrase change or a rekey still open with the old keys.
            If an old passphrase may be known to someone, make a fresh backup and destroy the old ones.
            """, detail: "Deleting a file does not erase its bytes from the drive.")
    }

    public static var listedUnchecked: Message {
        Message("The passphrase or key given does not open the vault, so the backups are listed without checking them.")
    }

    // Drives

    public static func noDriveFound(roots: String, purpose: String) -> Message {
        Message("""
            No removable drive was found. Nothing was written.
            Plug in a drive, or name a folder: `hearth \(purpose) /path/to/folder`.
            """, detail: "Hearth looked at removable and USB disks, and under \(roots).")
    }

    public static func drivesNoTerminal(count: Int, purpose: String, list: String) -> Message {
        Message("""
            Hearth found \(count == 1 ? "this drive" : "these drives") but has no terminal to confirm with. Nothing was written.
            Name the one you want: `hearth \(purpose) FOLDER`.
            \(list)
            """)
    }

    public static func backUpTo(_ drive: String) -> Message { Message("Back up to \(drive)?") }

    public static func drivesFound(_ list: String) -> Message { Message("Hearth found these drives:\n" + list) }

    public static func whichDrive(count: Int) -> Message { Message("Which one? (1-\(count), or Enter to cancel) ") }

    public static var noDriveChosen: Message { Message("No drive was chosen. Nothing was written.") }

    // Drive trouble (BackupFailures): the vault is never changed by a backup.

    private static let backupUnchanged = "Your vault and the older backups were not touched."

    public static func backupFolderMissing(_ path: String) -> Message {
        Message("There is no folder at \(path) (is the drive plugged in?). Nothing was written; \(backupUnchanged.prefix(1).lowercased() + backupUnchanged.dropFirst())")
    }

    public static func backupCannotWrite(_ path: String, errno code: Int32) -> Message {
        Message("""
            Hearth cannot write to \(path) (\(errnoText(code))). Nothing was written; \(backupUnchanged.prefix(1).lowercased() + backupUnchanged.dropFirst())
            Is the drive write-protected?
            """)
    }

    public static func driveFull(folder: String, needed: String?, free: String?) -> Message {
        Message("""
            The drive is full. No backup file was left behind; \(backupUnchanged.prefix(1).lowercased() + backupUnchanged.dropFirst())
            Free some space on it (or let `--keep N` remove older backups), then try again.
            """, detail: "Folder: \(folder).\(needed.map { " The backup needs \($0)" } ?? "")\(free.map { "; the drive has \($0) free." } ?? "")")
    }

    public static func driveFailed(folder: String, operation: String, errno code: Int32) -> Message {
        Message("""
            The drive stopped answering (was it pulled out?). \(backupUnchanged)
            Plug it back in and run `hearth backup` again; it clears any unfinished file.
            """, detail: "While Hearth tried to \(operation) in \(folder): \(errnoText(code)).")
    }

    public static func tooLargeForFAT(folder: String, size: String) -> Message {
        Message("""
            The vault (\(size)) is too large for this FAT32 drive, which holds files up to 4 GiB. Nothing was written.
            A drive formatted exFAT (or ext4) can hold it.
            """, detail: "Folder: \(folder).")
    }

    public static func readBackFailed(folder: String, detail: String, removed: Bool) -> Message {
        Message("""
            The backup did not read back correctly: the drive may be failing. \(removed ? "The bad copy was removed." : "Please delete the bad copy by hand.")
            \(backupUnchanged) Try another drive.
            """, detail: "Folder: \(folder). What failed: \(detail).")
    }

    public static func backupFolderBusy(_ folder: String) -> Message {
        Message("Another backup is being written to \(folder) right now. Nothing was changed. Please try again when it is done.")
    }

    public static func backupFolderIsLink(_ path: String) -> Message {
        Message("""
            \(path) is a symbolic link, not a folder; Hearth never writes backups through a link. Nothing was written.
            If you did not make that link, someone with the drive may have: remove it, or give another folder.
            """, detail: "A link could lead anywhere, your vault's own folder too.")
    }

    public static func backupFolderHoldsVault(folder: String, vaultPath: String, isVaultFolder: Bool) -> Message {
        Message("""
            \(folder) \(isVaultFolder ? "is the folder your vault is in" : "holds your vault itself"), so it is no place for backups. Nothing was written.
            Give a folder on another drive, such as `hearth backup /media/you/STICK`.
            """, detail: "Vault: \(vaultPath). Pruning there could touch the vault.")
    }
}
