import Foundation
import HearthCrypto
@testable import HearthBackup
import HearthRecords
@testable import HearthTrust
import HearthVault
import Testing

/// The ledger file behind a command's trust context, in process: key lines per vault id,
/// pending rekeys, version 1 files, a damaged file, and two writers at once. (The decisions
/// themselves, case by case: HearthTrustTests/TrustPolicyTests.)
@Suite struct LedgerFileTests {
    static func header(id: UInt8 = 7, epoch: UInt64, generation: UInt64) -> VaultHeader {
        VaultHeader(
            vaultID: Array(repeating: id, count: 16), keyEpoch: epoch, generation: generation,
            slots: Array(repeating: nil, count: 8), payloadID: [], streamHeader: [], payloadLength: 0)
    }

    static func identity(_ epoch: UInt64, _ byte: UInt8) -> KeyIdentity {
        KeyIdentity(epoch: epoch, fingerprint: Array(repeating: byte, count: 16))
    }

    /// A ledger in a fresh folder, a path with a file, and a clean-up.
    static func setUp(_ name: String) throws -> (Ledger, String, String) {
        let root = try makeTemporaryFolder(name)
        let path = root + "/vault.hearth"
        try writeFile([0], to: path)
        return (Ledger(file: root + "/state/hearth/seen-vaults.json"), path, root)
    }

    @Test func theKeyLineIsTrustedPerVaultAtAnyPath() throws {
        let (ledger, path, root) = try Self.setUp("hearth-ledger-line")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let header = Self.header(epoch: 2, generation: 10)
        let trusted = Self.identity(2, 0xAA)
        #expect(ledger.observeAuthenticated(path: path, header: header, identity: trusted) == nil, "first seen: trusted")
        var info = stat()
        #expect(stat(ledger.file, &info) == 0 && info.st_mode & 0o777 == 0o600)
        let text = String(decoding: readFile(ledger.file), as: UTF8.self)
        #expect(!text.contains("vault.hearth") && !text.contains(root), "no path in the ledger")
        #expect(text.contains(trusted.hex) && text.contains("\"version\" : 2"))

        // Any other key, at a lower, equal or higher epoch, at this path or another: refused for writes.
        let stick = root + "/stick.hearth"
        try writeFile([0], to: stick)
        for (other, older) in [(Self.identity(1, 0xBB), true), (Self.identity(2, 0xBB), false), (Self.identity(999, 0xBB), false)] {
            for where_ in [path, stick] {
                let concern = try #require(ledger.writeConcern(path: where_, header: Self.header(epoch: other.epoch, generation: 50), identity: other))
                #expect(concern.finding.isOtherKey && concern.refusesWrites && (concern.finding == .olderKeys) == older)
                #expect(concern.seenKeyEpoch == 2 && concern.seenFingerprint == "aaaaaaaa" && concern.fingerprint == "bbbbbbbb")
                // A read warns, and changes nothing: the forged number does not become the bar.
                #expect(ledger.observeAuthenticated(path: where_, header: Self.header(epoch: other.epoch, generation: 50), identity: other)?.finding.isOtherKey == true)
            }
        }
        #expect(ledger.writeConcern(path: stick, header: Self.header(epoch: 2, generation: 3), identity: trusted) == nil)
        #expect(ledger.highestKeyEpoch(vaultID: header.vaultID, path: path) == 2, "a forged 999 did not move it")

        // An unauthenticated header is at most a provisional claim, and changes nothing.
        let claim = try #require(ledger.observeUnauthenticated(path: path, header: Self.header(epoch: 1, generation: 10)))
        #expect(claim.finding == .claimsOlderKeys && !claim.refusesWrites)
        #expect(ledger.observeUnauthenticated(path: path, header: Self.header(epoch: 5, generation: 90)) == nil)
        #expect(ledger.writeConcern(path: path, header: header, identity: trusted) == nil)

        // An older save under the trusted key warns at this path only (same slot table).
        let older = try #require(ledger.observeAuthenticated(path: path, header: Self.header(epoch: 2, generation: 9), identity: trusted))
        #expect(older.finding == .olderSave && !older.refusesWrites)
        #expect(ledger.observeAuthenticated(path: stick, header: Self.header(epoch: 2, generation: 9), identity: trusted) == nil)

        // Accepting makes a key the trusted one; the highest epoch never goes down.
        let accepted = Self.identity(1, 0xCC)
        try ledger.accept(path: path, header: Self.header(epoch: 1, generation: 4), identity: accepted)
        #expect(ledger.writeConcern(path: path, header: Self.header(epoch: 1, generation: 4), identity: accepted) == nil)
        #expect(ledger.writeConcern(path: path, header: header, identity: trusted)?.finding == .otherKeys)
        #expect(ledger.highestKeyEpoch(vaultID: header.vaultID, path: path) == 2)
    }

    @Test func aPendingRekeyIsHearthsOwnEvenAfterACrash() throws {
        let (ledger, path, root) = try Self.setUp("hearth-ledger-pending")
        defer { try? FileManager.default.removeItem(atPath: root) }
        ledger.recordSave(path: path, header: Self.header(epoch: 3, generation: 1), identity: Self.identity(3, 1))
        let next = Self.identity(4, 2)
        ledger.notePending(path: path, header: Self.header(epoch: 4, generation: 2), identity: next)
        // The process ended between the rename and `recordSave`: the new file is still known.
        #expect(ledger.writeConcern(path: path, header: Self.header(epoch: 4, generation: 2), identity: next) == nil)
        #expect(ledger.observeAuthenticated(path: path, header: Self.header(epoch: 4, generation: 2), identity: next) == nil)
        // Read once, it is the trusted line; the old one is not any more.
        #expect(ledger.writeConcern(path: path, header: Self.header(epoch: 3, generation: 5), identity: Self.identity(3, 1))?.finding == .olderKeys)
        #expect(ledger.highestKeyEpoch(vaultID: Array(repeating: 7, count: 16), path: path) == 4)
        // A pending rekey that never happened opens nothing by itself.
        ledger.notePending(path: path, header: Self.header(epoch: 5, generation: 3), identity: Self.identity(5, 3))
        #expect(ledger.writeConcern(path: path, header: Self.header(epoch: 5, generation: 3), identity: Self.identity(5, 9)) != nil)
    }

    @Test func versionOneLedgersKeepWorking() throws {
        let (ledger, path, root) = try Self.setUp("hearth-ledger-v1")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let header = Self.header(epoch: 2, generation: 10)
        let key = TrustRecord.pathKey(header.vaultID, realPath: PathName.real(path))
        try FileManager.default.createDirectory(atPath: root + "/state/hearth", withIntermediateDirectories: true)
        try writeFile(Array("""
            {"version": 1, "vaults": {"\(key)": {"generation": 10, "key_epoch": 2, "seen": "2026-11-20"}}}
            """.utf8), to: ledger.file)
        // Epoch 1 was seen below 2 here: refused, as with version 1. Epoch 3 was never seen: refused too.
        #expect(ledger.writeConcern(path: path, header: Self.header(epoch: 1, generation: 12), identity: Self.identity(1, 1))?.finding == .olderKeys)
        #expect(ledger.writeConcern(path: path, header: Self.header(epoch: 3, generation: 12), identity: Self.identity(3, 1))?.finding == .otherKeys)
        #expect(ledger.observeUnauthenticated(path: path, header: Self.header(epoch: 2, generation: 9))?.finding == .claimsOlderSave)
        // The epoch seen is trusted on its first authenticated read, and the file becomes version 2.
        #expect(ledger.observeAuthenticated(path: path, header: header, identity: Self.identity(2, 5)) == nil)
        let text = String(decoding: readFile(ledger.file), as: UTF8.self)
        #expect(text.contains("\"version\" : 2") && text.contains(Self.identity(2, 5).hex))
        #expect(ledger.writeConcern(path: path, header: header, identity: Self.identity(2, 6))?.finding == .otherKeys)
        #expect(ledger.highestKeyEpoch(vaultID: header.vaultID, path: path) == 2)
    }

    @Test func aDamagedLedgerIsSetAsideAndANewerOneLeftAlone() throws {
        let (_, path, root) = try Self.setUp("hearth-ledger-damaged")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let said = Said()
        let ledger = Ledger(file: root + "/state/hearth/seen-vaults.json", problems: { said.add($0) })
        try FileManager.default.createDirectory(atPath: root + "/state/hearth", withIntermediateDirectories: true)
        try writeFile(Array("{ not json".utf8), to: ledger.file)
        ledger.recordSave(path: path, header: Self.header(epoch: 1, generation: 1), identity: Self.identity(1, 1))
        #expect(ledger.writeConcern(path: path, header: Self.header(epoch: 1, generation: 1), identity: Self.identity(1, 2)) != nil,
                "a new record was started, and holds this save")
        let aside = try FileManager.default.contentsOfDirectory(atPath: root + "/state/hearth").filter { $0.contains(".unreadable-") }
        #expect(aside.count == 1 && readFile(root + "/state/hearth/" + aside[0]) == Array("{ not json".utf8))
        #expect(said.all.filter { if case .setAside = $0 { true } else { false } }.count == 1)
        try writeFile(Array("{\"version\": 3}".utf8), to: ledger.file)
        _ = ledger.writeConcern(path: path, header: Self.header(epoch: 1, generation: 1), identity: Self.identity(1, 2))
        #expect(said.all.contains { $0 == .unusable(why: "it was written by a newer version of Hearth") })
        #expect(readFile(ledger.file) == Array("{\"version\": 3}".utf8), "a newer Hearth's record is left as it is")
    }

    /// Review 2, finding 15: past the limit, path entries go before any vault's trusted key,
    /// least recently seen first.
    @Test func pathEntriesAreDroppedBeforeTrustedKeys() {
        var contents = TrustRecord()
        contents.vaults["v"] = TrustRecord.VaultEntry(
            keyEpoch: 1, keyFingerprint: "00", highestKeyEpoch: 1, pending: [], seen: "2020-01-01")
        for i in 0..<(2 * TrustRecord.maximumEntries) {
            contents.paths["p\(i)"] = TrustRecord.PathEntry(generation: 1, slotTable: nil, keyEpoch: nil, seen: i == 7 ? "2021-01-01" : "2026-11-25")
        }
        contents.trim()
        #expect(contents.vaults["v"] != nil)
        #expect(contents.paths.count == 2 * TrustRecord.maximumEntries - 1 && contents.paths["p7"] == nil)
    }

    /// Two writers at once (threads here: each takes the flock through its own descriptor, as two
    /// processes would): every update survives.
    @Test func concurrentUpdatesAreNotLost() throws {
        let (ledger, path, root) = try Self.setUp("hearth-ledger-race")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let count = 40
        DispatchQueue.concurrentPerform(iterations: count) { i in
            let other = Ledger(file: ledger.file)
            other.recordSave(path: path, header: Self.header(id: UInt8(i), epoch: 1, generation: 1), identity: Self.identity(1, UInt8(i)))
        }
        let contents = ledger.load()
        #expect(contents.vaults.count == count)
        for i in 0..<count {
            #expect(ledger.writeConcern(path: path, header: Self.header(id: UInt8(i), epoch: 1, generation: 1), identity: Self.identity(1, UInt8(i))) == nil)
        }
        #expect(names(in: root + "/state/hearth").allSatisfy { !$0.contains(".tmp-") }, "no temporary left")
    }

    /// The review's first attack, in process: a holder of the retired master key re-encrypts a
    /// pre-rekey copy under a HIGHER key epoch. It opens with the retired passphrase and its MAC
    /// verifies, but its key fingerprint is not the trusted one.
    @Test func aCopyForgedWithRetiredKeysAtAHigherEpochIsNotTrusted() throws {
        let root = try makeTemporaryFolder("hearth-ledger-forge")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let path = root + "/vault.hearth"
        _ = try InProcessTests.makeVault(at: path, entries: 1)
        let beforeRekey = readFile(path)
        try KeyChanges.rekey(vault: path, passphrase: "in process")
        let ledger = Ledger(file: root + "/state/hearth/seen-vaults.json")
        let genuine = try Self.openedIdentity(path)
        #expect(genuine.identity.epoch == 2)
        #expect(ledger.observeAuthenticated(path: path, header: genuine.header, identity: genuine.identity) == nil)

        let forged = root + "/forged.hearth"
        try writeFile(beforeRekey, to: forged)
        try Self.forge(forged, epoch: 3, generation: genuine.header.generation + 100)
        let opened = try Self.openedIdentity(forged)
        #expect(opened.header.keyEpoch == 3 && opened.identity.epoch == 3, "the forged copy opens and authenticates")
        #expect(opened.identity.fingerprint != genuine.identity.fingerprint)
        let concern = try #require(ledger.writeConcern(path: path, header: opened.header, identity: opened.identity))
        #expect(concern.finding == .otherKeys && concern.refusesWrites)
        #expect(ledger.observeAuthenticated(path: path, header: opened.header, identity: opened.identity)?.finding == .otherKeys)
        #expect(ledger.writeConcern(path: path, header: genuine.header, identity: genuine.identity) == nil, "the genuine file stays trusted")
    }

    /// The vault layer asks the guard it is given, under the writer lock, and never calls up: a
    /// save of a vault opened with a trust context is refused under keys the store does not
    /// trust (nothing written), goes through once exactly those keys are accepted, and is recorded.
    @Test func theWriteGuardIsAskedBeforeEverySave() throws {
        let root = try makeTemporaryFolder("hearth-trust-guard")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let path = root + "/vault.hearth"
        _ = try InProcessTests.makeVault(at: path, entries: 1)
        let (header, identity) = try Self.openedIdentity(path)
        // This account trusts a later key of the vault: the file is a copy from before a rekey.
        let store = MemoryTrustStore()
        let later = KeyIdentity(epoch: identity.epoch + 1, fingerprint: Array(repeating: 0x42, count: 16))
        store.update {
            TrustPolicy.trust(VaultFileState(header: header, identity: later), at: TrustPlace(path), in: &$0, day: "2026-12-01", written: true)
        }
        let context = TrustContext(store: store)
        let vault = try RecordVault.open(at: path, credential: .passphrase(KeyChanges.secret("in process")), writeGuard: context)
        let before = readFile(path)
        let entry = { JournalEntry(at: RecordTime.now(), createdAt: RecordTime.now(), updatedAt: RecordTime.now(), text: "Two.", tags: []) }
        do {
            try vault.modifyLatest(lockTimeout: 5) { try $0.add(entry()) }
            Issue.record("saved under keys this account does not trust")
        } catch VaultError.writeRefused(let refusal) {
            #expect((refusal.reason as? TrustReport)?.finding == .olderKeys)
        }
        #expect(readFile(path) == before, "nothing written")
        // Exactly these keys accepted: the save goes through, and they are the trusted ones now.
        context.accept(KeyAcceptance(epoch: identity.epoch, key: identity.short), at: path)
        try vault.modifyLatest(lockTimeout: 5) { try $0.add(entry()) }
        #expect(readFile(path) != before)
        #expect(TrustPolicy.trusts(TrustRecord.KeyLine(identity), of: header.vaultID, in: store.load()) == true)
        #expect(TrustPolicy.trusts(TrustRecord.KeyLine(later), of: header.vaultID, in: store.load()) == false)
    }

    /// Opens the vault at `path` with the in-process passphrase: its header and key identity.
    static func openedIdentity(_ path: String) throws -> (header: VaultHeader, identity: KeyIdentity) {
        let (header, _) = try Vault.readHeader(at: path)
        let keys = try Vault.unlock(header, with: .passphrase(KeyChanges.secret("in process")))
        return (header, keys.epoch.identity)
    }

    /// Rewrites the vault at `path` (opened with the in-process passphrase) at key epoch `epoch`
    /// and save `generation`, under its own master key: what someone holding that key can do.
    static func forge(_ path: String, epoch: UInt64, generation: UInt64) throws {
        try forgeFile(path, passphrase: KeyChanges.secret("in process"), epoch: epoch, generation: generation)
    }
}

/// Rewrites the vault at `path` under the master key `passphrase` opens, claiming key epoch
/// `epoch` and save `generation`: the payload re-encrypted under kdf(master, epoch), the header
/// MACed with it. Only the library's own types are used, as a holder of that key could.
/// At another epoch, slot 0 binds the old one (format version 2): the forger wraps it again from
/// `passphrase` (one who knows it), or, `reusingOldSlot`, copies it as it is (one who holds only
/// the retired master key), and then it opens with nothing.
func forgeFile(_ path: String, passphrase: SecretBytes, epoch: UInt64, generation: UInt64, reusingOldSlot: Bool = false) throws {
    let allocator = PlaintextAllocator(
        allocate: { count in UnsafeMutableRawBufferPointer.allocate(byteCount: count, alignment: 16) },
        release: { $0.deallocate() })
    let (opened, payload) = try Vault.open(at: path, credential: .passphrase(passphrase), allocator: allocator)
    defer { payload.deallocate() }
    let master = try #require(opened.keys.masterKey)
    var template = opened.header
    let epochChanged = template.keyEpoch != epoch
    template.keyEpoch = epoch
    template.generation = generation
    if epochChanged && !reusingOldSlot { try rebindSlotZero(&template, secret: passphrase, master: master) }
    _ = try Vault.write(template, keys: try EpochKeys(masterKey: master, epoch: epoch), payload: UnsafeRawBufferPointer(payload), to: path)
}

/// Slot 0 of `template` wrapped again for `template.keyEpoch` (a slot binds the key epoch of its
/// header, FORMAT.md version 2), and the slot metadata sealed again over the new table: what a
/// holder of slot 0's secret and the master key can write.
func rebindSlotZero(_ template: inout VaultHeader, secret: SecretBytes, master: SecretBytes) throws {
    let slot = try #require(template.slots[0])
    let metadata = try SlotMetadataTable.open(from: template, masterKey: master)
    template.slots[0] = try KeySlot.make(
        index: 0, type: slot.type, secret: secret, kdf: slot.kdf, masterKey: master, vaultID: template.vaultID,
        epoch: template.keyEpoch)
    try metadata.seal(into: &template, masterKey: master)
}

/// Messages a ledger said, gathered across threads.
final class Said: @unchecked Sendable {
    private let lock = NSLock()
    private var said: [TrustStoreProblem] = []
    func add(_ text: TrustStoreProblem) { lock.lock(); said.append(text); lock.unlock() }
    var all: [TrustStoreProblem] { lock.lock(); defer { lock.unlock() }; return said }
}

/// A ledger file and a trust context over it, asked as commands ask it.
struct Ledger {
    let store: LedgerFile
    let context: TrustContext
    var file: String { store.file }

    init(file: String, problems: @escaping @Sendable (TrustStoreProblem) -> Void = { _ in }) {
        store = LedgerFile(file: file, problems: problems)
        context = TrustContext(store: store)
    }

    func load() -> TrustRecord { store.load() }

    /// A read of the working vault, authenticated: what it warns about.
    @discardableResult
    func observeAuthenticated(path: String, header: VaultHeader, identity: KeyIdentity) -> TrustReport? {
        context.read(path: path, header: header, identity: identity)
    }

    /// A header read without a key: at most a claim.
    func observeUnauthenticated(path: String, header: VaultHeader) -> TrustReport? {
        context.read(path: path, header: header, identity: nil)
    }

    func writeConcern(path: String, header: VaultHeader, identity: KeyIdentity) -> TrustReport? {
        context.concern(path: path, header: header, identity: identity)
    }

    func recordSave(path: String, header: VaultHeader, identity: KeyIdentity) {
        context.didWrite(path: path, header: header, identity: identity)
    }

    func notePending(path: String, header: VaultHeader, identity: KeyIdentity) {
        context.willReplace(path: path, header: header, identity: identity)
    }

    /// `--accept-keys` for exactly this file's key, and a save into it.
    func accept(path: String, header: VaultHeader, identity: KeyIdentity) throws {
        context.accept(KeyAcceptance(epoch: identity.epoch, key: identity.short), at: path)
        try context.checkWrite(path: path, header: header, identity: identity)
    }

    func highestKeyEpoch(vaultID: [UInt8], path: String) -> UInt64? {
        TrustPolicy.highestKeyEpoch(of: vaultID, at: TrustPlace(path), in: store.load())
    }
}
