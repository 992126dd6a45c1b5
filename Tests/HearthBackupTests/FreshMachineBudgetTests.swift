import Foundation
import HearthCrypto
@testable import HearthBackup
import HearthRecords
@testable import HearthVault
import Testing

/// `restore FOLDER` on a machine without the vault opens the folder's backups within one
/// key-derivation budget (`FreshMachineChoice`). A file planted on the drive, claiming the
/// highest key epoch, with slots asking for the whole budget, must not leave the genuine
/// backups untried; and the same slot in several backups is derived once. Scaled down: slots at
/// 1 pass × 8 MiB, budgets of a few slots' worth, so no expensive Argon2id runs.
@Suite struct FreshMachineBudgetTests {
    static let fast = Argon2idParameters(opsLimit: 1, memLimitBytes: 8 << 20)
    static let passphrase = "fresh machine"

    /// A folder with `count` genuine backups of one vault (one key epoch: the same slot in each),
    /// saves 1...count. Returns the folder and the backups' paths, oldest first.
    static func genuineBackups(_ count: Int) throws -> (folder: String, backups: [String]) {
        let root = try makeTemporaryFolder("hearth-fresh-budget")
        let vaultPath = root + "/vault.hearth"
        let vault = try RecordVault.create(
            at: vaultPath, secret: KeyChanges.secret(passphrase), kdf: fast, lockTimeout: 5)
        let folder = root + "/Hearth"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var backups: [String] = []
        for save in 1...count {
            let now = RecordTime.now()
            try vault.store.add(JournalEntry(at: now, createdAt: now, updatedAt: now, text: "Entry \(save).", tags: []))
            let lock = try WriterLock(vaultPath: vaultPath, timeout: 5)
            try vault.save()
            withExtendedLifetime(lock) {}
            let path = folder + "/hearth-2026112\(save)T213000Z-g\(save).hearth"
            try writeFile(readFile(vaultPath), to: path)
            chmod(path, 0o600)  // as a backup is written (a file others can read is a problem of its own)
            backups.append(path)
        }
        return (folder, backups)
    }

    /// Rewrites the header checksum after the header's bytes were changed (as anyone can).
    static func reseal(_ bytes: inout [UInt8]) {
        let end = VaultHeader.checksumOffset
        bytes.replaceSubrange(end..<VaultHeader.length, with: bytes[0..<end].withUnsafeBytes { GenericHash.hash($0) })
    }

    static func choose(_ folder: String, budgetSlots: UInt64) -> (FreshMachineChoice.Outcome, KeyDerivationBudget) {
        var budget = KeyDerivationBudget(limit: budgetSlots * fast.workBytes)
        let outcome = FreshMachineChoice.choose(
            in: folder, credential: .passphrase(KeyChanges.secret(passphrase)), budget: &budget)
        return (outcome, budget)
    }

    /// A planted copy of the newest backup claiming a far higher key epoch, whose four slots
    /// (random salts, nothing opens them) together ask for the whole budget: tried first by
    /// claim, it spent the budget and the genuine backups were "not tried". Now the genuine ones
    /// (one slot's work) are tried first, and the newest of them is chosen; the planted file is
    /// named as not tried.
    @Test func aPlantedExpensiveFileDoesNotStarveTheGenuineBackups() throws {
        let (folder, backups) = try Self.genuineBackups(2)
        defer { try? FileManager.default.removeItem(atPath: (folder as NSString).deletingLastPathComponent) }
        let budgetSlots: UInt64 = 8
        var planted = readFile(backups[1])
        LittleEndian.write(UInt64(1_000), into: &planted, at: 32)  // key epoch
        let costly = Argon2idParameters(opsLimit: 2, memLimitBytes: 8 << 20)  // two slots' work each
        for index in 0..<4 {
            var slot = [UInt8](repeating: 0, count: KeySlot.encodedLength)
            slot[0] = KeySlotType.passphrase.rawValue
            slot[1] = 2  // Argon2id
            LittleEndian.write(costly.opsLimit, into: &slot, at: 8)
            LittleEndian.write(costly.memLimitBytes, into: &slot, at: 16)
            slot.replaceSubrange(24..<112, with: Random.bytes(88))  // salt, nonce, wrapped key
            let at = VaultHeader.slotTableOffset + index * KeySlot.encodedLength
            planted.replaceSubrange(at..<(at + KeySlot.encodedLength), with: slot)
        }
        Self.reseal(&planted)
        let plantedPath = folder + "/hearth-20991231T000000Z-g99.hearth"
        try writeFile(planted, to: plantedPath)
        let header = try Vault.readHeader(at: plantedPath).header
        #expect(KeyDerivationBudget.work(of: header.slots) == budgetSlots * Self.fast.workBytes, "the whole budget")

        let (outcome, budget) = Self.choose(folder, budgetSlots: budgetSlots)
        #expect(outcome.candidates.map(\.path) == [backups[1]], "the newest genuine backup")
        #expect(outcome.passedOver.count == 1)
        let passed = try #require(outcome.passedOver.first)
        #expect(passed.entry.path == plantedPath)
        guard case .notTried = passed.reason else {
            Issue.record("expected not tried, got \(passed.reason)")
            return
        }
        #expect(budget.spent <= budget.limit)
    }

    /// The same slot in several backups is derived once: with a budget of one slot, the newest
    /// backup opens but is damaged (a payload byte changed), and the one before it (the same
    /// slot) still opens, at no further cost, and is chosen. Before, only refusals were
    /// remembered, so the second opening needed a second derivation the budget did not allow.
    @Test func theSameSlotInSeveralBackupsIsDerivedOnce() throws {
        let (folder, backups) = try Self.genuineBackups(3)
        defer { try? FileManager.default.removeItem(atPath: (folder as NSString).deletingLastPathComponent) }
        var damaged = readFile(backups[2])
        damaged[damaged.count - 20] ^= 0x01  // in the last payload chunk; the header is intact
        try writeFile(damaged, to: backups[2])
        chmod(backups[2], 0o600)

        let (outcome, budget) = Self.choose(folder, budgetSlots: 1)
        #expect(outcome.candidates.map(\.path) == [backups[1]])
        #expect(outcome.passedOver.map(\.entry.path) == [backups[2]])
        if case .damaged = outcome.passedOver.first?.reason {} else {
            Issue.record("expected damaged, got \(String(describing: outcome.passedOver.first?.reason))")
        }
        #expect(budget.spent == Self.fast.workBytes, "one derivation for the three backups")
    }

    /// A backup claiming less than one already opened and checked whole cannot be chosen, so it
    /// is not opened: here the older backup's slot (before a passphrase change, twice the work)
    /// is never derived, and it is not named.
    @Test func aBackupOlderThanOneTakenIsNotOpened() throws {
        let (folder, backups) = try Self.genuineBackups(1)
        let root = (folder as NSString).deletingLastPathComponent
        defer { try? FileManager.default.removeItem(atPath: root) }
        // The vault's slot replaced by one at twice the work; then a backup with the new slot.
        let older = try Vault.readHeader(at: backups[0]).header
        var costly = readFile(backups[0])
        let at = VaultHeader.slotTableOffset
        LittleEndian.write(UInt64(2), into: &costly, at: at + 8)  // the older backup's slot asks for 2 passes
        Self.reseal(&costly)
        try writeFile(costly, to: backups[0])
        chmod(backups[0], 0o600)
        let ring = try KeyRing.unlock(at: root + "/vault.hearth", credential: .passphrase(KeyChanges.secret(Self.passphrase)))
        try ring.replaceSlot(0, secret: KeyChanges.secret(Self.passphrase), kdf: Self.fast)
        let newer = try ring.save(lockTimeout: 5)
        #expect(newer.slots[0] != older.slots[0] && newer.generation > older.generation)
        let newest = folder + "/hearth-20261129T213000Z-g9.hearth"
        try writeFile(readFile(root + "/vault.hearth"), to: newest)
        chmod(newest, 0o600)

        let (outcome, budget) = Self.choose(folder, budgetSlots: 8)
        #expect(outcome.candidates.map(\.path) == [newest])
        #expect(outcome.passedOver.isEmpty)
        #expect(budget.spent == Self.fast.workBytes, "only the newer backup's slot was derived")
    }

    /// A budget too small for any slot: nothing is tried, nothing is taken, each file is named.
    @Test func nothingTriedIsNeverTaken() throws {
        let (folder, backups) = try Self.genuineBackups(2)
        defer { try? FileManager.default.removeItem(atPath: (folder as NSString).deletingLastPathComponent) }
        var budget = KeyDerivationBudget(limit: Self.fast.workBytes - 1)
        let outcome = FreshMachineChoice.choose(
            in: folder, credential: .passphrase(KeyChanges.secret(Self.passphrase)), budget: &budget)
        #expect(outcome.candidates.isEmpty)
        #expect(outcome.passedOver.map(\.entry.path) == backups.reversed())
        for item in outcome.passedOver {
            if case .notTried = item.reason {} else { Issue.record("expected not tried, got \(item.reason)") }
        }
        #expect(budget.spent == 0)
    }
}
