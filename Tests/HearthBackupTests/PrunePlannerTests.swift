import Foundation
@testable import HearthBackup
import HearthVault
import Testing

/// `hearth backup --keep N` as decided by `BackupPruner`, a row per case, in process: what is
/// removed, what is kept whatever --keep says and why, and when nothing is removed at all.
@Suite struct PrunePlannerTests {
    typealias F = PlannerFixtures

    static let day: TimeInterval = 86_400
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    /// The backup just made: save 10 at key epoch 2, payload 1.
    static let new = F.entry("new", F.header(epoch: 2, save: 10), standing: .authenticated, date: now)

    static func older(_ name: String, save: UInt64, daysAgo: Double = 1) -> BackupEntry {
        F.entry(name, F.header(epoch: 2, save: save, payload: UInt8(save)), standing: .authenticated, date: now - daysAgo * day)
    }

    struct Row: Sendable, CustomTestStringConvertible {
        let name: String
        let others: [BackupEntry]
        var keep = 1
        let removed: [String]
        var kept: [String: BackupPruner.KeepReason] = [:]
        var testDescription: String { name }
    }

    static let rows: [Row] = [
        Row(name: "keep 1: every older authenticated save goes",
            others: [older("a", save: 3, daysAgo: 3), older("b", save: 5, daysAgo: 2)], removed: ["b", "a"]),
        Row(name: "keep 2: the newest other stays",
            others: [older("a", save: 3, daysAgo: 3), older("b", save: 5, daysAgo: 2)], keep: 2, removed: ["a"]),
        Row(name: "keep 5 with two others: nothing goes",
            others: [older("a", save: 3), older("b", save: 5)], keep: 5, removed: []),
        Row(name: "an earlier copy of this very save goes",
            others: [F.entry("same", F.header(epoch: 2, save: 10), standing: .authenticated, date: now - day)], removed: ["same"]),
        Row(name: "the same save number with other contents stays",
            others: [F.entry("other", F.header(epoch: 2, save: 10, payload: 9), standing: .authenticated, date: now - day)],
            removed: [], kept: ["other": .otherSameSave]),
        Row(name: "from before a rekey (by its header): stays",
            others: [F.entry("old", F.header(epoch: 1, save: 2), standing: .olderEpoch, date: now - day)],
            removed: [], kept: ["old": .olderKeys]),
        Row(name: "a header that does not authenticate: stays",
            others: [F.entry("forged", F.header(epoch: 2, save: 1), standing: .doesNotAuthenticate, date: now - day)],
            removed: [], kept: ["forged": .doesNotAuthenticate]),
        Row(name: "not checked: stays",
            others: [F.entry("u", F.header(epoch: 2, save: 1), standing: .unchecked, date: now - day)],
            removed: [], kept: ["u": .unchecked]),
        Row(name: "dated after the new backup: stays",
            others: [F.entry("later", F.header(epoch: 2, save: 4), standing: .authenticated, date: now + day)],
            removed: [], kept: ["later": .datedLater]),
        Row(name: "an unreadable file is not this vault's backup: untouched",
            others: [F.entry("junk", nil, date: now - day)], removed: []),
    ]

    @Test(arguments: rows) func plans(_ row: Row) {
        let survey = BackupPruner.Survey(newBackup: Self.new, others: row.others)
        guard case .prune(let plan) = BackupPruner.decide(survey: survey, keep: row.keep, keyTrust: { .trusted }) else {
            return #expect(Bool(false), "no plan")
        }
        #expect(plan.remove.map(\.name) == row.removed)
        #expect(Dictionary(uniqueKeysWithValues: plan.protected.map { ($0.entry.name, $0.reason) }) == row.kept)
    }

    /// Nothing is removed while the drive holds a backup newer than the vault, said with how
    /// the newest was judged; the account's record of the keys is not even asked.
    @Test func newerOnDriveRemovesNothing() {
        let cases: [(BackupEntry, BackupPruner.NewerEvidence)] = [
            (F.entry("later", F.header(epoch: 2, save: 12), standing: .authenticated), .checkedWithVaultKey),
            (F.entry("rekeyed", F.header(epoch: 3, save: 1), standing: .newerEpoch), .laterKeyEpoch),
            (F.entry("forged", F.header(epoch: 2, save: 99), standing: .doesNotAuthenticate), .doesNotAuthenticate),
        ]
        for (entry, evidence) in cases {
            let survey = BackupPruner.Survey(newBackup: Self.new, others: [Self.older("a", save: 3), entry])
            for keep in [nil, 1] as [Int?] {
                let decision = BackupPruner.decide(survey: survey, keep: keep) {
                    Issue.record("asked")
                    return .trusted
                }
                guard case .newerOnDrive(let count, let newest, let vault, let how) = decision else {
                    Issue.record("\(entry.name): \(decision)")
                    continue
                }
                #expect(count == 1 && newest.name == entry.name && vault.generation == 10 && how == evidence)
            }
        }
    }

    /// --keep removes nothing unless this account trusts the vault's keys; without --keep, or
    /// without a survey, nothing is decided and nothing asked.
    @Test func keepNeedsTrustedKeys() {
        let survey = BackupPruner.Survey(newBackup: Self.new, others: [Self.older("a", save: 3)])
        let identity = KeyIdentity(epoch: 2, fingerprint: [UInt8](repeating: 1, count: 16))
        for trust: BackupPruner.KeyTrust in [.untrusted(identity), .noRecord, .checksOff] {
            guard case .keepNotApplied(let said) = BackupPruner.decide(survey: survey, keep: 1, keyTrust: { trust }) else {
                Issue.record("applied with \(trust)")
                continue
            }
            #expect(said == trust)
        }
        var asked = false
        let trustAsked = { () -> BackupPruner.KeyTrust in
            asked = true
            return .trusted
        }
        guard case .nothing = BackupPruner.decide(survey: survey, keep: nil, keyTrust: trustAsked) else { return #expect(Bool(false)) }
        guard case .nothing = BackupPruner.decide(survey: nil, keep: 1, keyTrust: trustAsked) else { return #expect(Bool(false)) }
        #expect(!asked)
    }
}
