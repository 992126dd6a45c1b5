import HearthTrust
import HearthVault
import Testing

/// Which copies hold keys this account saw replaced (`TrustPolicy.holdsReplacedKeys`): a merge
/// only adds from them and the check for missing saves does not take their history as proof;
/// and when a full history cannot tell about this computer's saves (`MissingSaves.cannotTell`).
@Suite struct ReplacedKeysTests {
    typealias P = TrustPolicyTests
    static let copyPlace = TrustPlace(path: "/home/a/vault.sync-conflict.hearth", realPath: "/home/a/vault.sync-conflict.hearth")

    struct Row: CustomTestStringConvertible, Sendable {
        let name: String
        let file: VaultFileState
        let seen: TrustRecord
        var place = ReplacedKeysTests.copyPlace
        let replaced: Bool
        var testDescription: String { name }
    }

    static let rows: [Row] = [
        Row(name: "a copy from before a passphrase change (same epoch and key, retired T)",
            file: P.file2(P.trusted, keyTable: "K0"), seen: P.seen(retiredKeys: ["K0"], format: 2), replaced: true),
        Row(name: "the vault's current table", file: P.file2(P.trusted, keyTable: "K1"),
            seen: P.seen(retiredKeys: ["K0"], format: 2, keyTable: "K1"), replaced: false),
        Row(name: "a table never seen (a newer passphrase elsewhere)", file: P.file2(P.trusted, keyTable: "K9"),
            seen: P.seen(retiredKeys: ["K0"], format: 2), replaced: false),
        Row(name: "a retired table still the newest at the copy's own place (passwd --vault COPY)",
            file: P.file2(P.trusted, keyTable: "K0"), seen: P.seen(retiredKeys: ["K0"], format: 2, keyTable: "K0"),
            place: P.here, replaced: false),
        Row(name: "format 1 once the vault was seen in format 2", file: P.file(P.trusted, table: "T1"),
            seen: P.seen(format: 2), replaced: true),
        Row(name: "format 1, retired slot table", file: P.file(P.trusted, table: "T0"), seen: P.seen(retired: ["T0"]), replaced: true),
        Row(name: "format 1, the vault never seen in format 2", file: P.file(P.trusted, table: "T1"), seen: P.seen(format: 1),
            replaced: false),
        Row(name: "a vault this account knows nothing of", file: P.file2(P.trusted, keyTable: "K0"), seen: P.seen(nil), replaced: false),
    ]

    @Test(arguments: rows) func replacedKeys(_ row: Row) {
        #expect(TrustPolicy.holdsReplacedKeys(row.file, at: row.place, seen: row.seen) == row.replaced)
    }

    /// A full history of another computer's (or another vault's) deep marks, none of this
    /// computer's: `missing` names nothing, and `cannotTell` says so apart.
    @Test func aFullHistoryWithoutYourSavesCannotTell() {
        let full = MissingSavesTests.full
        let fallen = [MissingSavesTests.own(1, depth: 10), MissingSavesTests.own(2, depth: 11)]
        #expect(MissingSaves.missing(fallen, history: full).isEmpty)
        #expect(MissingSaves.cannotTell(fallen, history: full))
        let held = full[100]
        let oneHeld = fallen + [OwnSave(held, day: "1970-01-01")]
        #expect(!MissingSaves.cannotTell(oneHeld, history: full), "one of yours is there: the history knows this computer")
        #expect(!MissingSaves.cannotTell(fallen, history: Array(full.prefix(200))), "not full: nothing fell out, missing decides")
        #expect(!MissingSaves.cannotTell([], history: full))
        #expect(!MissingSaves.cannotTell([MissingSavesTests.own(3, depth: 400)], history: full), "said missing instead")
    }
}
