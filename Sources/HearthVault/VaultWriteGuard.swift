/// What a save or a key change asks of its caller before and after writing a vault file: the
/// caller passes it in (a command's trust context, Docs/SECURITY.md "Rollback warning"), so the
/// vault layer keeps no state and calls no global. Without one, nothing is checked or recorded
/// (another copy written on purpose: a backup, a test).
public protocol VaultWriteGuard: Sendable {
    /// Before anything is written at `path` under the key of `identity`, with the writer lock
    /// held: `header` is the file being replaced (a key change) or the one about to be written
    /// (a save). Throws (`VaultError.writeRefused`) to refuse; then nothing is written.
    func checkWrite(path: String, header: VaultHeader, identity: KeyIdentity) throws(VaultError)
    /// A key change's new file (`header`, under `identity`) is written and flushed, about to be
    /// renamed into place: noted first, so that a crash between the rename and `didWrite` cannot
    /// make Hearth's own new key look like one it never saw.
    func willReplace(path: String, header: VaultHeader, identity: KeyIdentity)
    /// `header` was written at `path` under `identity` (a save, a key change, a restore).
    func didWrite(path: String, header: VaultHeader, identity: KeyIdentity)
    /// A key change's new file was removed without being renamed into place (cancelled, refused
    /// or failed): the vault is as it was.
    func abandoned(path: String, header: VaultHeader, identity: KeyIdentity)
}

/// Why a write guard refused a write, carried by `VaultError.writeRefused`. The guard's own
/// typed reason travels inside for the caller that passed the guard in; the vault layer only
/// passes it through.
public struct WriteRefusal: Sendable, Equatable, CustomStringConvertible {
    public let reason: any Sendable
    public let description: String

    public init(_ reason: any Sendable, description: String) {
        self.reason = reason
        self.description = description
    }

    public static func == (lhs: WriteRefusal, rhs: WriteRefusal) -> Bool { lhs.description == rhs.description }
}
