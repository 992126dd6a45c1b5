import Foundation
@testable import HearthBackup
import HearthExitCodes
import HearthVault
import Testing

/// `MergePlanner`, a row per case, in process: how far the other copy is trusted (and so what
/// the merge writes from it), what is refused with which exit code.
@Suite struct MergePlannerTests {
    typealias F = PlannerFixtures

    struct Row: Sendable, CustomTestStringConvertible {
        let name: String
        let other: VaultHeader
        var authenticates = true
        /// What this account knows of OTHER's key (nil: no record).
        var trusted: Bool? = nil
        let expect: MergeTrust
        /// Whether the account's record had to be asked.
        var asks: Bool
        var testDescription: String { name }
    }

    static let key = KeyIdentity(epoch: 3, fingerprint: [UInt8](repeating: 7, count: 16))

    static let rows: [Row] = [
        Row(name: "the same keys: full", other: F.header(epoch: 2), expect: .full, asks: false),
        Row(name: "older keys: only adds", other: F.header(epoch: 1), expect: .onlyAdd(.olderKeys(other: 1, vault: 2)), asks: false),
        Row(name: "older keys, even when trusted: only adds", other: F.header(epoch: 1), trusted: true,
            expect: .onlyAdd(.olderKeys(other: 1, vault: 2)), asks: false),
        Row(name: "same number, other keys: only adds", other: F.header(epoch: 2), authenticates: false,
            expect: .onlyAdd(.sameNumberOtherKeys(epoch: 2)), asks: false),
        Row(name: "higher keys seen come about: full", other: F.header(epoch: 3), trusted: true, expect: .full, asks: true),
        Row(name: "higher keys, no record: full", other: F.header(epoch: 3), trusted: nil, expect: .full, asks: true),
        Row(name: "higher keys not seen come about: only adds", other: F.header(epoch: 3), trusted: false,
            expect: .onlyAdd(.unseenHigherKeys(key)), asks: true),
        Row(name: "another vault whose keys are trusted: full", other: F.header(vault: F.vaultB, epoch: 3), trusted: true,
            expect: .full, asks: true),
        Row(name: "another vault, no record: only adds", other: F.header(vault: F.vaultB, epoch: 3), trusted: nil,
            expect: .onlyAdd(.anotherVault), asks: true),
        Row(name: "another vault, keys not trusted: only adds", other: F.header(vault: F.vaultB, epoch: 1), trusted: false,
            expect: .onlyAdd(.anotherVault), asks: true),
    ]

    @Test(arguments: rows) func trust(_ row: Row) {
        var asked = 0
        let trust = MergePlanner.trust(
            other: row.other, vault: F.header(epoch: 2), vaultEpoch: 2, authenticates: row.authenticates, otherKey: Self.key
        ) {
            asked += 1
            return row.trusted
        }
        #expect(trust == row.expect)
        #expect(asked == (row.asks ? 1 : 0))
    }

    @Test func refusals() throws {
        let mine = F.header(), theirs = F.header(vault: F.vaultB)
        #expect(throws: Never.self) { try MergePlanner.check(other: "o", otherHeader: mine, vault: mine, importing: false) }
        #expect(throws: Never.self) { try MergePlanner.check(other: "o", otherHeader: theirs, vault: mine, importing: true) }
        #expect(throws: MergeRefusal.otherVault(other: "o")) {
            try MergePlanner.check(other: "o", otherHeader: theirs, vault: mine, importing: false)
        }
        #expect(throws: MergeRefusal.otherHasProblems(other: "o", problems: ["x"])) { try MergePlanner.checkWhole(other: "o", problems: ["x"]) }
        #expect(throws: MergeRefusal.intoItself(other: "/tmp/v.hearth")) {
            try MergePlanner.checkOther("/tmp/v.hearth", vaultPath: "/tmp/v.hearth")
        }
        #expect(throws: MergeRefusal.otherNotFound(other: "/nonexistent/o.hearth")) {
            try MergePlanner.readOtherHeader(at: "/nonexistent/o.hearth")
        }
        let statuses: [(MergeRefusal, HearthExitCodes.ExitStatus)] = [
            (.intoItself(other: "o"), .usage), (.otherNotFound(other: "o"), .notFound),
            (.otherVault(other: "o"), .refused), (.otherHasProblems(other: "o", problems: []), .refused),
        ]
        for (refusal, status) in statuses { #expect(refusal.exitStatus == status, "\(refusal)") }
    }

    /// What the merge writes: saved only when it changed something, and never in a dry run.
    @Test func saves() {
        var changed = MergeReport()
        changed.added = [MergeReport.Entry(kind: .journal, id: "a")]
        #expect(MergePlanner.saves(changed, dryRun: false))
        #expect(!MergePlanner.saves(changed, dryRun: true))
        #expect(!MergePlanner.saves(MergeReport(), dryRun: false))
    }
}
