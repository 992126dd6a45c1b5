import Foundation
@testable import HearthBackup
import HearthCrypto
import HearthRecords
import HearthVault
import Testing

/// A restore planned and executed in process over real files (the lowest key-derivation cost a
/// reader accepts, so milliseconds): the records compared are the files' own, and what is
/// written is what the plan says (the save number, whose keys, the safety copy).
@Suite struct RestoreExecutionTests {
    static let fast = Argon2idParameters(opsLimit: Argon2idParameters.minimumOps, memLimitBytes: Argon2idParameters.minimumMemory)
    static let passphrase = "restore in process"

    static func add(_ text: String, to vault: RecordVault, at path: String) throws {
        let now = RecordTime.now()
        try vault.store.add(JournalEntry(at: now, createdAt: now, updatedAt: now, text: text, tags: []))
        let lock = try WriterLock(vaultPath: path, timeout: 5)
        try vault.save()
        withExtendedLifetime(lock) {}
    }

    /// A vault with two entries, a backup of it, then a third entry in the vault only.
    static func vaultNewerThanBackup(in root: String) throws -> (vault: String, backup: String) {
        let vaultPath = root + "/vault.hearth", backupPath = root + "/backup.hearth"
        let vault = try RecordVault.create(at: vaultPath, secret: KeyChanges.secret(passphrase), kdf: fast, lockTimeout: 5)
        try add("One.", to: vault, at: vaultPath)
        try add("Two.", to: vault, at: vaultPath)
        try writeFile(readFile(vaultPath), to: backupPath)
        try add("Three, only in the vault.", to: vault, at: vaultPath)
        return (vaultPath, backupPath)
    }

    static func plan(
        vault: String, backup: String, options: RestorePlanner.Options
    ) throws -> (RestoreDecision, VaultCheckReport, RecordVault, UnlockedKeys, UnlockedKeys?) {
        let credential = VaultCredential.passphrase(KeyChanges.secret(passphrase))
        let (report, restored) = try VaultCheck.run(path: backup, credential: credential)
        let backupKeys = try Vault.unlock(report.header, with: credential)
        let state = VaultState.inspect(vault)
        let vaultKeys = try state.header.map { try Vault.unlock($0, with: credential) }
        let decision = try RestorePlanner.plan(
            source: backup, vaultPath: vault, backup: report.header, vault: state, vaultEpoch: vaultKeys?.epoch.epoch,
            options: options
        ) { try RestorePlanner.Records.read(vaultAt: vault, keys: vaultKeys!.epoch, backup: restored) }
        return (decision, report, restored, backupKeys, vaultKeys)
    }

    @Test func overNewerDataRefusedThenForcedWithASafetyCopy() throws {
        let root = try makeTemporaryFolder("hearth-restore-plan")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let (vault, backup) = try Self.vaultNewerThanBackup(in: root)
        let before = readFile(vault)
        let vaultHeader = try Vault.readHeader(at: vault).header

        // The vault's third entry is what the backup lacks: refused, counted from the files.
        do {
            _ = try Self.plan(vault: vault, backup: backup, options: .init())
            Issue.record("not refused")
        } catch RestoreRefusal.vaultHasNewerData(_, let comparison, let vaultSave, let backupSave, let unreadable) {
            #expect(comparison.onlyInVault.count == 1 && comparison.changedInVault.isEmpty && unreadable == nil)
            #expect(vaultSave == vaultHeader.generation && backupSave < vaultHeader.generation)
        }

        // --force: the plan names what is dropped; executing it keeps the vault beside and writes
        // the backup's records under the vault's own keys as the next save.
        let (decision, report, restored, backupKeys, vaultKeys) = try Self.plan(vault: vault, backup: backup, options: .init(force: true))
        guard case .restore(let plan) = decision else { return #expect(Bool(false), "\(decision)") }
        #expect(plan.drops?.onlyInVault.count == 1 && plan.keys == .vaults(vaultHeader) && plan.save == vaultHeader.generation + 1)
        let lock = try WriterLock(vaultPath: vault, timeout: 5)
        let safetyCopy = try #require(try RestoreWriter.execute(
            plan, records: restored.database, backup: report.header, backupKeys: backupKeys.epoch, vaultKeys: vaultKeys?.epoch, to: vault))
        withExtendedLifetime(lock) {}
        #expect(readFile(safetyCopy) == before)
        let written = try Vault.readHeader(at: vault).header
        #expect(written.generation == plan.save && written.slots == vaultHeader.slots && written.keyEpoch == vaultHeader.keyEpoch)
        let reopened = try VaultCheck.run(path: vault, credential: .passphrase(KeyChanges.secret(Self.passphrase))).report
        #expect(reopened.recordCounts == report.recordCounts)

    }

    @Test func intoAnEmptyPlaceWithTheBackupsKeysAndNoSafetyCopy() throws {
        let root = try makeTemporaryFolder("hearth-restore-empty")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let (vault, backup) = try Self.vaultNewerThanBackup(in: root)
        let fresh = root + "/new/place/vault.hearth"
        let (decision, report, restored, backupKeys, _) = try Self.plan(vault: fresh, backup: backup, options: .init())
        guard case .restore(let plan) = decision else { return #expect(Bool(false), "\(decision)") }
        #expect(plan.usesBackupKeys && !plan.keepsSafetyCopy && plan.save == report.header.generation + 1)
        try RestoreWriter.makeFolder(of: fresh)
        let lock = try WriterLock(vaultPath: fresh, timeout: 5)
        #expect(try RestoreWriter.execute(
            plan, records: restored.database, backup: report.header, backupKeys: backupKeys.epoch, vaultKeys: nil, to: fresh) == nil)
        withExtendedLifetime(lock) {}
        let written = try Vault.readHeader(at: fresh).header
        #expect(written.slots == report.header.slots && written.generation == plan.save)
        #expect(names(in: root + "/new/place").filter { $0.contains("before-restore") }.isEmpty)
        _ = vault
    }
}
