import Foundation
import HearthCrypto

/// Everything that can go wrong with a vault file. Each case maps to one exit code of
/// the command-line contract; none carries a secret or any record text.
public enum VaultError: Error, Equatable, Sendable {
    /// No file at the path (66).
    case notFound(path: String)
    /// The file is not a Hearth vault at all: empty, wrong magic, too short (65).
    case notAVault(path: String)
    /// The path names no regular file but `kind` (a folder, a named pipe, a device, a socket, or a
    /// link where none is allowed), so it is not a Hearth vault; nothing was read from it (65).
    case notAFile(path: String, kind: String)
    /// The file is a Hearth vault but damaged or altered; `detail` says where, for humans (65).
    case damaged(detail: String)
    /// Made by a newer Hearth that knows format `version` (69).
    case newerFormat(version: UInt16)
    /// No key slot opened with the secret given (77).
    case wrongSecret
    /// No slot of the kind needed (for example no recovery slot for a recovery key) (77).
    case noMatchingSlot
    /// A vault already exists where a new one would be created (73).
    case alreadyExists(path: String)
    /// The vault or its folder cannot be created or written (73).
    case cannotCreate(path: String, errno: Int32)
    /// Reading or writing failed (disk full, drive removed) (74).
    case io(operation: String, errno: Int32)
    /// Another writer holds the vault and did not let go in time (75).
    case busy
    /// The key derivation needs more memory than the machine has free (74).
    case insufficientMemory(neededBytes: UInt64, availableBytes: UInt64)
    /// The key-slot table is full.
    case slotTableFull
    /// A slot index that does not hold a key.
    case noSuchSlot(index: Int)
    /// Key management was asked of an unlocked session: it needs a passphrase or recovery key (77).
    case slotSecretRequired
    /// Removing this slot would leave the vault without any key (1).
    case lastSlot
    /// The change would leave no slot whose secret was proven in this command (1): for example
    /// removing the slot you unlocked with before another key was given.
    case wouldLockOut(index: Int)
    /// Rekey: these slots' secrets were not given, so they cannot be re-wrapped (1).
    case unconfirmedSlots([Int])
    /// An unlocked session's key is for another key epoch than the vault's (77): after a rekey,
    /// or on an older copy. Unlock again, or give the passphrase.
    case sessionForOtherEpoch(session: UInt64, vault: UInt64)
    /// The vault's slot table is not the one the session was unlocked for (77): a passphrase or
    /// key was changed, added or removed since (or an earlier slot table was put back).
    case sessionSlotTableChanged
    /// Another command changed the vault's keys while this one waited for input (75).
    case keysChangedMeanwhile
    /// The caller's write guard refused the write (1): the file's keys are not ones this account
    /// trusts (Docs/SECURITY.md, "Rollback warning"). Nothing was written.
    case writeRefused(WriteRefusal)
    /// Rekey: the vault is at the highest key epoch the format allows (2^32), so it cannot be
    /// rekeyed again (1). Nothing was written.
    case keyEpochExhausted
    /// The key slots tried ask for more key-derivation work together than `limit` (bytes ×
    /// passes), more than any vault Hearth makes: the unlock stopped before going over (65).
    case tooMuchKeyDerivation(limit: UInt64)
    /// A key change would leave slots that together ask for more key-derivation work (`total`)
    /// than one unlock may spend (`limit`), so a later slot might never be reached (1).
    case slotCostsOverLimit(total: UInt64, limit: UInt64)
    /// A crypto failure that is not an authentication failure (out of secure memory...).
    case crypto(CryptoError)
}

extension VaultError {
    /// What `damaged` says when the right secret opens a slot only at another key epoch than the
    /// header claims (or a session's own key table appears under another epoch).
    static let epochAlteredDetail = "the key epoch in this file was altered"
}

extension VaultError {
    /// An I/O error that means the drive holding the file went away (unplugged, its FUSE driver
    /// ended, the medium removed) rather than a full disk: a save renames a complete file into
    /// place, so the file there is still the last complete save.
    public var isDriveGone: Bool {
        guard case .io(_, let code) = self else { return false }
        return [EIO, ENODEV, ENXIO, ENOTCONN, ECONNABORTED, ESHUTDOWN, ENOMEDIUM, ESTALE].contains(code)
    }
}
