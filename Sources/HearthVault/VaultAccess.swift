import Foundation

/// A hook through which the command line learns which vault header was read or written at
/// which path, so that it can warn when the file at a path goes back to an older save
/// (Docs/SECURITY.md, "Backups"). The vault layer only reports; it keeps no state.
public enum VaultAccess {
    /// What happened to the header at a path.
    public enum Event: Sendable, Equatable {
        /// Read without a key: the header is only checksummed, anyone could have written it.
        case readUnauthenticated
        /// Read and authenticated with a key (header MAC checked).
        case readAuthenticated
        /// Written by this process (a save, a restore).
        case saved
    }

    public typealias Observer = @Sendable (_ path: String, _ header: VaultHeader, _ event: Event) -> Void

    private static let box = ObserverBox()

    /// Installs (or, with nil, removes) the one observer of this process.
    public static func setObserver(_ observer: Observer?) { box.set(observer) }

    static func notify(path: String, header: VaultHeader, event: Event) {
        box.get()?(path, header, event)
    }
}

private final class ObserverBox: @unchecked Sendable {
    private let lock = NSLock()
    private var observer: VaultAccess.Observer?

    func set(_ value: VaultAccess.Observer?) {
        lock.lock()
        observer = value
        lock.unlock()
    }

    func get() -> VaultAccess.Observer? {
        lock.lock()
        defer { lock.unlock() }
        return observer
    }
}
