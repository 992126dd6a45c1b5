import Foundation
import HearthCrypto

/// A vault file that has been read and unlocked.
public struct OpenedVault: Sendable {
    public let path: String
    public let header: VaultHeader
    public let keys: UnlockedKeys
    public let fileLength: UInt64

    public init(path: String, header: VaultHeader, keys: UnlockedKeys, fileLength: UInt64) {
        self.path = path
        self.header = header
        self.keys = keys
        self.fileLength = fileLength
    }
}

/// Where decrypted payload bytes go. The records layer hands in SQLite's allocator so the
/// plaintext is decrypted straight into the buffer the database will own; on failure the
/// vault wipes the buffer and gives it back through `release`.
public struct PlaintextAllocator: Sendable {
    public let allocate: @Sendable (Int) -> UnsafeMutableRawBufferPointer?
    public let release: @Sendable (UnsafeMutableRawBufferPointer) -> Void

    public init(
        allocate: @escaping @Sendable (Int) -> UnsafeMutableRawBufferPointer?,
        release: @escaping @Sendable (UnsafeMutableRawBufferPointer) -> Void
    ) {
        self.allocate = allocate
        self.release = release
    }
}

/// Reading, unlocking, creating and saving vault files (Docs/FORMAT.md).
public enum Vault {
    // MARK: Reading

    /// Reads and checks the header alone: no secret needed (for `status`).
    public static func readHeader(at path: String) throws(VaultError) -> (header: VaultHeader, fileLength: UInt64) {
        let file = try ReadableFile(path: path)
        let header = try file.readHeader()
        try file.checkLength(against: header)
        return (header, file.length)
    }

    /// Reads, unlocks and decrypts the vault at `path`.
    /// Returns the opened vault and the payload plaintext in a buffer from `allocator`.
    /// `progress(done, total)` is called with payload bytes as they are decrypted.
    public static func open(
        at path: String, credential: VaultCredential, allocator: PlaintextAllocator,
        progress: ((UInt64, UInt64) -> Void)? = nil
    ) throws(VaultError) -> (vault: OpenedVault, payload: UnsafeMutableRawBufferPointer) {
        let file = try ReadableFile(path: path)
        let header = try file.readHeader()
        try file.checkLength(against: header)
        let keys = try unlock(header, with: credential)
        guard let buffer = allocator.allocate(max(1, Int(header.payloadLength))) else {
            throw .insufficientMemory(neededBytes: header.payloadLength, availableBytes: SystemMemory.availableBytes() ?? 0)
        }
        let payload = UnsafeMutableRawBufferPointer(rebasing: buffer[0..<Int(header.payloadLength)])
        do {
            let puller = try SecretStreamPuller(key: keys.epoch.payloadKey, header: header.streamHeader)
            var read: UInt64 = 0
            let total = header.payloadLength
            try PayloadCipher.decrypt(header: header, puller: puller, into: payload) { (out) throws(VaultError) in
                try file.readExactly(into: out)
                read += UInt64(out.count - SecretStream.overhead)
                progress?(min(read, total), total)
            }
        } catch {
            Memory.wipe(buffer)
            allocator.release(buffer)
            throw VaultError.from(error)
        }
        return (OpenedVault(path: path, header: header, keys: keys, fileLength: file.length), payload)
    }

    /// Opens a key slot with `credential` and checks the header MAC with the keys it yields.
    /// A wrong secret is `wrongSecret` (77); a MAC failure after a slot opened is damage (65).
    /// The slots tried may together ask for at most `budget`'s key-derivation work
    /// (`KeyDerivationBudget`); beyond it the unlock stops with `tooMuchKeyDerivation` (65).
    public static func unlock(
        _ header: VaultHeader, with credential: VaultCredential, budget: KeyDerivationBudget = KeyDerivationBudget()
    ) throws(VaultError) -> UnlockedKeys {
        var budget = budget
        return try unlock(header, with: credential, sharing: &budget)
    }

    /// `unlock`, spending from a budget shared by several unlocks with the same secret (trying
    /// the files of a backup folder in turn): their slots together stay within it, and a key
    /// already derived from the secret with the same salt and cost (the same slot in another
    /// backup) is reused, not derived again.
    public static func unlock(
        _ header: VaultHeader, with credential: VaultCredential, sharing budget: inout KeyDerivationBudget
    ) throws(VaultError) -> UnlockedKeys {
        switch credential {
        case .epochKey(let epochKey):
            // A bare epoch key says nothing about its epoch: one that does not authenticate the
            // header does not fit it. (Sessions use `.session`, which tells the two apart.)
            let epoch = try EpochKeys(epochKey: epochKey, epoch: header.keyEpoch)
            guard epoch.check(header) == .authentic else { throw .wrongSecret }
            return UnlockedKeys(masterKey: nil, slotIndex: nil, epoch: epoch)
        case .keys(let keys):
            guard keys.check(header) == .authentic else { throw .wrongSecret }
            return UnlockedKeys(masterKey: nil, slotIndex: nil, epoch: keys)
        case .session(let session):
            // Epochs first: a key for another epoch simply does not fit (a rekey, an older copy).
            guard session.epoch == header.keyEpoch else {
                throw .sessionForOtherEpoch(session: session.epoch, vault: header.keyEpoch)
            }
            // The key table is checked against the one `unlock` verified with the master key: any
            // key change since ends the session. (A version-2 session's key could not check
            // another table anyway; a version-1 session's epoch key could re-MAC any.)
            guard header.keyTableDigest.constantTimeEquals(session.slotTableDigest) else {
                throw .sessionSlotTableChanged
            }
            guard let epoch = try session.epochKeys() else { throw .wrongSecret }
            switch epoch.check(header) {
            case .authentic:
                return UnlockedKeys(masterKey: nil, slotIndex: nil, epoch: epoch, session: session)
            case .notAuthentic:
                // The right epoch and key table, and still the MAC fails: altered or damaged.
                throw .damaged(detail: "the header does not authenticate with the unlocked session's key (it was altered)")
            case .cannotCheck:
                // A version-1 copy of a vault unlocked in version 2: only the passphrase can tell.
                throw .sessionSlotTableChanged
            }
        case .passphrase(let secret):
            return try openSlot(header, type: .passphrase, secret: secret, budget: &budget)
        case .recoveryKey(let secret):
            return try openSlot(header, type: .recovery, secret: secret, budget: &budget)
        }
    }

    /// Tries each slot of `type` in index order. A slot that opens but whose master key does not
    /// authenticate the header (a stale slot pasted in from an older copy) does not stop the
    /// search: a later slot may still be the right one. Only when no slot gives a master key that
    /// authenticates the header is the answer "damaged" (a slot opened) or "wrong secret".
    /// Each slot's work is counted against `budget` before it is done.
    private static func openSlot(
        _ header: VaultHeader, type: KeySlotType, secret: SecretBytes, budget: inout KeyDerivationBudget
    ) throws(VaultError) -> UnlockedKeys {
        let candidates = header.slots.compactMap { $0 }.filter { $0.type == type }
        guard !candidates.isEmpty else { throw .noMatchingSlot }
        var openedButAltered = false
        for slot in candidates {
            // A salt and cost already derived with this secret (the same slot in another backup)
            // cost nothing again; the unwrap itself is always done.
            let wrappingKey = try budget.wrappingKey(for: slot, secret: secret)
            let master: SecretBytes
            do {
                master = try slot.unwrap(wrappingKey: wrappingKey, vaultID: header.vaultID, epoch: header.keyEpoch)
            } catch .wrongSecret {
                continue
            }
            let epoch = try EpochKeys(masterKey: master, epoch: header.keyEpoch)
            guard epoch.check(header) == .authentic else {
                openedButAltered = true
                continue
            }
            // The slot table is authenticated under the master key through the sealed metadata.
            _ = try SlotMetadataTable.open(from: header, masterKey: master)
            return UnlockedKeys(masterKey: master, slotIndex: slot.index, epoch: epoch)
        }
        if openedButAltered { throw .damaged(detail: "the header does not authenticate (it was altered)") }
        throw .wrongSecret
    }

    // MARK: Writing

    /// Creates a new vault at `path` with one slot opened by `secret`, holding `payload`.
    /// Never overwrites: if a vault exists, throws `alreadyExists` and leaves it untouched.
    public static func create(
        at path: String, secret: SecretBytes, slotType: KeySlotType = .passphrase, label: String = "",
        kdf: Argon2idParameters,
        payload: UnsafeRawBufferPointer, lockTimeout: LockTimeout = 10, writeGuard: (any VaultWriteGuard)? = nil
    ) throws(VaultError) -> OpenedVault {
        let folder = PathName.folder(of: path)
        if !folder.isEmpty, !FileManager.default.fileExists(atPath: folder) {
            do {
                try FileManager.default.createDirectory(
                    atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch {
                throw .cannotCreate(path: folder, errno: EACCES)
            }
        }
        let lock = try WriterLock(vaultPath: path, timeout: lockTimeout)
        defer { withExtendedLifetime(lock) {} }
        if FileManager.default.fileExists(atPath: path) { throw .alreadyExists(path: path) }
        let vaultID = Random.bytes(16)
        let master: SecretBytes
        do { master = try SecretBytes(randomCount: KeyDerivation.masterKeyLength) } catch { throw VaultError.from(error) }
        let slot = try KeySlot.make(
            index: 0, type: slotType, secret: secret, kdf: kdf, masterKey: master, vaultID: vaultID, epoch: 1)
        var slots = [KeySlot?](repeating: nil, count: VaultHeader.slotCount)
        slots[0] = slot
        var template = VaultHeader(
            vaultID: vaultID, keyEpoch: 1, generation: 0, slots: slots, payloadID: [], streamHeader: [],
            payloadLength: 0)
        var metadata = SlotMetadataTable()
        let now = Date()
        metadata.entries[0] = SlotMetadata(label: label, createdAt: now, changedAt: now)
        try metadata.seal(into: &template, masterKey: master)
        let epoch = try EpochKeys(masterKey: master, epoch: 1)
        let header = try write(template, keys: epoch, payload: payload, to: path, writeGuard: writeGuard)
        return OpenedVault(
            path: path, header: header, keys: UnlockedKeys(masterKey: master, slotIndex: 0, epoch: epoch),
            fileLength: header.expectedFileLength)
    }

    /// Saves `payload` as the next generation of `previous`. The caller holds the
    /// `WriterLock` and read `previous` while holding it. A version-1 `previous` is written as
    /// version 2 (its slots and metadata copied unchanged).
    public static func save(
        previous: VaultHeader, keys: EpochKeys, payload: UnsafeRawBufferPointer, to path: String,
        writeGuard: (any VaultWriteGuard)? = nil
    ) throws(VaultError) -> VaultHeader {
        var next = previous
        next.generation = previous.generation &+ 1
        return try write(next, keys: keys, payload: payload, to: path, writeGuard: writeGuard)
    }

    /// Writes `template` (fresh payload id and stream header, its generation, slots and epoch)
    /// with `payload` atomically to `path`, as format version 2. The epoch in `keys` must be
    /// `template.keyEpoch`; a one-table key writes only its own key table. `writeGuard` is asked
    /// first and told after (nil: another copy, nothing checked).
    public static func write(
        _ template: VaultHeader, keys: EpochKeys, payload: UnsafeRawBufferPointer, to path: String,
        writeGuard: (any VaultWriteGuard)? = nil
    ) throws(VaultError) -> VaultHeader {
        precondition(keys.epoch == template.keyEpoch)
        try writeGuard?.checkWrite(path: path, header: template, identity: keys.identity)
        AtomicFileWriter.removeStaleTemporaries(for: path)
        let pusher: SecretStreamPusher
        do { pusher = try SecretStreamPusher(key: keys.payloadKey) } catch { throw VaultError.from(error) }
        var draft = template
        draft.payloadID = Random.bytes(16)
        draft.streamHeader = pusher.header
        draft.payloadLength = UInt64(payload.count)
        let (header, encoded) = try draft.sealed(with: keys)
        let writer = try AtomicFileWriter(destination: path)
        do {
            try writer.write(encoded)
            let ad = PayloadCipher.associatedData(
                vaultID: header.vaultID, epoch: header.keyEpoch, payloadID: header.payloadID)
            try PayloadCipher.encrypt(
                payload, pusher: pusher, chunkSize: Int(header.chunkSize), associatedData: ad
            ) { (bytes) throws(VaultError) in try writer.write(bytes) }
            try writer.commit()
        } catch {
            writer.abort()
            throw error
        }
        writeGuard?.didWrite(path: path, header: header, identity: keys.identity)
        return header
    }
}

/// A vault file opened for reading, with its length fixed at open time. Every command that
/// reads a vault by path (`--vault`, `status`, `merge`, `verify`, sessions) comes through here.
final class ReadableFile {
    let path: String
    let fd: Int32
    let length: UInt64

    init(path: String) throws(VaultError) {
        self.path = path
        // Never blocks on a FIFO, and refuses anything but a regular file (UntrustedFile).
        let (fd, info) = try UntrustedFile.openRegular(path)
        self.fd = fd
        length = UInt64(info.st_size)
    }

    deinit { Foundation.close(fd) }

    func readHeader() throws(VaultError) -> VaultHeader {
        // Up to 64 KiB: a newer format's header may be longer, and its checksum is still checked.
        let count = Int(min(length, 65536))
        var bytes = [UInt8](repeating: 0, count: count)
        do {
            try bytes.withUnsafeMutableBytes { raw in try readExactly(into: raw) }
        } catch {
            throw VaultError.from(error)
        }
        let header = try VaultHeader.parse(bytes, path: path)
        // The payload starts right after the header; more may have been read above.
        guard lseek(fd, off_t(VaultHeader.length), SEEK_SET) == off_t(VaultHeader.length) else {
            throw .io(operation: "seek", errno: errno)
        }
        return header
    }

    func checkLength(against header: VaultHeader) throws(VaultError) {
        if length < header.expectedFileLength { throw .damaged(detail: "the file is shorter than its header says (truncated)") }
        if length > header.expectedFileLength { throw .damaged(detail: "there are extra bytes after the end of the vault") }
    }

    func readExactly(into buffer: UnsafeMutableRawBufferPointer) throws(VaultError) {
        var offset = 0
        while offset < buffer.count {
            let n = Foundation.read(fd, buffer.baseAddress! + offset, buffer.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                throw .io(operation: "read", errno: errno)
            }
            if n == 0 { throw .damaged(detail: "the file ends early") }
            offset += n
        }
    }
}
