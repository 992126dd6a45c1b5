import HearthCrypto

extension Vault {
    /// True when `header` is at `keys`' key epoch and its MAC checks under them: its numbers
    /// (key epoch, save number) and its slot table were written by a holder of that epoch key.
    /// For judging other copies (backups on a drive) with the keys a command already holds:
    /// no key derivation, no secret needed. A header at another epoch is never authenticated
    /// here (a rekey draws a new master key, so no key at hand can check it).
    public static func authenticates(_ header: VaultHeader, with keys: EpochKeys) -> Bool {
        header.keyEpoch == keys.epoch && header.macMatches(keys.headerMACKey)
    }
}
