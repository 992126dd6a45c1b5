/// The rest of the command-line contract beside the exit codes: what each exit code means in a
/// sentence, every environment variable Hearth reads, and where it keeps its files. `hearth --help`
/// ends with them and the manual pages are made from that (Scripts/manual); Docs/CLI.md says the
/// same. Written once, here, so that help, manual and tests cannot disagree.
public enum CommandLineContract {
    /// Every environment variable Hearth reads, and what for.
    public static let environment: [(name: String, meaning: String)] = [
        ("HEARTH_VAULT", "the vault file, when --vault is not given"),
        ("HEARTH_PASSPHRASE", "the passphrase (least safe; wiped from Hearth's own environment once read)"),
        ("HEARTH_NEW_PASSPHRASE", "a new passphrase for init, passwd, key add"),
        ("HEARTH_BACKUP_PASSPHRASE", "the passphrase of a backup being restored"),
        ("HEARTH_OTHER_PASSPHRASE", "the passphrase of the other copy being merged"),
        ("HEARTH_KDF", "the cost of a new key slot: interactive, moderate or sensitive"),
        ("HEARTH_VERBOSE", "1: every message with its technical detail (as --verbose)"),
        ("HEARTH_LOCK_TIMEOUT", "seconds to wait for another writer (default 10), then exit 75"),
        ("HEARTH_PROGRESS", "0: no progress line on the terminal"),
        ("HEARTH_CLEAR_AFTER", "1: show clears the screen after reading (as --clear-after)"),
        ("HEARTH_DRIVE_ROOTS", "folders to look for backup drives in, colon-separated"),
        ("HEARTH_NO_ROLLBACK_CHECK", "1: turn off the checks against older copies and other keys"),
        ("HEARTH_NO_TTY", "set: never use the terminal (no prompts, no choosing from lists)"),
        ("NO_COLOR", "set: no colour or bold"),
        ("VISUAL, EDITOR", "the editor for --edit"),
        ("XDG_DATA_HOME", "where the vault is by default (~/.local/share)"),
        ("XDG_STATE_HOME", "where the keys and saves seen are noted (~/.local/state)"),
        ("XDG_RUNTIME_DIR", "where unlocked sessions listen and drafts are written (memory only)"),
    ]

    /// Where Hearth keeps its files.
    public static let files: [(path: String, meaning: String)] = [
        ("~/.local/share/hearth/vault.hearth", "the vault ($XDG_DATA_HOME/hearth; folder 0700, file 0600)"),
        ("$XDG_RUNTIME_DIR/hearth-locks/", "with ~/.local/state/hearth/locks/: the lock of the one command saving into a vault"),
        ("VAULT-NAME.before-restore-TIME.hearth", "beside the vault: the vault as it was before a restore"),
        ("~/.local/state/hearth/seen-vaults.json", "the keys and the latest save this account saw of each vault"),
        ("$XDG_RUNTIME_DIR/hearth/", "sockets of unlocked sessions (else /run/user/UID/hearth or /tmp/hearth-agent-UID)"),
        ("$XDG_RUNTIME_DIR or /dev/shm", "drafts for $EDITOR, on a memory-only file system, wiped afterwards"),
        ("DRIVE/Hearth/hearth-TIME-gSAVE.hearth", "backups (hearth backup DRIVE)"),
    ]

}

extension ExitStatus {
    /// What the exit status means, in the words `hearth --help` and the manual use.
    public var meaning: String {
        switch self {
        case .ok: "done"
        case .refused: "a check found problems (verify), or Hearth refused what would lose or expose data"
        case .usage: "usage error"
        case .invalidData: "invalid data: the vault is damaged or not a vault, or the input is invalid"
        case .notFound: "the vault, record or backup was not found"
        case .newerFormat: "the vault was made by a newer Hearth: update Hearth"
        case .cannotCreate: "cannot create (the vault exists, the destination is not writable)"
        case .ioError: "I/O error (disk full, drive removed): the vault on disk is unchanged"
        case .busy: "the vault is busy (another writer) and did not free up in time"
        case .wrongSecret: "wrong passphrase or key (never 65 for a wrong passphrase)"
        }
    }
}
