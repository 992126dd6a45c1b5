import Foundation
import HearthTrust
import HearthVault
import Testing

/// The decision whether a save this computer made is missing from the vault now, and where it
/// is (`MissingSaves`), one row per case; and what the ledger keeps of this computer's saves.
@Suite struct MissingSavesTests {
    static func mark(_ n: UInt8, depth: UInt64) -> SaveMark { SaveMark(id: Array(repeating: n, count: 16), depth: depth) }
    static func own(_ n: UInt8, depth: UInt64, minute: Int = 0) -> OwnSave {
        OwnSave(mark(n, depth: depth), at: Date(timeIntervalSince1970: 1_796_551_800 + Double(minute) * 60))
    }
    /// A full history: depths 300 down to 45 (256 marks), ids 100...
    static let full: [SaveMark] = SaveMark.capped((1...300).map { SaveMark(id: [0xAA, 0xBB] + Array(repeating: UInt8($0 % 256), count: 13) + [UInt8($0 / 256)], depth: UInt64($0)) })

    struct Row: CustomTestStringConvertible, Sendable {
        let name: String
        let own: [OwnSave]
        let history: [SaveMark]
        let missing: [OwnSave]
        var testDescription: String { name }
    }

    static let rows: [Row] = [
        Row(name: "every save here", own: [own(1, depth: 1), own(2, depth: 2)], history: [mark(2, depth: 2), mark(1, depth: 1)], missing: []),
        Row(name: "the last save kept over by another computer's", own: [own(1, depth: 1), own(2, depth: 2)],
            history: [mark(9, depth: 2), mark(1, depth: 1)], missing: [own(2, depth: 2)]),
        Row(name: "kept over at a higher depth", own: [own(2, depth: 2)],
            history: [mark(9, depth: 5), mark(8, depth: 4), mark(7, depth: 3), mark(1, depth: 1)], missing: [own(2, depth: 2)]),
        Row(name: "two missing, oldest first", own: [own(1, depth: 1), own(2, depth: 2), own(3, depth: 3)],
            history: [mark(9, depth: 2), mark(1, depth: 1)], missing: [own(2, depth: 2), own(3, depth: 3)]),
        Row(name: "an older file without a history: nothing known", own: [own(1, depth: 1)], history: [], missing: []),
        Row(name: "nothing remembered here", own: [], history: [mark(1, depth: 1)], missing: []),
        Row(name: "merged back: the id is in the history again", own: [own(2, depth: 2)],
            history: [mark(5, depth: 3), mark(9, depth: 2), mark(2, depth: 2), mark(1, depth: 1)], missing: []),
        Row(name: "a full history that would have kept it", own: [own(1, depth: 200)], history: full, missing: [own(1, depth: 200)]),
        Row(name: "a full history it may have fallen out of", own: [own(1, depth: 10)], history: full, missing: []),
        Row(name: "a full history, at the shallowest depth, an id ordered after it", own: [own(0xFF, depth: 45)],
            history: full, missing: [own(0xFF, depth: 45)]),
        Row(name: "a full history, at the shallowest depth, an id ordered before it", own: [own(0x01, depth: 45)],
            history: full, missing: []),
        Row(name: "a ledger entry written by hand, not an id", own: [OwnSave(id: "not hex", depth: 1, at: "2026-12-06T10:10:00Z")],
            history: [mark(1, depth: 1)], missing: []),
    ]

    @Test(arguments: rows)
    func missing(_ row: Row) {
        #expect(MissingSaves.missing(row.own, history: row.history) == row.missing)
    }

    struct Place: CustomTestStringConvertible, Sendable {
        let name: String
        let copies: [(path: String, history: [SaveMark]?)]
        let foundIn: [String]
        let notFound: [UInt8]
        let unread: [String]
        var testDescription: String { name }
    }

    static let places: [Place] = [
        Place(name: "in the one conflict copy", copies: [("a", [mark(3, depth: 3), mark(2, depth: 2), mark(1, depth: 1)])],
              foundIn: ["a"], notFound: [], unread: []),
        Place(name: "in the second copy, the first holds another", copies: [("a", [mark(7, depth: 2)]), ("b", [mark(3, depth: 3), mark(2, depth: 2)])],
              foundIn: ["b"], notFound: [], unread: []),
        Place(name: "one in a copy, one nowhere", copies: [("a", [mark(2, depth: 2)])], foundIn: ["a"], notFound: [3], unread: []),
        Place(name: "split over two copies", copies: [("a", [mark(2, depth: 2)]), ("b", [mark(3, depth: 3)])],
              foundIn: ["a", "b"], notFound: [], unread: []),
        Place(name: "no copy at all: maybe lost", copies: [], foundIn: [], notFound: [2, 3], unread: []),
        Place(name: "one copy does not open", copies: [("a", nil), ("b", [mark(3, depth: 3)])], foundIn: ["b"], notFound: [2], unread: ["a"]),
    ]

    @Test(arguments: places)
    func locate(_ place: Place) {
        let missing = [Self.own(2, depth: 2), Self.own(3, depth: 3)]
        let report = MissingSaves.locate(missing, copies: place.copies)
        #expect(report.saves == missing)
        #expect(report.foundIn == place.foundIn)
        #expect(report.notFound == missing.filter { save in place.notFound.contains { save.mark?.id.first == $0 } })
        #expect(report.unreadCopies == place.unread)
        #expect(report.latest == Self.own(3, depth: 3))
    }

    @Test func nothingMissingIsAnEmptyReport() {
        let report = MissingSaves.locate([], copies: [("a", nil)])
        #expect(report.isEmpty && report.foundIn.isEmpty && report.unreadCopies.isEmpty)
    }

    /// The ledger keeps this computer's last saves per vault and path, oldest first, and keeps
    /// them when a later read records the path's newest save; an older ledger without them reads.
    @Test func theLedgerKeepsTheLastOwnSaves() throws {
        let store = MemoryTrustStore()
        let clock = Date(timeIntervalSince1970: 1_796_551_800)
        let context = TrustContext(store: store, now: { clock }, saveTime: { clock })
        let path = TrustContextTests.path
        let header = TrustContextTests.header()
        for n in 1...10 { context.didSave(path: path, header: header, mark: Self.mark(UInt8(n), depth: UInt64(n))) }
        let kept = context.ownSaves(path: path, vaultID: header.vaultID)
        #expect(kept.map(\.depth) == Array(3...10), "the last \(OwnSave.remembered), oldest first")
        #expect(kept.last?.mark == Self.mark(10, depth: 10) && kept.last?.at == "2026-12-06T10:10:00Z")
        #expect(context.ownSaves(path: "/elsewhere/vault.hearth", vaultID: header.vaultID).isEmpty, "per path")

        context.read(path: path, header: TrustContextTests.header(generation: 11), identity: TrustContextTests.identity(2, 9))
        #expect(context.ownSaves(path: path, vaultID: header.vaultID).count == OwnSave.remembered, "a newer save read keeps them")

        let encoded = try JSONEncoder().encode(store.load())
        #expect(String(decoding: encoded, as: UTF8.self).contains("\"own_saves\""))
        #expect(try JSONDecoder().decode(TrustRecord.self, from: encoded) == store.load())
        let older = #"{"version": 2, "vaults": {}, "paths": {"k": {"generation": 3, "slot_table": "ab", "seen": "2026-12-01"}}}"#
        #expect(try JSONDecoder().decode(TrustRecord.self, from: Data(older.utf8)).paths["k"]?.ownSaves == nil)

        context.forgetOwnSaves(path: path, vaultID: header.vaultID)
        #expect(context.ownSaves(path: path, vaultID: header.vaultID).isEmpty)
    }
}
