import HearthDraftOrigin
import HearthExitCodes
import Testing

/// Which vault a kept draft may be saved into: a row per case of `DraftPlacement.decide`.
@Suite struct DraftPlacementTests {
    static let here: [UInt8] = Array(0..<16)
    static let there: [UInt8] = Array(100..<116)

    static func origin(_ vault: [UInt8], record: String? = nil) -> DraftOrigin {
        DraftOrigin(vaultID: vault, vaultPath: "/media/stick/vault.hearth", recordID: record)
    }

    struct Row: Sendable, CustomTestStringConvertible {
        let name: String
        let origin: DraftOrigin?
        let editing: String?
        let intoThisVault: Bool
        let expected: DraftPlacement
        var testDescription: String { name }
    }

    @Test(arguments: [
        Row(name: "this vault", origin: origin(here), editing: nil, intoThisVault: false, expected: .belongsHere),
        Row(name: "an older draft names no vault", origin: nil, editing: nil, intoThisVault: false, expected: .unmarked),
        Row(name: "an older edit draft names no vault", origin: nil, editing: "r-2", intoThisVault: false, expected: .unmarked),
        Row(name: "another vault", origin: origin(there), editing: nil, intoThisVault: false, expected: .anotherVault(origin(there))),
        Row(name: "another vault, saved here on purpose", origin: origin(there), editing: nil, intoThisVault: true,
            expected: .intoThisVault(origin(there))),
        Row(name: "the record it edits", origin: origin(here, record: "r-1"), editing: "r-1", intoThisVault: false, expected: .belongsHere),
        Row(name: "another record", origin: origin(here, record: "r-1"), editing: "r-2", intoThisVault: false,
            expected: .anotherRecord(origin(here, record: "r-1"), named: "r-2")),
        Row(name: "another record: --into-this-vault does not lift it", origin: origin(here, record: "r-1"), editing: "r-2",
            intoThisVault: true, expected: .anotherRecord(origin(here, record: "r-1"), named: "r-2")),
        Row(name: "a draft of new records given to an edit", origin: origin(here), editing: "r-2", intoThisVault: false,
            expected: .belongsHere),
    ])
    func decides(_ row: Row) {
        let placement = DraftPlacement.decide(row.origin, vaultID: Self.here, editing: row.editing, intoThisVault: row.intoThisVault)
        #expect(placement == row.expected)
        let refused: Bool = switch row.expected {
        case .anotherVault, .anotherRecord: true
        default: false
        }
        #expect(placement.refusal == (refused ? .usage : nil))
    }

    @Test func theVaultIDIsWrittenAsHexAndReadBackCaseInsensitively() throws {
        let origin = Self.origin(Self.there)
        #expect(origin.vaultID == "6465666768696a6b6c6d6e6f70717273" && origin.shortVaultID == "64656667")
        let back = try #require(DraftOrigin(vaultID: origin.vaultID.uppercased(), vaultPath: origin.vaultPath, recordID: nil))
        #expect(back == origin)
        #expect(DraftPlacement.decide(back, vaultID: Self.there) == .belongsHere)
    }

    @Test(arguments: ["", "0123", String(repeating: "g", count: 32), String(repeating: "0", count: 33), "vault id of my stick 0123456789"])
    func whatIsNotAVaultIDIsNotAnOrigin(_ text: String) {
        #expect(DraftOrigin(vaultID: text, vaultPath: nil, recordID: nil) == nil)
    }

    @Test func aRecordIDThatIsNotOneAndAPathWithControlCharactersAreNotTaken() {
        let id = String(repeating: "a", count: 32)
        #expect(DraftOrigin(vaultID: id, vaultPath: nil, recordID: "Sam's entry") == nil)
        #expect(DraftOrigin(vaultID: id, vaultPath: nil, recordID: "6f1c0d1e-2b3a-4c5d-8e9f-0a1b2c3d4e5f") != nil)
        #expect(DraftOrigin(vaultID: id, vaultPath: "/tmp/a\nb", recordID: nil)?.vaultPath == nil)
    }
}
