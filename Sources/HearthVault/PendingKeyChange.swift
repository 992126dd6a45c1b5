/// A key change written in full beside the vault, flushed to the disk, and not yet renamed into
/// place, with the writer lock still held. `commit()` makes it the vault; `abort()` (or letting
/// go of it) removes it and leaves the vault exactly as it was.
///
/// The gap between the two is where a new recovery key is shown and checked: it must never
/// become active unseen, and a key that was shown must never be one that opens nothing while the
/// person believes it works (Docs/SECURITY.md, "Key slots and rotation"). A kill at any moment
/// before the rename leaves the old vault; the next writer removes the stale temporary file.
public final class PendingKeyChange {
    /// The header of the new file.
    public let header: VaultHeader
    /// The key the new file is written under.
    public let identity: KeyIdentity
    private let writer: AtomicFileWriter
    private var lock: WriterLock?
    private var onCommit: ((VaultHeader) -> Void)?
    private let writeGuard: (any VaultWriteGuard)?

    init(
        header: VaultHeader, identity: KeyIdentity, writer: AtomicFileWriter, lock: WriterLock,
        writeGuard: (any VaultWriteGuard)?, onCommit: @escaping (VaultHeader) -> Void
    ) {
        self.header = header
        self.writeGuard = writeGuard
        self.identity = identity
        self.writer = writer
        self.lock = lock
        self.onCommit = onCommit
    }

    deinit { abort() }

    /// True once the new file was renamed into place (also when making that durable failed).
    public var isInPlace: Bool { writer.isInPlace }
    /// Where the new file waits beside the vault until `commit()`.
    public var temporaryPath: String { writer.temporaryPath }

    /// Renames the new file over the vault and makes the rename durable; releases the lock.
    @discardableResult
    public func commit() throws(VaultError) -> VaultHeader {
        defer { lock = nil }
        do {
            try writer.commit()
        } catch {
            if writer.isInPlace { finishCommit() } else { abort() }
            throw error
        }
        finishCommit()
        return header
    }

    /// Removes the new file; the vault stays as it was. Releases the lock. Idempotent; does
    /// nothing after a commit.
    public func abort() {
        let live = onCommit != nil
        if !writer.isInPlace { writer.abort() }
        lock = nil
        onCommit = nil
        if live, !writer.isInPlace {
            writeGuard?.abandoned(path: writer.destination, header: header, identity: identity)
        }
    }

    private func finishCommit() {
        onCommit?(header)
        onCommit = nil
        writeGuard?.didWrite(path: writer.destination, header: header, identity: identity)
    }
}
