import Foundation
@testable import HearthBackup
import HearthExitCodes
import HearthVault
import Testing

/// Which backup `hearth restore FOLDER` takes, a row per case, in process: by (key epoch, save)
/// among those the vault's key can place, never by name; and what is refused with which code.
@Suite struct BackupChoiceTableTests {
    typealias F = PlannerFixtures

    struct Row: Sendable, CustomTestStringConvertible {
        let name: String
        let entries: [BackupEntry]
        var vault: VaultHeader? = F.header(epoch: 2, save: 10)
        var checked = true
        /// The name taken, or the exit code of the refusal.
        let taken: String?
        var passedOver: [String] = []
        var refusal: HearthExitCodes.ExitStatus? = nil
        var testDescription: String { name }
    }

    static let rows: [Row] = [
        Row(name: "the highest authenticated save",
            entries: [F.entry("a", F.header(epoch: 2, save: 3), standing: .authenticated),
                      F.entry("b", F.header(epoch: 2, save: 8), standing: .authenticated),
                      F.entry("c", F.header(epoch: 1, save: 20), standing: .olderEpoch)],
            taken: "b"),
        Row(name: "a lower epoch may be placed (it can only claim less)",
            entries: [F.entry("old", F.header(epoch: 1, save: 20), standing: .olderEpoch)], taken: "old"),
        Row(name: "a higher epoch the key cannot check is passed over and named",
            entries: [F.entry("a", F.header(epoch: 2, save: 3), standing: .authenticated),
                      F.entry("hi", F.header(epoch: 9, save: 1), standing: .newerEpoch)],
            taken: "a", passedOver: ["hi"]),
        Row(name: "a header that does not authenticate is passed over, even with a higher save",
            entries: [F.entry("a", F.header(epoch: 2, save: 3), standing: .authenticated),
                      F.entry("forged", F.header(epoch: 2, save: 99), standing: .doesNotAuthenticate)],
            taken: "a", passedOver: ["forged"]),
        Row(name: "an unplaceable file claiming less than the one taken is not named",
            entries: [F.entry("a", F.header(epoch: 2, save: 30), standing: .authenticated),
                      F.entry("forged", F.header(epoch: 2, save: 5), standing: .doesNotAuthenticate)],
            taken: "a"),
        Row(name: "another vault's backups and unreadable files are not this vault's",
            entries: [F.entry("theirs", F.header(vault: F.vaultB, epoch: 5, save: 50)), F.entry("junk", nil),
                      F.entry("mine", F.header(epoch: 2, save: 1), standing: .authenticated)],
            taken: "mine"),
        Row(name: "nothing placeable: 66, naming what claims more",
            entries: [F.entry("hi", F.header(epoch: 9, save: 1), standing: .newerEpoch)],
            taken: nil, passedOver: ["hi"], refusal: .notFound),
        Row(name: "an empty folder: 66",
            entries: [], taken: nil, refusal: .notFound),
        Row(name: "no vault here, one vault's backups: the highest claim (opened and checked later)",
            entries: [F.entry("a", F.header(epoch: 1, save: 3)), F.entry("b", F.header(epoch: 2, save: 1))],
            vault: nil, checked: false, taken: "b"),
        Row(name: "no vault here, backups of two vaults: 64",
            entries: [F.entry("a", F.header(epoch: 1, save: 3)), F.entry("b", F.header(vault: F.vaultB))],
            vault: nil, checked: false, taken: nil, refusal: .usage),
    ]

    @Test(arguments: rows) func takes(_ row: Row) {
        let outcome = BackupChoice.newest(among: row.entries.sorted(by: BackupEntry.isOlder), vault: row.vault, checked: row.checked)
        do {
            let (entry, passedOver) = try BackupChoice.take(outcome, folder: "/drive/Hearth", source: "/drive")
            #expect(entry.name == row.taken)
            #expect(passedOver.map(\.name) == row.passedOver)
            #expect(row.refusal == nil)
        } catch {
            #expect(error.exitStatus == row.refusal, "\(error)")
            #expect(row.taken == nil)
            if case .noPlaceableBackup(_, let passedOver) = error { #expect(passedOver.map(\.name) == row.passedOver) }
        }
    }

    /// On a fresh machine: one backup that opened is taken; none is 77 when some did not open
    /// with the secret given (it may be the wrong one, asked again), 65 when every one is damaged
    /// or failed its check; backups of several vaults opening with it is 64.
    @Test func freshMachineRefusals() throws {
        let a = F.entry("a", F.header()), b = F.entry("b", F.header(vault: F.vaultB))
        func taken(_ candidates: [BackupEntry], _ passed: [FreshMachineChoice.Reason]) -> Result<String, RestoreRefusal> {
            let outcome = FreshMachineChoice.Outcome(
                candidates: candidates, passedOver: passed.map { FreshMachineChoice.PassedOver(entry: b, reason: $0) })
            return Result { () throws(RestoreRefusal) in try outcome.taken(folder: "f", source: "s").name }
        }
        #expect((try? taken([a], [.doesNotOpen]).get()) == "a")
        let cases: [([BackupEntry], [FreshMachineChoice.Reason], HearthExitCodes.ExitStatus)] = [
            ([], [.doesNotOpen], .wrongSecret),
            ([], [.damaged("header"), .doesNotOpen], .wrongSecret),
            ([], [.damaged("header")], .invalidData),
            ([], [.problems(["chunk 1"]), .notTried], .invalidData),
            ([], [.failed(VaultError.io(operation: "read", errno: 5))], .invalidData),
            ([], [], .invalidData),
            ([a, b], [], .usage),
        ]
        for (candidates, passed, status) in cases {
            guard case .failure(let refusal) = taken(candidates, passed) else {
                Issue.record("not refused: \(passed)")
                continue
            }
            #expect(refusal.exitStatus == status, "\(passed)")
        }
    }
}
