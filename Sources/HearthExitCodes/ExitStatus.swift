/// Exit codes of the command-line contract (sysexits; Docs/CLI.md), as a value the modules
/// below the CLI can return with a plan or a refusal. The CLI only turns one into the process's
/// exit status; it never picks one from a message's text.
public enum ExitStatus: Int32, Sendable, CaseIterable {
    /// Done.
    case ok = 0
    /// A check found problems, or Hearth refused something that would lose or expose data.
    case refused = 1
    case usage = 64
    /// The vault, a backup or the input is damaged, tampered with or not Hearth's.
    case invalidData = 65
    case notFound = 66
    /// Made by a newer Hearth.
    case newerFormat = 69
    case cannotCreate = 73
    /// I/O error: the vault on disk is unchanged.
    case ioError = 74
    /// Another writer holds the vault (or a backup folder).
    case busy = 75
    /// Wrong passphrase or key (never 65 for a wrong passphrase).
    case wrongSecret = 77
}
