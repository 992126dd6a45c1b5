import HearthVault

/// The vault at a path as found without a secret, before a restore decides what to write there.
public enum VaultState: Sendable {
    case missing
    /// There, but its header cannot be read (damaged, not a vault, a newer format, unreadable).
    case unreadable(VaultError)
    case readable(VaultHeader)

    /// Reads the header at `path`.
    public static func inspect(_ path: String) -> VaultState {
        do {
            return .readable(try Vault.readHeader(at: path).header)
        } catch .notFound {
            return .missing
        } catch {
            return .unreadable(error)
        }
    }

    public var header: VaultHeader? {
        if case .readable(let header) = self { header } else { nil }
    }
}
