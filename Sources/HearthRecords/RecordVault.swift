import Foundation
import HearthCrypto
import HearthVault

/// A vault file opened together with its records database: the one place where the records
/// layer meets the vault layer.
public final class RecordVault {
    public private(set) var opened: OpenedVault
    public private(set) var database: PlaintextDatabase
    private var changes = ChangeLog()
    /// Asked before every save of this vault, and told of it (nil: another copy, nothing checked).
    public let writeGuard: (any VaultWriteGuard)?
    public var store: RecordStore { RecordStore(database: database, changes: changes) }

    init(opened: OpenedVault, database: PlaintextDatabase, writeGuard: (any VaultWriteGuard)?) {
        self.opened = opened
        self.database = database
        self.writeGuard = writeGuard
    }

    /// Reads and decrypts the vault at `path` (no lock: a save replaces the file atomically).
    /// `writeGuard` is asked before each save of it (`VaultWriteGuard`).
    public static func open(
        at path: String, credential: VaultCredential, writeGuard: (any VaultWriteGuard)? = nil,
        progress: ((UInt64, UInt64) -> Void)? = nil
    ) throws -> RecordVault {
        let (opened, payload) = try Vault.open(
            at: path, credential: credential, allocator: PlaintextDatabase.allocator, progress: progress)
        let database: PlaintextDatabase
        do {
            database = try PlaintextDatabase.load(image: payload, length: Int(opened.header.payloadLength))
            if try database.queue.read({ try Schema.migrator.hasBeenSuperseded($0) }) {
                throw RecordsError.newerSchema
            }
        } catch RecordsError.databaseUnreadable {
            throw VaultError.damaged(detail: "the records inside do not form a readable database")
        }
        return RecordVault(opened: opened, database: database, writeGuard: writeGuard)
    }

    /// The marks of the saves this file's history holds, deepest first (empty for a vault last
    /// saved by a Hearth from before the history: nothing known).
    public func saveHistory() throws -> [SaveMark] { try store.read { try $0.saveHistory() } }

    /// Creates a new vault with an empty records database. Never overwrites (`alreadyExists`).
    public static func create(
        at path: String, secret: SecretBytes, label: String = "", kdf: Argon2idParameters, lockTimeout: LockTimeout,
        writeGuard: (any VaultWriteGuard)? = nil
    ) throws -> RecordVault {
        let database = try PlaintextDatabase.empty()
        let mark = try RecordStore(database: database).write { try $0.markNewSave() }
        let opened = try database.withSerializedImage { image in
            try Vault.create(
                at: path, secret: secret, label: label, kdf: kdf, payload: image, lockTimeout: lockTimeout, writeGuard: writeGuard)
        }
        (writeGuard as? any OwnSaveWitness)?.didSave(path: opened.path, header: opened.header, mark: mark)
        return RecordVault(opened: opened, database: database, writeGuard: writeGuard)
    }

    /// The safe read-change-save cycle: takes the writer lock, reads the current vault,
    /// lets `body` change records, and saves the next generation atomically.
    /// Nothing is written when `body` throws, or changed no row; `store.write` makes a batch
    /// all-or-nothing.
    public static func modify<R>(
        at path: String, credential: VaultCredential, lockTimeout: LockTimeout, writeGuard: (any VaultWriteGuard)? = nil,
        _ body: (RecordStore) throws -> R
    ) throws -> R {
        guard FileManager.default.fileExists(atPath: path) else { throw VaultError.notFound(path: path) }
        let lock = try WriterLock(vaultPath: path, timeout: lockTimeout)
        defer { withExtendedLifetime(lock) {} }
        let vault = try open(at: path, credential: credential, writeGuard: writeGuard)
        let before = vault.database.changedRows
        let result = try body(vault.store)
        if vault.database.changedRows != before { try vault.save() }
        return result
    }

    /// Changes this already-open vault without deriving its key again: takes the writer lock,
    /// and if the file changed since it was read (another save), reads the latest version first
    /// with the keys in hand, so that changes made meanwhile are kept. Then `body` changes
    /// records and the result is saved. Safe to call after a long pause (an editor).
    /// When `body` changed no row (an import with nothing new, a merge with nothing to bring),
    /// nothing is written: the file, its save count and the copies a sync tool keeps stay as
    /// they were.
    public func modifyLatest<R>(lockTimeout: LockTimeout, _ body: (RecordStore) throws -> R) throws -> R {
        let path = opened.path
        guard FileManager.default.fileExists(atPath: path) else { throw VaultError.notFound(path: path) }
        let lock = try WriterLock(vaultPath: path, timeout: lockTimeout)
        defer { withExtendedLifetime(lock) {} }
        let (header, _) = try Vault.readHeader(at: path)
        if header != opened.header {
            try reload(header: header)
        }
        let before = database.changedRows
        let result = try body(store)
        if database.changedRows != before { try save() }
        return result
    }

    /// Reads the vault again with the keys in hand (no key derivation). Opened through an
    /// unlocked session, the session's checks apply again: a vault rekeyed meanwhile
    /// (`sessionForOtherEpoch`) or whose keys changed (`sessionSlotTableChanged`) is refused.
    private func reload(header: VaultHeader) throws {
        let credential: VaultCredential
        if let session = opened.keys.session {
            credential = .session(session)
        } else if header.keyEpoch == opened.keys.epoch.epoch {
            credential = .keys(opened.keys.epoch)
        } else if let master = opened.keys.masterKey {
            // The keys were rotated meanwhile: the master key still opens the new epoch.
            credential = .keys(try EpochKeys(masterKey: master, epoch: header.keyEpoch))
        } else {
            throw VaultError.wrongSecret
        }
        try replace(with: RecordVault.open(at: opened.path, credential: credential, writeGuard: writeGuard))
    }

    /// Reads the vault again with another credential (after a session's key stopped fitting,
    /// with the passphrase): what `modifyLatest` changes next is applied to what is on disk now.
    public func reopen(with credential: VaultCredential) throws {
        try replace(with: RecordVault.open(at: opened.path, credential: credential, writeGuard: writeGuard))
    }

    private func replace(with fresh: RecordVault) {
        opened = fresh.opened
        database = fresh.database
        changes = ChangeLog()
    }

    /// Writes the records as the next generation. The caller holds the writer lock.
    /// After text was replaced or deleted, the database is compacted first so that the saved
    /// image holds no trace of it.
    /// Every save draws a new mark in the save history (`Records.markNewSave`), and the write
    /// guard, when it keeps this computer's own saves (`OwnSaveWitness`), is told of it before
    /// the file is renamed into place and again after.
    public func save() throws {
        let mark = try store.write { try $0.markNewSave() }
        if changes.needsCompaction { try store.compact() }
        (writeGuard as? any OwnSaveWitness)?.willSave(path: opened.path, header: opened.header, mark: mark)
        let previousVersion = opened.header.version
        let header = try database.withSerializedImage { image in
            try Vault.save(
                previous: opened.header, keys: opened.keys.epoch, payload: image, to: opened.path, writeGuard: writeGuard)
        }
        opened = OpenedVault(path: opened.path, header: header, keys: opened.keys, fileLength: header.expectedFileLength)
        (writeGuard as? any OwnSaveWitness)?.didSave(path: opened.path, header: header, mark: mark)
        if previousVersion < header.version { upgradedFromVersion = previousVersion }
    }

    /// The file format version a save replaced, when it wrote a newer version (the first save of
    /// a version-1 vault writes version 2), until `takeFormatUpgrade` hands it to the caller,
    /// which says so once.
    private var upgradedFromVersion: UInt16?

    /// The older format version the last saves replaced, once; nil when none did or it was taken.
    public func takeFormatUpgrade() -> UInt16? {
        defer { upgradedFromVersion = nil }
        return upgradedFromVersion
    }
}
