import Foundation
import HearthCrypto
import HearthVault

/// A vault file opened together with its records database: the one place where the records
/// layer meets the vault layer.
public final class RecordVault {
    public private(set) var opened: OpenedVault
    public let database: PlaintextDatabase
    public var store: RecordStore { RecordStore(database: database) }

    init(opened: OpenedVault, database: PlaintextDatabase) {
        self.opened = opened
        self.database = database
    }

    /// Reads and decrypts the vault at `path` (no lock: a save replaces the file atomically).
    public static func open(at path: String, credential: VaultCredential) throws -> RecordVault {
        let (opened, payload) = try Vault.open(at: path, credential: credential, allocator: PlaintextDatabase.allocator)
        let database: PlaintextDatabase
        do {
            database = try PlaintextDatabase.load(image: payload, length: Int(opened.header.payloadLength))
        } catch RecordsError.databaseUnreadable {
            throw VaultError.damaged(detail: "the records inside do not form a readable database")
        }
        return RecordVault(opened: opened, database: database)
    }

    /// Creates a new vault with an empty records database. Never overwrites (`alreadyExists`).
    public static func create(
        at path: String, secret: SecretBytes, label: String = "", kdf: Argon2idParameters, lockTimeout: Double
    ) throws -> RecordVault {
        let database = try PlaintextDatabase.empty()
        let opened = try database.withSerializedImage { image in
            try Vault.create(at: path, secret: secret, label: label, kdf: kdf, payload: image, lockTimeout: lockTimeout)
        }
        return RecordVault(opened: opened, database: database)
    }

    /// The safe read-change-save cycle: takes the writer lock, reads the current vault,
    /// lets `body` change records, and saves the next generation atomically.
    /// Nothing is written when `body` throws.
    public static func modify<R>(
        at path: String, credential: VaultCredential, lockTimeout: Double, _ body: (RecordStore) throws -> R
    ) throws -> R {
        guard FileManager.default.fileExists(atPath: path) else { throw VaultError.notFound(path: path) }
        let lock = try WriterLock(vaultPath: path, timeout: lockTimeout)
        defer { withExtendedLifetime(lock) {} }
        let vault = try open(at: path, credential: credential)
        let result = try body(vault.store)
        try vault.save()
        return result
    }

    /// Writes the records as the next generation. The caller holds the writer lock.
    public func save() throws {
        let header = try database.withSerializedImage { image in
            try Vault.save(previous: opened.header, keys: opened.keys.epoch, payload: image, to: opened.path)
        }
        opened = OpenedVault(path: opened.path, header: header, keys: opened.keys, fileLength: header.expectedFileLength)
    }
}
