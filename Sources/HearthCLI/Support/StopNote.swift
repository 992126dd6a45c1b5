import CPlatform
import Foundation
import HearthMessages

/// What Ctrl-C (or the terminal closing, or `kill`) says during work that cannot stop halfway and
/// is not worth holding the signal for: a rekey or a restore spends seconds deriving keys, then
/// renames one new file over the vault. The signal still ends Hearth at once (saves are atomic,
/// so the vault is either the old file or the new one); the note says which, decided at that
/// instant from the file itself (`hearth_stop_note_set`): `before` while the vault is the file it
/// was, `after` once the new one replaced it.
///
/// Only on a terminal (like the progress line). Set it after the last prompt of the work: a
/// secret prompt handles these signals itself, and the note comes back when it ends.
enum StopNote {
    /// `removing`: a file the signal removes first, one that must not outlive Hearth (the
    /// re-encrypted vault a new recovery key opens, while that key is not confirmed yet); also
    /// from a secret prompt, whose own handler says the note too.
    static func during<T>(
        watching path: String, before: Message, after: Message, removing: String? = nil, _ body: () throws -> T
    ) rethrows -> T {
        guard Console.stderrIsTerminal || removing != nil else { return try body() }
        let set = hearth_stop_note_set(path, before.text, after.text, removing) == 0
        defer { if set { hearth_stop_note_clear() } }
        return try body()
    }
}
