/// A command stopped by a signal (Ctrl-C, hang-up, termination) after cleaning up.
/// It ends with the shell's convention, 128 + the signal's number.
struct Interrupted: Error {
    let signal: Int32
    /// A kept draft that was being edited again: it stays, and the message says where.
    var keptDraft: String?
    /// False when there was no draft at all (stopped at a question before any was made).
    var draftWiped = true
}
