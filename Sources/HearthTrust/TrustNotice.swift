/// What a command's trust context has to tell the person (the CLI words it).
public enum TrustNotice: Equatable, Sendable {
    /// The first authenticated read of a vault this account knew nothing about: its keys are now trusted.
    case firstTrust(TrustRecord.KeyLine)
    /// A read found something (an older copy, keys this account did not see, a claim);
    /// `purpose` says what the command is about to do with the file.
    case found(TrustReport, purpose: TrustPurpose)
    /// The person accepted these keys (`--accept-keys`, or a yes to `restore`), on `day`.
    case accepted(TrustReport, day: String)
    /// A save that would be refused went through: the checks are off.
    case checksOff(TrustReport)
    /// The store's own file could not be used or updated (said once per command).
    case storeProblem(TrustStoreProblem, location: String)
    /// `--accept-keys` was given to a command that wrote nothing.
    case acceptanceNotUsed
}

/// What a command is about to do with the file it reads: the same finding is said differently
/// (a command about to save says it all in its refusal; a rekey is the remedy itself).
public enum TrustPurpose: Equatable, Sendable {
    case read
    case write
    case rekey
}
