import HearthCrypto

extension Vault {
    /// True when `header` is at `keys`' key epoch and its MAC checks under them: its numbers
    /// (key epoch, save number) and its slot table were written by a holder of those keys.
    /// For judging other copies (backups on a drive) with the keys a command already holds:
    /// no key derivation, no secret needed. False also when the keys cannot tell (another epoch;
    /// for a one-table key, another key table): see `check` for the difference.
    public static func authenticates(_ header: VaultHeader, with keys: EpochKeys) -> Bool {
        keys.check(header) == .authentic
    }

    /// How `header` fares against `keys`: authentic, not authentic (altered, or other keys under
    /// the same epoch number), or beyond what these keys can check (another key epoch; for the
    /// one-table key of a version-2 session, another slot table or a version-1 header).
    public static func check(_ header: VaultHeader, with keys: EpochKeys) -> HeaderCheck {
        keys.check(header)
    }
}

extension VaultHeader {
    /// This header as Hearth writes it: version 2, MACed with the key of its own key table
    /// (`EpochKeys.writingKey`). Returns the header with its MAC set and the 2048 bytes.
    /// A one-table key refuses a header with another key table (`sessionSlotTableChanged`).
    func sealed(with keys: EpochKeys) throws(VaultError) -> (header: VaultHeader, bytes: [UInt8]) {
        precondition(keys.epoch == keyEpoch)
        var header = self
        header.version = Self.currentVersion
        let encoded = header.encoded(macKey: try keys.writingKey(for: header))
        header.mac = Array(encoded[Self.macOffset..<Self.checksumOffset])
        return (header, encoded)
    }
}
