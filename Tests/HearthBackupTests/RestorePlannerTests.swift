import Foundation
@testable import HearthBackup
import HearthExitCodes
import HearthRecords
import HearthVault
import Testing

/// `RestorePlanner`, in process, a row per case: what a restore writes over what is at the
/// vault's path, what it refuses and with which exit code. Milliseconds: headers and record
/// inventories are made up, nothing is opened.
@Suite struct RestorePlannerTests {
    typealias F = PlannerFixtures

    /// What a row expects: a plan (whose keys, a safety copy, the save written, data dropped),
    /// nothing to do, or a refusal with its exit code.
    enum Expect: Sendable {
        case restore(backupKeys: Bool, safetyCopy: Bool, save: UInt64, drops: Bool = false)
        case alreadyRestored
        case refused(HearthExitCodes.ExitStatus, String)
    }

    struct Row: Sendable, CustomTestStringConvertible {
        let name: String
        var vault: VaultState
        var backup: VaultHeader
        var vaultEpoch: UInt64? = 1
        var options = RestorePlanner.Options()
        var records = RestorePlanner.Records(vault: RecordInventory(), backup: RecordInventory())
        let expect: Expect
        var testDescription: String { name }
    }

    static let older = RecordInventory(live: ["r1": "2026-11-01T10:00:00Z"])
    static let newer = RecordInventory(live: ["r1": "2026-11-02T10:00:00Z"])
    static let more = RecordInventory(live: ["r1": "2026-11-01T10:00:00Z", "r2": "2026-11-03T10:00:00Z"])

    static let rows: [Row] = [
        Row(name: "no vault: the backup becomes it, with its own keys",
            vault: .missing, backup: F.header(save: 4), vaultEpoch: nil,
            expect: .restore(backupKeys: true, safetyCopy: false, save: 5)),
        Row(name: "unreadable vault without --with-backup-keys: refused (1)",
            vault: .unreadable(.damaged(detail: "x")), backup: F.header(), vaultEpoch: nil,
            expect: .refused(.refused, "vaultUnreadable")),
        Row(name: "unreadable vault with --with-backup-keys: the backup's keys, the old file kept",
            vault: .unreadable(.notAVault(path: "v")), backup: F.header(save: 7), vaultEpoch: nil,
            options: .init(withBackupKeys: true),
            expect: .restore(backupKeys: true, safetyCopy: true, save: 8)),
        Row(name: "a vault appeared after the secrets were asked for: refused (1)",
            vault: .readable(F.header()), backup: F.header(), vaultEpoch: nil,
            expect: .refused(.refused, "vaultAppeared")),
        Row(name: "rekeyed between unlock and lock: refused (1)",
            vault: .readable(F.header(epoch: 2)), backup: F.header(), vaultEpoch: 1,
            expect: .refused(.refused, "keysChanged")),
        Row(name: "a backup of another vault: refused (1)",
            vault: .readable(F.header(save: 3)), backup: F.header(vault: F.vaultB, save: 9),
            expect: .refused(.refused, "anotherVault")),
        Row(name: "a backup of another vault with --force: replaced, the vault kept beside",
            vault: .readable(F.header(save: 3)), backup: F.header(vault: F.vaultB, save: 9),
            options: .init(force: true),
            expect: .restore(backupKeys: false, safetyCopy: true, save: 10)),
        Row(name: "the very same save: nothing to do",
            vault: .readable(F.header(save: 5, payload: 7)), backup: F.header(save: 5, payload: 7),
            expect: .alreadyRestored),
        Row(name: "the same records, a passphrase changed since: nothing to do under the vault's keys",
            vault: .readable(F.header(save: 6, payload: 7, slot: 2)), backup: F.header(save: 5, payload: 7, slot: 1),
            expect: .alreadyRestored),
        Row(name: "the same records and keys, with --with-backup-keys: nothing to do",
            vault: .readable(F.header(save: 5, payload: 7, slot: 1)), backup: F.header(save: 5, payload: 7, slot: 1),
            options: .init(withBackupKeys: true), expect: .alreadyRestored),
        Row(name: "the same records, other slots, with --with-backup-keys: the backup's keys are written",
            vault: .readable(F.header(save: 6, payload: 7, slot: 2)), backup: F.header(save: 5, payload: 7, slot: 1),
            options: .init(withBackupKeys: true),
            expect: .restore(backupKeys: true, safetyCopy: true, save: 7)),
        Row(name: "the vault has later saves: refused (1)",
            vault: .readable(F.header(save: 9, payload: 2)), backup: F.header(save: 5, payload: 1),
            expect: .refused(.refused, "vaultHasNewerData")),
        Row(name: "the vault holds a record the backup lacks: refused (1)",
            vault: .readable(F.header(save: 5, payload: 2)), backup: F.header(save: 5, payload: 1),
            records: .init(vault: more, backup: older), expect: .refused(.refused, "vaultHasNewerData")),
        Row(name: "the vault changed a record since: refused (1)",
            vault: .readable(F.header(save: 4, payload: 2)), backup: F.header(save: 5, payload: 1),
            records: .init(vault: newer, backup: older), expect: .refused(.refused, "vaultHasNewerData")),
        Row(name: "newer data with --force: written, the vault kept beside, what is dropped named",
            vault: .readable(F.header(save: 9, payload: 2)), backup: F.header(save: 5, payload: 1),
            options: .init(force: true), records: .init(vault: more, backup: older),
            expect: .restore(backupKeys: false, safetyCopy: true, save: 10, drops: true)),
        Row(name: "a newer backup, nothing lost: under the vault's own keys, as the next save",
            vault: .readable(F.header(save: 4, payload: 2)), backup: F.header(save: 6, payload: 1),
            records: .init(vault: older, backup: newer),
            expect: .restore(backupKeys: false, safetyCopy: true, save: 7)),
        Row(name: "a backup from before a rekey: the vault's keys (no retired key comes back)",
            vault: .readable(F.header(epoch: 3, save: 4, payload: 2)), backup: F.header(epoch: 2, save: 6, payload: 1), vaultEpoch: 3,
            expect: .restore(backupKeys: false, safetyCopy: true, save: 7)),
        Row(name: "vault records unreadable and a later save: refused, saying the records could not be read",
            vault: .readable(F.header(save: 8, payload: 2)), backup: F.header(save: 5, payload: 1),
            records: .init(vault: nil, vaultUnreadable: .damaged(detail: "chunk 3"), backup: older),
            expect: .refused(.refused, "vaultHasNewerData")),
    ]

    @Test(arguments: rows) func decides(_ row: Row) throws {
        var result: Result<RestoreDecision, RestoreRefusal>
        do {
            result = .success(try RestorePlanner.plan(
                source: "/drive/b.hearth", vaultPath: "/home/v.hearth", backup: row.backup, vault: row.vault,
                vaultEpoch: row.vaultEpoch, options: row.options, records: { row.records }))
        } catch let refusal as RestoreRefusal {
            result = .failure(refusal)
        }
        switch (row.expect, result) {
        case (.restore(let backupKeys, let safetyCopy, let save, let drops), .success(.restore(let plan))):
            #expect(plan.usesBackupKeys == backupKeys)
            #expect(plan.keepsSafetyCopy == safetyCopy)
            #expect(plan.save == save)
            #expect((plan.drops != nil) == drops)
            if !backupKeys, case .readable(let header) = row.vault { #expect(plan.keys == .vaults(header)) }
        case (.alreadyRestored, .success(.alreadyRestored(let save))):
            #expect(save == row.backup.generation)
        case (.refused(let status, let name), .failure(let refusal)):
            #expect(refusal.exitStatus == status)
            #expect("\(refusal)".hasPrefix(name), "\(refusal)")
        default:
            Issue.record("expected \(row.expect), got \(result)")
        }
    }

    /// The newer-data refusal carries what the message counts, and the damage when the vault's
    /// records could not be read.
    @Test func newerDataRefusalSaysWhat() throws {
        do {
            _ = try RestorePlanner.plan(
                source: "b", vaultPath: "v", backup: F.header(save: 5, payload: 1), vault: .readable(F.header(save: 8, payload: 2)),
                vaultEpoch: 1, options: .init(), records: { .init(vault: Self.more, backup: Self.older) })
            Issue.record("not refused")
        } catch RestoreRefusal.vaultHasNewerData(_, let comparison, let vaultSave, let backupSave, let unreadable) {
            #expect(comparison.onlyInVault == ["r2"] && comparison.changedInVault.isEmpty)
            #expect(vaultSave == 8 && backupSave == 5 && unreadable == nil)
        }
    }

    /// Records are read only when the plan compares them: never for a refusal decided before.
    @Test func recordsAreReadOnlyToCompare() throws {
        var reads = 0
        let records = { () -> RestorePlanner.Records in
            reads += 1
            return .init(vault: RecordInventory(), backup: RecordInventory())
        }
        for vault: VaultState in [.missing, .unreadable(.damaged(detail: "x")), .readable(F.header(vault: F.vaultB))] {
            _ = try? RestorePlanner.plan(
                source: "b", vaultPath: "v", backup: F.header(), vault: vault, vaultEpoch: 1, options: .init(withBackupKeys: true),
                records: records)
        }
        #expect(reads == 0)
        _ = try RestorePlanner.plan(
            source: "b", vaultPath: "v", backup: F.header(save: 2), vault: .readable(F.header()), vaultEpoch: 1, options: .init(),
            records: records)
        #expect(reads == 1)
    }

    @Test func aBackupWithProblemsNeedsForce() throws {
        #expect(throws: Never.self) { try RestorePlanner.checkBackup(source: "b", problems: [], options: .init()) }
        #expect(throws: Never.self) { try RestorePlanner.checkBackup(source: "b", problems: ["chunk 2"], options: .init(force: true)) }
        do {
            try RestorePlanner.checkBackup(source: "b", problems: ["chunk 2"], options: .init())
            Issue.record("not refused")
        } catch {
            guard case .backupHasProblems("b", ["chunk 2"]) = error else { return #expect(Bool(false), "\(error)") }
            #expect(error.exitStatus == .refused)
        }
        do {
            try RestorePlanner.checkSource("/tmp/same.hearth", vaultPath: "/tmp/same.hearth")
            Issue.record("not refused")
        } catch {
            #expect(error.exitStatus == .usage)
        }
    }

    /// What restore says first: before a rekey (the vault's epoch above the backup's), a newer
    /// backup in the same folder (by numbers; never the backup itself), or no vault to compare.
    @Test func notices() throws {
        let backup = F.header(epoch: 2, save: 5)
        func notice(_ vault: VaultState, epoch: UInt64? = 2, newest: BackupEntry? = nil) -> RestoreNotice {
            RestorePlanner.notice(source: "/drive/Hearth/b.hearth", backup: backup, vault: vault, vaultEpoch: epoch) {
                newest.map { .chosen($0, passedOver: []) }
            }
        }
        #expect(notice(.missing, epoch: nil).noVaultToCompare)
        let unreadable = notice(.unreadable(.damaged(detail: "x")), epoch: nil)
        #expect(!unreadable.noVaultToCompare && unreadable.beforeRekey == nil)
        #expect(notice(.readable(F.header(epoch: 2)), epoch: 2).beforeRekey == nil)
        let before = try #require(notice(.readable(F.header(epoch: 3)), epoch: 3).beforeRekey)
        #expect(before.backupEpoch == 2 && before.vaultEpoch == 3)
        #expect(notice(.readable(F.header(vault: F.vaultB, epoch: 3)), epoch: 3).beforeRekey == nil, "another vault's backup")
        let newer = F.entry("n.hearth", F.header(epoch: 2, save: 6), standing: .authenticated)
        #expect(notice(.readable(F.header(epoch: 2)), newest: newer).newerInFolder?.name == "n.hearth")
        let same = BackupEntry(
            path: "/drive/Hearth/b.hearth", name: "b.hearth", date: nil, size: 1, header: F.header(epoch: 2, save: 9), problem: nil,
            identity: nil, keyState: .current)
        #expect(notice(.readable(F.header(epoch: 2)), newest: same).newerInFolder == nil, "the backup itself")
        let lower = F.entry("l.hearth", F.header(epoch: 2, save: 4), standing: .authenticated)
        #expect(notice(.readable(F.header(epoch: 2)), newest: lower).newerInFolder == nil)
    }
}
