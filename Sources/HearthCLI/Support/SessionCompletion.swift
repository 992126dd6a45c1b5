import ArgumentParser
import HearthRecords
import HearthSession
import HearthVault

/// Record ids for the shell's completion (`hearth journal show <Tab>`, `--person <Tab>`), only
/// while the vault is unlocked in a session (`hearth unlock`): the completion process asks the
/// running agent for the key, never a passphrase, never a prompt, never a message on stderr.
/// Without a session it offers nothing. Only ids are offered, never names: what completes goes
/// on the command line, where names must not be. The ids go to the shell that asked (stdout of
/// the completion process), nowhere else.
enum SessionCompletion {
    static func ids(of kind: RecordKind) -> CompletionKind {
        .custom { words, _, prefix in candidates(kind: kind, words: words, prefix: prefix) }
    }

    static func candidates(kind: RecordKind, words: [String], prefix: String) -> [String] {
        let given = words.firstIndex(of: "--vault").flatMap { $0 + 1 < words.count ? words[$0 + 1] : nil }
        let path = VaultLocation.followingLink(VaultLocation.resolve(given))
        guard let (header, _) = try? Vault.readHeader(at: path),
              case .key(let key) = SessionClient(directory: .current(environment: Environment.all), vaultID: header.vaultID).key(),
              let vault = try? RecordVault.open(at: path, credential: .session(key)),
              let records = try? vault.store.read({ try $0.list(RecordFilter(kind: kind)) })
        else { return [] }
        return records.map(\.id).filter { $0.hasPrefix(prefix) }
    }
}
