/// What to do about a file, given a finding and what the person accepted: one case.
public enum TrustDecision: Equatable, Sendable {
    /// Go ahead, and remember what `record` says.
    case proceed(record: TrustRecording)
    /// Go ahead (a read), tell the person what was found, and remember what `record` says.
    case warn(TrustReport, record: TrustRecording)
    /// Do not write: the file's keys need the person's acceptance (`report.acceptance`).
    case refuse(TrustReport)
    /// Write: the person accepted exactly these keys; they become the trusted ones, and the
    /// person is told what was accepted.
    case accepted(TrustReport)
    /// Write although it would be refused: the checks are off (`$HEARTH_NO_ROLLBACK_CHECK`), said on each save.
    case checksOff(TrustReport)
}

/// What a decision remembers in the ledger.
public enum TrustRecording: Equatable, Sendable {
    /// Nothing (another copy, a claim, a finding that must not become the bar).
    case nothing
    /// The save and slot table seen, under the already trusted key (or Hearth's own rekey).
    case seen
    /// The file's key becomes the trusted key of a vault seen for the first time (trust on first use).
    case firstTrust
}
