import CPlatform
import HearthExitCodes

/// What `hearth --help` ends with, and what the manual pages' EXIT STATUS, ENVIRONMENT and FILES
/// sections are made from (Scripts/manual reads them from the root command's discussion): the exit
/// codes and environment variables of the command-line contract (Docs/CLI.md), and where Hearth
/// keeps its files. Help text, not messages: it describes the command, like an abstract.
enum HelpReference {
    /// Each exit status and what it means, in the order of Docs/CLI.md.
    static let exitCodes: [(status: ExitStatus, meaning: String)] = [
        (.ok, "done"),
        (.refused, "a check found problems (verify), or Hearth refused what would lose or expose data"),
        (.usage, "usage error"),
        (.invalidData, "invalid data: the vault is damaged or not a vault, or the input is invalid"),
        (.notFound, "the vault, record or backup was not found"),
        (.newerFormat, "the vault was made by a newer Hearth: update Hearth"),
        (.cannotCreate, "cannot create (the vault exists, the destination is not writable)"),
        (.ioError, "I/O error (disk full, drive removed): the vault on disk is unchanged"),
        (.busy, "the vault is busy (another writer) and did not free up in time"),
        (.wrongSecret, "wrong passphrase or key (never 65 for a wrong passphrase)"),
    ]

    /// Every environment variable Hearth reads, and what for.
    static let environment: [(name: String, meaning: String)] = [
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
    static let files: [(path: String, meaning: String)] = [
        ("~/.local/share/hearth/vault.hearth", "the vault ($XDG_DATA_HOME/hearth; folder 0700, file 0600)"),
        ("$XDG_RUNTIME_DIR/hearth-locks/", "with ~/.local/state/hearth/locks/: the lock of the one command saving into a vault"),
        ("VAULT-NAME.before-restore-TIME.hearth", "beside the vault: the vault as it was before a restore"),
        ("~/.local/state/hearth/seen-vaults.json", "the keys and the latest save this account saw of each vault"),
        ("$XDG_RUNTIME_DIR/hearth/", "sockets of unlocked sessions (else /run/user/UID/hearth or /tmp/hearth-agent-UID)"),
        ("$XDG_RUNTIME_DIR or /dev/shm", "drafts for $EDITOR, on a memory-only file system, wiped afterwards"),
        ("DRIVE/Hearth/hearth-TIME-gSAVE.hearth", "backups (hearth backup DRIVE)"),
    ]

    /// The end of `hearth --help`: three headed lists in the layout of the parser's own sections
    /// (a name, then its meaning, wrapped under itself to fit 80 columns).
    static var epilogue: String {
        [
            section("EXIT CODES", exitCodes.map { (String($0.status.rawValue), $0.meaning) }),
            section("ENVIRONMENT", environment),
            section("FILES", files),
        ].joined(separator: "\n\n")
    }

    static func section(_ title: String, _ rows: [(String, String)], columns: Int = 80) -> String {
        let indent = min((rows.map(\.0.count).max() ?? 0) + 4, 28)
        let lines = rows.flatMap { name, meaning -> [String] in
            var lines: [String] = []
            var line = "  " + name
            if line.count + 2 > indent { lines.append(line); line = "" }
            line += String(repeating: " ", count: indent - line.count)
            var first = true
            for word in meaning.split(separator: " ") {
                if !first, line.count + 1 + word.count > columns - 1 {
                    lines.append(line)
                    line = String(repeating: " ", count: indent)
                    first = true
                }
                line += (first ? "" : " ") + word
                first = false
            }
            return lines + [line]
        }
        return title + ":\n" + lines.joined(separator: "\n")
    }
}

/// `hearth --version` (or `-V`): the version, and the commit it was built from when the build
/// was told (Scripts/install passes it as a C define); a plain `swift build` says so honestly.
enum BuildVersion {
    static let number = "0.1.0"

    static var commit: String? {
        guard let text = hearth_build_commit() else { return nil }
        let commit = String(cString: text)
        return commit.isEmpty ? nil : commit
    }

    static var text: String { "hearth \(number) (commit \(commit ?? "unknown"))" }
}
