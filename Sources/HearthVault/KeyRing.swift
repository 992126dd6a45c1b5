import Foundation
import HearthCrypto

/// A vault's key slots, unlocked with the master key, while passwd, key add, key remove,
/// key upgrade or rekey changes them (Docs/SECURITY.md, "Key slots and rotation").
///
/// Secrets are gathered and proven first, without the writer lock, because a person may be
/// typing; `save()` and `rekey()` then take the lock, check that nobody changed the keys in the
/// meantime, and write the next generation atomically. Until then, changes live only here.
/// An unlocked session's epoch key is refused: changing keys always needs a slot's secret.
public final class KeyRing {
    public let path: String
    /// The header this ring was read from (after a save: the header written).
    public private(set) var header: VaultHeader
    /// The slot the vault was unlocked with.
    public let unlockedSlot: Int
    private var masterKey: SecretBytes
    private var epoch: EpochKeys
    /// Slots and their private details as they will be saved.
    public private(set) var slots: [KeySlot?]
    public private(set) var metadata: SlotMetadataTable
    /// Slots whose secret was shown to open this vault during this command.
    public private(set) var provenSlots: Set<Int>
    /// Secrets of the slots in `slots` that this command knows: the one it unlocked with,
    /// those proven, those made here. Rekey needs one for every slot it keeps.
    private var secrets: [Int: SecretBytes]
    /// Asked before every key change is written, and told of it (nil: nothing checked).
    private let writeGuard: (any VaultWriteGuard)?

    private init(
        path: String, header: VaultHeader, masterKey: SecretBytes, epoch: EpochKeys, unlockedSlot: Int,
        secret: SecretBytes, writeGuard: (any VaultWriteGuard)?
    ) throws(VaultError) {
        self.path = path
        self.writeGuard = writeGuard
        self.header = header
        self.masterKey = masterKey
        self.epoch = epoch
        self.unlockedSlot = unlockedSlot
        self.slots = header.slots
        self.metadata = try SlotMetadataTable.open(from: header, masterKey: masterKey)
        self.provenSlots = [unlockedSlot]
        self.secrets = [unlockedSlot: secret]
    }

    /// Reads the vault's header and opens a slot with `credential` (a passphrase or a recovery
    /// key's canonical bytes). The payload is not read. `writeGuard` is asked before each key
    /// change this ring writes, and told of it.
    public static func unlock(
        at path: String, credential: VaultCredential, writeGuard: (any VaultWriteGuard)? = nil
    ) throws(VaultError) -> KeyRing {
        let secret: SecretBytes
        switch credential {
        case .epochKey, .keys, .session: throw .slotSecretRequired
        case .passphrase(let s), .recoveryKey(let s): secret = s
        }
        let (header, _) = try Vault.readHeader(at: path)
        let keys = try Vault.unlock(header, with: credential)
        guard let master = keys.masterKey, let index = keys.slotIndex else { throw .slotSecretRequired }
        return try KeyRing(
            path: path, header: header, masterKey: master, epoch: keys.epoch, unlockedSlot: index, secret: secret,
            writeGuard: writeGuard)
    }

    /// A ring for a vault this process has just created or opened with `secret` (for example
    /// `init` adding a recovery key without asking for the passphrase again).
    public static func fromOpened(
        _ opened: OpenedVault, secret: SecretBytes, writeGuard: (any VaultWriteGuard)? = nil
    ) throws(VaultError) -> KeyRing {
        guard let master = opened.keys.masterKey, let index = opened.keys.slotIndex else { throw .slotSecretRequired }
        return try KeyRing(
            path: opened.path, header: opened.header, masterKey: master, epoch: opened.keys.epoch, unlockedSlot: index,
            secret: secret, writeGuard: writeGuard)
    }

    // MARK: Reading

    /// The slots in use, in table order.
    public var usedSlots: [KeySlot] { slots.compactMap { $0 } }

    /// The first empty position, or nil when all are used.
    public var freeSlot: Int? { slots.firstIndex { $0 == nil } }

    /// The key the vault is read and saved under (its epoch and fingerprint).
    public var keyIdentity: KeyIdentity { epoch.identity }

    /// True when this command knows the secret of slot `index` (so rekey can keep it).
    public func knowsSecret(of index: Int) -> Bool { secrets[index] != nil }

    /// True when `candidate` is the secret this command knows for slot `index` (constant time).
    public func secretMatches(_ candidate: SecretBytes, slot index: Int) -> Bool {
        guard let known = secrets[index] else { return false }
        return known == candidate
    }

    /// Tries `secret` on every slot of `type` whose secret is not known yet, and returns those it
    /// opens. One Argon2id run per slot tried.
    public func prove(_ secret: SecretBytes, type: KeySlotType) throws(VaultError) -> [Int] {
        var opened: [Int] = []
        var budget = KeyDerivationBudget()
        for slot in usedSlots where slot.type == type && secrets[slot.index] == nil {
            try budget.spend(on: slot)
            let candidate: SecretBytes
            do {
                candidate = try slot.unwrap(secret: secret, vaultID: header.vaultID, epoch: header.keyEpoch)
            } catch .wrongSecret {
                continue
            }
            // The header MAC covers this slot, so a slot holding another key means tampering.
            guard candidate == masterKey else {
                throw .damaged(detail: "key slot \(slot.index) holds a different key than the others")
            }
            secrets[slot.index] = secret
            provenSlots.insert(slot.index)
            opened.append(slot.index)
        }
        return opened
    }

    // MARK: Changing (in memory until save or rekey)

    /// Adds a slot at the first free position; returns its position.
    public func addSlot(type: KeySlotType, secret: SecretBytes, kdf: Argon2idParameters, label: String)
        throws(VaultError) -> Int
    {
        guard let index = freeSlot else { throw .slotTableFull }
        try checkWorkLimit(replacing: index, with: kdf)
        slots[index] = try KeySlot.make(
            index: index, type: type, secret: secret, kdf: kdf, masterKey: masterKey, vaultID: header.vaultID,
            epoch: header.keyEpoch)
        let now = Self.now()
        metadata.entries[index] = SlotMetadata(label: label, createdAt: now, changedAt: now)
        secrets[index] = secret
        return index
    }

    /// Re-wraps slot `index` under a new secret (or the same one) with a fresh salt and nonce at
    /// cost `kdf`. Its type and creation date stay; so does its label, unless `label` is given
    /// (a new recovery key in place of an old one is told apart by its own).
    public func replaceSlot(_ index: Int, secret: SecretBytes, kdf: Argon2idParameters, label: String? = nil) throws(VaultError) {
        guard let slot = slot(index) else { throw .noSuchSlot(index: index) }
        try checkWorkLimit(replacing: index, with: kdf)
        slots[index] = try KeySlot.make(
            index: index, type: slot.type, secret: secret, kdf: kdf, masterKey: masterKey, vaultID: header.vaultID,
            epoch: header.keyEpoch)
        let now = Self.now()
        var details = metadata.entries[index] ?? SlotMetadata(label: "", createdAt: now, changedAt: now)
        details.changedAt = now
        if let label { details.label = label }
        metadata.entries[index] = details
        secrets[index] = secret
    }

    /// Slots whose costs together pass `KeyDerivationBudget.standardLimit` are never made: an
    /// unlock stops there, so a slot tried after the others might never be reached.
    private func checkWorkLimit(replacing index: Int, with kdf: Argon2idParameters) throws(VaultError) {
        var table = slots
        table[index] = nil
        let others = KeyDerivationBudget.work(of: table)
        let (total, overflow) = others.addingReportingOverflow(kdf.workBytes)
        let limit = KeyDerivationBudget.standardLimit
        guard !overflow, total <= limit else { throw .slotCostsOverLimit(total: overflow ? .max : total, limit: limit) }
    }

    /// Re-wraps slot `index` from the secret this command knows for it (the one it unlocked
    /// with, or a proven one) with a fresh salt and nonce at cost `kdf`.
    public func rederive(_ index: Int, kdf: Argon2idParameters) throws(VaultError) {
        guard let secret = secrets[index] else { throw .unconfirmedSlots([index]) }
        try replaceSlot(index, secret: secret, kdf: kdf)
    }

    /// Empties slot `index`. Refuses to remove the last slot, and to leave only slots whose
    /// secret nobody proved in this command (the person must hold a key that still opens).
    public func removeSlot(_ index: Int) throws(VaultError) {
        guard slot(index) != nil else { throw .noSuchSlot(index: index) }
        guard usedSlots.count > 1 else { throw .lastSlot }
        guard usedSlots.contains(where: { $0.index != index && provenSlots.contains($0.index) }) else {
            throw .wouldLockOut(index: index)
        }
        slots[index] = nil
        metadata.entries[index] = nil
        secrets[index] = nil
        provenSlots.remove(index)
    }

    /// The slot at `index` in the working table, or nil (also for an index out of range).
    public func slot(_ index: Int) -> KeySlot? {
        slots.indices.contains(index) ? slots[index] : nil
    }

    // MARK: Saving

    /// Header-only save: the changed slot table and sealed details, the payload ciphertext
    /// copied verbatim (it is bound to vault id, epoch and payload id, not to the slots).
    @discardableResult
    public func save(lockTimeout: LockTimeout) throws(VaultError) -> VaultHeader {
        try prepareSave(lockTimeout: lockTimeout).commit()
    }

    /// `save`, stopped just before the rename: the new file is written and flushed, the lock
    /// held. This ring takes the new state only when the change is committed.
    public func prepareSave(lockTimeout: LockTimeout) throws(VaultError) -> PendingKeyChange {
        let lock = try WriterLock(vaultPath: path, timeout: lockTimeout)
        let file = try ReadableFile(path: path)
        let current = try file.readHeader()
        try file.checkLength(against: current)
        try checkUnchanged(current)
        var next = current
        next.generation = current.generation &+ 1
        next.slots = slots
        try metadata.seal(into: &next, masterKey: masterKey)
        let (written, writer) = try Vault.rewriteHeader(next, current: current, keys: epoch, copyingPayloadFrom: file, to: path,
            writeGuard: writeGuard)
        // Its slot table may be one replaced before (a key added, then removed): told before
        // the rename, so that a process ended right after it still finds the table its own.
        writeGuard?.willReplace(path: path, header: written, identity: epoch.identity)
        return PendingKeyChange(
            header: written, identity: epoch.identity, writer: writer, lock: lock, writeGuard: writeGuard
        ) { [self] header in
            self.header = header
        }
    }

    /// Rekey: a new random master key and the next key epoch; every slot in the working table
    /// re-wrapped from its secret with a fresh salt and nonce at its own cost; the details
    /// re-sealed; the payload re-encrypted under the new payload key. Every slot kept must have
    /// a known secret (`unconfirmedSlots` otherwise, and nothing is written).
    /// `progress(done, total)` is called with payload bytes as they are re-encrypted.
    @discardableResult
    public func rekey(lockTimeout: LockTimeout, progress: ((UInt64, UInt64) -> Void)? = nil) throws(VaultError)
        -> VaultHeader
    {
        try prepareRekey(lockTimeout: lockTimeout, progress: progress).commit()
    }

    /// `rekey`, stopped just before the rename (see `prepareSave`). The new key epoch is the
    /// file's plus one, or `minimumEpoch` when that is higher (the highest epoch this account has
    /// seen for the vault plus one: an epoch number is never used twice for two different keys).
    /// Just before returning, the write guard is told of the new key (`willReplace`). A rekey is
    /// not checked by it: it writes under a master key made just now.
    public func prepareRekey(
        lockTimeout: LockTimeout, minimumEpoch: UInt64 = 0, progress: ((UInt64, UInt64) -> Void)? = nil
    ) throws(VaultError) -> PendingKeyChange {
        let unconfirmed = usedSlots.map(\.index).filter { secrets[$0] == nil }
        guard unconfirmed.isEmpty else { throw .unconfirmedSlots(unconfirmed) }
        guard header.keyEpoch < VaultHeader.maximumKeyEpoch else { throw .keyEpochExhausted }
        let nextEpoch = max(header.keyEpoch + 1, minimumEpoch)
        guard nextEpoch <= VaultHeader.maximumKeyEpoch else { throw .keyEpochExhausted }
        let newMaster: SecretBytes
        do { newMaster = try SecretBytes(randomCount: KeyDerivation.masterKeyLength) } catch { throw VaultError.from(error) }
        let newEpoch = try EpochKeys(masterKey: newMaster, epoch: nextEpoch)
        // The slow part (one Argon2id per slot) happens before taking the lock.
        var newSlots = [KeySlot?](repeating: nil, count: VaultHeader.slotCount)
        var newMetadata = metadata
        let now = Self.now()
        for slot in usedSlots {
            newSlots[slot.index] = try KeySlot.make(
                index: slot.index, type: slot.type, secret: secrets[slot.index]!, kdf: slot.kdf, masterKey: newMaster,
                vaultID: header.vaultID, epoch: nextEpoch)
            var details = newMetadata.entries[slot.index] ?? SlotMetadata(label: "", createdAt: now, changedAt: now)
            details.changedAt = now
            newMetadata.entries[slot.index] = details
        }

        let lock = try WriterLock(vaultPath: path, timeout: lockTimeout)
        let file = try ReadableFile(path: path)
        let current = try file.readHeader()
        try file.checkLength(against: current)
        try checkUnchanged(current)
        var next = current
        next.keyEpoch = newEpoch.epoch
        next.generation = current.generation &+ 1
        next.slots = newSlots
        try newMetadata.seal(into: &next, masterKey: newMaster)
        let (written, writer) = try Vault.reencrypt(
            from: file, current: current, currentKeys: epoch, into: next, nextKeys: newEpoch, to: path,
            progress: progress)
        writeGuard?.willReplace(path: path, header: written, identity: newEpoch.identity)
        return PendingKeyChange(
            header: written, identity: newEpoch.identity, writer: writer, lock: lock, writeGuard: writeGuard
        ) { [self] header in
            self.header = header
            self.slots = newSlots
            self.metadata = newMetadata
            self.masterKey = newMaster
            self.epoch = newEpoch
        }
    }

    /// Under the lock: the file must still hold the keys this ring was unlocked from.
    private func checkUnchanged(_ current: VaultHeader) throws(VaultError) {
        guard current.vaultID == header.vaultID, current.keyEpoch == header.keyEpoch, current.slots == header.slots,
              current.metadataNonce == header.metadataNonce, current.sealedMetadata == header.sealedMetadata
        else { throw .keysChangedMeanwhile }
        guard epoch.check(current) == .authentic else {
            throw .damaged(detail: "the header does not authenticate (it was altered)")
        }
    }

    /// Whole seconds: the details table stores seconds.
    private static func now() -> Date { Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down)) }
}
