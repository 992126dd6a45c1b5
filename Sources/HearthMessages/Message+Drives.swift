import Foundation

// The catalogue (Message.swift): a vault kept on a drive (a stick carried between computers) or
// shared by several computers: backups never onto that drive, a drive that stops answering or is
// not mounted, and keys changed on the other computer.

extension Message {
    /// `hearth backup DEST` where DEST is on the drive that holds the vault.
    public static func backupOnVaultsDrive(destination: String, drive: String, vaultPath: String) -> Message {
        Message("""
            \(destination) is on the drive that holds your vault, so a backup there would be lost with the drive. Nothing was written.
            Plug in another drive and back up there (`hearth backup /media/you/OTHER`), or give a folder on this computer.
            """, detail: "Vault: \(vaultPath), on the drive mounted at \(drive). `hearth backup list` and `hearth verify` still work there.")
    }

    /// `hearth backup` without DEST: the only drive found is the vault's own.
    public static func onlyDriveHoldsVault(drive: String) -> Message {
        Message("""
            The only drive found, \(drive), holds your vault itself: a backup there would be lost with it. Nothing was written.
            Plug in another drive, or give a folder: `hearth backup DEST`.
            """)
    }

    /// The working vault's drive stopped answering (unplugged, or its driver ended) mid-command.
    public static func vaultDriveGone(operation: String, errno code: Int32) -> Message {
        Message("""
            The drive that holds the vault stopped answering (was it unplugged?). The vault on it is its last complete save: nothing saved before was lost.
            Plug the drive in again, then run the command again.
            """, detail: "Could not \(operation) (\(errnoText(code))).")
    }

    /// The vault's path lies under the drive folders, and no drive is mounted there now.
    public static func vaultDriveNotMounted(path: String) -> Message {
        Message("""
            There is no vault at \(path): no drive is mounted there now. Nothing was changed.
            If your vault is on a stick, plug it in; on this computer it may be mounted elsewhere (set HEARTH_VAULT to its path here).
            """)
    }

    /// A passphrase did not open the working vault, whose key slots changed after this computer
    /// last saw it (a `passwd` on the other computer, most often).
    public static var passphrasesChangedSinceSeen: Message {
        Message("""
            That passphrase or key does not open this vault now: its passphrases were changed after this computer last opened it (on your other computer, perhaps). Nothing was changed.
            Use the new passphrase, or your recovery key.
            """)
    }
}
