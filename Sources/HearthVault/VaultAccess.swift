import Foundation

/// Hooks through which the command line learns which vault header was read or written at
/// which path, so that it can warn when the file at a path goes back to an older save
/// (Docs/SECURITY.md, "Rollback warning"), and can refuse to write under keys a rekey retired
/// there. The vault layer only reports and asks; it keeps no state.
public enum VaultAccess {
    /// What happened to the header at a path. Only the authenticated events carry the key
    /// identity (`KeyIdentity`): nothing is decided about keys from a header read without one.
    public enum Event: Sendable, Equatable {
        /// Read without a key: the header is only checksummed, anyone could have written it.
        case readUnauthenticated
        /// Read and authenticated (header MAC checked) with the key of this identity.
        case readAuthenticated(KeyIdentity)
        /// Written by this process (a save, a key change, a restore) under this key.
        case saved(KeyIdentity)
        /// A rekey's (or key change's) new file is written and flushed under this key and about to be renamed
        /// into place: recorded first, so that a crash between the rename and the record cannot
        /// make Hearth's own new key look like one it never saw.
        case aboutToReplace(KeyIdentity)
        /// A key change's new file under this key was removed without being renamed into place
        /// (cancelled, refused or failed): the vault is as it was.
        case abandoned(KeyIdentity)
    }

    public typealias Observer = @Sendable (_ path: String, _ header: VaultHeader, _ event: Event) -> Void

    /// Asked before a vault file is written at `path` with `header` under the key of `identity`;
    /// throws to refuse, and then nothing is written.
    public typealias WriteCheck = @Sendable (_ path: String, _ header: VaultHeader, _ identity: KeyIdentity) throws(VaultError) -> Void

    private static let observerBox = Box<Observer>()
    private static let writeCheckBox = Box<WriteCheck>()

    /// Installs (or, with nil, removes) the one observer of this process.
    public static func setObserver(_ observer: Observer?) { observerBox.set(observer) }

    /// Installs (or, with nil, removes) the one write check of this process.
    public static func setWriteCheck(_ check: WriteCheck?) { writeCheckBox.set(check) }

    static func notify(path: String, header: VaultHeader, event: Event) {
        observerBox.get()?(path, header, event)
    }

    /// Runs the write check for a file about to be written at `path` under the key of `identity`.
    /// Every save and header rewrite calls it before touching anything; a command that is about
    /// to change a vault may call it early too, so that it refuses before asking for any input.
    /// A rekey does not: it writes under a master key made just now.
    public static func checkWrite(path: String, header: VaultHeader, identity: KeyIdentity) throws(VaultError) {
        try writeCheckBox.get()?(path, header, identity)
    }
}

private final class Box<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value?

    func set(_ newValue: Value?) {
        lock.lock()
        value = newValue
        lock.unlock()
    }

    func get() -> Value? {
        lock.lock()
        defer { lock.unlock() }
        return value
    }
}
