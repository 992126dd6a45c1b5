import HearthDraftOrigin
import HearthMessages
import Testing

/// What a draft refused by `DraftPlacement` says: where it belongs, in words a person can act
/// on (the vault's path, or its id when no path is known, or that another vault took its place),
/// and the one deliberate way to save it here; nothing at all when it is not refused.
struct DraftRefusalMessageTests {
    static let stick = DraftOrigin(vaultID: Array(0..<16), vaultPath: "/media/stick/vault.hearth")
    static let here: [UInt8] = Array(100..<116)

    static func said(_ origin: DraftOrigin, vaultPath: String = "/home/me/vault.hearth", editing: String? = nil, into: Bool = false) -> Message? {
        Message.draftRefused(
            DraftPlacement.decide(origin, vaultID: origin.recordID == nil ? here : Array(0..<16), editing: editing, intoThisVault: into),
            draft: "/dev/shm/hearth-draft-1/entry.md", command: "hearth journal add", singular: "journal entry",
            commandName: "journal", vaultPath: vaultPath)
    }

    @Test func anotherVaultIsNamedByItsPathAndTheWayToSaveItHereIsGiven() throws {
        let message = try #require(Self.said(Self.stick))
        #expect(message.text == """
            This draft was written for another vault: the one at /media/stick/vault.hearth when it was written. Nothing was changed, and the draft stays where it is.
            To save it there, point --vault or HEARTH_VAULT at that vault and run the same command again.
            To save it into this vault instead: `hearth journal add --draft /dev/shm/hearth-draft-1/entry.md --into-this-vault`
            """)
        #expect(message.detail?.contains(Self.stick.vaultID) == true)
    }

    @Test func anotherVaultWithoutAPathOrInThePathsPlaceIsNamedSo() throws {
        let noPath = DraftOrigin(vaultID: Array(0..<16), vaultPath: nil)
        #expect(try #require(Self.said(noPath)).text.contains("another vault: the one with id 00010203…. Nothing was changed"))
        let replaced = try #require(Self.said(Self.stick, vaultPath: "/media/stick/vault.hearth"))
        #expect(replaced.text.contains("the one that was at /media/stick/vault.hearth when it was written; another vault is there now."))
    }

    @Test func anotherRecordNamesTheDraftsRecordAndNothingIsSaidWhenItIsNotRefused() throws {
        let edit = DraftOrigin(vaultID: Array(0..<16), vaultPath: nil, recordID: "r-1")
        #expect(try #require(Self.said(edit, editing: "r-2")).text == """
            This draft changes another journal entry (id r-1), not r-2. Nothing was changed.
            `hearth journal edit r-1 --draft /dev/shm/hearth-draft-1/entry.md` saves it into the journal entry it was written for.
            """)
        #expect(Self.said(edit, editing: "r-1") == nil)
        #expect(Self.said(Self.stick, into: true) == nil)
    }
}
